// What a Kedro run looks like once its events are summarised (client/src/runs/events.ts computes these), shared
// with the profiler webview's messages so common/ never imports from client/.

/** `not-started`: the command ended, or nothing was heard of it, before Kedro reached its first hook (see RunStore). */
export type RunStatus = 'running' | 'success' | 'failed' | 'unknown' | 'not-started';

export interface RunSummary {
  readonly status: RunStatus;
  readonly started?: number;
  readonly ended?: number;
  readonly duration?: number;
  readonly total: number;
  readonly done: number;
  readonly failedNode?: string;
  readonly error?: string;
  readonly env?: string;
  readonly runner?: string;
  readonly pipelines: readonly string[];
}

export interface NodeProfile {
  readonly name: string;
  /** Seconds from the run start. */
  readonly start: number;
  readonly end: number;
  readonly duration: number;
  /** `pid/thread`: one lane per worker in the timeline. */
  readonly worker: string;
  readonly status: 'success' | 'failed' | 'running';
  readonly loadTime: number;
  readonly saveTime: number;
  readonly peakRssKb?: number;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
}

export interface Profile {
  readonly nodes: readonly NodeProfile[];
  readonly lanes: readonly { readonly worker: string; readonly nodes: readonly string[] }[];
  readonly totals: { readonly load: number; readonly compute: number; readonly save: number; readonly wall: number };
  /** The chain of dependent nodes with the largest summed duration. */
  readonly criticalPath: readonly string[];
}
