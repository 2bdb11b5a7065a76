import type { Rule } from '../rule';
import { isGlobPath } from '../../project/globFiles';
import { localInputFiles } from '../../project/inputFiles';

/** A free input whose local `filepath` does not exist on disk. */
export const missingInputFile: Rule = {
  code: 'KL111',
  name: 'input-file-missing',
  defaultSeverity: 'warning',
  summary: "A pipeline input read from a local 'filepath' that does not exist.",
  docs: {
    why: `A dataset that no node produces is loaded from its file; when the file is missing the first node that needs it
fails with "Failed while loading data from dataset ... No such file or directory". Relative paths are relative to the
project root (Kedro rewrites them). Only Kedro and kedro-datasets file datasets are checked, by the argument they read
(\`filepath\`, \`path\` for PartitionedDataset): project dataset classes may read anything. Remote paths (\`s3://\`),
absolute paths outside the project (\`/dbfs/...\`, \`/Volumes/...\`: another machine's), factory placeholders and
files another entry that a node writes points at are not checked (nor any, while some node's outputs are not known
statically: it may write them), nor paths whose \`\${...}\` is not known here
(resolvers, \`oc.env\`, runtime parameters, a key no file defines); references to catalog keys
(OmegaConfigLoader) and TemplatedConfigLoader's globals (\`globals_pattern\` files, a literal \`globals_dict\`) are filled
in first; the ConfigLoader of Kedro 0.17 and 0.18 fills nothing, so there the path is checked as written (it is the path
Kedro opens), and where the project's Kedro range or settings leave the loader open such a path is not checked; versioned datasets are checked for
their version folder. A path with glob characters (\`*\`, \`?\`, \`[ab]\`, \`**\`: Spark and others read every match) is
reported when no file in the project matches it; not when telling would list more than 64 folders, or a matched
folder cannot be listed. Data files are never read, only looked up.`,
    bad: { lang: 'yaml', file: 'conf/base/catalog.yml', code: 'companies:\n  type: pandas.CSVDataset\n  filepath: data/01_raw/companies.csv   # not downloaded yet' },
    good: { lang: 'yaml', file: 'conf/base/catalog.yml', code: 'companies:\n  type: pandas.CSVDataset\n  filepath: data/01_raw/companies.csv   # present' },
  },
  check(model, report) {
    // A node whose outputs are not all known may write the file first (as KL001 stays quiet for a name no node writes).
    if (model.unknownProducers) return;
    for (const c of localInputFiles(model)) {
      if (model.fileExists.get(c.uri) !== false) continue;
      const what = isGlobPath(c.path) ? 'a pattern that no file in the project matches' : 'which does not exist in the project';
      // Only ConfigLoader leaves a `${...}` in a checked path.
      const literal = c.path.includes('${') ? " (ConfigLoader fills no '${...}': Kedro opens the path as written)" : '';
      report(c.loc, `'${c.name}' is read from '${c.path}', ${what}${literal}.`, { data: { name: c.name, path: c.path } });
    }
  },
};
