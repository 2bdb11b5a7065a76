import type { Rule } from '../rule';
import { entryType, loadedCatalogEntries } from '../catalog';

/** `versioned: true` on a dataset class that does not support versioning. */
export const versionedUnsupported: Rule = {
  code: 'KL105',
  name: 'versioned-unsupported',
  defaultSeverity: 'error',
  summary: "'versioned: true' on a dataset class that is not versioned.",
  docs: {
    why: `Only classes deriving from \`AbstractVersionedDataset\` accept versioning. On others Kedro passes a \`version=\`
argument and construction fails with "... must only contain arguments valid for the constructor of ...".`,
    bad: { lang: 'yaml', file: 'conf/base/catalog.yml', code: 'sales:\n  type: pandas.SQLTableDataset\n  table_name: sales\n  credentials: warehouse\n  versioned: true' },
    good: { lang: 'yaml', file: 'conf/base/catalog.yml', code: 'sales:\n  type: pandas.SQLTableDataset\n  table_name: sales\n  credentials: warehouse' },
  },
  check(model, report) {
    for (const e of loadedCatalogEntries(model)) {
      if (!e.fact.versioned) continue;
      const t = entryType(model, e);
      if (t?.resolution.kind !== 'known' || t.resolution.info.versioned) continue;
      const arg = e.fact.args.get('versioned');
      report({ uri: e.uri, span: arg?.keySpan ?? e.fact.keySpan }, `'${t.resolution.info.short}' does not support versioning; remove 'versioned: true'.`);
    }
  },
};
