import * as vscode from 'vscode';
import { ProjectModelRequest } from '../../../common/protocol';
import type { ProjectJson } from '../../../common/pipelineModel';
import type { Ctx } from '../ctx';
import type { RunJournal } from '../runs/journal';
import { countFindings, findingsBadge } from './badge';
import { ModelTreeProvider, NO_PROBLEMS, registerDimmedDecorations, type ProblemCount } from './modelTree';
import { problemSignature, ShownModel } from './shownModel';
import { buildDatasetTree, buildPipelineTree, findNode, nodeAt, type TreeFilter, type TreeNode } from './treeModel';

/** How long after a render the Pipelines view is left to refetch its rows before the cursor's node is revealed. */
const RENDER_SETTLE_MS = 400;

/** The Kedro activity-bar views: Pipelines and Datasets, fed by kedro/projectModel after every analysis. */
export class KedroViews implements vscode.Disposable {
  readonly pipelines = new ModelTreeProvider();
  readonly datasets = new ModelTreeProvider();
  private readonly pipelineView: vscode.TreeView<TreeNode>;
  private readonly datasetView: vscode.TreeView<TreeNode>;
  private readonly disposables: vscode.Disposable[] = [];
  private filter: TreeFilter = {};
  private readonly shown = new ShownModel();
  private readonly modelEmitter = new vscode.EventEmitter<void>();
  /** Fires after a changed model arrived from the server (the graph panel redraws). */
  readonly onDidChangeModel = this.modelEmitter.event;

  constructor(
    private readonly ctx: Ctx,
    private readonly journal?: RunJournal,
  ) {
    this.pipelineView = vscode.window.createTreeView('kedro.pipelines', { treeDataProvider: this.pipelines, showCollapseAll: true });
    this.datasetView = vscode.window.createTreeView('kedro.datasets', { treeDataProvider: this.datasets, showCollapseAll: true });
    this.pipelines.problems = (n) => this.problemCount(n);
    this.pipelines.lastRun = (n) => (n.kind === 'node' && n.name ? journal?.lastNodeStatus.get(n.name) : undefined);
    this.disposables.push(
      this.modelEmitter,
      this.pipelineView,
      this.datasetView,
      registerDimmedDecorations(),
      ctx.onProjects(() => void this.refresh()),
      // Diagnostics change on every pass while typing: the trees (thousands of rows) are redrawn once they settle.
      vscode.languages.onDidChangeDiagnostics(() => this.renderSoon()),
      { dispose: () => (clearTimeout(this.renderTimer), clearTimeout(this.followTimer)) },
      vscode.window.onDidChangeTextEditorSelection((e) => this.follow(e.textEditor)),
      // The user picked another row: the next cursor move into the followed node reveals it again.
      this.pipelineView.onDidChangeSelection((e) => {
        if (e.selection[0]?.id !== this.followed) this.followed = undefined;
      }),
      ...(journal ? [journal.onDidChangeRuns(() => this.render())] : []),
    );
  }

  get model(): readonly ProjectJson[] {
    return this.shown.model;
  }

  async refresh(): Promise<void> {
    if (!this.ctx.client) return;
    let changed: boolean;
    try {
      changed = this.shown.receive(await this.ctx.client.sendRequest(ProjectModelRequest.type));
    } catch (err) {
      this.ctx.log.warn(`project_model_failed ${String(err)}`);
      return;
    }
    // The same model: the rows change only if a problem count did.
    if (!changed) return this.renderIfProblemsChanged();
    this.render();
    this.modelEmitter.fire();
  }

  private renderTimer: NodeJS.Timeout | undefined;

  private renderSoon(): void {
    clearTimeout(this.renderTimer);
    this.renderTimer = setTimeout(() => this.renderIfProblemsChanged(), 150);
  }

  /** Diagnostics settled: render only when a node's problem count changed. A render rebuilds both trees and VS Code
   * then refetches every expanded level, so a pass that changed no count (most passes while typing) costs nothing. */
  private renderIfProblemsChanged(): void {
    this.diagnostics.clear();
    if (this.shown.needsRender(this.problemSignature())) this.render();
    else this.showFindings(); // a catalog or parameters finding changes no row, but the count
  }

  private problemSignature(): string {
    return problemSignature(this.model, (location) => this.problemCount({ kind: 'node', location } as TreeNode));
  }

  /** The badge counts Kedro errors and warnings, as the Problems panel lists them (docs: README, The Kedro view). */
  private showFindings(): void {
    const badge = findingsBadge(countFindings(vscode.languages.getDiagnostics()));
    const shown = this.pipelineView.badge;
    if (badge?.value !== shown?.value || badge?.tooltip !== shown?.tooltip) this.pipelineView.badge = badge;
  }

