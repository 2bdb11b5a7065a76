import * as vscode from 'vscode';
import type { RunOptions } from '../run/kedroCommand';
import { runNotices, showNotice } from '../run/interpreter';
import { programOf } from '../run/runNotices';
import { Cmd, command } from '../../../common/commands';
import { parseSettings } from '../../../common/settings';
import { profile, runTooltip, shownSummary } from './events';
import { MISSING_PROGRAM_LIMIT_MS, RunMonitor, type RunEnd } from './runMonitor';
import { RunStore, type RunMeta, type StoredRun } from './runStore';
import { RunStatus, TerminalCommands } from './runTracking';
import { HOOKS_LOG_INTRO } from '../emptyStates';

const ICON = { success: 'pass', failed: 'error', running: 'sync~spin', unknown: 'question', 'not-started': 'circle-slash' } as const;

/** Starts observed runs and shows past ones: the "Kedro Hooks" channel, the run status item and the Runs view. */
export class RunJournal implements vscode.TreeDataProvider<StoredRun>, vscode.Disposable {
  readonly store: RunStore;
  readonly hooks: vscode.OutputChannel;
  private readonly status: vscode.StatusBarItem;
  /** The status item follows the newest run only. */
  private readonly runStatus: RunStatus;
  /** Runs sent to each Kedro terminal and not ended there yet, in the order sent. */
  private readonly queues = new Map<vscode.Terminal, TerminalCommands<RunMonitor>>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly emitter = new vscode.EventEmitter<StoredRun | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly monitors = new Set<RunMonitor>();
  private readonly view: vscode.TreeView<StoredRun>;
  /** Runs the status bar called not started (program not on PATH) while their monitor still listens: the reason. */
  private readonly verdicts = new Map<string, string>();
  /** Last run's node status and duration, for the Pipelines view. */
  lastNodeStatus = new Map<string, { status: string; duration: number }>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Set by the extension: where a node's function is, for clickable failures in the hooks log. */
  locateNode: (node: string) => string | undefined = () => undefined;
  readonly onDidChangeRuns = this.changed.event;

  constructor(context: vscode.ExtensionContext) {
    this.store = new RunStore(vscode.Uri.joinPath(context.globalStorageUri, 'runs').fsPath);
    this.hooks = vscode.window.createOutputChannel('Kedro Hooks', 'kedro-hooks');
    this.hooks.appendLine(HOOKS_LOG_INTRO);
    this.status = vscode.window.createStatusBarItem('kedro.run', vscode.StatusBarAlignment.Left, 49);
    this.status.name = 'Kedro run';
    this.status.command = Cmd.showHooks;
    this.runStatus = new RunStatus(this.status);
    this.subscriptions.push(
      vscode.window.onDidStartTerminalShellExecution((e) => this.queues.get(e.terminal)?.started(e.execution, e.execution.commandLine.value)?.commandStarted()),
      vscode.window.onDidEndTerminalShellExecution((e) => {
        const q = this.queues.get(e.terminal);
        q?.ended(e.execution, e.execution.commandLine.value)?.commandEnded(e.exitCode);
        this.armHead(e.terminal);
      }),
      vscode.window.onDidCloseTerminal((t) => {
        const q = this.queues.get(t);
        this.queues.delete(t);
        for (const m of q?.all() ?? []) m.commandEnded(t.exitStatus?.code, 'the terminal was closed before Kedro ran its first hook');
      }),
    );
    this.view = vscode.window.createTreeView('kedro.runs', { treeDataProvider: this });
    this.prune();
    this.updateLastStatus();
  }

  /** PYTHONPATH entries and env for a terminal whose runs are recorded. */
  terminalEnv(pluginDir: string): Record<string, string> {
    const sep = process.platform === 'win32' ? ';' : ':';
    return { PYTHONPATH: [pluginDir, process.env['PYTHONPATH']].filter(Boolean).join(sep), KEDRO_LENS_EVENTS_DIR: this.store.dir };
  }

  /**
   * Registers a run about to be sent to `terminal` and follows its events. The id is left for the terminal's token (the
   * hook plugin claims it), so the command line needs no prefix. `programMissing`: its program is not on this machine's
   * PATH (the notice said so), so a silent run is soon shown as not started. Returns the run id.
   */
  begin(rootUri: string, commandLine: string, options: RunOptions, terminal?: vscode.Terminal, token?: string, programMissing = false): string {
    const id = this.store.newId();
    const meta: RunMeta = { id, rootUri, commandLine, options, started: Date.now() / 1000 };
    this.store.saveMeta(meta);
    if (token) this.store.setPending(token, id, commandLine);
    this.hooks.appendLine(`── ${new Date().toLocaleTimeString()}  ${commandLine}`);
    this.runStatus.follow(id);
    const monitor: RunMonitor = new RunMonitor(
      this.store.eventsPath(id),
      {
        appendLine: (line) => this.hooks.appendLine(line),
        status: (text, tooltip) => {
          this.runStatus.set(id, text, tooltip);
          // The Runs view says what the status bar says (it kept "waiting for Kedro to start" for two minutes).
          const verdict = /did not start/.test(text) && tooltip ? tooltip : undefined;
          if (verdict !== this.verdicts.get(id)) {
            if (verdict) this.verdicts.set(id, verdict);
            else this.verdicts.delete(id);
            this.emitter.fire(undefined);
          }
        },
        rest: () => this.runStatus.done(id),
      },
      (ended) => {
        this.verdicts.delete(id);
        this.monitors.delete(monitor);
        this.runStatus.done(id);
        if (terminal) {
          this.queues.get(terminal)?.forget(monitor);
          this.armHead(terminal);
        }
        this.settle(meta, ended, terminal, token);
        this.updateLastStatus();
        this.emitter.fire(undefined);
        this.changed.fire();
      },
      (node) => this.locateNode(node),
      commandLine,
      () => !!terminal?.shellIntegration,
      undefined,
      undefined,
      programMissing ? MISSING_PROGRAM_LIMIT_MS : undefined,
    );
    this.monitors.add(monitor);
    if (terminal) {
      const q = this.queues.get(terminal) ?? new TerminalCommands<RunMonitor>();
      this.queues.set(terminal, q);
      q.add(monitor, commandLine);
      this.armHead(terminal);
    } else {
      monitor.arm();
    }
    this.emitter.fire(undefined);
    return id;
  }

