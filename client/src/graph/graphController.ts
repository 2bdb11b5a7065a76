// The graph panel's logic without vscode: view state, layout (cached while the structure stays the same), overlays
// (diagnostics, last run, search) and the webview's requests. graphPanel.ts injects the editor through GraphHost.
import type { LocationJson, ProjectJson } from '../../../common/pipelineModel';
import type { GraphMessageFromPanel, GraphMessageToPanel, GraphScene, GraphSceneVertex, GraphViewState } from '../../../common/webviewMessages';
import { buildPipelineGraph, defaultCollapsed, searchMatches, visibleGraph, type GraphVertex, type PipelineGraph, type VisibleGraph } from './graphModel';
import { CHAR_W, fitLabel } from './labels';
import { layoutGraph, type LayoutDirection, type LayoutResult } from './layout';
import { openingDirection, type Size } from './openingView';

export interface Problem {
  readonly severity: 'error' | 'warning';
  readonly message: string;
}

export interface GraphHost {
  model(): readonly ProjectJson[];
  post(message: GraphMessageToPanel): void;
  open(location: LocationJson): void;
  /** Error and warning diagnostics inside a range. */
  problems(location: LocationJson): readonly Problem[];
  /** Last finished run: node name → status and seconds; empty without a run history. */
  lastRun(): ReadonlyMap<string, { readonly status: string; readonly duration: number }>;
  save(format: 'svg' | 'png', data: Uint8Array, suggestedName: string): Promise<void>;
  now(): number;
  /** The layout direction the user picked last (kept across panels and sessions). */
  direction(): LayoutDirection;
  setDirection(direction: LayoutDirection): void;
}

/** Above this many vertices namespaces start collapsed and parameters hidden. */
export const COLLAPSE_THRESHOLD = 300;
/** Above this many boxes the overview is a texture, not a diagram: say how to get to the detail. */
const CROWDED = 2000;
const MAX_W = 260;
const DEFAULT_PIPELINE = '__default__';
/** Up to this many boxes a pipeline unreadable as a whole is also laid out the other way, to open turned if readable. */
const TURN_MAX = COLLAPSE_THRESHOLD;

const STATUS_RANK: Record<string, number> = { failed: 3, running: 2, success: 1 };

export class GraphController {
  private collapsed = new Set<string>();
  private tags: string[] = [];
  private focus: string | undefined;
  private hideParameters = false;
  private search = '';
  /** Pipelines whose collapse defaults were applied (a refresh keeps what the user chose). */
  private initialised = '';
  private cache: { key: string; layout: LayoutResult; ms: number }[] = [];
  private lastStructure = '';
  /** The webview's drawing area (sent with 'ready'); without it a pipeline opens in the user's direction. */
  private stage: Size | undefined;
  /** The opening direction when it is not the user's, and the pipeline it was decided for. */
  private turned: LayoutDirection | undefined;
  private decided = '';

  constructor(
    private readonly host: GraphHost,
    private pipeline = DEFAULT_PIPELINE,
    private rootUri?: string,
  ) {}

  /** Shows another pipeline (from the command or the panel's selector). */
  show(pipeline: string, rootUri?: string): void {
    this.pipeline = pipeline;
    if (rootUri) this.rootUri = rootUri;
    this.render();
  }

  async handle(m: GraphMessageFromPanel): Promise<void> {
    // Defaults first, so a choice made before the first drawing is not overwritten by them.
    const p = this.project();
    const graph = p && buildPipelineGraph(p, this.pipeline);
    if (p && graph) this.applyDefaults(p, graph);
    switch (m.type) {
      case 'ready':
        this.lastStructure = ''; // a (re)loaded webview needs the whole scene and a fit
        this.stage = m.stage && m.stage.width > 0 && m.stage.height > 0 ? m.stage : undefined;
        this.decided = '';
        break;
      case 'open':
        return this.open(m.id);
      case 'pipeline':
        this.pipeline = m.name;
        this.focus = undefined;
        break;
      case 'toggleNamespace':
        if (this.collapsed.has(m.ns)) this.collapsed.delete(m.ns);
        else this.collapsed.add(m.ns);
        break;
      case 'collapseAll':
        this.collapsed = m.collapsed ? new Set(this.graph()?.namespaces ?? []) : new Set();
        break;
      case 'tags':
        this.tags = [...m.tags];
        break;
      case 'focus':
        this.focus = m.id;
        break;
      case 'search':
        this.search = m.text;
        break;
      case 'hideParameters':
        this.hideParameters = m.hide;
        break;
      case 'direction':
        if (m.direction === 'TB' || m.direction === 'LR') this.host.setDirection(m.direction);
        this.turned = undefined; // the user's pick replaces the opening's
        break;
      case 'export':
        return this.export(m.format, m.data);
    }
    this.render();
  }

