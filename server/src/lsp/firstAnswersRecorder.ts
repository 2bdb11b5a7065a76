import type { DirEntry, Logger, SourceHost, SourceText } from '../core/types';
import { dirHash, readHash, RECORD_FORMAT, stateKey, writeRecord, type DocAnswers, type FirstAnswersRecord } from '../startup/firstAnswers';

/** After a pass, how long the editor must be quiet before the record is written (typing writes nothing). */
const WRITE_AFTER_MS = 3000;

/** Remembers the last answer of every read the analysis made: the state its published answers are about. */
export class RecordingHost implements SourceHost {
  private readonly texts = new Map<string, SourceText | undefined>();
  private readonly dirs = new Map<string, readonly DirEntry[] | undefined>();
  private readonly reals = new Map<string, string | undefined>();
  /** Reads started and not yet answered: one in flight at `settle` may be of a stopped pass and land after it. */
  private inFlight = 0;

  constructor(private readonly inner: SourceHost) {}

  read(uri: string): Promise<SourceText | undefined> {
    return this.tracked(() => this.inner.read(uri), (src) => this.texts.set(uri, src));
  }

  readDir(uri: string): Promise<readonly DirEntry[] | undefined> {
    return this.tracked(() => this.inner.readDir(uri), (entries) => this.dirs.set(uri, entries));
  }

  realPath(uri: string): Promise<string | undefined> {
    return this.tracked(async () => (this.inner.realPath ? this.inner.realPath(uri) : undefined), (real) => this.reals.set(uri, real));
  }

  private async tracked<T>(read: () => Promise<T>, keep: (answer: T) => void): Promise<T> {
    this.inFlight++;
    try {
      const answer = await read();
      keep(answer);
      return answer;
    } finally {
      this.inFlight--;
    }
  }

  /**
   * A pass completed: what was read so far is the state its answers are about — kept as it is now, so that a pass
   * begun after it (reads of its own) does not change it. Undefined when a read is still in flight.
   */
  settle(): ReadState | undefined {
    if (this.inFlight) return undefined;
    const texts = new Map(this.texts);
    const dirs = new Map(this.dirs);
    const reals = new Map(this.reals);
    return {
      state: () => {
        // Sorted: reads run concurrently, so the order they finish in says nothing about the state (one state, one file).
        const sorted = <V>(m: Map<string, V>, f: (v: V) => string) => [...m.keys()].sort().map((u) => [u, f(m.get(u) as V)] as const);
        return { reads: sorted(texts, readHash), dirs: sorted(dirs, dirHash), reals: sorted(reals, (r) => r ?? 'none') };
      },
    };
  }
}

/** The reads of a completed pass; hashed only when a record is written. */
export interface ReadState {
  state(): Pick<FirstAnswersRecord, 'reads' | 'dirs' | 'reals'>;
}

/** What the session knows of a pass it just completed; undefined when a record would not describe it. */
export interface PassSnapshot {
  readonly settings: string;
  /** What the session published, by URI, as JSON of the list (a copy: the next pass publishes into its own). */
  readonly published: ReadonlyMap<string, string>;
  /** The open documents' answers, computed when a record is written (the pass's analysis is kept until then). */
  readonly docs: () => Readonly<Record<string, DocAnswers>>;
}

/**
 * Writes the first-answer record of the last completed pass, once the editor is quiet and at shutdown — also when
 * another pass has begun since (a shutdown under load used to find one running and write nothing).
 */
export class FirstAnswersRecorder {
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The last completed pass, as taken when it completed; undefined when a record would not describe it. */
  private pass: { reads: ReadState; snap: PassSnapshot } | undefined;
  /** The `initialize` key and answer (set at initialize). */
  init: { key: string; result: unknown } | undefined;
  private written = '';

  constructor(
    private readonly dir: string,
    readonly host: RecordingHost,
    private readonly snapshot: () => PassSnapshot | undefined,
    private readonly log: Logger,
  ) {}

  /** A pass completed: its reads are settled now (not at the write, when another pass may be reading). */
  passDone(): void {
    const reads = this.host.settle();
    const snap = reads && this.snapshot();
    this.pass = reads && snap ? { reads, snap } : undefined;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.write(), WRITE_AFTER_MS).unref();
  }

  /** Writes the last completed pass's record now if it differs from what was written (shutdown; the quiet timer). */
  write(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.pass || !this.init) return;
    const { reads, snap } = this.pass;
    const record: FirstAnswersRecord = {
      format: RECORD_FORMAT,
      init: this.init.key,
      settings: snap.settings,
      ...reads.state(),
      initResult: this.init.result,
      diagnostics: [...snap.published].map(([uri, json]) => [uri, JSON.parse(json) as unknown[]] as const),
      docs: snap.docs(),
    };
    const started = Date.now();
    const state = stateKey(record);
    if (state === this.written) return;
    const file = writeRecord(this.dir, record, state);
    if (file) this.written = state;
    this.log.debug(`first_answers_written ${file ? `reads=${record.reads.length} published=${record.diagnostics.length} docs=${Object.keys(record.docs).length}` : 'failed'} ms=${Date.now() - started}`);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.pass = undefined;
  }
}
