import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { NULL_LOGGER, type Logger } from '../core/types';
import { decode } from './factStore';
import type { PyModuleFacts } from '../parsing/python/facts';
import type { FactsJob, FactsPool } from '../parsing/python/factsPool';

/** What the main thread sends a worker (dist/parseWorker.js): module texts by URI. */
export interface BatchRequest {
  readonly id: number;
  readonly files: readonly (readonly [uri: string, text: string])[];
}

/** A worker's answer: the facts of the request's modules in its order, as factStore's encode writes them. */
export interface BatchReply {
  readonly id: number;
  /** Missing when they could not be encoded; an undefined entry for a module the worker could not extract. */
  readonly data?: Uint8Array;
}

export interface ParseWorkersOptions {
  /** The worker bundle, dist/parseWorker.js. */
  readonly script: string;
  /** Where the worker finds the tree-sitter wasm files. */
  readonly wasmDir: string;
  /**
   * Worker threads. By default one per idle core beyond the main thread's (cores minus the 1-minute load average, at
   * most MAX_THREADS), judged when a pass would start them: on a busy machine they only add work.
   */
  readonly threads?: number;
  /** Idle cores (tests set it); by default `os.availableParallelism() - os.loadavg()[0]`. */
  readonly idleCores?: () => number;
  /** Queued source bytes from which the workers start (measured: docs/performance.md); below, all stays in-thread. */
  readonly minBytes?: number;
  readonly log?: Logger;
}

const MAX_THREADS = 3;
/**
 * Below this much queued source, starting a worker and loading its wasm costs more than the worker saves. Since
 * extraction reads trees flat, one worker made a 1.1 MB project's cold pass ~11 % slower and a 4.5 MB one's ~7 %
 * faster (docs/performance.md); it was 512 KiB before.
 */
export const MIN_BYTES = 2 * 1024 * 1024;
/** A pass parsing fewer modules never queues them. */
const MIN_FILES = 8;
/** Batches sent ahead per worker, so it never waits for the (busy) main thread to hand it the next one. */
const AHEAD = 2;

interface Job {
  readonly uri: string;
  text: string;
  state: 'queued' | 'taken' | 'sent' | 'done';
  resolve: (f: PyModuleFacts | undefined) => void;
}

interface Slot {
  readonly worker: Worker;
  readonly inFlight: Map<number, Job[]>;
}

/**
 * Python fact extraction on worker threads for the cold pass of a large project. The main thread takes queued jobs
 * from the front (it extracts them itself, in order) while the workers take batches from the back; what the workers
 * return is what the main thread would have extracted (sent in the facts store's encoding, decoded here). A worker
 * that fails ends the pool: its jobs and every later one are extracted in-thread, and the failure is logged once.
 */
export class ParseWorkers implements FactsPool {
  /** Fixed by the caller, or undefined: as many as the machine has idle cores for, judged at start. */
  private readonly fixedThreads: number | undefined;
  private readonly idleCores: () => number;
  private readonly minBytes: number;
  /** Source bytes submitted and not yet taken back or finished. */
  private queuedBytes = 0;
  private readonly log: Logger;
  private readonly slots: Slot[] = [];
  private queue: Job[] = [];
  private nextId = 0;
  private closed = false;

  constructor(private readonly options: ParseWorkersOptions) {
    this.fixedThreads = options.threads === undefined ? undefined : Math.max(0, options.threads);
    this.idleCores = options.idleCores ?? (() => os.availableParallelism() - os.loadavg()[0]!);
    this.minBytes = options.minBytes ?? MIN_BYTES;
    this.log = options.log ?? NULL_LOGGER;
  }

  worth(files: number): boolean {
    return !this.closed && this.fixedThreads !== 0 && files >= MIN_FILES;
  }

  submit(uri: string, text: string): FactsJob {
    if (this.closed) return { take: () => true, facts: Promise.resolve(undefined) };
    let resolve: Job['resolve'] = () => undefined;
    const facts = new Promise<PyModuleFacts | undefined>((r) => (resolve = r));
    const job: Job = { uri, text, state: 'queued', resolve };
    this.queue.push(job);
    this.queuedBytes += text.length;
    this.pump();
    return {
      take: () => {
        if (job.state === 'queued') {
          job.state = 'taken';
          this.queuedBytes -= job.text.length;
          job.text = '';
          job.resolve(undefined);
        }
        return job.state === 'taken' || (job.state === 'done' && this.closed);
      },
      facts,
    };
  }

  /** Ends the workers; what they were doing is extracted in-thread by whoever waits for it. */
  dispose(): void {
    this.close();
  }

  private close(): void {
    this.closed = true;
    for (const s of this.slots.splice(0)) {
      for (const jobs of s.inFlight.values()) for (const j of jobs) this.finish(j, undefined);
      void s.worker.terminate();
    }
    for (const j of this.queue) if (j.state === 'queued') this.finish(j, undefined);
    this.queue = [];
  }

