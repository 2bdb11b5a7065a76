import { memoPer } from '../core/memo';
import type { ClassFact, ClassFieldFact, ParamFact } from '../parsing/python/facts';
import type { NodeView } from '../project/model';
import type { ResolvedNode } from '../project/pipelines/types';
import { resolveSymbol, type ModuleInfo } from '../project/pythonIndex';

export type ParamModelKind = 'pydantic' | 'dataclass' | 'typeddict';

/** A project class used to annotate a `params:` argument: Kedro 1.3+ instantiates pydantic models and dataclasses. */
export interface ParamModel {
  readonly kind: ParamModelKind;
  readonly module: ModuleInfo;
  readonly cls: ClassFact;
}

export function classKind(cls: ClassFact): ParamModelKind | undefined {
  if (cls.bases.some((b) => /(^|\.)BaseModel$/.test(b))) return 'pydantic';
  if (cls.bases.some((b) => /(^|\.)TypedDict$/.test(b))) return 'typeddict';
  if (cls.decorators.some((d) => /^(dataclasses\.)?dataclass(\(|$)/.test(d) || /^(pydantic\.)?dataclasses\.dataclass/.test(d))) return 'dataclass';
  return undefined;
}

/**
 * Whether a mapping must hold the field. A TypedDict key is required unless the class says `total=False` or the
 * annotation `NotRequired[...]` (`Required[...]` wins over `total=False`); TypedDict fields have no defaults.
 */
export function isRequiredField(pm: ParamModel, field: ClassFieldFact): boolean {
  if (pm.kind !== 'typeddict') return !field.hasDefault;
  const marker = /^(?:\w+\.)*(NotRequired|Required)\s*\[/.exec(field.annotation ?? '')?.[1];
  return marker ? marker === 'Required' : !pm.cls.totalFalse;
}

// Per model: the class an annotation names may live in another file that changed since.
const resolved = memoPer((model: NodeView, [node, param]: [ResolvedNode, ParamFact]) => findParamModel(model, node, param), ([, param]) => param);

export function paramModelOf(model: NodeView, node: ResolvedNode, param: ParamFact | undefined): ParamModel | undefined {
  return param ? resolved(model, [node, param]) : undefined;
}

function findParamModel(model: NodeView, node: ResolvedNode, param: ParamFact | undefined): ParamModel | undefined {
  const target = node.func?.target;
  const ann = param?.annotation?.trim().replace(/^["']|["']$/g, '');
  if (!target || !ann || !/^[\w.]+$/.test(ann)) return undefined;
  const [head, ...rest] = ann.split('.');
  let sym = resolveSymbol(model.python, target.module, head as string);
  for (const part of rest) sym = sym?.kind === 'module' ? resolveSymbol(model.python, sym.module, part) : undefined;
  if (sym?.kind !== 'class') return undefined;
  const kind = classKind(sym.cls);
  return kind ? { kind, module: sym.module, cls: sym.cls } : undefined;
}
