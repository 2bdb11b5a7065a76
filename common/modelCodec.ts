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

export function encodeModel(projects: readonly ProjectJson[]): CompactModel {
  const uris: string[] = [];
  const index = new Map<string, number>();
  const compact = (l: LocationJson): CompactLocation => {
    let i = index.get(l.uri);
    if (i === undefined) {
      i = uris.length;
      uris.push(l.uri);
      index.set(l.uri, i);
    }
    const { start, end } = l.range;
    return [i, start.line, start.character, end.line, end.character];
  };
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v === null || typeof v !== 'object') return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = LOCATION_KEYS.has(k) && x ? compact(x as LocationJson) : walk(x);
    return out;
  };
  return { uris, projects: projects.map(walk) };
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
