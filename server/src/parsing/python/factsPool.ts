import type { PyModuleFacts } from './facts';

/**
 * Extraction of module facts on other threads (host/parseWorkers.ts), giving what extractModuleFacts gives. The caller
 * extracts in-thread whatever the pool does not return: a job it takes back, a file that failed, a pool that broke.
 */
export interface FactsPool {
  /** Whether a pass that parses `files` modules is worth sending out (a small one stays in-thread). */
  worth(files: number): boolean;
  /** Queues one module; the pool's threads take jobs from the back of the queue, the caller takes its own from the front. */
  submit(uri: string, text: string): FactsJob;
}

export interface FactsJob {
  /** Takes the job back when no thread has started it (true: extract it in-thread); false: `facts` will come. */
  take(): boolean;
  /** The facts from another thread; undefined when that thread could not give them (extract in-thread). */
  readonly facts: Promise<PyModuleFacts | undefined>;
}
