// The loader's front: on a start with first-answer records (startup/firstAnswers.ts) it answers `initialize`, asks the
// client for the settings, checks every read of the newest matching record against the disk and the opened documents,
// and then publishes that record's diagnostics and answers definition and hover from it, before the ~1.5 MB server
// bundle has loaded. Then the bundle loads and gets every message the front took, in order (the `initialize` it
// answered too, whose second answer is dropped), and from then on the front only passes messages through, answering
// definition and hover from the record until the server's own first pass is out or the state changes.
import { parseSettings } from '../../../common/settings';
import { FsSourceHost } from '../host/fsHost';
import { answerAt, fitKey, initKey, loadRecord, settingsKey, StateProbe, textHash, type FirstAnswersRecord, type StoredRecords } from './firstAnswers';
import type { FrontHandover, ServerWire } from './hook';
import type { Message, Wire } from './wire';

/** Ids of the front's own requests to the client: strings the server's numeric ids never equal. */
const OWN_ID = 'kedro-lens-front-settings-';
/** How long the front may hold the server back (waiting for the client's settings, checking the record). */
const WAIT_MS = 1000;
/** Notifications after which the state is not the one checked: no more answers from the record. */
const STATE_CHANGES = new Set([
  'textDocument/didChange',
  'textDocument/didClose',
  'workspace/didChangeWatchedFiles',
  'workspace/didChangeWorkspaceFolders',
  'notebookDocument/didOpen',
  'notebookDocument/didChange',
  'notebookDocument/didClose',
  'shutdown',
  'exit',
]);

interface Candidate {
  readonly file: string;
  readonly record: FirstAnswersRecord;
}

const obj = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {});

export class Front {
  /** Messages for the server, in arrival order; undefined: a request the front answered. */
  private queue: (Message | undefined)[] = [];
  private serverListener: ((m: Message) => void) | undefined;
  private flushing = false;
  /** Client requests the server will also answer (the replayed `initialize`): its answer is dropped. */
  private readonly dropAnswers = new Map<unknown, string>();
  /** The server's own answer to `initialize` was not the one the front sent (the record's). */
  private initDiffers = false;
  private readonly open = new Map<string, string>();
  private readonly hashes = new Map<string, { text: string; hash: string }>();
  private initParams: Record<string, unknown> | undefined;
  private settings: string | undefined;
  private checking = false;
  /** The record the state matched; undefined while unknown or when none did. */
  private matched: Candidate | undefined;
  /** Answers may still come from the record (no state change, the server's first pass not out). */
  private answering = true;
  private loaded = false;
  /** Definition and hover requests that arrived before the check ended, by their queue slot. */
  private readonly waiting: { msg: Message; slot: number }[] = [];
  private readonly published = new Map<string, string>();
  private shutdown = false;
  // Date.now, not performance.now: the first use of `performance` loads perf_hooks (~2 ms of the front's start).
  private readonly started = Date.now();
  private report = 'no_match';

  constructor(
    private readonly wire: Wire,
    private readonly stored: StoredRecords,
    /** Loads the server bundle, which takes over through the handover. */
    private readonly load: (handover: FrontHandover) => void,
  ) {
    wire.onMessage((m) => {
      try {
        this.receive(m);
      } catch (err) {
        // Never a start that fails because of the front: the server gets everything and answers it all.
        process.stderr.write(`kedro-lens: first answers failed: ${String(err)}\n`);
        this.stopAnswering('failed');
        if (this.lastForwarded !== m) this.forward(m);
      }
    });
    wire.onClose(() => process.exit(this.shutdown ? 0 : 1));
    // A client that never answers the settings request (or never sends `initialized`) must not keep the server from
    // loading: it then starts as it would without a record.
    setTimeout(() => {
      if (!this.loaded) this.stopAnswering('timeout');
    }, WAIT_MS).unref();
  }

  private send(msg: Message): void {
    this.wire.send({ jsonrpc: '2.0', ...msg });
  }

