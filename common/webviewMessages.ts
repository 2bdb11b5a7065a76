// Messages between the profiler webview (media/profile.js) and the extension.
import type { Profile, RunSummary } from './runTypes';

export type ProfileMessageToPanel = {
  readonly type: 'profile';
  readonly commandLine: string;
  readonly summary: RunSummary;
  readonly profile: Profile;
  /** The previous run of the same command, to show which nodes got slower. */
  readonly previous?: { readonly started: number; readonly profile: Profile };
};

export type ProfileMessageFromPanel = { readonly type: 'ready' } | { readonly type: 'reveal'; readonly node: string };

// Messages between the pipeline graph webview (media/graph.js) and the extension (client/src/graph/graphController.ts).
// The extension owns the view state (pipeline, filters, collapsed namespaces) and the layout; the webview draws the
// positioned scene, keeps zoom/pan, and reports what the user asked for.

export type GraphVertexKind = 'node' | 'dataset' | 'parameters' | 'namespace';

export interface GraphSceneVertex {
  readonly id: string;
  readonly kind: GraphVertexKind;
  /** Shown in the box (shortened to fit). */
  readonly label: string;
  /** Tooltip: full name, type or function, tags, problems, last run. */
  readonly title: string;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  /** Normalised data layer and its index in Kedro's order (0 = raw … 7 = reporting, 8 = custom). */
  readonly layer?: string;
  readonly layerIndex?: number;
  /** Last recorded run: node status and seconds (for a collapsed namespace: the worst status, the summed time). */
  readonly status?: string;
  readonly duration?: number;
  /** Errors and warnings in the node's call or the dataset's catalog entry, and inputs nobody provides. */
  readonly problems?: readonly string[];
  /** The worst of them: errors draw the box red, warnings amber. */
  readonly severity?: 'error' | 'warning';
  readonly missing?: boolean;
  readonly match?: boolean;
  /** True when clicking opens a source location. */
  readonly canOpen: boolean;
}

export interface GraphSceneEdge {
  readonly from: string;
  readonly to: string;
  readonly points: readonly (readonly [number, number])[];
  /** Original edges folded into this one by a collapsed namespace. */
  readonly count: number;
}

export interface GraphSceneGroup {
  readonly ns: string;
  readonly label: string;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  readonly depth: number;
}

export interface GraphScene {
  readonly width: number;
  readonly height: number;
  readonly vertices: readonly GraphSceneVertex[];
  readonly edges: readonly GraphSceneEdge[];
  readonly groups: readonly GraphSceneGroup[];
}

export interface GraphViewState {
  readonly project: string;
  readonly pipeline: string;
  readonly pipelines: readonly string[];
  readonly tags: readonly string[];
  readonly selectedTags: readonly string[];
  readonly namespaces: readonly string[];
  readonly collapsed: readonly string[];
  readonly focus?: string;
  readonly focusLabel?: string;
  readonly hideParameters: boolean;
  readonly search: string;
  /** True when a run history exists (the legend then explains the status colours). */
  readonly hasRun: boolean;
  /** `TB`: top → down; `LR`: left → right (Kedro-Viz's way). Edges leave boxes downward or rightward accordingly. */
  readonly direction: GraphDirection;
  /** Drawn in the other direction than the user's, which alone shows this pipeline whole with readable labels. */
  readonly turned?: true;
}

export type GraphDirection = 'TB' | 'LR';

/** Extension → webview. Without a scene, `message` says why nothing is drawn (no project, empty pipeline, filters). */
export type GraphMessageToPanel = {
  readonly type: 'graph';
  readonly state?: GraphViewState;
  readonly scene?: GraphScene;
  readonly message?: string;
  /** Set when the structure changed (not only overlays), so the webview fits the view to a new pipeline. */
  readonly relayout: boolean;
  readonly stats?: { readonly vertices: number; readonly edges: number; readonly layoutMs: number };
};

/**
 * The same message as it crosses to the webview: the scene's vertices and edges as JSON text in chunks. Strings cross
 * the extension host → workbench → webview hops as one copy each (a 5,000-node scene as objects took ~0.9 s of
 * structured cloning on the workbench's thread), and the webview parses one chunk per task, so none runs long.
 */
export type GraphWireMessage = Omit<GraphMessageToPanel, 'scene'> & { readonly scene?: GraphSceneWire };

export interface GraphSceneWire extends Omit<GraphScene, 'vertices' | 'edges'> {
  /** Each a JSON array of GraphSceneVertex. */
  readonly vertices: readonly string[];
  /** Each a JSON array of GraphSceneEdge. */
  readonly edges: readonly string[];
}

const SCENE_CHUNK = 500;

export function encodeScene(scene: GraphScene): GraphSceneWire {
  const chunks = <T>(xs: readonly T[]): string[] => {
    const out: string[] = [];
    for (let i = 0; i < xs.length; i += SCENE_CHUNK) out.push(JSON.stringify(xs.slice(i, i + SCENE_CHUNK)));
    return out;
  };
  return { width: scene.width, height: scene.height, groups: scene.groups, vertices: chunks(scene.vertices), edges: chunks(scene.edges) };
}

export function toWire(m: GraphMessageToPanel): GraphWireMessage {
  const { scene, ...rest } = m;
  return scene ? { ...rest, scene: encodeScene(scene) } : rest;
}

export type GraphMessageFromPanel =
  /** `stage`: the drawing area's size in CSS pixels, for the opening direction. */
  | { readonly type: 'ready'; readonly stage?: { readonly width: number; readonly height: number } }
  | { readonly type: 'open'; readonly id: string }
  | { readonly type: 'pipeline'; readonly name: string }
  | { readonly type: 'toggleNamespace'; readonly ns: string }
  | { readonly type: 'collapseAll'; readonly collapsed: boolean }
  | { readonly type: 'tags'; readonly tags: readonly string[] }
  | { readonly type: 'focus'; readonly id?: string }
  | { readonly type: 'search'; readonly text: string }
  | { readonly type: 'hideParameters'; readonly hide: boolean }
  | { readonly type: 'direction'; readonly direction: GraphDirection }
  /** `data`: the SVG text, or a PNG as base64 (rendered by the webview on a canvas). */
  | { readonly type: 'export'; readonly format: 'svg' | 'png'; readonly data: string };