  private project(): ProjectJson | undefined {
    const projects = this.host.model();
    return projects.find((p) => p.rootUri === this.rootUri) ?? projects.find((p) => p.pipelines.length) ?? projects[0];
  }

  private graph(): PipelineGraph | undefined {
    const p = this.project();
    return p ? buildPipelineGraph(p, this.pipeline) : undefined;
  }

  /** Re-posts the graph for the current model, diagnostics and runs; zoom, pan and collapsed namespaces stay. */
  render(): void {
    const p = this.project();
    if (!p) return this.host.post({ type: 'graph', relayout: true, message: 'No Kedro project has been analysed in this workspace yet.' });
    if (!p.pipelines.length) return this.host.post({ type: 'graph', relayout: true, message: 'This project registers no pipelines that could be analysed (see register_pipelines() in pipeline_registry.py).' });
    let notice = '';
    if (!p.pipelines.some((x) => x.name === this.pipeline)) {
      const fallback = p.pipelines.find((x) => x.name === DEFAULT_PIPELINE) ?? (p.pipelines[0] as { name: string });
      notice = `Pipeline '${this.pipeline}' is not registered (any more): showing '${fallback.name}'.`;
      this.pipeline = fallback.name;
    }
    const graph = buildPipelineGraph(p, this.pipeline) as PipelineGraph;
    this.applyDefaults(p, graph);
    this.tags = this.tags.filter((t) => graph.tags.includes(t));
    if (this.focus && !graph.vertices.has(this.focus)) this.focus = undefined;
    let state = this.state(p, graph);
    const partial = graph.partial ? ' Parts of it are built at run time and could not be analysed statically.' : '';
    if (!graph.vertices.size) return this.host.post({ type: 'graph', relayout: true, state, message: `${notice} Pipeline '${graph.pipeline}' has no nodes.${partial}`.trim() });

    const visible = visibleGraph(graph, { collapsed: this.collapsed, tags: this.tags, hideParameters: this.hideParameters, ...(this.focus ? { focus: this.focus } : {}) });
    if (!visible.vertices.length) return this.host.post({ type: 'graph', relayout: true, state, message: 'No node has the selected tags.' });
    if (this.decided !== this.initialised && this.stage) {
      // Once per pipeline opened: later filters, refreshes and resizes keep the direction it opened in.
      this.decided = this.initialised;
      const chosen = this.host.direction();
      const stage = this.stage;
      const opening = visible.vertices.length <= TURN_MAX ? openingDirection(chosen, (d) => this.laidOut(visible, d).layout, stage) : chosen;
      this.turned = opening === chosen ? undefined : opening;
      state = this.state(p, graph);
    }
    const { layout, ms, changed } = this.layout(visible);
    const scene = this.scene(graph, visible, layout);
    if (visible.vertices.length > CROWDED) notice += `${notice ? ' ' : ''}${visible.vertices.length.toLocaleString('en')} boxes: zoom in, search, filter by tag, Shift+click a node to focus, or pick a smaller pipeline.`;
    this.host.post({
      type: 'graph',
      relayout: changed,
      state,
      scene,
      ...(notice || partial ? { message: `${notice}${partial}`.trim() } : {}),
      stats: { vertices: visible.vertices.length, edges: visible.edges.length, layoutMs: Math.round(ms) },
    });
  }

