import type { Rule } from '../rule';
import { alwaysAtLeast } from '../../project/versions';
import { entryType, isEntryUsed, loadedCatalogEntries, usedDatasetNames } from '../catalog';

/** A known dataset class without a required constructor argument, or with one it rejects (e.g. `filepath` on PartitionedDataset). */
export const datasetArguments: Rule = {
  code: 'KL102',
  name: 'dataset-arguments',
  defaultSeverity: 'error',
  summary: 'A catalog entry that lacks a required argument of its dataset class, or passes one the class rejects.',
  docs: {
    why: `Every key of an entry except \`type\` and \`versioned\` is passed to the dataset class's constructor. A missing
required argument (\`filepath\` for file datasets, \`path\` and \`dataset\` for \`PartitionedDataset\`, \`plotly_args\` for
\`PlotlyDataset\`) or an argument the class does not take fails with "... must only contain arguments valid for the
constructor of ...". A top-level \`layer:\` (0.18 style) belongs under \`metadata: {kedro-viz: {layer: ...}}\` since 0.19 (reported for
projects on 0.19 or later only).
On a factory pattern no dataset of the registered pipelines (or a \`catalog.load\` call) matches yet, the problem is latent:
a warning.`,
    bad: { lang: 'yaml', file: 'conf/base/catalog.yml', code: 'images:\n  type: partitions.PartitionedDataset\n  filepath: data/01_raw/images\n  dataset: pillow.ImageDataset' },
    good: { lang: 'yaml', file: 'conf/base/catalog.yml', code: 'images:\n  type: partitions.PartitionedDataset\n  path: data/01_raw/images\n  dataset: pillow.ImageDataset' },
  },
  check(model, report) {
    const used = new Set([...usedDatasetNames(model), ...model.catalogCalls.map((c) => c.call.name.value)]);
    for (const e of loadedCatalogEntries(model)) {
      const t = entryType(model, e);
      if (!t || t.resolution.kind !== 'known' || !e.fact.type) continue;
      const info = t.resolution.info;
      // A pattern nothing matches builds no dataset yet: latent.
      const latent = e.fact.isPattern && !isEntryUsed(model, used, e) ? { severity: 'warning' as const } : {};
      for (const alternatives of info.required) {
        if (alternatives.some((a) => e.fact.args.has(a))) continue;
        const what = alternatives.length > 1 ? `one of '${alternatives.join("', '")}'` : `'${alternatives[0]}'`;
        report({ uri: e.uri, span: e.fact.keySpan }, `Dataset '${e.fact.name}' of type '${info.short}' needs ${what}.`, {
          data: { name: e.fact.name, missing: alternatives },
          ...latent,
        });
      }
      for (const bad of info.rejects ?? []) {
        const arg = e.fact.args.get(bad);
        if (!arg) continue;
        const instead = info.required.find((r) => !r.includes(bad) && !e.fact.args.has(r[0] as string))?.[0];
        report({ uri: e.uri, span: arg.keySpan }, `'${info.short}' does not take '${bad}'${instead ? `; use '${instead}'` : ''}.`, latent);
      }
      const layer = e.fact.args.get('layer');
      // Kedro handled a top-level layer itself until 0.19.0.
      if (layer && alwaysAtLeast(model.versions.kedro, '0.19.0')) report({ uri: e.uri, span: layer.keySpan }, "A top-level 'layer' is passed to the dataset constructor since Kedro 0.19; move it under 'metadata: {kedro-viz: {layer: ...}}'.", latent);
    }
  },
};
