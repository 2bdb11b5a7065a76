import { rmSync } from 'node:fs';
import { VERSION } from '../version';
import {
  LSPErrorCodes,
  ResponseError,
  type CancellationToken,
  DidChangeWatchedFilesNotification,
  NotebookDocuments,
  FileChangeType,
  TextDocumentSyncKind,
  TextDocuments,
  type Connection,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ProjectChangedNotification, ProjectsRequest, type ProjectsResult } from '../../../common/protocol';
import { DEFAULTS, parseSettings, type Settings } from '../../../common/settings';
import type { Logger, Problem } from '../core/types';
import { basenameUri } from '../core/uri';
import type { ProjectModel } from '../project/model';
import { FsSourceHost } from '../host/fsHost';
import picomatch from 'picomatch';
import { flatTrees, pythonParser } from '../parsing/python/treeSitter';
import { PY_FACTS_VERSION } from '../parsing/python/moduleFacts';
import { factStoreUnder, type DiskFactStore } from '../host/factStore';
import { parseWorkersBeside, type ParseWorkers } from '../host/parseWorkers';
import { flatTreesWanted } from '../host/flatTrees';
import { KedroWorkspace, type WorkspaceAnalysis } from '../analysis/workspace';
import { versionJson } from '../project/projectVersions';
import { toDiagnostic } from './convert';
import { connectionLogger } from './logger';
import { OverlayHost } from './overlayHost';
import { documentAnswers, guard, PROVIDER_CAPABILITIES, ownerOf, registerHandlers } from './handlers';
import { PassScheduler } from './passScheduler';
import { startupHook } from '../startup/hook';
import { initKey, settingsKey, textHash, type DocAnswers } from '../startup/firstAnswers';
import { FirstPass } from './firstPass';
import { FirstAnswersRecorder, RecordingHost } from './firstAnswersRecorder';

// Short: a pass already stops early when a newer edit arrives, so waiting only adds latency.
const DEBOUNCE_MS = 40;

/** How long a request waits for the pass that reads its document's text before it is answered from the last one. */
const SETTLE_MS = 5000;
/** After the first publish: when the parser is loaded if no file needed it yet (before the user's first edit). */
const PARSER_WARM_MS = 1000;

const WATCHED_GLOBS = ['**/*.py', '**/*.ipynb', '**/conf/**/*.{yml,yaml,json}', '**/pyproject.toml'];
const isWatchedPath = picomatch(WATCHED_GLOBS, { dot: true });

