import * as vscode from 'vscode';
import type { TreeNode } from './treeModel';

/** More named pipelines than this (counting __default__) and the Pipelines view opens them collapsed. */
const MAX_EXPANDED_PIPELINES = 8;

const ICONS: Record<TreeNode['kind'], string> = {
  project: 'project',
  pipeline: 'type-hierarchy',
  namespace: 'symbol-namespace',
  node: 'symbol-method',
  dataset: 'database',
  layer: 'layers',
  range: 'list-flat',
  info: 'info',
};

/** A TreeDataProvider over prebuilt TreeNodes: the views only differ in how the nodes are built. */
const DIMMED_SCHEME = 'kedro-dimmed';

/** Colours the labels of dimmed tree items (see getTreeItem). */
export function registerDimmedDecorations(): vscode.Disposable {
  return vscode.window.registerFileDecorationProvider({
    provideFileDecoration: (uri) => (uri.scheme === DIMMED_SCHEME ? { color: new vscode.ThemeColor('disabledForeground') } : undefined),
  });
}

export interface ProblemCount {
  readonly errors: number;
  readonly warnings: number;
}

export const NO_PROBLEMS: ProblemCount = { errors: 0, warnings: 0 };

export class ModelTreeProvider implements vscode.TreeDataProvider<TreeNode> {
  private readonly emitter = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private roots: readonly TreeNode[] = [];
  private readonly parents = new Map<string, TreeNode>();
  /** Kedro diagnostics inside a node (or under a pipeline/namespace), so items can show a problem count. */
  problems: (n: TreeNode) => ProblemCount = () => NO_PROBLEMS;
  /** The last recorded run's outcome for a node. */
  lastRun: (n: TreeNode) => { status: string; duration: number } | undefined = () => undefined;

  /** Named pipelines open expanded in small projects; with many (a monorepo) they start collapsed. */
  private expandPipelines = true;

  set(roots: readonly TreeNode[]): void {
    this.roots = roots;
    this.parents.clear();
    let pipelines = 0;
    // Down to the nodes: their dataset rows are built when expanded, and registered then (getChildren).
    const walk = (n: TreeNode): void => {
      if (n.kind === 'node') return;
      n.children.forEach((c) => {
        this.parents.set(c.id, n);
        if (c.kind === 'pipeline') pipelines++;
        walk(c);
      });
    };
    roots.forEach((r) => {
      if (r.kind === 'pipeline') pipelines++;
      walk(r);
    });
    this.expandPipelines = pipelines <= MAX_EXPANDED_PIPELINES;
    this.emitter.fire(undefined);
  }

  get all(): readonly TreeNode[] {
    return this.roots;
  }

  getChildren(element?: TreeNode): TreeNode[] {
    if (element?.kind === 'node') for (const c of element.children) this.parents.set(c.id, element);
    return [...(element ? element.children : this.roots)];
  }

  getParent(element: TreeNode): TreeNode | undefined {
    return this.parents.get(element.id);
  }

  getTreeItem(n: TreeNode): vscode.TreeItem {
    const collapsible =
      !(n.hasChildren ?? n.children.length > 0)
        ? vscode.TreeItemCollapsibleState.None
        : n.kind === 'pipeline' && n.name !== '__default__' && this.expandPipelines
          ? vscode.TreeItemCollapsibleState.Expanded
          : vscode.TreeItemCollapsibleState.Collapsed;
    const item = new vscode.TreeItem(n.label, collapsible);
    item.id = n.id;
    const problems = this.problems(n);
    const run = this.lastRun(n);
    const runText = run ? `${run.status === 'failed' ? '✖' : '✔'} ${run.duration < 1 ? `${Math.round(run.duration * 1000)} ms` : `${run.duration.toFixed(1)} s`}  ` : '';
    // ✖ for errors and ⚠ for warnings, as in the Problems panel and the status bar.
    const problemText = [problems.errors ? `✖ ${problems.errors}` : '', problems.warnings ? `⚠ ${problems.warnings}` : ''].filter(Boolean).join(' ');
    item.description = `${runText}${problemText ? `${problemText}  ` : ''}${n.description ?? ''}`.trim() || undefined;
    // Built here, for the rows VS Code fetches, not for every row of the tree on every render.
    item.tooltip = typeof n.tooltip === 'function' ? n.tooltip() : n.tooltip;
    item.contextValue = n.contextValue;
    const color = problems.errors
      ? new vscode.ThemeColor('list.errorForeground')
      : problems.warnings
        ? new vscode.ThemeColor('list.warningForeground')
        : n.detail === 'output'
          ? new vscode.ThemeColor('charts.green')
          : n.dimmed
            ? new vscode.ThemeColor('disabledForeground')
            : undefined;
    // Tree items have no dimmed style: a decoration on a resource URI of our own scheme colours the label.
    if (n.dimmed) item.resourceUri = vscode.Uri.from({ scheme: DIMMED_SCHEME, path: `/${n.label}` });
    item.iconPath = new vscode.ThemeIcon(n.kind === 'dataset' && n.detail === 'memory' ? 'symbol-variable' : ICONS[n.kind], color);
    if (n.location) {
      const loc = n.location;
      item.command = {
        command: 'vscode.open',
        title: 'Open',
        arguments: [vscode.Uri.parse(loc.uri), { selection: new vscode.Range(loc.range.start.line, loc.range.start.character, loc.range.start.line, loc.range.start.character), preview: true } satisfies vscode.TextDocumentShowOptions],
      };
    }
    return item;
  }
}
