import type { Span } from '../../core/types';
import type { Rule } from '../rule';
import { loadedCatalogEntries } from '../catalog';

const placeholders = (s: string): string[] => [...s.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1] as string);

/** Dataset factory patterns: a `{placeholder}` used in the body but not in the key, or more than one catch-all. */
export const datasetFactory: Rule = {
  code: 'KL106',
  name: 'dataset-factory',
  defaultSeverity: 'error',
  summary: "A dataset factory whose body uses a '{placeholder}' its key lacks, or a second catch-all pattern.",
  docs: {
    why: `A catalog key containing \`{...}\` is a pattern; every \`{field}\` used in its values must appear in the key
("Keys used in the configuration {'{layer}'} should present in the dataset pattern name"). A pattern without any literal
character (\`"{name}"\`, \`"{a}{b}"\`) is a catch-all, and Kedro allows only one ("Multiple catch-all patterns found").
Both fail when the catalog is created.`,
    bad: { lang: 'yaml', file: 'conf/base/catalog.yml', code: '"{name}_csv":\n  type: pandas.CSVDataset\n  filepath: data/{layer}/{name}.csv' },
    good: { lang: 'yaml', file: 'conf/base/catalog.yml', code: '"{layer}.{name}_csv":\n  type: pandas.CSVDataset\n  filepath: data/{layer}/{name}.csv' },
  },
  check(model, report) {
    const catchAlls: { uri: string; span: Span; name: string }[] = [];
    for (const e of loadedCatalogEntries(model)) {
      if (!e.fact.isPattern) continue;
      const keyFields = new Set(placeholders(e.fact.name));
      if (e.fact.name.replace(/\{[^{}]*\}/g, '') === '') catchAlls.push({ uri: e.uri, span: e.fact.keySpan, name: e.fact.name });
      const missing = new Set<string>();
      for (const v of e.fact.scalars.values()) for (const p of placeholders(v)) if (!keyFields.has(p) && !v.includes('${')) missing.add(p);
      if (missing.size) {
        report({ uri: e.uri, span: e.fact.keySpan }, `Pattern '${e.fact.name}' uses ${[...missing].map((m) => `'{${m}}'`).join(', ')} in its configuration but not in its name.`);
      }
    }
    // Across base and env, a later env's catch-all replaces the same key; distinct keys are distinct patterns.
    const distinct = [...new Map(catchAlls.map((c) => [c.name, c])).values()];
    if (distinct.length > 1) {
      for (const c of distinct.slice(1)) {
        report({ uri: c.uri, span: c.span }, `Only one catch-all pattern is allowed; '${distinct[0]?.name}' is already one.`, {
          related: [{ loc: { uri: distinct[0]?.uri ?? c.uri, span: distinct[0]?.span ?? c.span }, message: 'first catch-all pattern' }],
        });
      }
    }
  },
};
