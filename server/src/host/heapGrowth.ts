import type * as v8 from 'node:v8';

/**
 * V8 lets the old generation grow to up to 4× what survived the last full GC before collecting again; during a burst
 * of edits (each pass allocates tens of MB that die soon) that is 400+ MB of RSS over an 80 MB live set at 5,000 nodes.
 * Factor 2 keeps it near 2× the live set for a few percent more GC time. No fixed cap: a large project's live set still
 * grows as far as it needs (the heap limit is V8's own), so this never makes an out-of-memory more likely.
 */
export const HEAP_GROWING_PERCENT = 100;

/** The flag to set, or undefined when the user chose one (node's arguments or NODE_OPTIONS). */
export function heapGrowthFlag(execArgv: readonly string[], nodeOptions: string | undefined): string | undefined {
  const chosen = [...execArgv, ...(nodeOptions ?? '').split(/\s+/)].some((a) => /^--heap[-_]growing[-_]percent(=|$)/.test(a));
  return chosen ? undefined : `--heap-growing-percent=${HEAP_GROWING_PERCENT}`;
}

/** Applies it to this process (V8 reads it at each full GC). Before any code cache is read or made: V8 ties those to its flags. */
export function limitHeapGrowth(): void {
  const flag = heapGrowthFlag(process.execArgv, process.env['NODE_OPTIONS']);
  // node:v8 loads here, not at import (~2 ms): the loader's front answers before it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  if (flag) (require('node:v8') as typeof v8).setFlagsFromString(flag);
}
