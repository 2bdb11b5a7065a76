import type { Rule } from '../rule';
import { maximalPipelines, nodeKey, once, prechecksOf } from '../pipelines';
import { baseName } from '../../project/model';
import { nodeIdentity } from '../../project/pipelines/kedroSemantics';
import type { DatasetRef, ResolvedNode } from '../../project/pipelines/types';

/** Two different nodes of one pipeline write the same dataset (transcoding stripped). */
export const duplicateOutput: Rule = {
  code: 'KL010',
  name: 'duplicate-output',
  defaultSeverity: 'error',
  summary: 'Two nodes of one registered pipeline write the same dataset.',
  docs: {
    why: `Kedro requires every output to be written by exactly one node of a pipeline, comparing names without the
transcoding suffix: "Output(s) ['model_input_table'] are returned by more than one nodes. Node outputs must be unique."
It fails when the pipeline is built — also when two pipelines are only combined in the registry (\`__default__\`).`,
    bad: { lang: 'python', file: 'pipeline.py', code: 'Pipeline([Node(a, "x", "table"), Node(b, "y", "table@pandas")])' },
    good: { lang: 'python', file: 'pipeline.py', code: 'Pipeline([Node(a, "x", "table_a"), Node(b, "y", "table_b")])' },
  },
  check(model, report) {
    if (!prechecksOf(model).duplicateOutputs) return;
    const emit = once<void>();
    for (const p of maximalPipelines(model)) {
      const first = new Map<string, { node: ResolvedNode; ref: DatasetRef }>();
      for (const node of p.pipeline.nodes) {
        if (node.partial || node.conditional) continue;
        for (const ref of node.outputs) {
          const key = baseName(ref.name);
          const prev = first.get(key);
          if (!prev) first.set(key, { node, ref });
          else if (nodeIdentity(prev.node) !== nodeIdentity(node)) {
            emit(`${nodeKey(node)}|${key}`, () =>
              report(ref.loc, `Dataset '${key}' is already written by node '${prev.node.name}'; node outputs must be unique.`, {
                related: [{ loc: prev.ref.loc, message: `written by '${prev.node.name}'` }],
              }),
            );
          }
        }
      }
    }
  },
};
