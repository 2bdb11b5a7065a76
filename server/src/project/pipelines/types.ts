import type { Loc } from '../../core/types';
import type { FunctionFact } from '../../parsing/python/facts';
import type { ModuleInfo } from '../pythonIndex';
import type { AppliedWrap } from './wrapSites';

/** A dataset (or `params:`) name used by a node, after namespacing. */
export interface DatasetRef {
  /** Final name, as the catalog and runners see it. */
  readonly name: string;
  /** As written in the node() call, before pipeline wrappers renamed it. */
  readonly written: string;
  /** Where the user typed it. */
  readonly loc: Loc;
  /** `loc` is exactly the content of a string literal holding `written` (safe to edit/rename). */
  readonly literal: boolean;
}

export type RefsForm = 'none' | 'str' | 'list' | 'dict' | 'unknown';

export interface FunctionTarget {
  readonly module: ModuleInfo;
  readonly fn: FunctionFact;
}

/** Something the evaluator could not compute; checks that depend on it are skipped. */
export interface Unresolved {
  readonly loc: Loc;
  readonly what: string;
  /** `pipelines["x"]` on find_pipelines()'s result where no pipeline package `x` exists: a KeyError (KL015), not KL909. */
  readonly missingPipeline?: string;
}

export interface ResolvedNode {
  readonly uri: string;
  readonly callLoc: Loc;
  readonly func?: {
    readonly text: string;
    readonly loc: Loc;
    /** The definition inside the project, when the import chain resolves. */
    readonly target?: FunctionTarget;
    /** Dotted module of the function (`pkg.nodes`), also for external imports; used for default names. */
    readonly module?: string;
    readonly name?: string;
  };
  readonly inputs: readonly DatasetRef[];
  readonly outputs: readonly DatasetRef[];
  readonly inputsForm: RefsForm;
  readonly outputsForm: RefsForm;
  /** Dict form: the keys (function parameter names / returned dict keys), aligned with inputs/outputs. */
  readonly inputKeys?: readonly string[];
  /** Where each of `inputKeys` is written, when it is a literal key of the call's dict. */
  readonly inputKeyLocs?: readonly (Loc | undefined)[];
  readonly outputKeys?: readonly string[];
  readonly explicitName?: { readonly value: string; readonly loc: Loc };
  readonly namespace?: string;
  /** Full node name as Kedro computes it (`ns.name` or `func__hash`). */
  readonly name: string;
  /** The name could not be computed exactly (unknown function module, unknown signature order). */
  readonly nameUncertain: boolean;
  readonly tags: readonly string[];
  readonly confirms: readonly string[];
  /** Inputs/outputs contain parts we could not evaluate, or a wrapper's mapping was unknown. */
  readonly partial: boolean;
  /** Built on one branch of an `if` whose condition is not known: it may not be in the pipeline (duplicate/cycle checks skip it). */
  readonly conditional?: boolean;
  /** The renaming wrappers applied to this node, innermost first (hover, definition and completion in their strings). */
  readonly wraps?: readonly AppliedWrap[];
}

/**
 * Every ResolvedNode is made here, with all fields in one order (absent ones undefined): nodes built by spreads had
 * a hidden class per combination of optional fields, and every loop over the project's nodes went megamorphic.
 */
export function resolvedNode(n: ResolvedNode): ResolvedNode {
  return namedNode(n, n);
}

/** A node with its name given apart: callers that compute the name skip a spread of the fields into one object. */
export function namedNode(n: Omit<ResolvedNode, 'name' | 'nameUncertain'>, named: { readonly name: string; readonly nameUncertain: boolean }): ResolvedNode {
  return {
    uri: n.uri,
    callLoc: n.callLoc,
    func: n.func,
    inputs: n.inputs,
    outputs: n.outputs,
    inputsForm: n.inputsForm,
    outputsForm: n.outputsForm,
    inputKeys: n.inputKeys,
    inputKeyLocs: n.inputKeyLocs,
    outputKeys: n.outputKeys,
    explicitName: n.explicitName,
    namespace: n.namespace,
    name: named.name,
    nameUncertain: named.nameUncertain,
    tags: n.tags,
    confirms: n.confirms,
    partial: n.partial,
    conditional: n.conditional,
    wraps: n.wraps,
  };
}

/**
 * Which evaluation of a Node(...) call a node comes from: the function call (or module variable) it ran in, the call
 * site, and how many times that site had run in it (a loop's iterations). Copies made from a node (tags, a namespace,
 * a branch) keep it. Computed from the evaluation alone, so a value kept from an earlier pass and one computed now
 * agree; kept beside the node, not in it, so that values compare the same as before.
 */
const evaluations = new WeakMap<ResolvedNode, string>();

/** `node`, built by the evaluation `token`. */
export function newEvaluation(node: ResolvedNode, token: string): ResolvedNode {
  evaluations.set(node, token);
  return node;
}

/** `copy`, made from `from`: the same evaluation. */
export function sameEvaluation(from: ResolvedNode, copy: ResolvedNode): ResolvedNode {
  const e = evaluations.get(from);
  if (e !== undefined) evaluations.set(copy, e);
  return copy;
}

export const evaluationOf = (node: ResolvedNode): string | undefined => evaluations.get(node);

/** `from` with some fields changed (tags added, marked conditional): a copy, so the same evaluation. */
export const changedNode = (from: ResolvedNode, changes: Partial<ResolvedNode>): ResolvedNode => sameEvaluation(from, resolvedNode({ ...from, ...changes }));

/** `node` with `tags` added (`node.tag(...)`, `pipeline.tag(...)`). */
export const taggedNode = (node: ResolvedNode, tags: readonly string[]): ResolvedNode => changedNode(node, { tags: [...new Set([...node.tags, ...tags])] });

export interface PipelineValue {
  readonly nodes: readonly ResolvedNode[];
  /** Non-empty when some of its parts could not be evaluated: the node set may be incomplete. */
  readonly open: readonly Unresolved[];
}

export interface RegisteredPipeline {
  readonly name: string;
  readonly pipeline: PipelineValue;
  /** Where the registry defines it (dict key, subscript assignment, or the pipelines/<name> folder). */
  readonly loc?: Loc;
}

export interface Registry {
  /** False when no `register_pipelines` was found: pipelines come from `find_pipelines()` semantics. */
  readonly found: boolean;
  readonly pipelines: ReadonlyMap<string, RegisteredPipeline>;
  readonly unresolved: readonly Unresolved[];
  /** Pipelines other than those listed may be registered (the dict was changed in a loop over unknown keys). */
  readonly incomplete?: Unresolved;
  /** Registered values known not to be a Pipeline (a module, a function, a literal, a list): running them fails. */
  readonly notPipelines?: readonly NotPipeline[];
}

export interface NotPipeline {
  readonly name: string;
  /** The value in the dict literal, else the key. */
  readonly loc: Loc;
  /** In words: 'a module', 'a list'. */
  readonly what: string;
  /** Python's type name where it is certain ('module', 'function', 'str', 'NoneType', 'dict', 'bool', 'Node'). */
  readonly pyType?: string;
  /** A module's dotted name, as Python prints it in "module 'x.y' has no attribute ...". */
  readonly moduleName?: string;
}
