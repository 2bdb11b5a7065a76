import type { Loc } from '../../core/types';
import type { ClassFact, FunctionFact } from '../../parsing/python/facts';
import type { Expr } from '../../parsing/python/ir';
import { resolveSymbol, type ModuleInfo, type PythonIndex } from '../pythonIndex';
import { applyNamespace, nodeFullName, type NamespaceWrap } from './namespace';
import type { NameStyle } from './nodeName';
import { wrapSource } from './wrapSites';
import { changedNode, namedNode, newEvaluation, taggedNode, type FunctionTarget, type PipelineValue, type NotPipeline, type Registry, type RegisteredPipeline, type ResolvedNode, type Unresolved } from './types';
import { boundSignature, dropSelf, exprText, stringsOf, unknown, ZERO, type Val } from './values';
import { forwardsToNode, isNodesLike, isPipelineLike, kedroCallable, mappingOf, nodeIdentity, pipelineMethod, refsOf, unionAll, unionNodes } from './kedroSemantics';
import { PythonEvaluator, type Frame } from './pythonEvaluator';
import type { CallCache } from './evalState';
import { loaderClass, loaderRead, makeLoader, type ConfAccess } from './confLoader';

export { CallCache } from './evalState';

const EMPTY_PIPELINE: PipelineValue = { nodes: [], open: [] };

/** A `register_pipelines` hook implementation (a method of a registered hook class). */
export interface RegistryHook {
  readonly module: ModuleInfo;
  readonly fn: FunctionFact;
}

/**
 * Evaluates `register_pipelines()` and the `create_pipeline()` functions it reaches, without running Python: the
 * Python is PythonEvaluator's; this class gives Kedro's callables and values their meaning through its hooks.
 */
export class PipelineEvaluator extends PythonEvaluator {
  constructor(
    source: PythonIndex,
    private readonly packageName: string,
    /** Folder names directly under `<pkg>/pipelines/` (what find_pipelines() imports). */
    private readonly pipelineDirs: readonly string[],
    cache?: CallCache,
    /** How the project's Kedro names nodes without `name=`. */
    private readonly nameStyle: NameStyle = 'hash',
    /** The project's configuration, for the config loaders its code makes (none: such loaders are unknown). */
    private readonly conf?: ConfAccess,
  ) {
    super(source, cache, conf?.files);
  }

  /**
   * `hooks`: the `register_pipelines` hook implementations of the registered HOOKS classes, in registration order, on
   * a Kedro that may be 0.17. There they are the registry (0.17.0/0.17.1, before pipeline_registry.py), and from 0.17.2
   * their dicts update the registry's (kedro/framework/project, 0.17.x: the hooks' entries win); 0.18.0 removed the hook.
   */
  evaluateRegistry(hooks: readonly RegistryHook[] = []): Registry {
    const mod = this.index.module(`${this.packageName}.pipeline_registry`);
    const fn = mod?.facts.functions.find((f) => f.name === 'register_pipelines');
    if ((!mod || !fn) && !hooks.length) {
      const found = this.findPipelines({ uri: mod?.uri ?? '', span: ZERO });
      return { found: false, pipelines: this.toRegistry(found), unresolved: this.unresolved, ...this.notPipelinesPart() };
    }
    let result: Val = mod && fn ? this.callFunction(mod, fn, [], new Map(), 0, { uri: mod.uri, span: fn.nameSpan }) : { kind: 'dict', entries: [] };
    let at: Loc | undefined = mod && fn ? { uri: mod.uri, span: fn.nameSpan } : undefined;
    // pluggy calls the last registered implementation first; each result updates the dict in turn.
    for (const h of [...hooks].reverse()) {
      if (result.kind !== 'dict') break;
      at = { uri: h.module.uri, span: h.fn.nameSpan };
      const more = this.callFunction(h.module, dropSelf(h.fn), [], new Map(), 0, at);
      result = more.kind === 'dict' ? this.binary('|', result, more, at) : more;
    }
    if (result.kind !== 'dict') {
      this.note(result.kind === 'unknown' ? result.why : { loc: at ?? { uri: '', span: ZERO }, what: 'register_pipelines() result' });
      return { found: true, pipelines: new Map(), unresolved: this.unresolved };
    }
    // Changed in a loop over unknown keys: the known pipelines are registered, and more may be.
    if (result.open) this.note(result.open);
    const pipelines = this.toRegistry(result);
    return { found: true, pipelines, unresolved: this.unresolved, ...(result.open ? { incomplete: result.open } : {}), ...this.notPipelinesPart() };
  }

