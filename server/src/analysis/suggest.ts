import { distance } from 'fastest-levenshtein';

/** Up to `max` candidates close to `name` (edit distance scaled to length), closest first. */
export function closestNames(name: string, candidates: Iterable<string>, max = 3): string[] {
  const limit = Math.max(2, Math.floor(name.length / 3));
  const scored: [string, number][] = [];
  for (const c of candidates) {
    if (c === name) continue;
    const d = distance(name.toLowerCase(), c.toLowerCase());
    if (d <= limit) scored.push([c, d]);
  }
  return scored.sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1)).slice(0, max).map(([c]) => c);
}

/**
 * `suggestions` (full names, as the catalog and the parameters know them) spelt as the string `written` must say to
 * become one of them: inside `Pipeline(namespace="ds")` the string `x` is the dataset `ds.x` (`params:x` is
 * `params:ds.x`), so `ds.y` is written `y`. A suggestion outside that namespace, or any for a name a mapping renamed,
 * cannot be reached by editing the string: none is offered (writing `ds.y` there would give `ds.ds.y`).
 */
export function suggestionsAsWritten(name: string, written: string, suggestions: readonly string[]): string[] {
  if (written === name) return [...suggestions];
  const param = name.startsWith('params:') && written.startsWith('params:');
  const bare = (s: string): string => (param ? s.slice('params:'.length) : s);
  const full = bare(name);
  const as = bare(written);
  if (!full.endsWith(`.${as}`)) return [];
  const prefix = full.slice(0, full.length - as.length);
  const out = suggestions.filter((s) => (!param || s.startsWith('params:')) && bare(s).startsWith(prefix) && bare(s).length > prefix.length);
  return [...new Set(out.map((s) => `${param ? 'params:' : ''}${bare(s).slice(prefix.length)}`))];
}