  /** A pipeline shown for the first time starts with its defaults; later refreshes keep the user's choices. */
  private applyDefaults(p: ProjectJson, graph: PipelineGraph): void {
    if (this.initialised === `${p.rootUri}\u0000${graph.pipeline}`) return;
    this.initialised = `${p.rootUri}\u0000${graph.pipeline}`;
    this.collapsed = defaultCollapsed(graph, COLLAPSE_THRESHOLD);
    this.hideParameters = graph.vertices.size > COLLAPSE_THRESHOLD;
    this.tags = [];
    this.focus = undefined;
  }

  private state(p: ProjectJson, graph: PipelineGraph): GraphViewState {
    const focusVertex = this.focus ? graph.vertices.get(this.focus) : undefined;
    return {
      project: p.projectName ?? p.packageName ?? p.rootUri,
      pipeline: graph.pipeline,
      pipelines: p.pipelines.map((x) => x.name),
      tags: graph.tags,
      selectedTags: this.tags,
      namespaces: graph.namespaces,
      collapsed: graph.namespaces.filter((n) => this.collapsed.has(n)),
      ...(this.focus ? { focus: this.focus, focusLabel: focusVertex?.name ?? this.focus } : {}),
      hideParameters: this.hideParameters,
      search: this.search,
      hasRun: this.host.lastRun().size > 0,
      direction: this.direction(),
      ...(this.turned ? { turned: true as const } : {}),
    };
  }

  /** Lays out again only when vertices, edges or groups changed; overlays alone reuse the positions. */
  private layout(visible: VisibleGraph): { layout: LayoutResult; ms: number; changed: boolean } {
    const { key, layout, ms } = this.laidOut(visible, this.direction());
    const structure = `${this.pipeline}\u0000${key}`;
    const changed = structure !== this.lastStructure;
    this.lastStructure = structure;
    return { layout, ms, changed };
  }

  /** Drawn in the direction the pipeline opened in (the user's unless only the other was readable). */
  private direction(): LayoutDirection {
    return this.turned ?? this.host.direction();
  }

  private laidOut(visible: VisibleGraph, direction: LayoutDirection): { key: string; layout: LayoutResult; ms: number } {
    const key = JSON.stringify([direction, visible.vertices.map((v) => `${v.id}|${v.label}`), visible.edges.map((e) => `${e.from}>${e.to}`), visible.groups]);
    let hit = this.cache.find((c) => c.key === key);
    if (!hit) {
      const t0 = this.host.now();
      const layout = layoutGraph(
        visible.vertices.map((v) => ({ id: v.id, ...boxSize(v), group: v.namespace })),
        visible.edges,
        direction,
      );
      hit = { key, layout, ms: this.host.now() - t0 };
      this.cache = [hit, ...this.cache.slice(0, 1)]; // two: the opening may try both directions, then draws one
    }
    return hit;
  }

