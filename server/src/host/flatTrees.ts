/** Whether this process's parser may read trees flat (parsing/python/flatTree.ts); KEDRO_LENS_FLAT_TREE=0 turns it off. */
export const flatTreesWanted = (): boolean => process.env['KEDRO_LENS_FLAT_TREE'] !== '0';