  private readonly notPipelines: NotPipeline[] = [];

  private notPipelinesPart(): { notPipelines?: readonly NotPipeline[] } {
    return this.notPipelines.length ? { notPipelines: this.notPipelines } : {};
  }

  private toRegistry(dict: Val): Map<string, RegisteredPipeline> {
    const out = new Map<string, RegisteredPipeline>();
    if (dict.kind !== 'dict') return out;
    for (const [name, v, loc, valueLoc] of dict.entries) {
      // Kedro calls Pipeline methods on what it runs: such a value fails there (KL016), and has no nodes to check.
      // Only a value written in a dict literal: find_pipelines() drops a create_pipeline() result that is no Pipeline.
      const not = valueLoc ? notAPipeline(v) : undefined;
      if (not && valueLoc) {
        this.notPipelines.push({ name, loc: valueLoc, ...not });
        out.set(name, { name, pipeline: { nodes: [], open: [] }, ...(loc ? { loc } : {}) });
        continue;
      }
      const p = this.asPipeline(v, loc ?? { uri: '', span: ZERO });
      out.set(name, { name, pipeline: p, ...(loc ? { loc } : {}) });
    }
    return out;
  }

  // ---------------------------------------------------------------- Kedro's meaning of Python (PythonEvaluator's hooks)

  protected override callOther(fn: Val, e: Extract<Expr, { type: 'call' }>, args: readonly Val[], kwargs: ReadonlyMap<string, Val>, f: Frame, loc: Loc): Val | undefined {
    const loader = fn.kind === 'external' ? loaderClass(fn.module, fn.name) : undefined;
    if (loader) return makeLoader(loader, this.conf, args, kwargs, this.isSettingsConfSource(e, f), loc);
    if (fn.kind !== 'kedro') return undefined;
    switch (fn.name) {
      case 'node':
        return this.makeNode(e, args, kwargs, f, loc);
      case 'pipeline':
        return this.makePipeline(args, kwargs, loc);
      case 'llm_context_node':
        return this.llmContextNode(kwargs, f, loc);
      case 'tool':
        // tool(func, *inputs); a starred or keyword argument leaves the inputs unknown.
        return e.splat || kwargs.size ? unknown(loc, 'tool() arguments') : { kind: 'llmTool', inputs: args.slice(1) };
      case 'pipeline_ml_factory': {
        // kedro-mlflow's PipelineML runs (and is a Pipeline of) the training nodes.
        const training = kwargs.get('training') ?? args[0];
        return training ? { kind: 'pipeline', pipeline: this.asPipeline(training, loc) } : unknown(loc, 'pipeline_ml_factory()');
      }
      default:
        return this.findPipelines(loc, kwargs.get('pipelines_to_find'));
    }
  }

  /** Whether a loader's conf_source is written as the project's `settings.CONF_SOURCE` (the folder the session reads). */
  private isSettingsConfSource(e: Extract<Expr, { type: 'call' }>, f: Frame): boolean {
    const src = e.kwargs.find((k) => k.name === 'conf_source')?.value ?? e.args[0];
    const settings = `${this.packageName}.settings`;
    if (src?.type === 'attr' && src.attr === 'CONF_SOURCE') {
      const obj = this.evalExpr(src.obj, f);
      return obj.kind === 'module' && obj.module.name === settings;
    }
    if (src?.type !== 'name') return false;
    const sym = resolveSymbol(this.index, f.mod, src.id);
    return sym?.kind === 'variable' && sym.name === 'CONF_SOURCE' && sym.module.name === settings;
  }

