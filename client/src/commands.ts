import * as vscode from 'vscode';
import { Cmd, type CommandArgs, type CommandName, type CommandTarget, type RunTarget } from '../../common/commands';
import type { ProjectJson } from '../../common/pipelineModel';
import type { Ctx } from './ctx';
import { debugKedro } from './run/debug';
import type { RunOptions } from './run/kedroCommand';
import { Runner } from './run/runCommands';
import { createPipeline, createProject, runTests } from './lifecycle/lifecycleCommands';
import { packageProject, showPackageContents } from './lifecycle/packageCommands';
import { deploy } from './lifecycle/deployCommand';
import { generateServing } from './lifecycle/servingCommand';
import { showResolved } from './resolvedConfig';
import { selectEnvironment } from './statusBar';
import type { KedroViews } from './views/views';
import type { RunJournal } from './runs/journal';
import { GraphPanel } from './graph/graphPanel';
import { graphPipelinePicks } from './graph/graphModel';
import { openInKedroViz } from './openInKedroViz';
import { ProfilePanel } from './runs/profilePanel';
import type { StoredRun } from './runs/runStore';
import { NO_RUN_PROFILE, RUN_DEFAULT_ACTION } from './emptyStates';

/** What a command acts on; empty from the palette (or when a keybinding passes something else: VS Code does not
 * check what it hands to a command, so the shape is checked here). */
type Invocation = Partial<CommandTarget>;

function invocation(target: CommandTarget | undefined): Invocation {
  if (!target || typeof target !== 'object' || typeof target.rootUri !== 'string') return {};
  const nodes = Array.isArray(target.nodes) ? target.nodes.filter((n) => typeof n === 'string') : [];
  return { rootUri: target.rootUri, ...(typeof target.name === 'string' ? { name: target.name } : {}), ...(nodes.length ? { nodes } : {}) };
}

/** Each command's handler takes exactly what common/commands.ts says it is invoked with. */
type CommandTable = { readonly [K in CommandName]: (...args: CommandArgs[K]) => unknown };

