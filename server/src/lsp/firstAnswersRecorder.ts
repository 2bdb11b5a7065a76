import type { DirEntry, Logger, SourceHost, SourceText } from '../core/types';
import { dirHash, readHash, RECORD_FORMAT, stateKey, writeRecord, type DocAnswers, type FirstAnswersRecord } from '../startup/firstAnswers';

/** After a pass, how long the editor must be quiet before the record is written (typing writes nothing). */
const WRITE_AFTER_MS = 3000;

/** Remembers the last answer of every read the analysis made: the state its published answers are about. */
export class RecordingHost implements SourceHost {
  private readonly texts = new Map<string, SourceText | undefined>();
  private readonly dirs = new Map<string, readonly DirEntry[] | undefined>();
  private readonly reals = new Map<string, string | undefined>();
  /** Counted when a read starts and when it ends: one still in flight at `settle` leaves the state unsettled. */
  private ops = 0;
  private settledAt = -1;

  constructor(private readonly inner: SourceHost) {}

  async read(uri: string): Promise<SourceText | undefined> {
    this.ops++;
    const src = await this.inner.read(uri);
    this.texts.set(uri, src);
    this.ops++;
    return src;
  }

  async readDir(uri: string): Promise<readonly DirEntry[] | undefined> {
    this.ops++;
    const entries = await this.inner.readDir(uri);
    this.dirs.set(uri, entries);
    this.ops++;
    return entries;
  }

  async realPath(uri: string): Promise<string | undefined> {
    this.ops++;
    const real = this.inner.realPath ? await this.inner.realPath(uri) : undefined;
    this.reals.set(uri, real);
    this.ops++;
    return real;
  }

  /** A pass completed: what was read so far is the state its answers are about. */
  settle(): void {
    this.settledAt = this.ops;
  }

  /** No read since the last completed pass (none in flight, none of a stopped pass). */
  get settled(): boolean {
    return this.ops === this.settledAt;
  }

  state(): Pick<FirstAnswersRecord, 'reads' | 'dirs' | 'reals'> {
    // Sorted: reads run concurrently, so the order they finish in says nothing about the state (one state, one file).
    const sorted = <V>(m: Map<string, V>, f: (v: V) => string) => [...m.keys()].sort().map((u) => [u, f(m.get(u) as V)] as const);
    return { reads: sorted(this.texts, readHash), dirs: sorted(this.dirs, dirHash), reals: sorted(this.reals, (r) => r ?? 'none') };
  }
}

/** What the session knows of its last completed pass; undefined when a record would not describe it. */
export interface PassSnapshot {
  readonly settings: string;
  /** What the session last published, by URI, as JSON of the list. */
  readonly published: ReadonlyMap<string, string>;
  readonly docs: Readonly<Record<string, DocAnswers>>;
}

/** Writes the first-answer record of the last completed pass, once the editor is quiet and at shutdown. */
export class FirstAnswersRecorder {
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The `initialize` key and answer (set at initialize). */
  init: { key: string; result: unknown } | undefined;
  private written = '';

  constructor(
    private readonly dir: string,
    readonly host: RecordingHost,
    private readonly snapshot: () => PassSnapshot | undefined,
    private readonly log: Logger,
  ) {}

  passDone(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.write(), WRITE_AFTER_MS).unref();
  }

  /** Writes now if the last pass is settled and differs from what was written (shutdown; the quiet timer). */
  write(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const snap = this.host.settled && this.init ? this.snapshot() : undefined;
    if (!snap || !this.init) return;
    const record: FirstAnswersRecord = {
      format: RECORD_FORMAT,
      init: this.init.key,
      settings: snap.settings,
      ...this.host.state(),
      initResult: this.init.result,
      diagnostics: [...snap.published].map(([uri, json]) => [uri, JSON.parse(json) as unknown[]] as const),
      docs: snap.docs,
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
  }
}
