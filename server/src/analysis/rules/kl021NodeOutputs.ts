import { nodeRule } from '../rule';
import type { Expr } from '../../parsing/python/ir';
import { nodeLoc } from '../pipelines';
import { splitTopLevel } from '../../project/types/pythonTypes';
import { alwaysAtLeast } from '../../project/versions';

/** List/dict outputs that provably do not match what the function returns; `outputs=None` on a function that returns. */
export const nodeOutputs = nodeRule({
  code: 'KL021',
  name: 'node-outputs-mismatch',
  defaultSeverity: 'error',
  summary: "A node's outputs that provably do not match what its function returns.",
  docs: {
    why: `With list outputs the function must return a sequence of exactly that length; with dict outputs a dict with
exactly those keys. Otherwise the node fails after running: "The node function returned 3 output(s), whereas the node
definition contains 2 output(s)". Only provable cases are reported: every \`return\` is a tuple literal of another length,
the return annotation is \`tuple[...]\` of another length, or a single non-sequence type (\`-> pd.DataFrame\`) for several
outputs. Python does not enforce annotations: when every \`return\` is a tuple literal of exactly the node's output count,
the node runs and a disagreeing annotation is only a hint, as it is when every \`return\` is a list comprehension (a list
whose length only the run knows) under a single-value annotation. \`outputs=None\` on a function that always returns a value is a
warning when every release of the project's range is Kedro 1.3+ (which warns and drops the value; earlier releases drop it
silently).`,
    bad: { lang: 'python', file: 'pipeline.py', code: 'def split(df) -> tuple[pd.DataFrame, pd.DataFrame]: ...\n\nNode(split, "data", ["train", "test", "validation"])' },
    good: { lang: 'python', file: 'pipeline.py', code: 'def split(df) -> tuple[pd.DataFrame, pd.DataFrame]: ...\n\nNode(split, "data", ["train", "test"])' },
  },
  check(model, node, report) {
    const target = node.func?.target;
    const fn = target?.fn;
    if (!fn || node.partial || fn.decorators.length || fn.isGenerator) return;
    const at = node.outputs.length ? { uri: node.outputs[0]?.loc.uri ?? node.uri, span: { start: node.outputs[0]?.loc.span.start ?? node.callLoc.span.start, end: node.outputs[node.outputs.length - 1]?.loc.span.end ?? node.callLoc.span.end } } : nodeLoc(node);
    const fnLoc = { loc: { uri: target.module.uri, span: fn.nameSpan }, message: `def ${fn.name}` };
    const returns = fn.returnExprs;
    if (node.outputsForm === 'list') {
      const k = node.outputs.length;
      const lengths = returns.map(tupleLength);
      if (returns.length && lengths.every((l) => l !== undefined && l !== k)) {
        report(at, `'${fn.name}' returns ${describe(lengths as number[])}, but the node lists ${k} output${k === 1 ? '' : 's'}.`, { related: [fnLoc] });
        return;
      }
      // The returns decide at run time: when they all fit, a disagreeing annotation is only wrong documentation.
      const returnsFit = returns.length > 0 && lengths.every((l) => l === k);
      const extra = returnsFit ? { related: [fnLoc], severity: 'hint' as const } : { related: [fnLoc] };
      const but = returnsFit ? `, but every return gives the ${k} values the node lists; the annotation is what is wrong.` : `, but the node lists ${k} output${k === 1 ? '' : 's'}.`;
      const ann = annotationArity(fn.returns);
      if (ann !== undefined && ann.kind === 'tuple' && ann.length !== k) {
        report(at, `'${fn.name}' is annotated to return ${ann.length} value${ann.length === 1 ? '' : 's'} (${fn.returns})${but}`, extra);
      } else if (ann?.kind === 'single' && k >= 2) {
        // A list built by a comprehension is never that single value: its length is known only at run time.
        if (!returnsFit && returns.length > 0 && returns.every(isListComprehension)) {
          report(at, `'${fn.name}' is annotated to return a single ${fn.returns}, but every return builds a list (a comprehension); the annotation is what is wrong.`, { related: [fnLoc], severity: 'hint' });
          return;
        }
        report(at, `'${fn.name}' is annotated to return a single ${fn.returns}${but}`, extra);
      }
    } else if (node.outputsForm === 'dict') {
      const keySets = returns.map(dictKeys);
      const want = [...(node.outputKeys ?? [])].sort().join(',');
      if (returns.length && keySets.every((s) => s !== undefined && s.join(',') !== want)) {
        const got = keySets[0] as string[];
        report(at, `'${fn.name}' returns a dict with keys {${got.join(', ')}}, but the node's outputs have keys {${[...(node.outputKeys ?? [])].sort().join(', ')}}.`, { related: [fnLoc] });
      }
    } else if (node.outputsForm === 'none' && alwaysAtLeast(model.versions.kedro, '1.3') && returns.length && returns.every((r) => r !== undefined && r.type !== 'none')) {
      // Before 1.3 Kedro drops the value without a word: nothing fails, nothing to report.
      report(nodeLoc(node), `'${fn.name}' returns a value but the node has outputs=None; Kedro warns and discards it.`, { severity: 'warning', related: [fnLoc] });
    }
  },
});