  /** `loader["parameters"]`. */
  protected override subscriptOther(obj: Val, key: Val, loc: Loc): Val | undefined {
    return obj.kind === 'confLoader' && key.kind === 'str' ? loaderRead(obj.loader, key.value, this.conf, loc) : undefined;
  }

  protected override externalValue(module: string, name: string | undefined): Val | undefined {
    return kedroCallable(module, name);
  }

  /**
   * `+`/`|` keep what is known of each side (an unknown side leaves the result open); `-` needs a complete right side
   * (an unknown node might remove any), `&` keeps the nodes known on both sides.
   */
  protected override binaryOther(op: string, a: Val, b: Val, loc: Loc): Val | undefined {
    if ((op === '+' || op === '|') && (isNodesLike(a) || isNodesLike(b)) && (isNodesLike(a) || a.kind === 'unknown') && (isNodesLike(b) || b.kind === 'unknown')) {
      const pa = this.asPipeline(a, loc);
      const pb = this.asPipeline(b, loc);
      return { kind: 'pipeline', pipeline: { nodes: unionNodes(pa.nodes, pb.nodes), open: [...pa.open, ...pb.open] } };
    }
    if (isPipelineLike(a) && isPipelineLike(b) && (op === '-' || op === '&')) {
      const pa = this.asPipeline(a, loc);
      const pb = this.asPipeline(b, loc);
      const idB = new Set(pb.nodes.map(nodeIdentity));
      if (op === '-') {
        if (pb.open.length) return unknown(loc, "'-' of a pipeline that is not completely known");
        return { kind: 'pipeline', pipeline: { nodes: pa.nodes.filter((n) => !idB.has(nodeIdentity(n))), open: pa.open } };
      }
      return { kind: 'pipeline', pipeline: { nodes: pa.nodes.filter((n) => idB.has(nodeIdentity(n))), open: [...pa.open, ...pb.open] } };
    }
    return undefined;
  }

  /** sum() of pipelines: one union instead of n pairwise unions; unknown items leave it open. */
  protected override sumOther(parts: readonly Val[], loc: Loc): Val | undefined {
    if (!parts.some(isNodesLike) || !parts.every((v) => isNodesLike(v) || v.kind === 'unknown')) return undefined;
    const ps = parts.map((v) => this.asPipeline(v, loc));
    return { kind: 'pipeline', pipeline: { nodes: unionAll(ps.map((p) => p.nodes)), open: ps.flatMap((p) => p.open) } };
  }

  protected override methodOther(obj: Val, name: string, args: readonly Val[], kwargs: ReadonlyMap<string, Val>, loc: Loc): Val | undefined {
    // OmegaConfigLoader's get(key) is its [key] (UserDict.get up to Python 3.11; Kedro's own get from 0.19.4, with 3.12); ConfigLoader's get(*patterns) loads other files.
    if (obj.kind === 'confLoader') return name === 'get' && obj.loader.cls === 'OmegaConfigLoader' && args[0]?.kind === 'str' && !kwargs.size ? loaderRead(obj.loader, args[0].value, this.conf, loc) : unknown(loc, `.${name}(...)`);
    if (obj.kind === 'node' && name === 'tag') {
      const tags = stringsOf(args[0] ?? kwargs.get('tags'));
      if (!tags) return unknown(loc, '.tag(...)');
      return { kind: 'node', node: taggedNode(obj.node, tags) };
    }
    if (obj.kind === 'pipeline') return pipelineMethod(obj.pipeline, name, args, kwargs, loc);
    return undefined;
  }

