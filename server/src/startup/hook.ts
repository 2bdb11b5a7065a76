// How the bundle and its loader (serverLoader.ts, a separate bundle) talk: a process-wide symbol, since the two share
// no module instances.
const KEY = Symbol.for('kedro-lens.startup');

/** The client's messages as the loader's front passes them on (see startup/front.ts). */
export interface ServerWire {
  /** Every client message from the start, in order (those the front answered itself left out). */
  listen(listener: (msg: Record<string, unknown>) => void): void;
  send(msg: Record<string, unknown>): void;
}

/** What the front did before the bundle loaded. */
export interface FrontHandover {
  readonly wire: ServerWire;
  /** The diagnostics it published, by URI, as JSON of the list (how the session remembers what it published). */
  readonly published: ReadonlyMap<string, string>;
  /** One log line: how long the record took to check and what it published, or why none was used. */
  report(): string;
  /** The record the state matched (unless it changed since), to remove if the server's first pass disagrees with it. */
  matchedFile(): string | undefined;
  /** The server's first pass is out: answers come from it now. */
  firstPassDone(): void;
}

export interface StartupHook {
  /** The first analysis was published: the code that served it is compiled and can be cached. */
  warmedUp(): void;
  /** The server is shutting down: last chance to write what is not written yet. */
  shutdown(): void;
  /** Where this build keeps first-answer records (under the extension's storage); undefined: none are kept. */
  readonly recordDir?: string;
  /** Set when the loader's front answered before the bundle loaded: the transport goes through it. */
  readonly front?: FrontHandover;
}

export function setStartupHook(hook: StartupHook): void {
  (globalThis as Record<symbol, unknown>)[KEY] = hook;
}

/** The loader's hook; undefined when the bundle runs on its own (tests, or built without the loader). */
export function startupHook(): StartupHook | undefined {
  return (globalThis as Record<symbol, unknown>)[KEY] as StartupHook | undefined;
}
