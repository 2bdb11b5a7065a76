// Version ranges as PEP 440 specifiers describe them, reduced to what rules need: one interval of release numbers.
// A rule that depends on the version asks whether something holds for EVERY version of the project's range, so a
// range that spans a change (or "any") keeps it quiet.

/** Release numbers (`0.19.3` → [0, 19, 3]); pre/post/dev parts are dropped. */
export type Version = readonly number[];

/** `[min, max)`; an absent bound is open. */
export interface VersionRange {
  readonly min?: Version;
  readonly max?: Version;
}

export const ANY_VERSION: VersionRange = {};

export function parseVersion(text: string): Version | undefined {
  const m = /^\s*v?(\d+(?:\.\d+)*)/.exec(text);
  return m ? (m[1] as string).split('.').map(Number) : undefined;
}

export function compareVersions(a: Version, b: Version): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d) return d;
  }
  return 0;
}

/** The smallest bound above `v` and below every later release (`==v` is `[v, justAfter(v))`). */
const justAfter = (v: Version): Version => [...v, ...Array<number>(Math.max(0, 6 - v.length)).fill(0), 1];
/** `1.4` → `1.5`, `0.19.15` at depth 2 → `0.20`. */
const bump = (v: Version, depth: number): Version => [...v.slice(0, depth - 1), (v[depth - 1] ?? 0) + 1];

export const versionText = (v: Version): string => {
  if (v.length <= 6 || v[v.length - 1] !== 1) return v.join('.');
  // A justAfter() bound: the release it follows, as written (at least three parts).
  const release = v.slice(0, v.length - 1);
  let end = release.length;
  while (end > 3 && release[end - 1] === 0) end--;
  return release.slice(0, end).join('.');
};

export function intersect(a: VersionRange, b: VersionRange): VersionRange {
  const min = !a.min ? b.min : !b.min ? a.min : compareVersions(a.min, b.min) >= 0 ? a.min : b.min;
  const max = !a.max ? b.max : !b.max ? a.max : compareVersions(a.max, b.max) <= 0 ? a.max : b.max;
  return { ...(min ? { min } : {}), ...(max ? { max } : {}) };
}

export const isEmpty = (r: VersionRange): boolean => !!r.min && !!r.max && compareVersions(r.min, r.max) >= 0;
export const isAny = (r: VersionRange): boolean => !r.min && !r.max;

/** One clause of a specifier (`>=0.18`, `~=0.19.15`, `==0.19.*`, poetry `^0.19.1`); undefined when not understood. */
function clause(text: string): VersionRange | undefined {
  const m = /^\s*(===|==|~=|!=|>=|<=|>|<|\^|~)?\s*v?([\d.]+)(\.\*)?\s*$/.exec(text);
  if (!m) return text.trim() === '*' || text.trim() === '' ? ANY_VERSION : undefined;
  const op = m[1] ?? '==';
  const v = parseVersion(m[2] as string);
  if (!v) return undefined;
  const wildcard = !!m[3];
  switch (op) {
    case '==':
    case '===':
      return wildcard ? { min: v, max: bump(v, v.length) } : { min: v, max: justAfter(v) };
    case '~=':
      return { min: v, max: bump(v, Math.max(1, v.length - 1)) };
    case '!=':
      return ANY_VERSION;
    case '>=':
      return { min: v };
    case '>':
      return { min: justAfter(v) };
    case '<=':
      return { max: justAfter(v) };
    case '<':
      return { max: v };
    case '^': {
      // Poetry: the first non-zero part may not change.
      const first = v.findIndex((x) => x !== 0);
      return { min: v, max: bump(v, first < 0 ? v.length : first + 1) };
    }
    case '~':
      return { min: v, max: bump(v, v.length >= 2 ? 2 : 1) };
    default:
      return undefined;
  }
}

/** A comma-separated specifier; clauses not understood are ignored (they can only narrow the truth). */
export function parseSpecifier(spec: string): VersionRange {
  let range = ANY_VERSION;
  for (const part of spec.split(',')) {
    const c = clause(part);
    if (c) range = intersect(range, c);
  }
  return isEmpty(range) ? ANY_VERSION : range;
}

// The bounds rules ask about are a few literals (`0.19.0`, `1.3`), asked per node: parsed once each.
const bounds = new Map<string, Version>();

function boundOf(v: string): Version {
  let bound = bounds.get(v);
  if (bound) return bound;
  if (bounds.size > 1000) bounds.clear();
  bound = parseVersion(v) as Version;
  bounds.set(v, bound);
  return bound;
}

/** Whether every version of `range` is at least `v` ('yes'), none is ('no'), or it depends ('maybe'). */
export function atLeast(range: VersionRange, v: string): 'yes' | 'no' | 'maybe' {
  const bound = boundOf(v);
  if (range.min && compareVersions(range.min, bound) >= 0) return 'yes';
  if (range.max && compareVersions(range.max, bound) <= 0) return 'no';
  return 'maybe';
}

/** Every version of the range is >= v. */
export const alwaysAtLeast = (range: VersionRange, v: string): boolean => atLeast(range, v) === 'yes';
/** Every version of the range is < v. */
export const alwaysBelow = (range: VersionRange, v: string): boolean => atLeast(range, v) === 'no';

/** Some version lies in both ranges. */
export const overlapsRange = (a: VersionRange, b: VersionRange): boolean => !isEmpty(intersect(a, b));

/** `>=0.19.3,<0.20`, `==1.5.0`, `any`. */
export function rangeText(r: VersionRange): string {
  if (isAny(r)) return 'any';
  if (r.min && r.max && compareVersions(r.max, justAfter(r.min)) === 0) return `==${versionText(r.min)}`;
  const inclusiveMax = r.max && r.max.length > 6 && r.max[r.max.length - 1] === 1;
  return [r.min ? `>=${versionText(r.min)}` : '', r.max ? `${inclusiveMax ? '<=' : '<'}${versionText(r.max)}` : ''].filter(Boolean).join(',');
}