  protected override attributeOther(obj: Val, attr: string): Val | undefined {
    if (obj.kind !== 'pipeline' || attr !== 'nodes') return undefined;
    // An open pipeline's node list is incomplete: it stays a pipeline, which lists and sums take as its nodes.
    return obj.pipeline.open.length ? obj : { kind: 'list', items: obj.pipeline.nodes.map((node): Val => ({ kind: 'node', node })) };
  }

  protected override iterableOther(v: Val): readonly Val[] | undefined {
    return v.kind === 'pipeline' && v.pipeline.open.length === 0 ? v.pipeline.nodes.map((node): Val => ({ kind: 'node', node })) : undefined;
  }

  /** `*p.nodes` of an open pipeline: the pipeline itself stands for its nodes. */
  protected override standsForItems(v: Val): boolean {
    return v.kind === 'pipeline';
  }

  /** Pipelines: the union, nodes on one side only marked conditional; an unknown side leaves the other open. */
  protected override mergeOther(a: Val, b: Val, loc: Loc, conditional: boolean): Val | undefined {
    const pa = isNodesLike(a) || (a.kind === 'unknown' && isNodesLike(b));
    const pb = isNodesLike(b) || (b.kind === 'unknown' && isNodesLike(a));
    if (!pa || !pb) return undefined;
    const x = this.asPipeline(a, loc);
    const y = this.asPipeline(b, loc);
    if (!conditional) return { kind: 'pipeline', pipeline: { nodes: unionAll([x.nodes, y.nodes]), open: [...x.open, ...y.open] } };
    const inX = new Set(x.nodes.map(nodeIdentity));
    const inY = new Set(y.nodes.map(nodeIdentity));
    const mark = (nodes: readonly ResolvedNode[], other: ReadonlySet<string>): readonly ResolvedNode[] =>
      nodes.map((n) => (other.has(nodeIdentity(n)) || n.conditional ? n : changedNode(n, { conditional: true })));
    return { kind: 'pipeline', pipeline: { nodes: unionAll([mark(x.nodes, inY), mark(y.nodes, inX)]), open: [...x.open, ...y.open] } };
  }

  /** A list of nodes or a pipeline keeps what it had, open (the statement may have added more). */
  protected override keepOpen(cur: Val, why: Unresolved, loc: Loc): Val | undefined {
    if (!(cur.kind === 'pipeline' || (cur.kind === 'list' && cur.items.length > 0 && cur.items.every(isNodesLike)))) return undefined;
    this.note(why);
    const p = this.asPipeline(cur, loc);
    return { kind: 'pipeline', pipeline: { nodes: p.nodes, open: [...p.open, why] } };
  }

  protected override mutateOther(name: string, cur: Val, attr: string, arg: Val | undefined, f: Frame, loc: Loc): boolean {
    if (cur.kind !== 'pipeline') return false;
    if ((attr === 'append' || attr === 'extend') && arg) {
      // A node list that became an open pipeline (after a loop we could not unroll) still collects what is added.
      f.scope.set(name, this.binary('+', cur, arg.kind === 'unknown' ? arg : { kind: 'pipeline', pipeline: this.asPipeline(arg, loc) }, loc));
    } else this.forget([name], f, loc, `changed by ${name}.${attr}(...)`);
    return true;
  }

  /** A subclass of Kedro's Node (through project classes) builds nodes like node(). */
  protected override classFromBase(cls: ClassFact, base: Val, loc: Loc): Val | undefined {
    if (base.kind === 'kedro' && base.name === 'node') {
      // Its own constructor may take other arguments or rename: not modelled, unless it only adds keyword
      // arguments and hands everything else to Node (`super().__init__(*args, **kwargs)`).
      const own = cls.methods.find((m) => m.name === '__init__' || m.name === '__new__');
      return own && !forwardsToNode(own) ? unknown(loc, `${cls.name}() (a Node subclass with its own ${own.name})`) : base;
    }
    if (base.kind === 'unknown' && base.why.what.includes('Node subclass')) return base;
    return undefined;
  }