  private finish(j: Job, facts: PyModuleFacts | undefined): void {
    if (j.state === 'done') return;
    if (j.state === 'queued' || j.state === 'sent') this.queuedBytes -= j.text.length;
    j.state = 'done';
    j.text = '';
    j.resolve(facts);
  }

  private failed(why: string): void {
    if (this.closed) return;
    this.log.warn(`parse_workers_failed ${why}: parsing in-thread from now on`);
    this.close();
  }

  /**
   * Threads to start now: the fixed number, or one per idle core beyond the one this thread uses (counting a core at
   * least half idle: an idle 2-core machine reads a load of 0.1–0.5 and gets one).
   */
  private wanted(): number {
    if (this.fixedThreads !== undefined) return this.fixedThreads;
    return Math.max(0, Math.min(MAX_THREADS, os.availableParallelism() - 1, Math.floor(this.idleCores() - 0.5)));
  }

  private spawn(threads: number): void {
    this.log.info(`parse_workers_started threads=${threads} queued_bytes=${this.queuedBytes}`);
    while (this.slots.length < threads && !this.closed) {
      let worker: Worker;
      try {
        worker = new Worker(this.options.script, { workerData: { wasmDir: this.options.wasmDir } });
      } catch (err) {
        this.failed(err instanceof Error ? err.message : String(err));
        return;
      }
      const slot: Slot = { worker, inFlight: new Map() };
      worker.on('message', (m: BatchReply) => this.received(slot, m));
      const failed = (why: string): void => this.failed(why);
      worker.on('error', (err) => failed(err instanceof Error ? err.message : String(err)));
      worker.on('exit', (code) => failed(`exit ${code}`));
      worker.unref();
      this.slots.push(slot);
    }
  }

  private received(slot: Slot, m: BatchReply): void {
    const jobs = slot.inFlight.get(m.id);
    if (!jobs) return;
    slot.inFlight.delete(m.id);
    const facts = m.data ? decode(Buffer.from(m.data.buffer, m.data.byteOffset, m.data.byteLength)) : undefined;
    jobs.forEach((j, i) => this.finish(j, Array.isArray(facts) ? (facts[i] as PyModuleFacts | undefined) : undefined));
    // An idle worker does not keep the process alive (the CLI exits once its pass is done).
    if (!slot.inFlight.size) slot.worker.unref();
    this.pump();
  }

  /** Sends batches from the back of the queue to every worker with room for one. */
  private pump(): void {
    if (this.closed) return;
    while (this.queue.length && this.queue[this.queue.length - 1]?.state !== 'queued') this.queue.pop();
    if (!this.queue.length) return;
    if (!this.slots.length) {
      // Only a pass large enough, on a machine with a core to spare, starts them; once started they take what is queued.
      const threads = this.queuedBytes < this.minBytes ? 0 : this.wanted();
      if (!threads) return;
      this.spawn(threads);
      if (this.closed) return;
    }
    for (const slot of this.slots) {
      while (slot.inFlight.size < AHEAD) {
        const batch = this.takeBack(this.batchSize());
        if (!batch.length) return;
        const id = this.nextId++;
        slot.inFlight.set(id, batch);
        slot.worker.ref();
        slot.worker.postMessage({ id, files: batch.map((j) => [j.uri, j.text] as const) } satisfies BatchRequest);
      }
    }
  }

  /** Small batches while the queue is short (the main thread may be about to take those jobs), larger when long. */
  private batchSize(): number {
    return Math.max(1, Math.min(32, Math.floor(this.queue.length / (4 * this.slots.length + 4))));
  }

  private takeBack(n: number): Job[] {
    const out: Job[] = [];
    while (out.length < n && this.queue.length) {
      const j = this.queue.pop() as Job;
      if (j.state !== 'queued') continue;
      j.state = 'sent';
      out.push(j);
    }
    return out;
  }
}

/** The pool beside a bundle (dist/parseWorker.js), or undefined when the machine has no core to spare or the file is missing. */
export function parseWorkersBeside(bundleDir: string, log?: Logger): ParseWorkers | undefined {
  const script = path.join(bundleDir, 'parseWorker.js');
  if (os.availableParallelism() < 2 || !fs.existsSync(script)) return undefined;
  const num = (v: string | undefined): number | undefined => (v && /^\d+$/.test(v) ? Number(v) : undefined);
  const threads = num(process.env['KEDRO_LENS_PARSE_THREADS']);
  const minBytes = num(process.env['KEDRO_LENS_PARSE_MIN_BYTES']);
  return new ParseWorkers({ script, wasmDir: bundleDir, ...(threads !== undefined ? { threads } : {}), ...(minBytes !== undefined ? { minBytes } : {}), ...(log ? { log } : {}) });
}
