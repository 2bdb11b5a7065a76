import { nodeRule } from '../rule';
import { datasetLayer, layerRank } from '../../project/layers';
import { nodeLoc } from '../pipelines';

/** A node that reads from a later data layer and writes to an earlier one (e.g. 05_model_input → 02_intermediate). */
export const layerOrder = nodeRule({
  code: 'KL112',
  name: 'data-layer-order',
  defaultSeverity: 'hint',
  summary: 'A node that reads a later data layer and writes an earlier one.',
  docs: {
    why: `Kedro's data engineering convention orders layers \`01_raw\` → \`02_intermediate\` → \`03_primary\` → \`04_feature\`
→ \`05_model_input\` → \`06_models\` → \`07_model_output\` → \`08_reporting\`. Data flowing backwards usually means a
dataset is filed in the wrong layer. Layers come from \`metadata: kedro-viz: layer\` or the \`data/0N_…\` folder of the
filepath. A hint only: Kedro does not enforce it.`,
    bad: { lang: 'yaml', file: 'conf/base/catalog.yml', code: 'features:\n  type: pandas.CSVDataset\n  filepath: data/05_model_input/features.csv\nclean:   # written from features\n  type: pandas.CSVDataset\n  filepath: data/02_intermediate/clean.csv' },
    good: { lang: 'yaml', file: 'conf/base/catalog.yml', code: 'clean:\n  type: pandas.CSVDataset\n  filepath: data/05_model_input/clean.csv' },
  },
  check(model, n, report) {
    if (n.partial) return;
    const ins = n.inputs.map((r) => ({ r, layer: datasetLayer(model, r.name) })).filter((x) => x.layer && layerRank(x.layer) !== undefined);
    const outs = n.outputs.map((r) => ({ r, layer: datasetLayer(model, r.name) })).filter((x) => x.layer && layerRank(x.layer) !== undefined);
    if (!ins.length || !outs.length) return;
    const latestIn = ins.reduce((a, b) => ((layerRank(b.layer as string) as number) > (layerRank(a.layer as string) as number) ? b : a));
    for (const o of outs) {
      if ((layerRank(o.layer as string) as number) >= (layerRank(latestIn.layer as string) as number)) continue;
      report(o.r.loc, `Node '${n.name}' reads '${latestIn.r.name}' (${latestIn.layer}) but writes '${o.r.name}' to an earlier layer (${o.layer}).`, {
        related: [{ loc: nodeLoc(n), message: n.name }],
      });
    }
  },
});
