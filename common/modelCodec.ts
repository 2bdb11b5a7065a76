// The project model on the wire (kedro/projectModel): every location as [uri index, start line, start character,
// end line, end character] with the URIs listed once. At 5,000 nodes the plain JSON was 3.4 MB, two thirds of it
// repeated URIs and {start: {line, character}} objects, and encoding + decoding it was most of the request's time.
import type { LocationJson, ProjectJson } from './pipelineModel';

type CompactLocation = readonly [number, number, number, number, number];

export interface CompactModel {
  readonly uris: readonly string[];
  /** ProjectJson values with each `location` / `funcLocation` as a CompactLocation. */
  readonly projects: readonly unknown[];
}

const LOCATION_KEYS = new Set(['location', 'funcLocation']);

/**
 * Encodes models for one client. URIs get indices for the encoder's lifetime (append-only), so an object encoded once
 * (a node's JSON, kept by the server while the node is unchanged) is reused as encoded by later models.
 */
export class ModelEncoder {
  private readonly uris: string[] = [];
  private readonly index = new Map<string, number>();
  private readonly encoded = new WeakMap<object, unknown>();

  encode(projects: readonly ProjectJson[]): CompactModel {
    const encoded = projects.map((p) => this.walk(p));
    return { uris: this.uris.slice(), projects: encoded };
  }

  private location(l: LocationJson): CompactLocation {
    let i = this.index.get(l.uri);
    if (i === undefined) {
      i = this.uris.length;
      this.uris.push(l.uri);
      this.index.set(l.uri, i);
    }
    const { start, end } = l.range;
    return [i, start.line, start.character, end.line, end.character];
  }

  private walk(v: unknown): unknown {
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map((x) => this.walk(x));
    // Only objects with a location (nodes, datasets, pipelines) are remembered: a weak map of every array and object
    // in a model (tens of thousands) made the garbage collector's work per edit measurably larger.
    const keep = 'location' in v;
    const hit = keep ? this.encoded.get(v) : undefined;
    if (hit !== undefined) return hit;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = LOCATION_KEYS.has(k) && x ? this.location(x as LocationJson) : this.walk(x);
    if (keep) this.encoded.set(v, out);
    return out;
  }
}

/** Back to ProjectJson, in place (the value comes fresh from JSON.parse). */
export function decodeModel(model: CompactModel): ProjectJson[] {
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      for (const x of v) walk(x);
      return;
    }
    if (v === null || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      const x = o[k];
      if (LOCATION_KEYS.has(k) && Array.isArray(x)) {
        const [u, sl, sc, el, ec] = x as unknown as CompactLocation;
        o[k] = { uri: model.uris[u] ?? '', range: { start: { line: sl, character: sc }, end: { line: el, character: ec } } };
      } else walk(x);
    }
  };
  for (const p of model.projects) walk(p);
  return model.projects as ProjectJson[];
}
