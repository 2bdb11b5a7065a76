import * as vscode from 'vscode';
import { RunPreviewRequest } from '../../../common/protocol';
import { MODERN_RUN, type ProjectJson } from '../../../common/pipelineModel';
import type { Ctx } from '../ctx';
import type { RunPreviewJson } from '../../../common/pipelineModel';
import { commaProblem, dialectProblem, kedroRunArgs, previewFilter, withSelection, type RunOptions } from './kedroCommand';
import { planParam, planParams } from './params';
import { commandLine, findProgram, terminalLineProblem } from './kedroCommand';
import { kedroExecutable } from './interpreter';
import { blockedRun, DONT_RUN } from './blockedRun';
import type { RunJournal } from '../runs/journal';
import { currentEnvironment } from '../environment';

const BUILT_IN_RUNNERS = ['SequentialRunner', 'ThreadRunner', 'ParallelRunner'];

interface LastRun {
  readonly rootUri: string;
  readonly options: RunOptions;
}

/** Run commands: quick picks populated by the server's model, the selected env and runner, a reusable terminal. */
export class Runner {
  private last: LastRun | undefined;

  constructor(
    private readonly ctx: Ctx,
    private readonly model: () => readonly ProjectJson[],
    private readonly journal?: RunJournal,
    /** Fetches the model when a command runs before the first analysis reached the views. */
    private readonly refresh?: () => Promise<void>,
  ) {
    // Whichever command opens the Kedro terminal first (a run, Create Pipeline, Package…), runs in it are recorded.
    terminalEnv = journal?.terminalEnv(vscode.Uri.joinPath(ctx.extension.extensionUri, 'dist', 'python').fsPath);
  }

  private settings(): { env: string; runner: string } {
    const c = vscode.workspace.getConfiguration('kedro');
    return { env: currentEnvironment(), runner: c.get<string>('runner', 'SequentialRunner') };
  }

  /** The project to act on: the given root, the only one, or a pick. */
  async project(rootUri?: unknown): Promise<ProjectJson | undefined> {
    let projects = this.model();
    if (!projects.length && this.refresh) {
      await this.refresh();
      projects = this.model();
    }
    if (typeof rootUri === 'string') return projects.find((p) => p.rootUri === rootUri);
    if (projects.length <= 1) return projects[0];
    const pick = await vscode.window.showQuickPick(
      projects.map((p) => ({ label: p.projectName ?? p.packageName ?? p.rootUri, description: vscode.Uri.parse(p.rootUri).fsPath, p })),
      { title: 'Kedro project' },
    );
    return pick?.p;
  }

