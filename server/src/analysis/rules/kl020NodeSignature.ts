import { nodeRule } from '../rule';
import type { FunctionFact } from '../../parsing/python/facts';
import type { ResolvedNode } from '../../project/pipelines/types';
import { nodeLoc } from '../pipelines';

/** The node's inputs cannot be bound to its function's parameters (count, dict keys, required keyword-only). */
export const nodeSignature = nodeRule({
  code: 'KL020',
  name: 'node-inputs-signature',
  defaultSeverity: 'error',
  summary: "A node's inputs that cannot be bound to its function's parameters.",
  docs: {
    why: `When \`node()\` is called, Kedro binds placeholder inputs to the function signature — list and string inputs
positionally, dict inputs by keyword — and fails at import of the pipeline module: "Inputs of 'split_data' function
expected ['data', 'parameters'], but got ['model_input_table']". Defaults make parameters optional, \`*args\`/\`**kwargs\`
absorb extras, positional-only parameters cannot be dict keys, and required keyword-only parameters cannot be filled by a
list. Decorated functions are not checked (Kedro checks the wrapper's signature). The finding points at the dict key or
the first positional input that does not bind; a missing argument marks all the inputs.`,
    bad: { lang: 'python', file: 'pipeline.py', code: 'def split_data(data, parameters): ...\n\nNode(split_data, ["model_input_table"], ["X", "y"])' },
    good: { lang: 'python', file: 'pipeline.py', code: 'def split_data(data, parameters): ...\n\nNode(split_data, ["model_input_table", "params:model_options"], ["X", "y"])' },
  },
  check(model, node, report) {
    const fn = node.func?.target?.fn;
    if (!fn || node.partial || node.inputsForm === 'unknown' || fn.decorators.length) return;
    const found = bindingProblemAt(fn, node);
    if (!found) return;
    const { problem, key, input } = found;
    const expected = fn.params.filter((p) => p.kind !== 'var-positional' && p.kind !== 'var-keyword').map((p) => p.name);
    const got = node.inputsForm === 'dict' ? `{${(node.inputKeys ?? []).map((k, i) => `'${k}': '${node.inputs[i]?.written}'`).join(', ')}}` : `[${node.inputs.map((r) => `'${r.written}'`).join(', ')}]`;
    // The offending token when there is one: the dict key (else its value), or the first input too many.
    const keyAt = key === undefined ? undefined : node.inputKeys?.indexOf(key);
    const token = keyAt !== undefined && keyAt >= 0 ? (node.inputKeyLocs?.[keyAt] ?? node.inputs[keyAt]?.loc) : input !== undefined ? node.inputs[input]?.loc : undefined;
    report(token ?? (node.inputsForm === 'none' ? nodeLoc(node) : inputsLoc(node)), `Inputs of '${fn.name}' expected [${expected.join(', ')}], but got ${got}: ${problem}.`, {
      related: [{ loc: { uri: node.func?.target?.module.uri ?? node.uri, span: fn.nameSpan }, message: `def ${fn.name}(${fn.params.map((p) => p.name).join(', ')})` }],
    });
  },
});

const inputsLoc = (n: ResolvedNode) => {
  const first = n.inputs[0]?.loc;
  const last = n.inputs[n.inputs.length - 1]?.loc;
  return first && last && first.uri === last.uri ? { uri: first.uri, span: { start: first.span.start, end: last.span.end } } : (first ?? n.callLoc);
};

/** The problem, and the dict key or the input index it is about (when one token is to blame). */
function bindingProblemAt(fn: FunctionFact, node: ResolvedNode): { problem: string; key?: string; input?: number } | undefined {
  const params = fn.params;
  const positional = params.filter((p) => p.kind === 'positional-only' || p.kind === 'positional');
  const varPos = params.some((p) => p.kind === 'var-positional');
  const varKw = params.some((p) => p.kind === 'var-keyword');
  const requiredKwOnly = params.filter((p) => p.kind === 'keyword-only' && !p.hasDefault);
  if (node.inputsForm === 'dict') {
    const keys = node.inputKeys ?? [];
    for (const key of keys) {
      const p = params.find((x) => x.name === key);
      if (p?.kind === 'positional-only') return { problem: `'${key}' is positional-only and cannot be passed by name`, key };
      if ((!p || p.kind === 'var-positional' || p.kind === 'var-keyword') && !varKw) return { problem: `'${key}' is not a parameter of ${fn.name}()`, key };
    }
    const missing = params.filter((p) => (p.kind === 'positional-only' || p.kind === 'positional' || p.kind === 'keyword-only') && !p.hasDefault && (p.kind === 'positional-only' || !keys.includes(p.name)));
    return missing.length ? { problem: `missing ${missing.map((p) => `'${p.name}'`).join(', ')}` } : undefined;
  }
  const n = node.inputsForm === 'none' ? 0 : node.inputs.length;
  if (n > positional.length && !varPos) return { problem: `${n} inputs for ${positional.length} positional parameter${positional.length === 1 ? '' : 's'}`, input: positional.length };
  const missing = positional.slice(n).filter((p) => !p.hasDefault);
  if (missing.length) return { problem: `missing ${missing.map((p) => `'${p.name}'`).join(', ')}` };
  if (requiredKwOnly.length) return { problem: `keyword-only ${requiredKwOnly.map((p) => `'${p.name}'`).join(', ')} cannot be filled by ${node.inputsForm === 'none' ? 'no inputs' : 'positional inputs'}; use dict inputs` };
  return undefined;
}
