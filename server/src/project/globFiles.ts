import picomatch from 'picomatch';
import type { DirEntry } from '../core/types';
import { isBoundedGlob } from '../core/glob';
import { joinUri } from '../core/uri';

/** A path segment with glob characters (`*`, `?`, `[...]`): Spark, Polars and fsspec read every file it matches. */
const GLOB_SEGMENT = /[*?]|\[[^\]]*\]/;

export const isGlobPath = (path: string): boolean => path.split('/').some((s) => GLOB_SEGMENT.test(s));

/** A folder's entries; undefined when it does not exist, 'outside' when it lies past the project boundary. */
export type ListDir = (uri: string) => Promise<readonly DirEntry[] | undefined | 'outside'>;

/** Folders one pattern may list: a `**` over a large data tree costs more than the answer is worth. */
const MAX_LISTINGS = 64;

/**
 * Whether some file or folder under `root` matches the root-relative glob `segments`; undefined when the walk cannot
 * tell (a matched folder that cannot be listed or lies outside the project, or more than MAX_LISTINGS folders).
 * A name equal to its pattern also matches: a dataset that does not glob reads a name such as `a[1].csv` as is.
 */
/** Tries in order: true at the first that matches; else undefined if one could not tell, false if none matched. */
async function any(tries: readonly (() => Promise<boolean | undefined>)[]): Promise<boolean | undefined> {
  let unknown = false;
  for (const t of tries) {
    const r = await t();
    if (r) return true;
    if (r === undefined) unknown = true;
  }
  return unknown ? undefined : false;
}

export async function globHasMatch(listDir: ListDir, root: string, segments: readonly string[]): Promise<boolean | undefined> {
  if (!isBoundedGlob(segments.join('/'))) return undefined;
  const first = segments.findIndex((s) => GLOB_SEGMENT.test(s));
  if (first < 0) return undefined;
  const matchers = segments.map((s) => (GLOB_SEGMENT.test(s) && s !== '**' ? picomatch(s, { dot: true, noextglob: true, nobrace: true, nonegate: true }) : undefined));
  let budget = MAX_LISTINGS;
  // Base is the literal folder before the first pattern: absent, nothing matches (as a plain path's missing folder).
  const walk = async (dir: string, i: number, base: boolean): Promise<boolean | undefined> => {
    if (budget-- <= 0) return undefined;
    const listing = await listDir(dir);
    if (listing === 'outside') return undefined;
    if (!listing) return base ? false : undefined;
    const seg = segments[i] as string;
    const last = i === segments.length - 1;
    if (seg === '**') {
      // Trailing, any entry matches; else zero folders, or one more level under the same `**`.
      if (last) return listing.length > 0;
      return any([() => step(listing, dir, i + 1), ...listing.filter((e) => e.kind === 'dir').map((e) => () => walk(joinUri(dir, e.name), i, false))]);
    }
    return step(listing, dir, i);
  };
  // Matches segment i among the entries of dir (already listed); then walks into matching folders.
  const step = async (listing: readonly DirEntry[], dir: string, i: number): Promise<boolean | undefined> => {
    const seg = segments[i] as string;
    if (seg === '**') return walk(dir, i, false);
    const match = matchers[i];
    const hits = listing.filter((e) => e.name === seg || match?.(e.name));
    if (i === segments.length - 1) return hits.length > 0;
    return any(hits.filter((e) => e.kind === 'dir').map((e) => () => walk(joinUri(dir, e.name), i + 1, false)));
  };
  const baseDir = first === 0 ? root : joinUri(root, ...segments.slice(0, first));
  return walk(baseDir, first, true);
}