  private scene(graph: PipelineGraph, visible: VisibleGraph, layout: LayoutResult): GraphScene {
    const runs = this.host.lastRun();
    const matches = searchMatches(graph, visible, this.search);
    const vertices = visible.vertices.map((v): GraphSceneVertex => {
      const pos = layout.positions.get(v.id) as { x: number; y: number; w: number; h: number };
      const inside = v.kind === 'namespace' ? (visible.members.get(v.id) ?? []).map((id) => graph.vertices.get(id) as GraphVertex) : [v];
      const problems = inside.flatMap((x) => [
        ...(x.kind === 'node' && x.callLocation ? this.host.problems(x.callLocation) : x.kind === 'dataset' && x.location ? this.host.problems(x.location) : []),
        ...(x.missing ? [{ severity: 'error' as const, message: missingMessage(x) }] : []),
      ]);
      const severity = problems.some((x) => x.severity === 'error') ? 'error' : problems.length ? 'warning' : undefined;
      const run = inside.flatMap((x) => (x.kind === 'node' ? [runs.get(x.name)].filter((r) => !!r) : []));
      const status = run.reduce<string | undefined>((worst, r) => ((STATUS_RANK[r.status] ?? 0) > (STATUS_RANK[worst ?? ''] ?? 0) ? r.status : (worst ?? r.status)), undefined);
      const duration = run.length ? run.reduce((s, r) => s + r.duration, 0) : undefined;
      const size = boxSize(v);
      return {
        id: v.id,
        kind: v.kind,
        label: fitLabel(v.label, size.w),
        title: [
          `${v.kind === 'namespace' ? 'namespace' : v.kind === 'node' ? 'node' : v.kind === 'parameters' ? 'parameters' : 'dataset'} ${v.name}`,
          v.detail,
          ...(v.layer ? [`layer: ${v.layer}`] : []),
          ...(v.tags.length ? [`tags: ${v.tags.join(', ')}`] : []),
          ...(status ? [`last run: ${status}${duration !== undefined ? ` · ${seconds(duration)}` : ''}`] : []),
          ...problems.slice(0, 5).map((x) => `${x.severity === 'error' ? '✖' : '⚠'} ${x.message}`),
          ...(problems.length > 5 ? [`… ${problems.length - 5} more problems`] : []),
          v.kind === 'namespace' ? 'Click to expand' : `${v.location ? `Click to open ${OPENS[v.kind === 'dataset' ? 'catalog' : v.kind]} · ` : v.writer ? `Click to open ${OPENS['dataset']} · ` : ''}Shift+click to focus`,
        ].join('\n'),
        ...pos,
        ...(v.layer ? { layer: v.layer, layerIndex: v.layerIndex as number } : {}),
        ...(status ? { status } : {}),
        ...(duration !== undefined ? { duration } : {}),
        ...(problems.length ? { problems: problems.map((x) => x.message), severity } : {}),
        ...(v.missing ? { missing: true } : {}),
        ...(matches.has(v.id) ? { match: true } : {}),
        canOpen: v.kind !== 'namespace' && !!(v.location ?? v.writer),
      };
    });
    const edgeCount = new Map(visible.edges.map((e) => [`${e.from}>${e.to}`, e.count]));
    return {
      width: layout.width,
      height: layout.height,
      vertices,
      edges: layout.edges.map((e) => ({ ...e, count: edgeCount.get(`${e.from}>${e.to}`) ?? 1 })),
      groups: layout.groups.map((g) => ({ ...g, label: g.ns })),
    };
  }

  private open(id: string): void {
    if (id.startsWith('ns:')) return void this.handle({ type: 'toggleNamespace', ns: id.slice(3) });
    const v = this.graph()?.vertices.get(id);
    const at = v?.location ?? v?.writer;
    if (at) this.host.open(at);
  }

  private async export(format: 'svg' | 'png', data: string): Promise<void> {
    if ((format !== 'svg' && format !== 'png') || typeof data !== 'string' || !data) return;
    const bytes = format === 'svg' ? new TextEncoder().encode(data) : Uint8Array.from(Buffer.from(data.replace(/^data:image\/png;base64,/, ''), 'base64'));
    await this.host.save(format, bytes, `${this.pipeline.replace(/[^\w.-]+/g, '_')}.${format}`);
  }
}

/** Why a missing box is red: the same words for a dataset and a parameter as the legend's "missing" entry. */
const missingMessage = (v: GraphVertex): string =>
  v.kind === 'parameters' ? `'${v.name}' is not defined in the parameters of the selected environment.` : `'${v.name}' is not in the catalog and no node produces it.`;

/** What a click opens, for tooltips. */
const OPENS: Record<string, string> = { node: 'its function', catalog: 'its catalog entry', dataset: 'the node that writes it', parameters: 'its parameters file' };

function boxSize(v: Pick<GraphVertex, 'kind' | 'label' | 'layer'>): { w: number; h: number } {
  const extra = v.kind === 'namespace' ? 60 : v.layer ? 44 : 32; // room for the layer dot
  return { w: Math.min(MAX_W, Math.max(90, Math.ceil(v.label.length * CHAR_W) + extra)), h: v.kind === 'namespace' ? 40 : 32 };
}

const seconds = (s: number): string => (s < 1 ? `${Math.round(s * 1000)} ms` : `${s.toFixed(1)} s`);
