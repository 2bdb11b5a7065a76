/**
 * How long the analysis runs before it gives the event loop a turn at its next boundary (between modules, conf files,
 * rule steps): requests and the next edit are then handled during a long pass, not after it.
 */
export const SLICE_MS = 8;

/**
 * A boundary check for one pass: yields (setImmediate, so I/O and incoming messages run) once `sliceMs` of work has
 * run since the last turn, and returns true when the pass is stale (a newer edit wins: the caller stops).
 */
export function slicer(isStale: () => boolean, sliceMs = SLICE_MS): () => Promise<boolean> {
  let since = performance.now();
  return async () => {
    if (performance.now() - since >= sliceMs) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      since = performance.now();
    }
    return isStale();
  };
}