  private receive(m: Message): void {
    const method = typeof m['method'] === 'string' ? m['method'] : undefined;
    if (method === undefined && typeof m['id'] === 'string' && m['id'].startsWith(OWN_ID)) return this.settingsAnswered(m);
    if (method === 'shutdown') this.shutdown = true;
    if ((method === 'textDocument/definition' || method === 'textDocument/hover') && 'id' in m && this.answering) {
      if (this.matched && this.asking === 0 && this.answer(m)) return;
      if (!this.matched && !this.loaded) {
        this.waiting.push({ msg: m, slot: this.queue.length });
        this.queue.push(m);
        return;
      }
    }
    if (method && STATE_CHANGES.has(method)) this.stopAnswering('state_changed');
    this.forward(m);
    if (method === 'workspace/didChangeConfiguration') this.configurationChanged(m);
    if (method === 'initialize' && !this.initParams) this.initialize(m);
    else if (method === 'initialized') this.initialized();
    else if (method === 'textDocument/didOpen') this.opened(m);
  }

  private lastForwarded: Message | undefined;

  private forward(m: Message): void {
    this.lastForwarded = m;
    if (this.serverListener && !this.flushing && this.queue.length === 0) this.serverListener(m);
    else this.queue.push(m);
  }

  private initialize(m: Message): void {
    this.initParams = obj(m['params']);
    this.dropAnswers.set(m['id'], JSON.stringify(this.stored.initResult));
    this.send({ id: m['id'], result: this.stored.initResult });
  }

  private pulls = (): boolean => !!obj(obj(obj(this.initParams)['capabilities'])['workspace'])['configuration'];
  /** Settings requests sent and not answered yet; ids from a counter of their own. */
  private asking = 0;
  private asked = 0;

  /** What the server's own configuration request asks (connection.workspace.getConfiguration('kedro')). */
  private askSettings(): void {
    this.asking++;
    this.send({ id: `${OWN_ID}${++this.asked}`, method: 'workspace/configuration', params: { items: [{ section: 'kedro' }] } });
  }

  private initialized(): void {
    if (this.pulls()) return this.askSettings();
    this.settingsKnown(settingsKey(parseSettings(obj(obj(this.initParams)['initializationOptions'])['settings'])));
  }

  private settingsAnswered(m: Message): void {
    this.asking--;
    const result = m['result'];
    if (!this.answering) return;
    // As the server: a failed request leaves the settings it had, which the front does not know here.
    if (!Array.isArray(result)) return this.stopAnswering('settings_failed');
    this.settingsKnown(settingsKey(parseSettings(result[0])));
  }

  /**
   * VS Code's client sends one right after `initialized` (synchronize.configurationSection). The server then asks for
   * the settings again: so does the front, unless its first request is still on its way (its answer is newer).
   */
  private configurationChanged(m: Message): void {
    if (!this.answering || this.settings === undefined) return;
    if (this.pulls()) {
      if (this.asking === 0) this.askSettings();
    } else this.settingsKnown(settingsKey(parseSettings(obj(obj(m['params'])['settings'])['kedro'])));
  }

  private settingsKnown(key: string): void {
    if (this.settings !== undefined && key !== this.settings) return this.stopAnswering('settings_changed');
    this.settings = key;
    void this.check();
  }

  private opened(m: Message): void {
    const doc = obj(obj(m['params'])['textDocument']);
    if (typeof doc['uri'] !== 'string' || typeof doc['text'] !== 'string') return;
    this.open.set(doc['uri'], doc['text']);
    // Opened after the check: the record still holds if the analysis read that text from disk (or did not read it).
    const read = this.matched?.record.reads.find(([u]) => u === doc['uri']);
    if (read && read[1] !== this.hashOf(doc['uri'], doc['text'])) this.stopAnswering('state_changed');
  }

  private hashOf(uri: string, text: string): string {
    const known = this.hashes.get(uri);
    if (known?.text === text) return known.hash;
    const hash = textHash(text);
    this.hashes.set(uri, { text, hash });
    return hash;
  }

