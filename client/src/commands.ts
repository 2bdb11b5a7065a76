import * as vscode from 'vscode';
import { Cmd, type CommandId } from '../../common/commands';
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
import { openInKedroViz } from './openInKedroViz';
import { ProfilePanel } from './runs/profilePanel';
import type { StoredRun } from './runs/runStore';

/** Where a command was invoked from: a tree item, a code lens (rootUri, name[, nodes to run]) or the palette (nothing). */
interface Invocation {
  readonly rootUri?: string;
  readonly name?: string;
  /** "▶ Run with upstream": the node with the nodes writing its memory inputs. */
  readonly nodes?: readonly string[];
}

function invocation(args: readonly unknown[]): Invocation {
  const [a, b, c] = args;
  if (a && typeof a === 'object' && 'rootUri' in a) return a as Invocation;
  const nodes = c && typeof c === 'object' && Array.isArray((c as { nodes?: unknown }).nodes) ? ((c as { nodes: unknown[] }).nodes.filter((n) => typeof n === 'string') as string[]) : undefined;
  return { ...(typeof a === 'string' ? { rootUri: a } : {}), ...(typeof b === 'string' ? { name: b } : {}), ...(nodes?.length ? { nodes } : {}) };
}

type Handler = (...args: unknown[]) => unknown;