  private render(): void {
    clearTimeout(this.renderTimer);
    this.renderAfterReveal = this.revealing;
    if (this.revealing) return;
    this.renderedAt = Date.now();
    this.diagnostics.clear();
    this.pipelines.set(buildPipelineTree(this.model, this.filter));
    this.datasets.set(buildDatasetTree(this.model));
    this.shown.didRender(this.problemSignature());
    this.showFindings();
    this.pipelineView.description = this.filterText();
  }

  setFilter(filter: TreeFilter): void {
    this.filter = filter;
    void vscode.commands.executeCommand('setContext', 'kedro.treeFiltered', !!(filter.text || filter.tags?.length));
    this.render();
  }

  get currentFilter(): TreeFilter {
    return this.filter;
  }

  private filterText(): string | undefined {
    const parts = [...(this.filter.text ? [`“${this.filter.text}”`] : []), ...(this.filter.tags?.length ? [`tags: ${this.filter.tags.join(', ')}`] : [])];
    return parts.length ? `filtered by ${parts.join(' · ')}` : undefined;
  }

  /** Errors and warnings inside a node's call (pipelines: the sum of their nodes). */
  /** Kedro problems per file, read once per render (a 5,000-node level asked VS Code for them once per row). */
  private diagnostics = new Map<string, readonly vscode.Diagnostic[]>();

  private problemCount(n: TreeNode): ProblemCount {
    if (n.kind === 'pipeline' || n.kind === 'namespace' || n.kind === 'range') {
      return n.children.reduce((s, c) => {
        const p = this.problemCount(c);
        return { errors: s.errors + p.errors, warnings: s.warnings + p.warnings };
      }, NO_PROBLEMS);
    }
    if (n.kind !== 'node' || !n.location) return NO_PROBLEMS;
    const r = n.location.range;
    let inFile = this.diagnostics.get(n.location.uri);
    if (!inFile) this.diagnostics.set(n.location.uri, (inFile = vscode.languages.getDiagnostics(vscode.Uri.parse(n.location.uri)).filter((d) => d.source === 'kedro')));
    const found = inFile
      .filter((d) => d.source === 'kedro' && d.severity <= vscode.DiagnosticSeverity.Warning && d.range.start.line >= r.start.line && d.range.end.line <= r.end.line);
    const errors = found.filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length;
    return { errors, warnings: found.length - errors };
  }

  /** The node `follow` revealed last (its id: the rows are rebuilt on every render). */
  private followed: string | undefined;

  /** Reveal the node under the cursor, when the Pipelines view is visible; once per node the cursor enters. Typing moves
   * the selection on every key while each pass re-renders the tree: a reveal racing the view's refetch of its rows made
   * VS Code log "Element with id … is already registered" (an error in the extension host log) several times a second. */
  private follow(editor: vscode.TextEditor): void {
    if (!this.pipelineView.visible || editor.document.languageId !== 'python') return;
    const node = nodeAt(this.pipelines.all, editor.document.uri.toString(), editor.selection.active.line);
    if (!node || node.id === this.followed) return;
    this.followed = node.id;
    this.revealWhenQuiet(node.id);
  }

  /**
   * Reveals and renders never overlap: a reveal waits until the view has had RENDER_SETTLE_MS to refetch its rows after
   * the last render, and a render asked for meanwhile runs once the reveal is done.
   */
  private revealWhenQuiet(id: string): void {
    clearTimeout(this.followTimer);
    const wait = this.renderedAt + RENDER_SETTLE_MS - Date.now();
    if (wait > 0) {
      this.followTimer = setTimeout(() => this.revealWhenQuiet(id), wait);
      return;
    }
    // The rows were rebuilt since the cursor moved: reveal the current object for that id, if it still exists.
    const node = findNode(this.pipelines.all, (n) => n.id === id);
    if (!node || this.followed !== id) return;
    this.revealing = true;
    void this.pipelineView
      .reveal(node, { select: true, focus: false, expand: false })
      .then(undefined, () => undefined)
      .then(() => {
        this.revealing = false;
        if (this.renderAfterReveal) this.render();
      });
  }

  private followTimer: NodeJS.Timeout | undefined;
  private revealing = false;
  private renderAfterReveal = false;
  private renderedAt = 0;

  async revealNode(name: string): Promise<void> {
    const node = findNode(this.pipelines.all, (n) => n.kind === 'node' && n.name === name);
    if (node) await this.pipelineView.reveal(node, { select: true, focus: true, expand: true });
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