  private async check(): Promise<void> {
    if (this.checking || !this.answering || !this.initParams || this.settings === undefined) return;
    this.checking = true;
    const init = initKey(this.initParams);
    const settings = this.settings;
    const fitting = this.stored.files.filter((f) => f.fit === fitKey(init, settings));
    const folders = Array.isArray(this.initParams['workspaceFolders']) ? this.initParams['workspaceFolders'].map((f) => String(obj(f)['uri'])) : typeof this.initParams['rootUri'] === 'string' ? [this.initParams['rootUri']] : [];
    // The server's disk host: confined to the workspace folders, the open documents winning over disk.
    const probe = new StateProbe(new FsSourceHost({ roots: folders.filter((u) => u.startsWith('file:')) }), this.open);
    let matched: Candidate | undefined;
    try {
      for (const { file } of fitting) {
        // Read only now, and only those whose name fits: the name is a short hash, the content says for sure.
        const record = loadRecord(file);
        if (record && record.init === init && record.settings === settings && (await probe.matches(record))) {
          matched = { file, record };
          break;
        }
      }
    } catch {
      matched = undefined;
    }
    if (!this.answering) return;
    if (!matched) return this.handover(fitting.length ? 'changed' : 'no_record_for_settings');
    this.matched = matched;
    for (const [uri, diagnostics] of matched.record.diagnostics) {
      this.published.set(uri, JSON.stringify(diagnostics));
      this.send({ method: 'textDocument/publishDiagnostics', params: { uri, diagnostics } });
    }
    for (const w of this.waiting.splice(0)) if (this.answer(w.msg)) this.queue[w.slot] = undefined;
    this.report = `used ms=${Date.now() - this.started} published=${this.published.size}`;
    // A turn for requests already on their way (a definition asked right after opening), then the bundle.
    setImmediate(() => this.handover(this.report));
  }

  /** Answers a definition or hover request from the matched record; false when the record has no answer for it. */
  private answer(m: Message): boolean {
    const params = obj(m['params']);
    const uri = obj(params['textDocument'])['uri'];
    const pos = obj(params['position']);
    const doc = typeof uri === 'string' ? this.matched?.record.docs[uri] : undefined;
    const text = typeof uri === 'string' ? this.open.get(uri) : undefined;
    if (!doc || text === undefined || typeof pos['line'] !== 'number' || typeof pos['character'] !== 'number') return false;
    if (this.hashOf(uri as string, text) !== doc.hash) return false;
    const hit = answerAt(doc, pos['line'], pos['character']);
    const result = m['method'] === 'textDocument/definition' ? (hit?.[4] ?? []) : hit?.[5] ? { contents: { kind: 'markdown', value: hit[5] } } : null;
    this.send({ id: m['id'], result });
    return true;
  }

  /** The state changed after the record matched: the first pass can't confirm or refute it. */
  private changedAfterMatch = false;

  private stopAnswering(why: string): void {
    if (!this.answering) return;
    this.answering = false;
    if (this.matched) this.changedAfterMatch = true;
    else this.report = why;
    this.handover(this.report);
  }

  private handover(report: string): void {
    if (this.loaded) return;
    this.loaded = true;
    this.report = report;
    const wire: ServerWire = {
      listen: (listener) => {
        this.serverListener = listener;
        this.flushing = true;
        // After the bundle's own start-up code, as a transport's first data event would come.
        setImmediate(() => {
          for (let i = 0; i < this.queue.length; i++) {
            const m = this.queue[i];
            if (m) listener(m);
          }
          this.queue = [];
          this.flushing = false;
        });
      },
      send: (msg) => {
        const sent = 'method' in msg ? undefined : this.dropAnswers.get(msg['id']);
        if (sent === undefined) return this.wire.send(msg);
        this.dropAnswers.delete(msg['id']);
        if (JSON.stringify(msg['result']) !== sent) this.initDiffers = true;
      },
    };
    this.load({
      wire,
      published: this.published,
      report: () => (this.initDiffers ? `${this.report} initialize_differs` : this.report),
      matchedFile: () => (this.changedAfterMatch ? undefined : this.matched?.file),
      firstPassDone: () => {
        this.answering = false;
      },
    });
  }
}
