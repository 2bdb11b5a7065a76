/**
 * Memoise `compute(owner, arg)` per owner object (usually a ProjectModel): answers live exactly as long as the model
 * they were computed from, so an edit (a new model) never sees a stale one. `undefined` answers are cached too.
 */
export function memoPer<O extends object, A, V>(compute: (owner: O, arg: A) => V | undefined, keyOf: (arg: A) => unknown = (a) => a): (owner: O, arg: A) => V | undefined {
  const caches = new WeakMap<O, Map<unknown, V | null>>();
  return (owner, arg) => {
    let cache = caches.get(owner);
    if (!cache) caches.set(owner, (cache = new Map()));
    const key = keyOf(arg);
    const hit = cache.get(key);
    if (hit !== undefined) return hit ?? undefined;
    const result = compute(owner, arg);
    cache.set(key, result ?? null);
    return result;
  };
}