  /** `d["x"]` with no such key. On find_pipelines()'s dict with no pipeline folder `x`, Kedro raises KeyError (KL015). */
  protected override missingKey(obj: Extract<Val, { kind: 'dict' }>, key: string, loc: Loc): Val | undefined {
    if (!obj.fromFind || key === '__default__' || this.pipelineDirs.includes(key)) return undefined;
    const why: Unresolved = { loc, what: `pipeline '${key}'`, missingPipeline: key };
    this.note(why);
    return { kind: 'unknown', why };
  }

  // ---------------------------------------------------------------- Kedro constructs

  /**
   * `find_pipelines()`: one entry per folder under `<pkg>/pipelines/` whose package exposes create_pipeline();
   * `pipelines_to_find=[...]` keeps those named (a list not known statically keeps all, without KeyError reports).
   */
  private findPipelines(loc: Loc, only?: Val): Val {
    const wanted = only && only.kind !== 'none' ? stringsOf(only) : undefined;
    const entries: [string, Val, Loc | undefined][] = [];
    // Kedro reads the module's attribute: a create_pipeline it imports counts as much as one it defines.
    const simplified = this.index.module(`${this.packageName}.pipeline`);
    const simple = simplified ? resolveSymbol(this.index, simplified, 'create_pipeline') : undefined;
    entries.push([
      '__default__',
      simple?.kind === 'function' ? this.callFunction(simple.module, simple.fn, [], new Map(), 0, loc) : { kind: 'pipeline', pipeline: EMPTY_PIPELINE },
      undefined,
    ]);
    for (const dir of this.pipelineDirs) {
      if (wanted && !wanted.includes(dir)) continue;
      const mod = this.index.module(`${this.packageName}.pipelines.${dir}`);
      if (!mod) continue;
      const sym = resolveSymbol(this.index, mod, 'create_pipeline');
      if (sym?.kind !== 'function') continue;
      const at = { uri: sym.module.uri, span: sym.fn.nameSpan };
      entries.push([dir, this.callFunction(sym.module, sym.fn, [], new Map(), 0, at), at]);
    }
    return { kind: 'dict', entries, ...(only && only.kind !== 'none' && !wanted ? {} : { fromFind: true }) };
  }

  private asPipeline(v: Val, loc: Loc): PipelineValue {
    if (v.kind === 'pipeline') return v.pipeline;
    if (v.kind === 'node') return { nodes: [v.node], open: [] };
    if (v.kind === 'list') {
      const parts = v.items.map((i) => this.asPipeline(i, loc));
      return { nodes: unionAll(parts.map((p) => p.nodes)), open: parts.flatMap((p) => p.open) };
    }
    const why = v.kind === 'unknown' ? v.why : { loc, what: 'value where a pipeline is expected' };
    this.note(why);
    return { nodes: [], open: [why] };
  }

  private makePipeline(args: readonly Val[], kwargs: ReadonlyMap<string, Val>, loc: Loc): Val {
    const nodesArg = args[0] ?? kwargs.get('nodes') ?? kwargs.get('pipe');
    if (!nodesArg) return unknown(loc, 'Pipeline() without nodes');
    const inner = this.asPipeline(nodesArg, loc);
    const ns = kwargs.get('namespace');
    const prefix = kwargs.get('prefix_datasets_with_namespace');
    const wrap: NamespaceWrap = {
      namespace: ns?.kind === 'str' ? ns.value : undefined,
      namespaceUnknown: (!!ns && ns.kind !== 'str' && ns.kind !== 'none') || (!!prefix && prefix.kind !== 'bool'),
      inputs: mappingOf(kwargs.get('inputs')),
      outputs: mappingOf(kwargs.get('outputs')),
      parameters: mappingOf(kwargs.get('parameters')),
      prefix: prefix?.kind === 'bool' ? prefix.value : true,
      tags: stringsOf(kwargs.get('tags')) ?? [],
      nameStyle: this.nameStyle,
      source: wrapSource(kwargs, loc),
    };
    if (!wrap.namespace && !wrap.namespaceUnknown && !wrap.inputs && !wrap.outputs && !wrap.parameters && wrap.tags.length === 0) {
      return { kind: 'pipeline', pipeline: inner };
    }
    if (wrap.namespaceUnknown || wrap.inputs === 'unknown' || wrap.outputs === 'unknown' || wrap.parameters === 'unknown') {
      this.note({ loc, what: 'Pipeline() renaming (inputs/outputs/parameters/namespace)' });
    }
    return { kind: 'pipeline', pipeline: { nodes: inner.nodes.map((n) => applyNamespace(n, wrap)), open: inner.open } };
  }

