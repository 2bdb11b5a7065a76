import type { Rule } from '../rule';
import { datasetInfo } from '../types';

/** A save-only dataset used as an input, or a load-only dataset used as an output. */
export const unsupportedOperation: Rule = {
  code: 'KL032',
  name: 'dataset-operation-unsupported',
  defaultSeverity: 'error',
  summary: 'A save-only dataset (MatplotlibDataset, plotly.HTMLDataset) read by a node, or a load-only dataset (SQLQueryDataset) written.',
  docs: {
    why: `Some dataset classes implement only one direction: writers such as \`matplotlib.MatplotlibDataset\`,
\`plotly.HTMLDataset\` and \`holoviews.HoloviewsWriter\` cannot be loaded; query datasets such as \`pandas.SQLQueryDataset\`
and \`huggingface.HFDataset\` cannot be saved. Using one the other way fails with a DatasetError when the node runs.`,
    bad: { lang: 'python', file: 'pipeline.py', code: 'Node(describe_plot, "price_by_shuttle_type_plot", "report")  # a MatplotlibDataset' },
    good: { lang: 'python', file: 'pipeline.py', code: 'Node(describe_prices, "model_input_table", "report")' },
  },
  check(model, report) {
    for (const u of model.uses) {
      if (u.node.partial) continue;
      const ds = datasetInfo(model, u.name);
      if (!ds) continue;
      if (u.role === 'input' && !ds.info.load) report(u.ref.loc, `'${u.name}' is a ${ds.info.short}, which can only be saved; no node can load it.`);
      if (u.role === 'output' && !ds.info.save) report(u.ref.loc, `'${u.name}' is a ${ds.info.short}, which can only be loaded; no node can save it.`);
    }
  },
};
