import type { Rule } from '../rule';
import { entryType, isEntryUsed, loadedCatalogEntries, usedDatasetNames, type LoadedEntry } from '../catalog';

/** A catalog `type:` that is not a Kedro or kedro-datasets class (typo, old `DataSet` spelling). */
export const unknownDatasetType: Rule = {
  code: 'KL101',
  name: 'unknown-dataset-type',
  defaultSeverity: 'error',
  summary: "A catalog 'type' that names no Kedro or kedro-datasets class (a typo, or the pre-2.0 'DataSet' spelling).",
  docs: {
    why: `Kedro resolves \`type\` as \`kedro.io.<T>\`, then \`kedro_datasets.<T>\`, then \`<T>\`. A misspelt class fails with
"Class 'pandas.CSVDatset' not found, is this a typo?" — at startup in 0.19, and in 1.x when a run first uses the
dataset (a warning is reported for entries no registered pipeline uses). Which names exist depends on the releases the
project uses (docs/kedro-versions.md): \`*DataSet\` is the only spelling in Kedro 0.18 (\`kedro.extras\`, \`kedro.io\`) and
kedro-datasets up to 1.7.0, both spellings exist in kedro-datasets 1.7.1–1.8.x, only \`*Dataset\` from 2.0; classes come
and go (\`matplotlib.MatplotlibWriter\` until 8.x, \`tracking.*\` until 6.x). A name is reported only when no release the
project may use has it. Custom classes given by full dotted path are not checked unless they claim a kedro-datasets
group. Entries that get \`type\` through a YAML merge key (\`<<: *base\`) share one report, at the anchor's \`type\`. A
\`type: \${...}\` is read as the project's loader fills it; the plain \`ConfigLoader\` of Kedro 0.17/0.18 fills nothing, and
Kedro then looks up the text itself ("Class '\${_t}' not found or one of its dependencies has not been installed").`,
    bad: { lang: 'yaml', file: 'conf/base/catalog.yml', code: 'companies:\n  type: pandas.CSVDataSet\n  filepath: data/01_raw/companies.csv' },
    good: { lang: 'yaml', file: 'conf/base/catalog.yml', code: 'companies:\n  type: pandas.CSVDataset\n  filepath: data/01_raw/companies.csv' },
  },
  check(model, report) {
    const used = usedDatasetNames(model);
    // Entries sharing a `type` through `<<: *anchor` share its span: one report there, an error when any is used.
    const byPlace = new Map<string, { e: LoadedEntry; used: boolean }>();
    for (const e of loadedCatalogEntries(model)) {
      if (!e.fact.type) continue;
      const s = e.fact.type.span;
      const key = `${e.uri}:${s.start.line}:${s.start.character}:${s.end.line}:${s.end.character}`;
      const isUsed = isEntryUsed(model, used, e);
      const seen = byPlace.get(key);
      if (!seen) byPlace.set(key, { e, used: isUsed });
      else if (isUsed && !seen.used) byPlace.set(key, { e, used: true });
    }
    for (const { e, used: isUsed } of byPlace.values()) {
      const t = entryType(model, e);
      if (!t || t.resolution.kind !== 'unknown' || !e.fact.type) continue;
      const { suggestions, reason } = t.resolution;
      const hint = suggestions.length ? ` Did you mean '${suggestions.join("' or '")}'?` : '';
      const releases = `${model.versions.text}, from ${model.versions.kedroSource}`;
      const message =
        reason === 'dataset-spelling'
          ? `Dataset type '${t.value}' does not exist in the releases this project uses (${releases}): ${/DataSet$/.test(t.value) ? "since kedro-datasets 2.0 classes are spelt 'Dataset'" : "before kedro-datasets 1.7.1 classes are spelt 'DataSet'"}.${hint}`
          : reason === 'version'
            ? `Dataset type '${t.value}' does not exist in the releases this project uses (${releases}); it exists in ${t.resolution.availableIn}.${hint}`
            : t.value.includes('${')
              ? // Only ConfigLoader leaves a `${...}` in a known type (Kedro 0.18.14: "Class '${_t}' not found ...").
                `Dataset type '${t.value}' is not a class: ConfigLoader fills no '\${...}', so Kedro looks up the text as written.`
              : `Dataset type '${t.value}' is not a Kedro or kedro-datasets class.${hint}`;
      report({ uri: e.uri, span: e.fact.type.span }, message, {
        severity: isUsed ? 'error' : 'warning',
        data: { type: t.value, suggestions },
      });
    }
  },
};
