import type { Rule } from '../rule';
import { maximalPipelines, nodeKey, nodeLoc, once, prechecksOf } from '../pipelines';
import { nodeIdentity } from '../../project/pipelines/kedroSemantics';
import type { ResolvedNode } from '../../project/pipelines/types';

/** Two different nodes with the same full name in one pipeline. */
export const duplicateNodeName: Rule = {
  code: 'KL012',
  name: 'duplicate-node-name',
  defaultSeverity: 'error',
  summary: 'Two different nodes of one registered pipeline have the same full name.',
  docs: {
    why: `Node names identify nodes for \`--nodes\`, \`--from-nodes\`, hooks and the run log, so Kedro requires them to be
unique: "Pipeline nodes must have unique names. The following node names appear more than once: ['clean']". Reusing a
node in two namespaces is fine: each copy gets the namespace prefix.`,
    bad: { lang: 'python', file: 'pipeline.py', code: 'Pipeline([Node(a, "x", "y", name="clean"), Node(b, "y", "z", name="clean")])' },
    good: { lang: 'python', file: 'pipeline.py', code: 'Pipeline([Node(a, "x", "y", name="clean_x"), Node(b, "y", "z", name="clean_y")])' },
  },
  check(model, report) {
    if (!prechecksOf(model).duplicateNames) return;
    const emit = once<void>();
    for (const p of maximalPipelines(model)) {
      const first = new Map<string, ResolvedNode>();
      for (const n of p.pipeline.nodes) {
        if (n.nameUncertain || n.conditional) continue;
        const prev = first.get(n.name);
        if (!prev) first.set(n.name, n);
        else if (nodeIdentity(prev) !== nodeIdentity(n) || nodeKey(prev) !== nodeKey(n)) {
          emit(nodeKey(n), () =>
            report(nodeLoc(n), `Node name '${n.name}' is used by another node of pipeline '${p.name}'; node names must be unique.`, {
              related: [{ loc: nodeLoc(prev), message: `other node named '${n.name}'` }],
            }),
          );
        }
      }
    }
  },
};
