/** Where a string being typed sits in a `pipeline(...)`/`Pipeline(...)` call: which mapping argument, which side. */
export interface WrapArgContext {
  readonly arg: 'inputs' | 'outputs' | 'parameters';
  /** `key`: a dict key (or a set's entry, not yet told apart); `value`: after `key:`; `both`: a str or list entry. */
  readonly side: 'key' | 'value' | 'both';
}

const WRAPPERS = /(?:^|[^\w.])(?:[A-Za-z_][\w]*\.)*(?:pipeline|Pipeline)\s*$/;

/**
 * Reads the text before a string's opening quote backwards: the innermost open bracket (skipping strings and closed
 * brackets), then, for a dict/list/set, the `inputs=`/`outputs=`/`parameters=` before it and the wrapper call around.
 */
export function wrapArgAt(before: string): WrapArgContext | undefined {
  const open = (end: number): { at: number; colon: boolean } | undefined => {
    let depth = 0;
    // The first separator before the string at this depth: `:` makes it a dict value.
    let sep: ':' | ',' | undefined;
    for (let i = end - 1; i >= 0; i--) {
      const c = before[i] as string;
      if (c === '"' || c === "'") {
        const start = before.lastIndexOf(c, i - 1);
        if (start < 0) return undefined;
        i = start;
      } else if (c === ')' || c === ']' || c === '}') depth++;
      else if (c === '(' || c === '[' || c === '{') {
        if (depth === 0) return { at: i, colon: sep === ':' };
        depth--;
      } else if (depth === 0 && !sep && (c === ',' || c === ':')) sep = c;
    }
    return undefined;
  };
  const kwargBefore = (at: number): WrapArgContext['arg'] | undefined => {
    const m = /(?:^|[(,\s])(inputs|outputs|parameters)\s*=\s*$/.exec(before.slice(Math.max(0, at - 40), at));
    return m ? (m[1] as WrapArgContext['arg']) : undefined;
  };
  const isWrapperCall = (paren: number): boolean => before[paren] === '(' && WRAPPERS.test(before.slice(Math.max(0, paren - 80), paren));
  const first = open(before.length);
  if (!first) return undefined;
  if (before[first.at] === '(') {
    // `inputs="x"` directly in the call.
    const arg = kwargBefore(before.length);
    return arg && isWrapperCall(first.at) ? { arg, side: 'both' } : undefined;
  }
  const arg = kwargBefore(first.at);
  const call = arg ? open(first.at) : undefined;
  if (!arg || !call || !isWrapperCall(call.at)) return undefined;
  if (before[first.at] === '[') return { arg, side: 'both' };
  return { arg, side: first.colon ? 'value' : 'key' };
}
