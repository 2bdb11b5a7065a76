import { nodeRule } from '../rule';
import { datasetInfo } from '../types';

/** A save-only dataset used as an input, or a load-only dataset used as an output. */
export const unsupportedOperation = nodeRule({
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
  check(model, node, report) {
    if (node.partial) return;
    for (const ref of node.inputs) {
      const ds = datasetInfo(model, ref.name);
      if (ds && !ds.info.load) report(ref.loc, `'${ref.name}' is a ${ds.info.short}, which can only be saved; no node can load it.`);
    }
    for (const ref of node.outputs) {
      const ds = datasetInfo(model, ref.name);
      if (ds && !ds.info.save) report(ref.loc, `'${ref.name}' is a ${ds.info.short}, which can only be loaded; no node can save it.`);
    }
  },
});
