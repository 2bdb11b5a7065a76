// How the bundle tells its loader (serverLoader.ts, a separate bundle) that the first answers ran: a process-wide
// symbol, since the two share no module instances.
const KEY = Symbol.for('kedro-lens.startup');

export interface StartupHook {
  /** The first analysis was published: the code that served it is compiled and can be cached. */
  warmedUp(): void;
  /** The server is shutting down: last chance to write what is not written yet. */
  shutdown(): void;
}

export function setStartupHook(hook: StartupHook): void {
  (globalThis as Record<symbol, unknown>)[KEY] = hook;
}

/** The loader's hook; undefined when the bundle runs on its own (tests, or built without the loader). */
export function startupHook(): StartupHook | undefined {
  return (globalThis as Record<symbol, unknown>)[KEY] as StartupHook | undefined;
}