/** Wires one connection to one KedroWorkspace: documents, watchers, settings, analysis scheduling, publishing. */
export function startSession(conn: Connection, wasmDir: string): void {
  const documents = new TextDocuments(TextDocument);
  const notebooks = new NotebookDocuments(TextDocument);
  let settings: Settings = DEFAULTS;
  const log: Logger = connectionLogger(conn, () => settings.traceServer !== 'off');
  // Confined to the workspace folders (set at initialize): defence in depth behind project/boundary.ts.
  const disk = new FsSourceHost({ roots: [], onRefused: (p) => log.warn(`outside_refused ${p}`) });
  /** Folders changed after initialize: the next start's `initialize` could not describe this state. */
  let foldersChanged = false;
  const setFolders = (uris: string[]): void => {
    if (workspace) foldersChanged = true;
    folders = uris;
    disk.setRoots(uris.filter((u) => u.startsWith('file:')));
  };
  const host = new OverlayHost(disk, documents, notebooks.cellTextDocuments);
  const startup = startupHook();
  /** What the loader's front published before this bundle loaded (startup/front.ts); the first pass confirms it. */
  const front = startup?.front;
  // Every read of the analysis is remembered, for the next start's first answers (startup/firstAnswers.ts).
  const recording = startup?.recordDir ? new RecordingHost(host) : undefined;
  let workspace: KedroWorkspace | undefined;
  /** Facts kept between starts, under initializationOptions.cacheDir (the extension's global storage). */
  let factStore: DiskFactStore | undefined;
  /** Threads for the cold pass of a large project; ended on shutdown. */
  let parseWorkers: ParseWorkers | undefined;
  let folders: string[] = [];
  let caps = { related: false, configuration: false, watchers: false, progress: false, folders: false, lensRefresh: false, tokensRefresh: false };
  // What the client shows: the front's diagnostics (published before this bundle loaded) until a pass says otherwise,
  // so a list the first pass does not have is cleared even if that pass fails and a later one succeeds.
  const published = new Map<string, string>(front?.published ?? []);
  const scheduler = new PassScheduler((isCancelled) => runAnalysis(isCancelled), DEBOUNCE_MS, (err) => log.error('analysis_failed', err));
  const schedule = (delay?: number): void => scheduler.schedule(delay);
  let rediscover = true;
  /** The editor texts the last completed pass read, by URI: what its ranges are about. */
  let analysedTexts: ReadonlyMap<string, string> = new Map();
  /** What the last completed pass published, by URI (code actions fix these once they are about the current text). */
  let lastDiagnostics: ReadonlyMap<string, readonly Diagnostic[]> = new Map();
  const firstPass = new FirstPass();
  /** The models the running first pass built so far, each with the editor texts it had read by then. */
  let firstModels: { readonly model: ProjectModel; readonly texts: ReadonlyMap<string, string> }[] = [];
  /** The settings of the last completed pass (what its answers are about). */
  let passSettings = '';
  const recorder =
    startup?.recordDir && recording
      ? new FirstAnswersRecorder(
          startup.recordDir,
          recording,
          () => {
            // Taken as a pass completes. Parts no `initialize` and no file describe: nothing to record.
            const last = workspace?.last;
            if (foldersChanged || notebooks.cellTextDocuments.all().length > 0 || !last) return undefined;
            // Each open document by the text the pass read (it may have been typed in since), answered from its analysis.
            const texts = documents.all().map((doc) => [doc.uri, analysedTexts.get(doc.uri) ?? doc.getText()] as const);
            const docs = (): Record<string, DocAnswers> => {
              const out: Record<string, DocAnswers> = {};
              for (const [uri, text] of texts) out[uri] = { hash: textHash(text), entries: documentAnswers(last, uri) };
              return out;
            };
            return { settings: passSettings, published: new Map(published), docs };
          },
          log,
        )
      : undefined;
  // The parser (two wasm modules, ~20 ms of CPU to compile) loads on the first file whose facts are not in the store:
  // a warm start with every file stored never needs it before its first answers.
  let parserLogged = false;
  const loadParser = (): ReturnType<typeof pythonParser> => {
    const started = Date.now();
    return pythonParser(wasmDir, { flatTrees: flatTreesWanted() }).then((parser) => {
      // flat_trees: whether this build's binding read its start-up sample alike (else the library's nodes are read).
      if (!parserLogged) log.debug(`parser_loaded ms=${Date.now() - started} flat_trees=${flatTrees()} first_pass_done=${firstPass.finished}`);
      parserLogged = true;
      return parser;
    });
  };

  conn.onInitialize((params: InitializeParams): InitializeResult => {
    const c = params.capabilities;
    caps = {
      related: !!c.textDocument?.publishDiagnostics?.relatedInformation,
      configuration: !!c.workspace?.configuration,
      watchers: !!c.workspace?.didChangeWatchedFiles?.dynamicRegistration,
      progress: !!c.window?.workDoneProgress,
      folders: !!c.workspace?.workspaceFolders,
      lensRefresh: !!c.workspace?.codeLens?.refreshSupport,
      tokensRefresh: !!c.workspace?.semanticTokens?.refreshSupport,
    };
    setFolders(params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []));
    if (params.initializationOptions && typeof params.initializationOptions === 'object') {
      settings = parseSettings((params.initializationOptions as Record<string, unknown>)['settings']);
      factStore = factStoreUnder((params.initializationOptions as Record<string, unknown>)['cacheDir'], wasmDir, VERSION, PY_FACTS_VERSION, log);
    }
    parseWorkers = parseWorkersBeside(wasmDir, log);
    workspace = new KedroWorkspace(recording ?? host, loadParser, log, { verifyReuse: process.env['KEDRO_LENS_VERIFY_REUSE'] === '1', ...(factStore ? { factStore } : {}), ...(parseWorkers ? { factsPool: parseWorkers } : {}) });
    // Without a store every file is parsed: compile the wasm while the handshake (initialized, configuration) goes on.
    if (!factStore) workspace.warmParser();
    const result: InitializeResult = {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
        ...PROVIDER_CAPABILITIES,
        notebookDocumentSync: { notebookSelector: [{ notebook: '*', cells: [{ language: 'python' }] }] },
      },
      serverInfo: { name: 'kedro-lens', version: VERSION },
    };
    if (recorder) recorder.init = { key: initKey(params as unknown as Record<string, unknown>), result };
    return result;
  });

  // Notifications are guarded like requests: a failure is logged with its tag and the server goes on.
  const on = <P>(tag: string, run: (p: P) => void | Promise<void>) => guard(log, tag, undefined, run);

  conn.onInitialized(on('initialized', async () => {
    if (caps.watchers) {
      // Once the editor reports changes of these files, their cached texts are used without a stat on every pass.
      void conn.client.register(DidChangeWatchedFilesNotification.type, { watchers: WATCHED_GLOBS.map((globPattern) => ({ globPattern })) }).then(
        () => disk.setWatched(isWatchedPath),
        () => undefined,
      );
    }
    if (caps.folders) {
      conn.workspace.onDidChangeWorkspaceFolders(on('didChangeWorkspaceFolders', (e) => {
        setFolders([...folders.filter((f) => !e.removed.some((r) => r.uri === f)), ...e.added.map((a) => a.uri)]);
        rediscover = true;
        schedule(0);
      }));
    }
    await refreshSettings();
    schedule(0);
  }));

  async function refreshSettings(): Promise<void> {
    if (!caps.configuration) return;
    try {
      settings = parseSettings(await conn.workspace.getConfiguration('kedro'));
    } catch (err) {
      log.warn(`settings_failed ${String(err)}`);
    }
  }

  async function runAnalysis(isCancelled: () => boolean): Promise<void> {
    try {
      // Made at initialize (the protocol sends nothing before it); a pass cannot run earlier.
      if (!workspace) return;
      const first = rediscover;
      const progress = first && caps.progress ? await conn.window.createWorkDoneProgress().catch(() => undefined) : undefined;
      progress?.begin('Kedro Lens', undefined, 'Indexing Kedro projects…');
      try {
        if (rediscover) {
          rediscover = false;
          const roots = await workspace.discover(folders);
          log.info(`projects_found count=${roots.length}${roots.length ? ` roots=${roots.join(',')}` : ''}`);
        }
        // A newer edit re-schedules; this pass then stops early and the next one runs on fresh text.
        const extraDocuments = notebooks.cellTextDocuments.all().flatMap((d) => {
          const nb = notebooks.findNotebookDocumentForCell(d.uri);
          return nb ? [{ uri: d.uri, ownerUri: nb.uri }] : [];
        });
        host.beginPass();
        const ran = settingsKey(settings);
        // A first pass the front published nothing for (no record matched): the open documents' node findings go out
        // before the rest. After a record's lists, a subset would take back what the record showed until the pass ends.
        const early = !firstPass.finished && !front?.published.size ? earlyFor(documents.all().map((d) => d.uri)) : undefined;
        const modelReady = firstPass.finished ? undefined : (model: ProjectModel) => {
          firstModels.push({ model, texts: host.readSoFar() });
          firstPass.progressed();
        };
        firstModels = [];
        const result = await workspace.analyze({ env: settings.environment, ruleOverrides: settings.rules, exclude: settings.exclude, kedroVersion: settings.kedroVersion, extraDocuments, ...(early ? { early } : {}), ...(modelReady ? { modelReady } : {}) }, isCancelled);
        // A stopped pass's models are about texts a newer edit replaced; a completed one's answer from `last`.
        firstModels = [];
        if (result) {
          passSettings = ran;
          analysedTexts = host.endPass();
          lastDiagnostics = publish(result);
          if (front && !firstPass.finished) confirmFront(front);
          recorder?.passDone();
          startup?.warmedUp();
          if (!firstPass.finished) {
            // Load the parser once the first answers are out, so the first edit of a file does not wait for it.
            const ws = workspace;
            setTimeout(() => ws.warmParser(), PARSER_WARM_MS).unref();
          }
          firstPass.finish();
          void conn.sendNotification(ProjectChangedNotification.type, { projectCount: result.projects.length, ms: result.stats.ms, pythonMs: result.stats.pythonMs, storedPython: result.stats.storedPython });
          // Lenses depend on the model, not on the text the client has: ask the client to refetch them.
          if (caps.lensRefresh) void conn.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
          if (caps.tokensRefresh) void conn.sendRequest('workspace/semanticTokens/refresh').catch(() => undefined);
        }
      } finally {
        progress?.done();
      }
    } catch (err) {
      log.error('analysis_failed', err);
      firstPass.finish();
    } finally {
      if (firstPass.finished) front?.firstPassDone();
    }
  }

  /** The first pass published: were the front's answers the same? A record that was not is removed. */
  function confirmFront(f: NonNullable<typeof front>): void {
    log.info(`first_answers ${f.report()}`);
    const file = f.matchedFile();
    if (!file) return;
    const stale = [...new Set([...f.published.keys(), ...published.keys()])].filter((uri) => f.published.get(uri) !== published.get(uri));
    if (!stale.length) return;
    // Corrected already (publish sent this pass's lists); the record must not be used again.
    rmSync(file, { force: true });
    const msg = `first_answers_stale uris=${stale.length} first=${stale[0]}`;
    if (process.env['KEDRO_LENS_VERIFY_REUSE'] === '1') log.error(msg);
    else log.warn(msg);
  }

  function publish(result: WorkspaceAnalysis): Map<string, Diagnostic[]> {
    const byUri = diagnosticsByUri(result.projects.flatMap((p) => p.problems));
    for (const uri of new Set([...published.keys(), ...byUri.keys()])) send(uri, byUri.get(uri) ?? []);
    return byUri;
  }

  function diagnosticsByUri(problems: readonly Problem[]): Map<string, Diagnostic[]> {
    const byUri = new Map<string, Diagnostic[]>();
    for (const p of problems) {
      const list = byUri.get(p.loc.uri) ?? [];
      list.push(toDiagnostic(p, caps.related));
      byUri.set(p.loc.uri, list);
    }
    return byUri;
  }

  /** Sends a document's list unless the client already shows exactly that one. */
  function send(uri: string, diagnostics: Diagnostic[]): void {
    const key = JSON.stringify(diagnostics);
    if (published.get(uri) === key || (!diagnostics.length && !published.has(uri))) return;
    if (diagnostics.length) published.set(uri, key);
    else published.delete(uri);
    void conn.sendDiagnostics({ uri, diagnostics });
  }

  /**
   * The open documents' early findings (a subset of what the pass will publish there), sent as each project's node
   * checks of them finish; the pass's publish then sends the whole lists that differ.
   */
  function earlyFor(uris: readonly string[]): { uris: ReadonlySet<string>; publish: (problems: readonly Problem[]) => void } | undefined {
    if (!uris.length) return undefined;
    return { uris: new Set(uris), publish: (problems) => diagnosticsByUri(problems).forEach((list, uri) => send(uri, list)) };
  }

  // An open document whose text is not in the store will be parsed by the first pass: start loading the parser now.
  documents.onDidOpen(on('didOpen', (e) => {
    const store = factStore;
    if (!store || !e.document.uri.endsWith('.py')) return;
    void store.get(store.key('py', e.document.getText())).then((v) => v === undefined && workspace?.warmParser(), () => undefined);
  }));
  documents.onDidChangeContent(on('didChange', () => schedule()));
  notebooks.cellTextDocuments.onDidChangeContent(on('notebookCellDidChange', () => schedule()));
  notebooks.onDidOpen(on('notebookDidOpen', () => schedule()));
  notebooks.onDidClose(on('notebookDidClose', () => schedule()));
  // The saved text reaches the disk before its file event: read it again rather than wait for the event.
  documents.onDidClose(on('didClose', (e) => {
    disk.invalidate(e.document.uri);
    schedule();
  }));
  documents.onDidSave(on('didSave', (e) => disk.invalidate(e.document.uri)));
  conn.onDidChangeWatchedFiles(on('didChangeWatchedFiles', (e) => {
    for (const change of e.changes) {
      disk.invalidate(change.uri);
      const name = basenameUri(change.uri);
      if (name === 'pyproject.toml') rediscover = true;
      if (change.type !== FileChangeType.Changed || name === 'settings.py') workspace?.invalidateLayouts();
    }
    schedule();
  }));
  conn.onDidChangeConfiguration(on('didChangeConfiguration', async (change) => {
    if (caps.configuration) await refreshSettings();
    else settings = parseSettings((change.settings as Record<string, unknown> | undefined)?.['kedro']);
    schedule(0);
  }));

  const documentAt = (uri: string): TextDocument | undefined => documents.get(uri) ?? notebooks.cellTextDocuments.get(uri);

  /**
   * Requests are answered from the last completed pass: mid-edit its ranges are about an older text (the outline has no
   * refresh, so it stayed stale until the next keystroke). Wait for the pass that reads the text the request was made
   * on; a newer edit makes the request moot (ContentModified: the client asks again).
   */
  async function settle(uri: string, token?: CancellationToken): Promise<boolean> {
    const doc = documentAt(uri);
    if (!doc) return false;
    const version = doc.version;
    const deadline = Date.now() + SETTLE_MS;
    while (analysedTexts.get(uri) !== doc.getText() && scheduler.busy()) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await scheduler.passEnd(left);
      if (token?.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'The request was cancelled.');
      if (documentAt(uri)?.version !== version) throw new ResponseError(LSPErrorCodes.ContentModified, 'The document changed; ask again.');
    }
    return analysedTexts.get(uri) === doc.getText();
  }

  /** The running first pass's model of the project that owns `uri`, if it read the document's current text. */
  function earlyModel(uri: string): ProjectModel | undefined {
    if (firstPass.finished) return undefined;
    const model = ownerOf(firstModels.map((m) => m.model), uri);
    const texts = firstModels.find((m) => m.model === model)?.texts;
    const doc = documentAt(uri);
    return model && (!doc || texts?.get(uri) === doc.getText()) ? model : undefined;
  }

  registerHandlers(conn, documentAt, () => workspace?.last, log, (uri) => disk.readDir(uri), () => settings.codeLens, settle, (uri) => lastDiagnostics.get(uri) ?? [], (ready) => firstPass.wait(ready), earlyModel);

  conn.onRequest(
    ProjectsRequest.type,
    guard(log, 'projects', { projects: [], ready: false }, (): ProjectsResult => {
      const last = workspace?.last;
      if (!last) return { projects: [], ready: false };
      return {
        ready: true,
        projects: last.projects.map(({ model, problems }) => ({
          rootUri: model.layout.rootUri,
          ...(model.layout.pyproject.kedro?.projectName ? { projectName: model.layout.pyproject.kedro.projectName } : {}),
          ...(model.layout.packageName ? { packageName: model.layout.packageName } : {}),
          env: model.env,
          envChain: model.envChain,
          envs: model.conf.envs,
          ...(model.settings.defaultRunEnvUnread ? {} : { defaultRunEnv: model.settings.defaultRunEnv }),
          nodeCount: model.nodes.length,
          pipelineCount: model.registry.pipelines.size,
          ...(model.unknownProducers || model.registry.unresolved.length ? { pipelinesPartial: true } : {}),
          kedroVersion: versionJson(model.versions),
          catalogCount: model.catalog.size,
          parameterCount: model.params.size,
          problemCount: {
            errors: problems.filter((p) => p.severity === 'error').length,
            warnings: problems.filter((p) => p.severity === 'warning').length,
          },
        })),
      };
    }),
  );

  conn.onShutdown(async () => {
    // A pass in flight is waited for, briefly (the client gives shutdown ~2 s): the first one, when the front answered
    // before it, compiles what the code cache keeps; the record is of the last completed pass.
    if (scheduler.busy()) await Promise.race([scheduler.idle(), new Promise((r) => setTimeout(r, 1000).unref())]);
    startup?.shutdown();
    recorder?.write();
    recorder?.dispose();
    scheduler.dispose();
    // The workspace owns the analysis caches and the parse trees (wasm memory).
    workspace?.dispose();
    parseWorkers?.dispose();
    // Facts queued for the store are written before the client lets the process exit.
    await factStore?.flush();
  });

  documents.listen(conn);
  notebooks.listen(conn);
  conn.listen();
}