  /** What a node's `func` tells about its name and signature (Kedro names nodes after `func.__name__`). */
  private funcInfo(funcExpr: Expr | undefined, funcVal: Val | undefined, f: Frame): ResolvedNode['func'] {
    if (!funcExpr) return undefined;
    let v = funcVal;
    let target: FunctionTarget | undefined;
    let module: string | undefined;
    let name: string | undefined;
    if (v?.kind === 'partial') {
      const p = v;
      v = p.fn;
      if (v.kind === 'func' || v.kind === 'boundmethod') target = { module: v.module, fn: boundSignature(v.kind === 'boundmethod' ? dropSelf(v.fn) : v.fn, p.nargs, p.keywords) };
      // A bare partial has no __name__: Kedro calls it "<partial>" and its default name is not computed here.
      if (!p.wrapped) return { text: exprText(funcExpr), loc: { uri: f.mod.uri, span: funcExpr.span }, ...(target ? { target } : {}), name: '<partial>' };
    }
    if (v?.kind === 'func') {
      target ??= { module: v.module, fn: v.fn };
      module = v.module.name;
      name = v.fn.name;
    } else if (v?.kind === 'boundmethod') {
      target ??= { module: v.module, fn: dropSelf(v.fn) };
      module = v.module.name;
      name = v.fn.name;
    } else if (v?.kind === 'external') {
      module = v.module;
      name = v.name;
    } else if (v?.kind === 'lambda') {
      module = f.mod.name;
      name = '<lambda>';
    }
    return {
      text: exprText(funcExpr),
      loc: { uri: f.mod.uri, span: funcExpr.span },
      ...(target ? { target } : {}),
      ...(module ? { module } : {}),
      ...(name ? { name } : {}),
    };
  }

  private makeNode(e: Extract<Expr, { type: 'call' }>, args: readonly Val[], kwargs: ReadonlyMap<string, Val>, f: Frame, loc: Loc): Val {
    const funcExpr = e.kwargs.find((k) => k.name === 'func')?.value ?? e.args[0];
    const func = this.funcInfo(funcExpr, kwargs.get('func') ?? args[0], f);
    return this.buildNode(func, kwargs.get('inputs') ?? args[1], kwargs.get('outputs') ?? args[2], kwargs, f, loc, false);
  }

  /**
   * kedro.pipeline.llm_context: a Node whose inputs are the dict {"llm": llm, prompt: prompt, ..., tool input: tool
   * input, ...}, so a name given twice (two tools reading one dataset) is read once, in first-seen order.
   */
  private llmContextNode(kwargs: ReadonlyMap<string, Val>, f: Frame, loc: Loc): Val {
    const llm = kwargs.get('llm');
    const prompts = kwargs.get('prompts');
    const tools = kwargs.get('tools');
    const byKey = new Map<string, Val>();
    let partial = !!prompts && prompts.kind !== 'list' && prompts.kind !== 'str';
    if (llm) byKey.set('llm', llm);
    const add = (v: Val): void => {
      if (v.kind === 'str') byKey.set(v.value, v);
      else partial = true;
    };
    for (const p of prompts?.kind === 'list' ? prompts.items : prompts?.kind === 'str' ? [prompts] : []) add(p);
    if (tools && tools.kind !== 'none') {
      if (tools.kind !== 'list') partial = true;
      else for (const t of tools.items) if (t.kind === 'llmTool') t.inputs.forEach(add); else partial = true;
    }
    const func = { text: 'llm_context_node', loc };
    return this.buildNode(func, { kind: 'list', items: [...byKey.values()] }, kwargs.get('outputs'), kwargs, f, loc, partial);
  }