/** The command table: id → handler, built over the runner and the views. */
function commandTable(ctx: Ctx, views: KedroViews, journal: RunJournal): Record<CommandId, Handler> {
  const runner = new Runner(ctx, () => views.model, journal, () => views.refresh());
  const revealInSource = (name: string): void => {
    const node = views.model.flatMap((p) => p.nodes).find((n) => n.name === name);
    if (node) void vscode.window.showTextDocument(vscode.Uri.parse(node.location.uri), { selection: new vscode.Range(node.location.range.start.line, node.location.range.start.character, node.location.range.start.line, node.location.range.start.character) });
  };
  const storedRun = (arg: unknown): StoredRun | undefined => (arg && typeof arg === 'object' && 'meta' in arg ? (arg as StoredRun) : journal.runs()[0]);
  /** Project from the invocation, then filters (from the invocation or pickers), then run. */
  const runWith =
    (pick: (p: ProjectJson, inv: Invocation) => Promise<RunOptions | undefined>) =>
    async (...args: unknown[]) => {
      const inv = invocation(args);
      const p = await runner.project(inv.rootUri);
      if (!p) return noProject();
      const filters = await pick(p, inv);
      return filters ? runner.run(p.rootUri, filters) : undefined;
    };
  const nodesOr = async (p: ProjectJson, inv: Invocation, title: string): Promise<string[] | undefined> => (inv.name ? [inv.name] : runner.pickNodes(p, title));

  return {
    [Cmd.restartServer]: () => ctx.restart(),
    [Cmd.showLog]: () => ctx.log.show(),
    [Cmd.selectEnvironment]: () => selectEnvironment(ctx),
    [Cmd.runDefault]: runWith(async () => ({})),
    [Cmd.runPipeline]: runWith(async (p, inv) => {
      const name = inv.name ?? (await runner.pickPipeline(p));
      return name ? { pipelines: [name] } : undefined;
    }),
    [Cmd.runNode]: runWith(async (p, inv) => {
      const nodes = inv.nodes ? [...inv.nodes] : await nodesOr(p, inv, 'Run node');
      return nodes ? { nodes } : undefined;
    }),
    [Cmd.runNamespace]: runWith(async (p, inv) => {
      const namespaces = inv.name ? [inv.name] : await runner.pickMany(p.namespaces, 'Run namespaces');
      return namespaces?.length ? { namespaces } : undefined;
    }),
    [Cmd.runTags]: runWith(async (p) => {
      const tags = await runner.pickMany(p.tags, 'Run nodes with any of these tags');
      return tags?.length ? { tags } : undefined;
    }),
    [Cmd.runToNode]: runWith(async (p, inv) => {
      const nodes = await nodesOr(p, inv, 'Run a node and everything upstream of it');
      return nodes ? { toNodes: nodes } : undefined;
    }),
    [Cmd.runFromNode]: runWith(async (p, inv) => {
      const nodes = await nodesOr(p, inv, 'Run a node and everything downstream of it');
      return nodes ? { fromNodes: nodes } : undefined;
    }),
    [Cmd.runSlice]: runWith(async (p, inv) => {
      const from = await nodesOr(p, inv, 'Slice: start at node');
      const to = from && (await runner.pickNodes(p, 'Slice: end at node'));
      return from && to ? { fromNodes: from, toNodes: to } : undefined;
    }),
    [Cmd.runFromInputs]: runWith(async (p, inv) => {
      const ds = inv.name ? [inv.name] : await runner.pickDatasets(p, 'Run from inputs (their consumers and downstream)', 'input');
      return ds?.length ? { fromInputs: ds } : undefined;
    }),
    [Cmd.runToOutputs]: runWith(async (p, inv) => {
      const ds = inv.name ? [inv.name] : await runner.pickDatasets(p, 'Run to outputs (their producers and upstream)', 'output');
      return ds?.length ? { toOutputs: ds } : undefined;
    }),
    [Cmd.runWithOptions]: runWith((p) => runner.pickOptions(p)),
    [Cmd.rerunLast]: () => runner.rerun(),
    [Cmd.dryRun]: async (...args: unknown[]) => {
      const p = await runner.project(invocation(args).rootUri);
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
    [Cmd.debugNode]: async (...args: unknown[]) => {
      const inv = invocation(args);
      const p = await runner.project(inv.rootUri);
      const nodes = p && (await nodesOr(p, inv, 'Debug node'));
      return p && nodes ? debugKedro(p.rootUri, { nodes }, `debug ${nodes.join(', ')}`, p.kedroVersion.run) : undefined;
    },
    [Cmd.debugPipeline]: async (...args: unknown[]) => {
      const inv = invocation(args);
      const p = await runner.project(inv.rootUri);
      const name = p && (inv.name ?? (await runner.pickPipeline(p, 'Debug pipeline')));
      return p && name ? debugKedro(p.rootUri, { pipelines: [name] }, `debug pipeline ${name}`, p.kedroVersion.run) : undefined;
    },
    [Cmd.revealNode]: async (...args: unknown[]) => {
      const inv = invocation(args);
      if (!inv.name) return undefined;
      await vscode.commands.executeCommand('kedro.pipelines.focus');
      return views.revealNode(inv.name);
    },
    [Cmd.filterTree]: async () => {
      const text = await vscode.window.showInputBox({ title: 'Filter pipelines', prompt: 'Node, function or dataset name contains…', value: views.currentFilter.text ?? '' });
      if (text !== undefined) views.setFilter({ ...views.currentFilter, text: text.trim() || undefined });
    },
    [Cmd.filterByTag]: async () => {
      const tags = [...new Set(views.model.flatMap((p) => p.tags))];
      const picked = await vscode.window.showQuickPick(
        tags.map((label) => ({ label, picked: views.currentFilter.tags?.includes(label) ?? false })),
        { title: 'Show nodes with any of these tags', canPickMany: true },
      );
      if (picked) views.setFilter({ ...views.currentFilter, tags: picked.map((p) => p.label) });
    },
    [Cmd.clearFilter]: () => views.setFilter({}),
    [Cmd.refreshTree]: () => views.refresh(),
    [Cmd.createProject]: () => createProject(),
    [Cmd.createPipeline]: (...args: unknown[]) => createPipeline(runner, invocation(args).rootUri),
    [Cmd.runTests]: (...args: unknown[]) => {
      // From a pipeline row: that pipeline's tests; from the palette: a pick.
      const inv = invocation(args);
      return runTests(runner, inv.rootUri, inv.name);
    },
    [Cmd.packageProject]: (...args: unknown[]) => packageProject(runner, invocation(args).rootUri),
    [Cmd.showPackageContents]: (...args: unknown[]) => showPackageContents(runner, invocation(args).rootUri),
    [Cmd.deploy]: (...args: unknown[]) => deploy(runner, invocation(args).rootUri),
    [Cmd.generateServing]: (...args: unknown[]) => {
      const inv = invocation(args);
      return generateServing(runner, inv.rootUri, inv.name);
    },
    [Cmd.showResolvedCatalog]: () => showResolved(ctx, 'catalog'),
    [Cmd.showResolvedParameters]: () => showResolved(ctx, 'parameters'),
    [Cmd.showHooks]: () => journal.hooks.show(true),
    [Cmd.openProfile]: (arg: unknown) => {
      const run = storedRun(arg);
      if (!run) return vscode.window.showInformationMessage('No recorded Kedro run yet: runs started from Kedro Lens are recorded.');
      // Re-read: the run may have progressed since the tree item was built.
      const fresh = journal.store.read(run.meta.id) ?? run;
      ProfilePanel.show(ctx.extension.extensionUri, fresh, revealInSource, journal.previousOf(fresh));
      return undefined;
    },
    [Cmd.rerunRun]: (arg: unknown) => {
      const run = storedRun(arg);
      return run ? runner.rerunStored(run.meta.rootUri, run.meta.options) : undefined;
    },
    [Cmd.rerunFromFailed]: (arg: unknown) => {
      const run = storedRun(arg);
      if (!run?.summary.failedNode) return undefined;
      // Reproduce: versioned datasets this run saved are loaded at the version it wrote (the run id).
      const runId = run.events.find((e) => e.event === 'pipeline_start')?.['run_id'];
      const versioned = new Set(views.model.flatMap((p) => p.datasets.filter((d) => d.versioned).map((d) => d.name)));
      const saved = new Set(run.events.filter((e) => e.event === 'save' && typeof e['dataset'] === 'string').map((e) => e['dataset'] as string));
      const loadVersions = typeof runId === 'string' ? Object.fromEntries([...saved].filter((d) => versioned.has(d)).map((d) => [d, runId])) : {};
      return runner.rerunStored(run.meta.rootUri, { ...run.meta.options, ...(Object.keys(loadVersions).length ? { loadVersions } : {}) }, run.summary.failedNode);
    },
    [Cmd.showGraph]: async (...args: unknown[]) => {
      const inv = invocation(args);
      const p = await runner.project(inv.rootUri);
      if (!p) return noProject();
      // From a pipeline in the tree: that one; from the palette: a pick, `__default__` first (Enter = the whole project).
      const items = [...p.pipelines].sort((a, b) => Number(b.name === '__default__') - Number(a.name === '__default__')).map((x) => ({ label: x.name, description: `${x.nodes.length} nodes${x.partial ? ' · partly analysed' : ''}` }));
      const name = inv.name ?? (items.length > 1 ? (await vscode.window.showQuickPick(items, { title: 'Show the graph of pipeline' }))?.label : (items[0]?.label ?? '__default__'));
      if (name) GraphPanel.show(ctx.extension.extensionUri, views, journal, name, p.rootUri);
      return undefined;
    },
    [Cmd.openInKedroViz]: async (...args: unknown[]) => {
      const p = await runner.project(invocation(args).rootUri);
      return p ? openInKedroViz(ctx.extension, p) : noProject();
    },
    [Cmd.deleteRun]: (arg: unknown) => {
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
  return Object.entries(commandTable(ctx, views, journal)).map(([id, handler]) => vscode.commands.registerCommand(id, handler));
}