  /** Runs `kedro run` with these filters in the project's Kedro terminal; returns the command line sent. */
  async run(rootUri: string, filters: RunOptions): Promise<string | undefined> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('Kedro Lens does not run commands in an untrusted workspace. Trust the workspace to run pipelines; analysis and navigation keep working.');
      return undefined;
    }
    const { env, runner } = this.settings();
    const project = this.model().find((p) => p.rootUri === rootUri);
    const unloadable = project?.pipelines.filter((p) => p.notRunnableByName && filters.pipelines?.includes(p.name)) ?? [];
    if (unloadable.length) {
      // KL040: offer the run that works — the same nodes, selected from __default__.
      const nodes = [...new Set(unloadable.flatMap((p) => p.nodes))];
      const choice = await vscode.window.showWarningMessage(
        `${unloadable.map((p) => p.notRunnableByName).join(' ')}.`,
        { modal: true },
        'Run its nodes from __default__',
        'Run by name anyway',
      );
      if (!choice) return undefined;
      if (choice !== 'Run by name anyway') filters = { ...filters, pipelines: (filters.pipelines ?? []).filter((n) => !unloadable.some((p) => p.name === n)), nodes: [...(filters.nodes ?? []), ...nodes] };
    }
    let options: RunOptions = { env, runner, ...filters };
    const checked = await this.checkSelection(rootUri, options);
    if (!checked) return undefined;
    options = checked;
    const version = project?.kedroVersion;
    const dialect = version?.run ?? MODERN_RUN;
    const problem = commaProblem(options) ?? dialectProblem(options, dialect, version?.kedro ?? 'any');
    if (problem) {
      void vscode.window.showErrorMessage(problem);
      return undefined;
    }
    this.last = { rootUri, options };
    void vscode.commands.executeCommand('setContext', 'kedro.hasLastRun', true);
    const exe = await kedroExecutable(vscode.Uri.parse(rootUri));
    const argv = [...exe, ...kedroRunArgs(options, dialect, project?.defaultRunEnv)];
    if (!this.journal) return sendToTerminal(rootUri, argv);
    // Refused before the journal records a run that never starts.
    const line = commandLine(argv);
    if (terminalLineProblem(line)) return sendToTerminal(rootUri, argv);
    // The bundled hook plugin records the run: the id is left in the events folder for this terminal (its token is in
    // the terminal's environment) and the plugin claims it, so the terminal shows the plain command.
    const terminal = kedroTerminal(rootUri);
    this.journal.begin(rootUri, line, options, terminal, terminalToken(terminal), !findProgram(exe[0] ?? 'kedro', process.env['PATH'] ?? ''));
    return sendToTerminal(rootUri, argv);
  }

  /**
   * Asks the server whether Kedro would refuse the selection (memory inputs that only unselected nodes write: its
   * runner stops before the first node) and offers the selections that work. Undefined when the user cancels.
   */
  private async checkSelection(rootUri: string, options: RunOptions): Promise<RunOptions | undefined> {
    let preview: RunPreviewJson | undefined;
    try {
      preview = await this.ctx.client?.sendRequest(RunPreviewRequest.type, { rootUri, ...previewFilter(options) });
    } catch {
      return options; // no server answer: run as asked
    }
    if (!preview || !blocked(preview)) return options;
    const project = this.model().find((p) => p.rootUri === rootUri);
    const cmd = commandLine(['kedro', ...kedroRunArgs(options, project?.kedroVersion.run ?? MODERN_RUN, project?.defaultRunEnv)]);
    const picks = (preview.fixes ?? []).map((f) => ({ title: fixTitle(f.kind, f.nodes.length), nodes: f.nodes, fix: f }));
    const dialog = blockedRun(cmd, preview, picks);
    const choice = await vscode.window.showWarningMessage(dialog.message, { modal: true, detail: dialog.detail }, ...dialog.buttons);
    if (!choice || choice === DONT_RUN) return undefined;
    if (dialog.env && choice === dialog.env.button) return { ...options, env: dialog.env.env };
    const pick = picks.find((p) => p.title === choice);
    return pick ? withSelection(options, pick.fix.filter) : options;
  }

  /** The same options as a recorded run; optionally resuming from its failed node. */
  async rerunStored(rootUri: string, options: RunOptions, fromNode?: string): Promise<string | undefined> {
    if (!fromNode) return this.run(rootUri, options);
    const { nodes: _nodes, ...rest } = options;
    void _nodes;
    return this.run(rootUri, { ...rest, fromNodes: [fromNode] });
  }

  async rerun(): Promise<string | undefined> {
    if (!this.last) {
      void vscode.window.showInformationMessage('Nothing has been run from Kedro Lens in this window yet.');
      return undefined;
    }
    return this.run(this.last.rootUri, this.last.options);
  }

  // ---------------------------------------------------------------- pickers

  async pickPipeline(p: ProjectJson, title = 'Run pipeline'): Promise<string | undefined> {
    const pick = await vscode.window.showQuickPick(
      p.pipelines.map((x) => ({
        label: x.name,
        description: `${x.nodes.length} nodes${x.partial ? ' · partly analysed' : ''}${x.notRunnableByName ? ' · $(warning) not runnable by name on this Kedro' : ''}`,
        ...(x.notRunnableByName ? { detail: x.notRunnableByName } : {}),
      })),
      { title },
    );
    return pick?.label;
  }

  async pickNodes(p: ProjectJson, title: string, canPickMany = false): Promise<string[] | undefined> {
    const items = p.nodes.filter((n) => !n.nameUncertain).map((n) => ({ label: n.name, description: `${n.inputs.join(', ')} → ${n.outputs.join(', ')}`, detail: n.tags.length ? `tags: ${n.tags.join(', ')}` : undefined }));
    if (canPickMany) return (await vscode.window.showQuickPick(items, { title, canPickMany: true }))?.map((i) => i.label);
    const one = await vscode.window.showQuickPick(items, { title });
    return one ? [one.label] : undefined;
  }

  async pickDatasets(p: ProjectJson, title: string, role: 'input' | 'output'): Promise<string[] | undefined> {
    const items = p.datasets
      .filter((d) => (role === 'input' ? d.consumers.length : d.producers.length))
      .map((d) => ({ label: d.name, description: `${d.type}${d.layer ? ` · ${d.layer}` : ''}` }));
    return (await vscode.window.showQuickPick(items, { title, canPickMany: true }))?.map((i) => i.label);
  }

  async pickMany(values: readonly string[], title: string): Promise<string[] | undefined> {
    if (!values.length) {
      void vscode.window.showInformationMessage(`${title}: the project defines none.`);
      return undefined;
    }
    return (await vscode.window.showQuickPick(values.map((label) => ({ label })), { title, canPickMany: true }))?.map((i) => i.label);
  }

  /** Runner, async, params, load versions, only-missing-outputs on top of a pipeline. */
  async pickOptions(p: ProjectJson): Promise<RunOptions | undefined> {
    const pipeline = await this.pickPipeline(p, 'Run with options: pipeline');
    if (!pipeline) return undefined;
    let runner = await vscode.window.showQuickPick(
      [...BUILT_IN_RUNNERS.map((r) => ({ label: r, description: r === this.settings().runner ? 'default' : '' })), ...p.runners.map((r) => ({ label: r, description: 'custom runner in this project' }))],
      { title: 'Runner' },
    );
    if (!runner) return undefined;
    const flags = await vscode.window.showQuickPick(
      [
        { label: '--async', description: 'load and save node data in threads', key: 'async' },
        ...(p.kedroVersion.run.onlyMissingOutputs ? [{ label: '--only-missing-outputs', description: 'run only what is not built yet', key: 'missing' }] : []),
        { label: '--params…', description: 'override parameters', key: 'params' },
        { label: '--load-versions…', description: 'load specific versions of versioned datasets', key: 'versions' },
      ],
      { title: 'Options (none is fine)', canPickMany: true },
    );
    if (!flags) return undefined;
    const keys = new Set(flags.map((f) => f.key));
    if (runner.label === 'ParallelRunner' && keys.has('async')) {
      // Seen with real Kedro 1.5: 3 of 3 runs hung (the SharedMemoryDataset manager unpickling pandas from two threads).
      const choice = await vscode.window.showWarningMessage(
        'ParallelRunner with --async deadlocked in every real Kedro 1.5 run tried (3 of 3): its worker processes load shared-memory datasets from two threads at once and hang.',
        { modal: true },
        'Run without --async',
        'Use ThreadRunner with --async',
        'Run anyway',
      );
      if (!choice) return undefined;
      if (choice === 'Run without --async') keys.delete('async');
      if (choice === 'Use ThreadRunner with --async') runner = { ...runner, label: 'ThreadRunner' };
    }
    let params: Record<string, string> | undefined;
    if (keys.has('params')) {
      // Kedro 0.19+ reads each value as YAML: show what the pipeline gets, and send strings in a form that keeps them.
      const separator = p.kedroVersion.run.params;
      const types = new Map(p.parameters.map((x) => [x.path, x.type]));
      const current = p.parameters.slice(0, 12).map((x) => {
        const plan = x.type === 'str' ? planParam(x.value, 'str', separator) : undefined;
        return `${x.path}=${plan && 'arg' in plan ? plan.arg : x.value}`;
      });
      const text = await vscode.window.showInputBox({
        title: 'Parameter overrides (key=value, comma-separated)',
        prompt: current.length ? `Current: ${current.join(', ')}${p.parameters.length > 12 ? ', …' : ''}` : 'No parameters defined',
        validateInput: (v) => {
          if (!v.trim()) return undefined;
          const r = planParams(v, (k) => types.get(k), separator);
          if ('error' in r) return { message: r.error, severity: vscode.InputBoxValidationSeverity.Error };
          return { message: `Kedro receives: ${r.lines.join('; ')}`, severity: vscode.InputBoxValidationSeverity.Info };
        },
      });
      if (text === undefined) return undefined;
      const planned = planParams(text, (k) => types.get(k), separator);
      if ('error' in planned) return undefined;
      params = planned.params;
    }
    let loadVersions: Record<string, string> | undefined;
    if (keys.has('versions')) {
      const text = await vscode.window.showInputBox({ title: 'Load versions (dataset:version, comma-separated)', placeHolder: 'regressor:2026-11-25T10.00.00.000Z' });
      if (text === undefined) return undefined;
      loadVersions = Object.fromEntries(text.split(',').map((s) => s.trim()).filter(Boolean).map((s) => [s.slice(0, s.indexOf(':')), s.slice(s.indexOf(':') + 1)]));
    }
    return {
      pipelines: [pipeline],
      runner: runner.label,
      ...(keys.has('async') ? { async: true } : {}),
      ...(keys.has('missing') ? { onlyMissingOutputs: true } : {}),
      ...(params ? { params } : {}),
      ...(loadVersions ? { loadVersions } : {}),
    };
  }

  /** Shows which nodes a selection would run, using the server's filter (no process is started). */
  async dryRun(p: ProjectJson, filters: RunOptions): Promise<void> {
    const res = await this.ctx.client?.sendRequest(RunPreviewRequest.type, { rootUri: p.rootUri, ...previewFilter(filters) });
    if (!res) return;
    const cmd = commandLine(['kedro', ...kedroRunArgs({ env: this.settings().env, ...filters }, p.kedroVersion.run, p.defaultRunEnv)]);
    if (res.error && !blocked(res)) {
      void vscode.window.showErrorMessage(`${cmd} would fail: ${res.error}`);
      return;
    }
    const om = res.onlyMissingOutputs;
    const fate = (n: string): string => (!om ? '' : om.skip.includes(n) ? 'skipped: its outputs exist' : om.unknown.includes(n) ? 'unknown: an output cannot be checked from here' : 'runs');
    type Item = vscode.QuickPickItem & { fix?: RunOptions };
    const items: Item[] = [
      ...(res.fixes ?? []).map((f) => ({ label: `$(play) ${fixTitle(f.kind, f.nodes.length)}`, description: f.nodes.join(', '), fix: withSelection(filters, f.filter) })),
      ...(res.fixes?.length ? [{ label: 'would stop before running', kind: vscode.QuickPickItemKind.Separator }] : []),
      ...res.nodes.map((n, i) => ({ label: `${i + 1}. ${n}`, description: fate(n) })),
      ...(om?.unchecked.length ? [{ label: 'not checked', kind: vscode.QuickPickItemKind.Separator }, ...om.unchecked.map((u) => ({ label: u.dataset, description: u.why }))] : []),
    ];
    const count = om ? `would run ${om.run.length} of ${res.nodes.length} nodes (${om.skip.length} skipped${om.unknown.length ? `, ${om.unknown.length} unknown` : ''})` : `would run ${res.nodes.length} node${res.nodes.length === 1 ? '' : 's'}`;
    const title = blocked(res) ? `${cmd} would fail: ${res.error ?? ''}` : `${cmd} ${count}${res.partial ? ' (pipeline partly analysed)' : ''}`;
    const pick = await vscode.window.showQuickPick(items, { title, placeHolder: res.fixes?.length ? 'Dry run: pick a selection that works to run it' : 'Dry run: nothing is executed' });
    if (pick?.fix) await this.run(p.rootUri, pick.fix);
  }
}