  /** The call this frame runs, the site, and the how-manieth run of that site in it. */
  private static evaluationToken(f: Frame, loc: Loc): string {
    const site = `${loc.uri}:${loc.span.start.line}:${loc.span.start.character}`;
    if (!f.call) return site;
    const k = (f.call.ran.get(site) ?? 0) + 1;
    f.call.ran.set(site, k);
    return `${f.call.key}|${site}|${k}`;
  }

  private buildNode(func: ResolvedNode['func'], inputsVal: Val | undefined, outputsVal: Val | undefined, kwargs: ReadonlyMap<string, Val>, f: Frame, loc: Loc, unknownParts: boolean): Val {
    const inputs = refsOf(inputsVal, loc);
    const outputs = refsOf(outputsVal, loc);
    const nameVal = kwargs.get('name');
    const nsVal = kwargs.get('namespace');
    // A name or namespace we cannot compute changes the node's name: never guess it.
    const partial = unknownParts || inputs.partial || outputs.partial || (!!nameVal && nameVal.kind !== 'str' && nameVal.kind !== 'none') || (!!nsVal && nsVal.kind !== 'str' && nsVal.kind !== 'none');
    // Every field written (absent ones undefined), not spread in: the node is built once, with one hidden class.
    const base: Omit<ResolvedNode, 'name' | 'nameUncertain'> = {
      uri: f.mod.uri,
      callLoc: loc,
      func,
      inputs: inputs.refs,
      outputs: outputs.refs,
      inputsForm: inputs.form,
      outputsForm: outputs.form,
      inputKeys: inputs.keys,
      inputKeyLocs: inputs.keys ? inputs.keyLocs : undefined,
      outputKeys: outputs.keys,
      explicitName: nameVal?.kind === 'str' ? { value: nameVal.value, loc: nameVal.loc ?? loc } : undefined,
      namespace: nsVal?.kind === 'str' ? nsVal.value : undefined,
      tags: stringsOf(kwargs.get('tags')) ?? [],
      confirms: stringsOf(kwargs.get('confirms')) ?? [],
      partial,
      conditional: undefined,
      wraps: undefined,
    };
    const named = nodeFullName(base, this.nameStyle);
    if (partial) this.note({ loc, what: 'node inputs/outputs' });
    return { kind: 'node', node: newEvaluation(namedNode(base, named), PipelineEvaluator.evaluationToken(f, loc)) };
  }
}

/** A registry value known not to be a Pipeline, described; undefined when it is one or may be one. */
function notAPipeline(v: Val): Omit<NotPipeline, 'name' | 'loc'> | undefined {
  switch (v.kind) {
    case 'module':
      return { what: 'a module', pyType: 'module', moduleName: v.module.name };
    case 'func':
    case 'lambda':
      return { what: 'a function', pyType: 'function' };
    case 'str':
      return { what: 'a str', pyType: 'str' };
    case 'num':
      // 0 is also sum() of a find_pipelines() dict found empty here, where Kedro may find folders this reading missed.
      return v.value === 0 ? undefined : { what: 'a number' };
    case 'bool':
      return { what: 'a bool', pyType: 'bool' };
    case 'none':
      return { what: 'None', pyType: 'NoneType' };
    case 'list':
      // A list, tuple or set (of nodes or pipelines): Kedro never wraps it in a Pipeline.
      return { what: 'a list' };
    case 'dict':
      return { what: 'a dict', pyType: 'dict' };
    case 'node':
      return { what: 'a node', pyType: 'Node' };
    default:
      return undefined;
  }
}
