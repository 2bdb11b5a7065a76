import * as vscode from 'vscode';
import type { RunOptions } from '../run/kedroCommand';
import { parseSettings } from '../../../common/settings';
import { profile } from './events';
import { RunMonitor } from './runMonitor';
import { RunStore, type StoredRun } from './runStore';

const ICON = { success: 'pass', failed: 'error', running: 'sync~spin', unknown: 'question' } as const;

/** Starts observed runs and shows past ones: the "Kedro Hooks" channel, the run status item and the Runs view. */
export class RunJournal implements vscode.TreeDataProvider<StoredRun>, vscode.Disposable {
  readonly store: RunStore;
  readonly hooks: vscode.OutputChannel;
  private readonly status: vscode.StatusBarItem;
  private readonly emitter = new vscode.EventEmitter<StoredRun | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly monitors = new Set<RunMonitor>();
  private readonly view: vscode.TreeView<StoredRun>;
  /** Last run's node status and duration, for the Pipelines view. */
  lastNodeStatus = new Map<string, { status: string; duration: number }>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Set by the extension: where a node's function is, for clickable failures in the hooks log. */
  locateNode: (node: string) => string | undefined = () => undefined;
  readonly onDidChangeRuns = this.changed.event;

  constructor(context: vscode.ExtensionContext) {
    this.store = new RunStore(vscode.Uri.joinPath(context.globalStorageUri, 'runs').fsPath);
    this.hooks = vscode.window.createOutputChannel('Kedro Hooks', 'kedro-hooks');
    this.status = vscode.window.createStatusBarItem('kedro.run', vscode.StatusBarAlignment.Left, 49);
    this.status.name = 'Kedro run';
    this.view = vscode.window.createTreeView('kedro.runs', { treeDataProvider: this });
    this.prune();
    this.updateLastStatus();
  }

  /** PYTHONPATH entries and env for a terminal whose runs are recorded. */
  terminalEnv(pluginDir: string): Record<string, string> {
    const sep = process.platform === 'win32' ? ';' : ':';
    return { PYTHONPATH: [pluginDir, process.env['PYTHONPATH']].filter(Boolean).join(sep), KEDRO_LENS_EVENTS_DIR: this.store.dir };
  }

  /** Registers a run about to start and follows its events. Returns the run id the command must carry. */
  begin(rootUri: string, commandLine: string, options: RunOptions): string {
    const id = this.store.newId();
    this.store.saveMeta({ id, rootUri, commandLine, options, started: Date.now() / 1000 });
    this.hooks.appendLine(`── ${new Date().toLocaleTimeString()}  ${commandLine}`);
    const monitor = new RunMonitor(
      this.store.eventsPath(id),
      this.hooks,
      this.status,
      () => {
        this.monitors.delete(monitor);
        monitor.dispose();
        this.updateLastStatus();
        this.emitter.fire(undefined);
        this.changed.fire();
      },
      (node) => this.locateNode(node),
    );
    this.monitors.add(monitor);
    this.emitter.fire(undefined);
    return id;
  }

  private prune(): void {
    this.store.prune(parseSettings(vscode.workspace.getConfiguration('kedro')).runsRetention);
  }

  private updateLastStatus(): void {
    const last = this.store.list().find((r) => r.summary.status === 'success' || r.summary.status === 'failed');
    this.lastNodeStatus = new Map((last ? profile(last.events).nodes : []).map((n) => [n.name, { status: n.status, duration: n.duration }]));
  }

  getChildren(element?: StoredRun): StoredRun[] {
    return element ? [] : this.store.list();
  }

  getTreeItem(run: StoredRun): vscode.TreeItem {
    const s = run.summary;
    const when = new Date(run.meta.started * 1000);
    const label = `${when.toLocaleDateString()} ${when.toLocaleTimeString()}`;
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.id = run.meta.id;
    item.description = [
      run.meta.options.nodes?.join(', ') ?? (s.pipelines.join(', ') || run.meta.options.pipelines?.join(', ') || '__default__'),
      s.duration !== undefined ? `${s.duration.toFixed(1)} s` : s.status === 'running' ? `${s.done}/${s.total}` : '',
      s.failedNode ? `✖ ${s.failedNode}` : '',
    ]
      .filter(Boolean)
      .join(' · ');
    item.tooltip = new vscode.MarkdownString(
      [`\`${run.meta.commandLine}\``, '', `status: ${s.status}${s.env ? ` · env ${s.env}` : ''}${s.runner ? ` · ${s.runner}` : ''}`, `${s.done}/${s.total} nodes`, s.error ? `error: ${s.error}` : ''].join('\n\n'),
    );
    item.iconPath = new vscode.ThemeIcon(ICON[s.status], s.status === 'failed' ? new vscode.ThemeColor('errorForeground') : undefined);
    item.contextValue = s.failedNode ? 'kedro.run.failed' : 'kedro.run';
    item.command = { command: 'kedro.openProfile', title: 'Open profile', arguments: [run] };
    return item;
  }

  /** The newest finished run before `run` with the same command line (for "which nodes got slower"). */
  previousOf(run: StoredRun): StoredRun | undefined {
    return this.store
      .list()
      .find((r) => r.meta.started < run.meta.started && r.meta.commandLine === run.meta.commandLine && (r.summary.status === 'success' || r.summary.status === 'failed'));
  }

  refresh(): void {
    this.emitter.fire(undefined);
  }

  dispose(): void {
    for (const m of this.monitors) m.dispose();
    this.view.dispose();
    this.hooks.dispose();
    this.status.dispose();
    this.emitter.dispose();
    this.changed.dispose();
  }
}
