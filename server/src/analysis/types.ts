import { memoOn, memoPer } from '../core/memo';
import type { FunctionFact, ParamFact, PyModuleFacts } from '../parsing/python/facts';
import type { DatasetTypeInfo } from '../project/datasetTypes';
import { matchingPattern, type NodeView } from '../project/model';
import type { ResolvedNode } from '../project/pipelines/types';
import { parseAnnotation, tupleItems, type PyType } from '../project/types/pythonTypes';
import { entryType, type LoadedEntry } from './catalog';

/** Maps the first segment of an annotation through the module's imports (`pd` → `pandas`). */
export function qualifier(facts: PyModuleFacts): (name: string) => string | undefined {
  return (name) => {
    const imp = facts.imports.findLast((i) => i.local === name);
    if (!imp) return undefined;
    return imp.name === undefined ? imp.module : `${imp.module}.${imp.name}`;
  };
}

/** The function parameter that receives `node.inputs[i]` (positional for list/str inputs, by key for dict inputs). */
export function parameterFor(fn: FunctionFact, node: ResolvedNode, i: number): ParamFact | undefined {
  if (node.inputsForm === 'dict') {
    const key = node.inputKeys?.[i];
    return fn.params.find((p) => p.name === key && p.kind !== 'positional-only') ?? fn.params.find((p) => p.kind === 'var-keyword');
  }
  const positional = fn.params.filter((p) => p.kind === 'positional-only' || p.kind === 'positional');
  return positional[i] ?? fn.params.find((p) => p.kind === 'var-positional');
}

/** Return annotation of the node function, split per output when there are several. */
export function returnTypesPerOutput(node: ResolvedNode): (PyType | undefined)[] | undefined {
  // Keyed by the function fact, which survives re-evaluations of the registry while its file is unchanged.
  const fn = node.func?.target?.fn;
  if (!fn) return undefined;
  return parsedReturns(fn, node);
}

function computeReturnTypes(node: ResolvedNode): (PyType | undefined)[] | undefined {
  const target = node.func?.target;
  if (!target?.fn.returns || target.fn.decorators.length || target.fn.isGenerator) return undefined;
  const t = annotationIn(target.module.facts, target.fn.returns);
  if (node.outputsForm === 'str') return [t];
  if (node.outputsForm === 'list') {
    const items = tupleItems(t);
    return items && items.length === node.outputs.length ? [...items] : undefined;
  }
  return undefined;
}

// Facts are immutable and cached per file version, so parsed annotations can hang off them (per function fact and
// output shape for returns).
const parsedReturns = memoPer((_fn: object, node: ResolvedNode) => computeReturnTypes(node), (node) => `${node.outputsForm}:${node.outputs.length}`);
const parsedParams = memoOn((p: ParamFact, facts: PyModuleFacts): PyType => annotationIn(facts, p.annotation ?? ''));

// One parse per annotation text of a module (its functions repeat a few: `pd.DataFrame`, `float`): the same text
// means the same type there, as the qualifier reads only the module's imports. Types are never mutated, so shared.
const moduleAnnotation = memoPer((facts: PyModuleFacts, text: string): PyType => parseAnnotation(text, qualifier(facts)));

function annotationIn(facts: PyModuleFacts, text: string): PyType {
  return moduleAnnotation(facts, text) as PyType;
}

/** The parameter's annotation, normalised through the defining module's imports (`*args: T` annotates each element). */
export function annotationOf(node: ResolvedNode, p: ParamFact | undefined): PyType | undefined {
  const target = node.func?.target;
  if (!p?.annotation || !target || target.fn.decorators.length) return undefined;
  return parsedParams(p, target.module.facts);
}

/** The dataset class behind a name: explicit entry first, then the best factory pattern. */
type DatasetInfo = { info: DatasetTypeInfo; entry: LoadedEntry };
// Several rules ask for the same dataset on every pass; the answer only changes with the model.
export const datasetInfo = memoPer(computeDatasetInfo);

function computeDatasetInfo(model: NodeView, name: string): DatasetInfo | undefined {
  const explicit = model.catalog.get(name);
  const e = explicit ?? matchingPattern(model, name);
  if (!e) return undefined;
  const loaded: LoadedEntry = { fact: e.fact, uri: e.uri, env: e.env };
  const t = entryType(model, loaded);
  return t?.resolution.kind === 'known' ? { info: t.resolution.info, entry: loaded } : undefined;
}
