import { nodeRule } from '../rule';

/** A node that writes `params:...` or `parameters`. */
export const parameterOutput = nodeRule({
  code: 'KL014',
  name: 'parameter-as-output',
  defaultSeverity: 'warning',
  summary: "A node output named 'params:...' or 'parameters'.",
  docs: {
    why: `Parameters are pre-loaded in-memory catalog entries. A node writing \`params:x\` silently overwrites the value for
every later node instead of saving anything, which is almost never intended.`,
    bad: { lang: 'python', file: 'pipeline.py', code: 'Node(tune, "model", "params:learning_rate")' },
    good: { lang: 'python', file: 'pipeline.py', code: 'Node(tune, "model", "tuned_learning_rate")' },
  },
  check(_model, node, report) {
    for (const ref of node.outputs) {
      if (ref.name === 'parameters' || ref.name.startsWith('params:')) {
        report(ref.loc, `Node '${node.name}' writes '${ref.name}', which overwrites a parameter in memory instead of saving a dataset.`);
      }
    }
  },
});