  /** The run next in `terminal` starts counting its silence (the ones before it ended or settled). */
  private armHead(terminal: vscode.Terminal): void {
    const q = this.queues.get(terminal);
    if (q && !q.size) this.queues.delete(terminal);
    q?.head?.arm();
  }

  /**
   * The run is over: record why Kedro did not finish it, and for a run that never started say how to fix it (unless
   * the same cause was told already, e.g. by the "not on PATH" notice before the run).
   */
  private settle(meta: RunMeta, ended: RunEnd | undefined, terminal?: vscode.Terminal, token?: string): void {
    if (ended) {
      this.store.saveMeta({ ...meta, ended });
      if (token) this.store.dropPending(token, meta.id);
    }
    const status = this.store.read(meta.id)?.summary.status;
    if (ended) this.hooks.appendLine(`   ${status === 'not-started' ? 'did not start' : 'ended'}: ${ended.reason}`);
    const notice = status && runNotices.runEnded(programOf(meta.commandLine), status, ended, !!terminal && terminal.exitStatus === undefined);
    if (notice) showNotice(notice, terminal);
  }

  private prune(): void {
    this.store.prune(parseSettings(vscode.workspace.getConfiguration('kedro')).runsRetention);
  }

  private updateLastStatus(): void {
    const last = this.runs().find((r) => r.summary.status === 'success' || r.summary.status === 'failed');
    this.lastNodeStatus = new Map((last ? profile(last.events).nodes : []).map((n) => [n.name, { status: n.status, duration: n.duration }]));
  }

  /**
   * Runs of the projects in this workspace, newest first: the journal is shared by every window of the machine, so a run
   * belongs to the window whose folders hold its project root.
   */
  runs(): StoredRun[] {
    return this.store.list().filter((r) => inWorkspace(r.meta.rootUri));
  }

  getChildren(element?: StoredRun): StoredRun[] {
    return element ? [] : this.runs();
  }

  getTreeItem(run: StoredRun): vscode.TreeItem {
    const s = shownSummary(run.summary, this.verdicts.get(run.meta.id));
    const when = new Date(run.meta.started * 1000);
    const label = `${when.toLocaleDateString()} ${when.toLocaleTimeString()}`;
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.id = run.meta.id;
    item.description = [
      run.meta.options.nodes?.join(', ') ?? (s.pipelines.join(', ') || run.meta.options.pipelines?.join(', ') || '__default__'),
      s.status === 'not-started' ? 'did not start' : s.duration !== undefined ? `${s.duration.toFixed(1)} s` : s.status === 'running' ? `${s.done}/${s.total}` : '',
      s.failedNode ? `✖ ${s.failedNode}` : '',
    ]
      .filter(Boolean)
      .join(' · ');
    item.tooltip = new vscode.MarkdownString(runTooltip(run.meta.commandLine, s));
    item.iconPath = new vscode.ThemeIcon(ICON[s.status], s.status === 'failed' ? new vscode.ThemeColor('errorForeground') : undefined);
    item.contextValue = s.failedNode ? 'kedro.run.failed' : 'kedro.run';
    item.command = { title: 'Open profile', ...command('openProfile', run) };
    return item;
  }

  /** The newest finished run before `run` with the same command line (for "which nodes got slower"). */
  previousOf(run: StoredRun): StoredRun | undefined {
    return this.runs()
      .find((r) => r.meta.started < run.meta.started && r.meta.commandLine === run.meta.commandLine && (r.summary.status === 'success' || r.summary.status === 'failed'));
  }

  refresh(): void {
    this.emitter.fire(undefined);
  }

  dispose(): void {
    for (const m of this.monitors) m.dispose();
    this.subscriptions.forEach((d) => d.dispose());
    this.runStatus.dispose();
    this.view.dispose();
    this.hooks.dispose();
    this.status.dispose();
    this.emitter.dispose();
    this.changed.dispose();
  }
}

/** The run's project root lies in one of the window's folders. */
function inWorkspace(rootUri: string): boolean {
  try {
    return !!vscode.workspace.getWorkspaceFolder(vscode.Uri.parse(rootUri));
  } catch {
    return false;
  }
}
