import * as vscode from 'vscode';
import { CloseAction, ErrorAction, LanguageClient, State, TransportKind, type ErrorHandler, type LanguageClientOptions, type MessageSignature, type ServerOptions } from 'vscode-languageclient/node';
import { ProjectChangedNotification, ProjectsRequest, type ProjectsResult } from '../../common/protocol';
import { RestartPolicy } from './restartPolicy';
import { withPickedEnvironment } from './environment';

/** Quiet time after the last analysis pass before the views refetch the model. */
const REFRESH_QUIET_MS = 200;

/**
 * A request the editor makes while the client stops (a reload asks for code actions as the extension host shuts down)
 * can pass the client's "running" check and then find no connection: the library logs "Request … failed. Starting
 * server failed" and rethrows, and VS Code logs the provider as FAILED. Once stopping, such a request gets its empty
 * answer, as the library already does for requests that arrive after the stop.
 */
class KedroLanguageClient extends LanguageClient {
  override handleFailedRequest<T>(type: MessageSignature, token: vscode.CancellationToken | undefined, error: unknown, defaultValue: T, showNotification?: boolean, throwOnCancel?: boolean): T {
    if (this.state === State.Stopped) return defaultValue;
    return super.handleFailedRequest(type, token, error, defaultValue, showNotification, throwOnCancel);
  }
}

/** Owns the language client, the log channel and disposables split by lifetime (extension vs. client). */
export class Ctx {
  client: LanguageClient | undefined;
  readonly log: vscode.LogOutputChannel;
  private readonly clientDisposables: vscode.Disposable[] = [];
  private readonly projectsEmitter = new vscode.EventEmitter<ProjectsResult>();
  /** Fires after each server analysis pass with the fresh project list. */
  readonly onProjects = this.projectsEmitter.event;
  projects: ProjectsResult = { projects: [], ready: false };
  private readonly restarts = new RestartPolicy();

  constructor(readonly extension: vscode.ExtensionContext) {
    this.log = vscode.window.createOutputChannel('Kedro Lens', { log: true });
    // Not in the extension's subscriptions: VS Code disposes those right after calling deactivate(), while the client
    // is still stopping and logging the requests it abandons; writing to a disposed channel throws, and each editor
    // provider that threw was logged as "provider FAILED" at every reload. dispose() closes it after the client.
    extension.subscriptions.push(this.projectsEmitter);
  }

  /** Stops the client, then closes the log it writes to. */
  async dispose(): Promise<void> {
    try {
      await this.stop();
    } finally {
      this.log.dispose();
    }
  }

  async start(): Promise<void> {
    const module = this.extension.asAbsolutePath('dist/server.js');
    // The server keeps V8's compiled code of its bundle there (code-cache/), so later starts skip compiling it.
    const cacheDir = this.extension.globalStorageUri.scheme === 'file' ? this.extension.globalStorageUri.fsPath : undefined;
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc, ...(cacheDir ? { args: [`--cache-dir=${cacheDir}`] } : {}) },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { scheme: 'file', language: 'python' },
        { notebook: '*', language: 'python' },
        { scheme: 'file', language: 'yaml', pattern: '**/conf/**' },
        { scheme: 'file', language: 'json', pattern: '**/conf/**' },
        { scheme: 'file', pattern: '**/pyproject.toml' },
      ],
      outputChannel: this.log,
      // cacheDir: the server keeps per-file facts under its facts/ folder, so the next start skips unchanged files.
      initializationOptions: { settings: withPickedEnvironment(vscode.workspace.getConfiguration('kedro')), ...(cacheDir ? { cacheDir } : {}) },
      synchronize: { configurationSection: 'kedro' },
      middleware: {
        workspace: {
          // The server pulls `kedro`: the environment picked in the status bar lives in workspace state, not settings.
          configuration: async (params, token, next) => {
            const result = await next(params, token);
            return Array.isArray(result) ? result.map((r, i) => (params.items[i]?.section === 'kedro' ? withPickedEnvironment(r) : r)) : result;
          },
        },
      },
      errorHandler: this.errorHandler(),
    };
    const client = new KedroLanguageClient('kedro', 'Kedro Lens', serverOptions, clientOptions);
    this.client = client;
    await client.start();
    this.clientDisposables.push(
      client.onNotification(ProjectChangedNotification.type, () => this.projectChanged()),
      { dispose: () => clearTimeout(this.refreshTimer) },
    );
  }

  private refreshTimer: NodeJS.Timeout | undefined;

  /**
   * The views refetch the whole model (megabytes at thousands of nodes; building it costs the server tens of ms) after
   * a pass. While the user types there is a pass per keystroke: the views follow REFRESH_QUIET_MS after the last one,
   * so the server spends the burst analysing (a refetch at the burst's start delayed the next keystroke's diagnostics).
   * The first model is fetched at once.
   */
  private projectChanged(): void {
    clearTimeout(this.refreshTimer);
    if (!this.projects.ready) {
      void this.refreshProjects();
      return;
    }
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      void this.refreshProjects();
    }, REFRESH_QUIET_MS);
  }

  /** Our own restart policy so the user hears about a crash once, in our words, and the views keep their last model. */
  private errorHandler(): ErrorHandler {
    return {
      error: (_error, _message, count) => ({ action: (count ?? 0) <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown, handled: true }),
      closed: () => {
        const { restart, announce } = this.restarts.onCrash(Date.now());
        this.log.error(restart ? 'server_crashed restarting' : 'server_crashed giving_up');
        if (announce) void this.tellCrash(restart);
        return { action: restart ? CloseAction.Restart : CloseAction.DoNotRestart, handled: true };
      },
    };
  }

  private async tellCrash(restarted: boolean): Promise<void> {
    const choice = restarted
      ? await vscode.window.showWarningMessage('Kedro Lens: the language server stopped unexpectedly and was restarted. The Kedro views keep their last results meanwhile.', 'Show Log')
      : await vscode.window.showErrorMessage('Kedro Lens: the language server keeps crashing and was not restarted again. The Kedro views show the last results.', 'Restart Server', 'Show Log');
    if (choice === 'Show Log') this.log.show();
    if (choice === 'Restart Server') await this.restart();
  }

  async refreshProjects(): Promise<void> {
    if (!this.client) return;
    try {
      this.projects = await this.client.sendRequest(ProjectsRequest.type);
      this.projectsEmitter.fire(this.projects);
    } catch (err) {
      this.log.warn(`projects_request_failed ${String(err)}`);
    }
  }

  async stop(): Promise<void> {
    for (const d of this.clientDisposables.splice(0)) d.dispose();
    const client = this.client;
    this.client = undefined;
    if (client) await client.stop();
  }

  async restart(): Promise<void> {
    this.restarts.reset();
    await this.stop();
    await this.start();
  }
}
