import type { Span } from '../../core/types';
import type { Rule } from '../rule';
import { loadedCatalogEntries } from '../catalog';
import { alwaysAtLeast, alwaysBelow } from '../../project/versions';

// Kedro 0.19+ checks a pattern's values up front with re.findall(r"\{.*?\}"), so an escaped `{{x}}` counts as `{{x}`,
// which no key has; 0.18 (0.18.12–0.18.14) only fills values in with str.format_map, where `{{`/`}}` are braces.
const foundBy019 = (s: string): string[] => [...s.matchAll(/\{.*?\}/g)].map((m) => m[0]);
function formatFields(s: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.length; i++) {
    if ((s[i] === '{' || s[i] === '}') && s[i + 1] === s[i]) i++;
    else if (s[i] === '{') {
      const end = s.indexOf('}', i);
      if (end < 0) break;
      out.push(`{${s.slice(i + 1, end).split(/[!:.[]/)[0]}}`);
      i = end;
    }
  }
  return out;
}

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
Both fail when the catalog is created. An escaped \`{{x}}\` is a literal \`{x}\` on Kedro 0.18, which fills values in with
\`str.format_map\`; from 0.19 the up-front check reads it as a placeholder \`{{x}\` no key can have, so it fails there.`,
    bad: { lang: 'yaml', file: 'conf/base/catalog.yml', code: '"{name}_csv":\n  type: pandas.CSVDataset\n  filepath: data/{layer}/{name}.csv' },
    good: { lang: 'yaml', file: 'conf/base/catalog.yml', code: '"{layer}.{name}_csv":\n  type: pandas.CSVDataset\n  filepath: data/{layer}/{name}.csv' },
  },
  check(model, report) {
    const catchAlls: { uri: string; span: Span; name: string }[] = [];
    const newer = !alwaysBelow(model.versions.kedro, '0.19.0');
    const older = !alwaysAtLeast(model.versions.kedro, '0.19.0');
    for (const e of loadedCatalogEntries(model)) {
      if (!e.fact.isPattern) continue;
      if (e.fact.name.replace(/\{[^{}]*\}/g, '') === '') catchAlls.push({ uri: e.uri, span: e.fact.keySpan, name: e.fact.name });
      // What is missing in every release the project may use: by each release line's reading where the range spans both.
      const readings = [...(newer ? [foundBy019] : []), ...(older ? [formatFields] : [])];
      const missing = new Set<string>();
      for (const v of e.fact.scalars.values()) {
        if (v.includes('${')) continue;
        for (const p of readings[0]?.(v) ?? []) if (readings.every((read) => read(v).includes(p) && !read(e.fact.name).includes(p))) missing.add(p);
      }
      if (missing.size) {
        report({ uri: e.uri, span: e.fact.keySpan }, `Pattern '${e.fact.name}' uses ${[...missing].map((m) => `'${m}'`).join(', ')} in its configuration but not in its name.`);
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