const isListComprehension = (e: Expr | undefined): boolean => e?.type === 'comp' && e.kind === 'list';

const tupleLength = (e: Expr | undefined): number | undefined => (e && (e.type === 'tuple' || e.type === 'list') ? e.items.length : undefined);

const dictKeys = (e: Expr | undefined): string[] | undefined =>
  e?.type === 'dict' && e.entries.every((x) => x.key.type === 'str') ? e.entries.map((x) => (x.key as { value: string }).value).sort() : undefined;

function describe(lengths: readonly number[]): string {
  const distinct = [...new Set(lengths)].sort();
  return `${distinct.join(' or ')} value${distinct.length === 1 && distinct[0] === 1 ? '' : 's'}`;
}

const SEQUENCE_HEADS = new Set(['tuple', 'Tuple', 'list', 'List', 'Sequence', 'Iterable', 'Collection', 'Any', 'object', 'typing.Any', 'typing.Tuple', 'typing.List', 'typing.Sequence', 'np.ndarray', 'numpy.ndarray', 'None', 'Optional', 'Union']);

/** What a return annotation says about arity: tuple[A, B] → 2; a plain class → single; anything else unknown. */
export function annotationArity(ann: string | undefined): { kind: 'tuple'; length: number } | { kind: 'single' } | undefined {
  if (!ann) return undefined;
  const a = ann.trim();
  // `-> (A, B)`: a tuple expression Python accepts as an annotation; its author means a pair, not one `(A, B)` value.
  if (a.startsWith('(') && a.endsWith(')')) {
    const parts = splitTopLevel(a.slice(1, -1)).filter((x) => x.trim() !== '');
    if (parts.length === 1 && !a.slice(1, -1).trim().endsWith(',')) return annotationArity(parts[0]);
    return parts.length ? { kind: 'tuple', length: parts.length } : undefined;
  }
  const m = /^(?:typing\.)?(tuple|Tuple)\[(.*)\]$/s.exec(a);
  if (m) {
    const args = splitTopLevel(m[2] as string);
    if (args.some((x) => x.trim() === '...') || args.length === 0 || (args.length === 1 && args[0]?.trim() === '()')) return undefined;
    return { kind: 'tuple', length: args.length };
  }
  if (a.includes('|') || a.includes('[') || a.includes("'") || a.includes('"')) return undefined;
  const head = a.split('[')[0] as string;
  if (SEQUENCE_HEADS.has(head) || /^[A-Z]$/.test(head)) return undefined; // TypeVars
  return { kind: 'single' };
}
