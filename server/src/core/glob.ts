import picomatch from 'picomatch';

/**
 * Whether a glob is cheap to match: picomatch compiles each `*` of a path segment to a lazy `[^/]*?`,
 * so `*a*a*a*a*a*a*a*a*a*a*a*ax` took 68 s on one 40-character name. At most 3 `*` per segment, 256 characters.
 */
export function isBoundedGlob(glob: string): boolean {
  return glob.length <= 256 && glob.split('/').every((seg) => (seg.match(/\*+/g) ?? []).length <= 3);
}

export const MAX_EXCLUDE_GLOBS = 100;

/** A matcher of root-relative paths (`/`-separated); only bounded globs, no extglobs (VS Code's syntax has none, and nested ones backtrack). */
export function globMatcher(globs: readonly string[]): (relPath: string) => boolean {
  const kept = globs.filter(isBoundedGlob).slice(0, MAX_EXCLUDE_GLOBS);
  if (!kept.length) return () => false;
  return picomatch(kept, { dot: true, noextglob: true });
}
