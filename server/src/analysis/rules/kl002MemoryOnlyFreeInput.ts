import type { Rule } from '../rule';
import { closedPipelines, once } from '../pipelines';
import { baseName, isParamName, matchingPattern } from '../../project/model';

/** A registered pipeline reads a dataset that only another pipeline produces in memory: running it alone fails. */
export const memoryOnlyFreeInput: Rule = {
  code: 'KL002',
  name: 'memory-only-free-input',
  defaultSeverity: 'warning',
  summary: 'A registered pipeline reads a dataset that only another pipeline produces, in memory: running it alone fails.',
  docs: {
    why: `Free inputs of the pipeline being run must come from the catalog. An intermediate that is not in the catalog
lives in memory only while the pipeline that produces it runs, so \`kedro run --pipelines=data_science\` fails with
"Pipeline input(s) {'model_input_table'} not found" although \`kedro run\` (the \`__default__\` sum) works. Persist the
dataset in the catalog to make the pipeline runnable on its own.`,
    bad: { lang: 'yaml', file: 'conf/base/catalog.yml', code: '# model_input_table (produced by data_processing, read by data_science) is missing' },
    good: { lang: 'yaml', file: 'conf/base/catalog.yml', code: 'model_input_table:\n  type: pandas.CSVDataset\n  filepath: data/03_primary/model_input_table.csv' },
  },
  check(model, report) {
    const emit = once<void>();
    for (const p of closedPipelines(model)) {
      const produced = new Set(p.pipeline.nodes.flatMap((n) => n.outputs.map((o) => baseName(o.name))));
      for (const n of p.pipeline.nodes) {
        if (n.partial) continue;
        for (const ref of n.inputs) {
          if (isParamName(ref.name) || produced.has(baseName(ref.name))) continue;
          if (model.catalog.has(ref.name) || matchingPattern(model, ref.name) || !model.producers.has(baseName(ref.name))) continue;
          emit(`${p.name}|${ref.loc.uri}:${ref.loc.span.start.line}:${ref.loc.span.start.character}`, () =>
            report(ref.loc, `'${ref.name}' is a free input of pipeline '${p.name}' but exists only in memory while another pipeline runs; \`kedro run --pipelines=${p.name}\` fails unless it is in the catalog.`, {
              data: { name: ref.name, pipeline: p.name },
            }),
          );
        }
      }
    }
  },
};