/** The preview found inputs the run cannot get (memory datasets written outside the selection, files not on disk), with fixes to offer. */
const blocked = (p: RunPreviewJson): boolean => !!(p.missingInputs?.length || p.absentInputs?.length || p.missingVersions?.length);

/** "Run with upstream (2 nodes)": the smallest selection producing the missing inputs; `--to-nodes` of the selection. */
export const fixTitle = (kind: 'smallest' | 'upstream', count: number): string => (kind === 'smallest' ? `Run with upstream (${count} nodes)` : `Run --to-nodes (${count} nodes)`);

/** The run recorder's environment (hook plugin on PYTHONPATH, events folder), given to every Kedro terminal. */
let terminalEnv: Record<string, string> | undefined;

/**
 * One reusable "Kedro (<folder>)" terminal per project root, created on first use with the recorder's environment; a
 * terminal of that name without it (opened before the extension knew it) is not reused, or runs would go unrecorded.
 */
export function kedroTerminal(rootUri: string): vscode.Terminal {
  const cwd = vscode.Uri.parse(rootUri);
  const name = `Kedro (${cwd.path.split('/').pop() ?? ''})`;
  const hasEnv = (t: vscode.Terminal): boolean => !terminalEnv || (Object.entries(terminalEnv).every(([k, v]) => (t.creationOptions as vscode.TerminalOptions).env?.[k] === v) && !!terminalToken(t));
  const env = terminalEnv ? { ...terminalEnv, [TERMINAL_TOKEN]: `t${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}` } : undefined;
  return vscode.window.terminals.find((t) => t.name === name && t.exitStatus === undefined && hasEnv(t)) ?? vscode.window.createTerminal({ name, cwd, ...(env ? { env } : {}) });
}

/** Names a Kedro terminal for the hook plugin (client/python/kedro_lens_hooks: TERMINAL): runs there claim the `<token>.<run id>.next` left for them, oldest first. */
const TERMINAL_TOKEN = 'KEDRO_LENS_TERMINAL';

export function terminalToken(t: vscode.Terminal): string | undefined {
  return (t.creationOptions as vscode.TerminalOptions).env?.[TERMINAL_TOKEN] ?? undefined;
}

/**
 * Sends argv to the project's Kedro terminal; the command line is quoted for POSIX shells. The only way text reaches
 * a terminal: a line with a control character is refused with a message (undefined).
 */
export function sendToTerminal(rootUri: string, argv: readonly string[], prefix = ''): string | undefined {
  const line = commandLine(argv);
  const problem = terminalLineProblem(`${prefix}${line}`);
  if (problem) {
    void vscode.window.showErrorMessage(problem);
    return undefined;
  }
  const terminal = kedroTerminal(rootUri);
  terminal.show(true);
  terminal.sendText(`${prefix}${line}`, true);
  return line;
}