/** The command table: name → handler, built over the runner and the views. */
function commandTable(ctx: Ctx, views: KedroViews, journal: RunJournal): CommandTable {
  const runner = new Runner(ctx, () => views.model, journal, () => views.refresh());
  const revealInSource = (name: string): void => {
    const node = views.model.flatMap((p) => p.nodes).find((n) => n.name === name);
    if (node) void vscode.window.showTextDocument(vscode.Uri.parse(node.location.uri), { selection: new vscode.Range(node.location.range.start.line, node.location.range.start.character, node.location.range.start.line, node.location.range.start.character) });
  };
  /** The run as stored now (it may have progressed since its tree item was built); the newest from the palette. */
  const storedRun = (run: RunTarget | undefined): StoredRun | undefined => (typeof run?.meta?.id === 'string' ? journal.store.read(run.meta.id) : journal.runs()[0]);
  /** Project from the invocation, then filters (from the invocation or pickers), then run. */
  const runWith =
    (pick: (p: ProjectJson, inv: Invocation) => Promise<RunOptions | undefined>) =>
    async (target?: CommandTarget) => {
      const inv = invocation(target);
      const p = await runner.project(inv.rootUri);
      if (!p) return noProject();
      const filters = await pick(p, inv);
      return filters ? runner.run(p.rootUri, filters) : undefined;
    };
  const nodesOr = async (p: ProjectJson, inv: Invocation, title: string): Promise<string[] | undefined> => (inv.name ? [inv.name] : runner.pickNodes(p, title));

  return {
    restartServer: () => ctx.restart(),
    showLog: () => ctx.log.show(),
    selectEnvironment: (env) => selectEnvironment(ctx, env),
    runDefault: runWith(async () => ({})),
    runPipeline: runWith(async (p, inv) => {
      const name = inv.name ?? (await runner.pickPipeline(p));
      return name ? { pipelines: [name] } : undefined;
    }),
    runNode: runWith(async (p, inv) => {
      const nodes = inv.nodes ? [...inv.nodes] : await nodesOr(p, inv, 'Run node');
      return nodes ? { nodes } : undefined;
    }),
    runNamespace: runWith(async (p, inv) => {
      const namespaces = inv.name ? [inv.name] : await runner.pickMany(p.namespaces, 'Run namespaces');
      return namespaces?.length ? { namespaces } : undefined;
    }),
    runTags: runWith(async (p) => {
      const tags = await runner.pickMany(p.tags, 'Run nodes with any of these tags');
      return tags?.length ? { tags } : undefined;
    }),
    runToNode: runWith(async (p, inv) => {
      const nodes = await nodesOr(p, inv, 'Run a node and everything upstream of it');
      return nodes ? { toNodes: nodes } : undefined;
    }),
    runFromNode: runWith(async (p, inv) => {
      const nodes = await nodesOr(p, inv, 'Run a node and everything downstream of it');
      return nodes ? { fromNodes: nodes } : undefined;
    }),
    runSlice: runWith(async (p, inv) => {
      const from = await nodesOr(p, inv, 'Slice: start at node');
      const to = from && (await runner.pickNodes(p, 'Slice: end at node'));
      return from && to ? { fromNodes: from, toNodes: to } : undefined;
    }),
    runFromInputs: runWith(async (p, inv) => {
      const ds = inv.name ? [inv.name] : await runner.pickDatasets(p, 'Run from inputs (their consumers and downstream)', 'input');
      return ds?.length ? { fromInputs: ds } : undefined;
    }),
    runToOutputs: runWith(async (p, inv) => {
      const ds = inv.name ? [inv.name] : await runner.pickDatasets(p, 'Run to outputs (their producers and upstream)', 'output');
      return ds?.length ? { toOutputs: ds } : undefined;
    }),
    runWithOptions: runWith((p) => runner.pickOptions(p)),
    rerunLast: () => runner.rerun(),
    dryRun: async (target?: CommandTarget) => {
      const p = await runner.project(invocation(target).rootUri);
      if (!p) return noProject();
      const mode = await vscode.window.showQuickPick(
        [
          { label: 'Pipeline', key: 'pipeline' },
          { label: 'Nodes with tags', key: 'tags' },
          { label: 'From a node (downstream)', key: 'from' },
          { label: 'To a node (upstream)', key: 'to' },
          ...(p.kedroVersion.run.onlyMissingOutputs ? [{ label: 'Only missing outputs', description: 'which nodes --only-missing-outputs would skip, from the files on disk', key: 'missing' }] : []),
        ],
        { title: 'Dry run: which selection?' },
      );
      if (!mode) return undefined;
      const filters: RunOptions | undefined =
        mode.key === 'missing'
          ? { onlyMissingOutputs: true }
          : mode.key === 'pipeline'
          ? await runner.pickPipeline(p).then((x) => (x ? { pipelines: [x] } : undefined))
          : mode.key === 'tags'
            ? await runner.pickMany(p.tags, 'Tags').then((t) => (t?.length ? { tags: t } : undefined))
            : await runner.pickNodes(p, 'Node').then((n) => (n ? (mode.key === 'from' ? { fromNodes: n } : { toNodes: n }) : undefined));
      return filters ? runner.dryRun(p, filters) : undefined;
    },
    debugNode: async (target?: CommandTarget) => {
      const inv = invocation(target);
      const p = await runner.project(inv.rootUri);
      const nodes = p && (await nodesOr(p, inv, 'Debug node'));
      return p && nodes ? debugKedro(p.rootUri, { nodes }, `debug ${nodes.join(', ')}`, p.kedroVersion.run, p.defaultRunEnv) : undefined;
    },
    debugPipeline: async (target?: CommandTarget) => {
      const inv = invocation(target);
      const p = await runner.project(inv.rootUri);
      const name = p && (inv.name ?? (await runner.pickPipeline(p, 'Debug pipeline')));
      return p && name ? debugKedro(p.rootUri, { pipelines: [name] }, `debug pipeline ${name}`, p.kedroVersion.run, p.defaultRunEnv) : undefined;
    },
    revealNode: async (target?: CommandTarget) => {
      const inv = invocation(target);
      if (!inv.name) return undefined;
      await vscode.commands.executeCommand('kedro.pipelines.focus');
      return views.revealNode(inv.name);
    },
    filterTree: async () => {
      const text = await vscode.window.showInputBox({ title: 'Filter pipelines', prompt: 'Node, function or dataset name contains…', value: views.currentFilter.text ?? '' });
      if (text !== undefined) views.setFilter({ ...views.currentFilter, text: text.trim() || undefined });
    },
    filterByTag: async () => {
      const tags = [...new Set(views.model.flatMap((p) => p.tags))];
      const picked = await vscode.window.showQuickPick(
        tags.map((label) => ({ label, picked: views.currentFilter.tags?.includes(label) ?? false })),
        { title: 'Show nodes with any of these tags', canPickMany: true },
      );
      if (picked) views.setFilter({ ...views.currentFilter, tags: picked.map((p) => p.label) });
    },
    clearFilter: () => views.setFilter({}),
    refreshTree: () => views.refresh(),
    createProject: () => createProject(),
    createPipeline: (target?: CommandTarget) => createPipeline(runner, invocation(target).rootUri),
    runTests: (target?: CommandTarget) => {
      // From a pipeline row: that pipeline's tests; from the palette: a pick.
      const inv = invocation(target);
      return runTests(runner, inv.rootUri, inv.name);
    },
    packageProject: (target?: CommandTarget) => packageProject(runner, invocation(target).rootUri),
    showPackageContents: (target?: CommandTarget) => showPackageContents(runner, invocation(target).rootUri),
    deploy: (target?: CommandTarget) => deploy(runner, invocation(target).rootUri),
    generateServing: (target?: CommandTarget) => {
      const inv = invocation(target);
      return generateServing(runner, inv.rootUri, inv.name);
    },
    showResolvedCatalog: () => showResolved(ctx, 'catalog'),
    showResolvedParameters: () => showResolved(ctx, 'parameters'),
    showHooks: () => journal.hooks.show(true),
    openProfile: (arg?: RunTarget) => {
      const run = storedRun(arg);
      if (!run) {
        return vscode.window.showInformationMessage(NO_RUN_PROFILE, RUN_DEFAULT_ACTION).then((a) => (a ? vscode.commands.executeCommand(Cmd.runDefault) : undefined));
      }
      ProfilePanel.show(ctx.extension.extensionUri, run, revealInSource, journal.previousOf(run));
      return undefined;
    },
    rerunRun: (arg?: RunTarget) => {
      const run = storedRun(arg);
      return run ? runner.rerunStored(run.meta.rootUri, run.meta.options) : undefined;
    },
    rerunFromFailed: (arg?: RunTarget) => {
      const run = storedRun(arg);
      if (!run?.summary.failedNode) return undefined;
      // Reproduce: versioned datasets this run saved are loaded at the version it wrote (the run id).
      const runId = run.events.find((e) => e.event === 'pipeline_start')?.['run_id'];
      const versioned = new Set(views.model.flatMap((p) => p.datasets.filter((d) => d.versioned).map((d) => d.name)));
      const saved = new Set(run.events.filter((e) => e.event === 'save' && typeof e['dataset'] === 'string').map((e) => e['dataset'] as string));
      const loadVersions = typeof runId === 'string' ? Object.fromEntries([...saved].filter((d) => versioned.has(d)).map((d) => [d, runId])) : {};
      return runner.rerunStored(run.meta.rootUri, { ...run.meta.options, ...(Object.keys(loadVersions).length ? { loadVersions } : {}) }, run.summary.failedNode);
    },
    showGraph: async (target?: CommandTarget) => {
      const inv = invocation(target);
      const p = await runner.project(inv.rootUri);
      if (!p) return noProject();
      // From a pipeline in the tree: that one; from the palette: a pick.
      const items = graphPipelinePicks(p.pipelines);
      const name = inv.name ?? (items.length > 1 ? (await vscode.window.showQuickPick(items, { title: 'Show the graph of pipeline' }))?.label : (items[0]?.label ?? '__default__'));
      if (name) GraphPanel.show(ctx.extension, views, journal, name, p.rootUri);
      return undefined;
    },
    openInKedroViz: async (target?: CommandTarget) => {
      const p = await runner.project(invocation(target).rootUri);
      return p ? openInKedroViz(ctx.extension, p) : noProject();
    },
    deleteRun: (arg?: RunTarget) => {
      const run = storedRun(arg);
      if (run) journal.store.delete(run.meta.id);
      journal.refresh();
    },
  };
}

function noProject(): undefined {
  void vscode.window.showInformationMessage('No Kedro project has been analysed in this workspace yet.');
  return undefined;
}

export function registerCommands(ctx: Ctx, views: KedroViews, journal: RunJournal): vscode.Disposable[] {
  const table = commandTable(ctx, views, journal);
  // VS Code passes whatever the caller gave: the handlers' types hold for our callers (lenses, tree items, palette).
  return (Object.keys(table) as CommandName[]).map((name) => vscode.commands.registerCommand(Cmd[name], table[name] as (...args: unknown[]) => unknown));
}
