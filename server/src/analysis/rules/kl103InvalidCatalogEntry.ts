import type { Rule } from '../rule';
import { loadedCatalogEntries } from '../catalog';

/** A catalog entry that is not a mapping, has no `type`, or whose name has more than one `@`. */
export const invalidCatalogEntry: Rule = {
  code: 'KL103',
  name: 'invalid-catalog-entry',
  defaultSeverity: 'error',
  summary: "A catalog entry that is not a mapping, lacks 'type', or has more than one '@' in its name.",
  docs: {
    why: `When Kedro builds the catalog every entry must be a mapping with a \`type\` ("Catalog entry 'x' is not a valid
dataset configuration" / "'type' is missing from dataset catalog configuration"); values meant for interpolation
belong under a key starting with \`_\`, which Kedro drops. A name may carry one transcoding suffix (\`orders@spark\`);
\`a@b@c\` fails with "Expected maximum 1 transcoding separator".`,
    bad: { lang: 'yaml', file: 'conf/base/catalog.yml', code: 'base_path: data/01_raw\ncompanies:\n  filepath: data/01_raw/companies.csv' },
    good: { lang: 'yaml', file: 'conf/base/catalog.yml', code: '_base_path: data/01_raw\ncompanies:\n  type: pandas.CSVDataset\n  filepath: ${_base_path}/companies.csv' },
  },
  check(model, report) {
    for (const e of loadedCatalogEntries(model)) {
      const loc = { uri: e.uri, span: e.fact.keySpan };
      if (!e.fact.isMapping) {
        report(loc, `Catalog entry '${e.fact.name}' is not a dataset configuration; prefix the key with '_' if it is only used for interpolation.`);
      } else if (!e.fact.args.has('type')) {
        report(loc, `Catalog entry '${e.fact.name}' has no 'type'.`);
      }
      if ((e.fact.name.match(/@/g) ?? []).length > 1) report(loc, `Dataset name '${e.fact.name}' has more than one '@' transcoding separator.`);
    }
  },
};
