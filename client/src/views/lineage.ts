import * as vscode from 'vscode';
import { RunPreviewRequest } from '../../../common/protocol';
import type { Ctx } from '../ctx';
import type { TreeNode } from './treeModel';
import { nodeAt } from './treeModel';
import { ModelTreeProvider } from './modelTree';
import type { KedroViews } from './views';

/** Upstream and downstream nodes of the node under the cursor, from the server's run filter (--to-nodes / --from-nodes). */
export class LineageView implements vscode.Disposable {
  private readonly provider = new ModelTreeProvider();
  private readonly view: vscode.TreeView<TreeNode>;
  private readonly disposables: vscode.Disposable[] = [];
  private current: string | undefined;

  constructor(
    private readonly ctx: Ctx,
    private readonly views: KedroViews,
  ) {
    this.view = vscode.window.createTreeView('kedro.lineage', { treeDataProvider: this.provider });
    this.disposables.push(
      this.view,
      vscode.window.onDidChangeTextEditorSelection((e) => void this.update(e.textEditor)),
      // The cursor may have moved while the view was folded or hidden, or another editor come to the front: show its node.
      this.view.onDidChangeVisibility((e) => e.visible && vscode.window.activeTextEditor && void this.update(vscode.window.activeTextEditor)),
      vscode.window.onDidChangeActiveTextEditor((editor) => editor && void this.update(editor)),
      ctx.onProjects(() => {
        this.current = undefined;
        if (vscode.window.activeTextEditor) void this.update(vscode.window.activeTextEditor);
      }),
    );
  }

  private async update(editor: vscode.TextEditor): Promise<void> {
    if (!this.view.visible || editor.document.languageId !== 'python') return;
    const node = nodeAt(this.views.pipelines.all, editor.document.uri.toString(), editor.selection.active.line);
    if (!node?.name || node.name === this.current || !this.ctx.client) return;
    this.current = node.name;
    const ask = (filter: { toNodes?: string[]; fromNodes?: string[] }) => this.ctx.client?.sendRequest(RunPreviewRequest.type, { rootUri: node.rootUri, ...filter });
    const [up, down] = await Promise.all([ask({ toNodes: [node.name] }), ask({ fromNodes: [node.name] })]);
    const byName = new Map<string, TreeNode>();
    const collect = (ns: readonly TreeNode[]): void =>
      ns.forEach((n) => (n.kind === 'node' ? n.name && !byName.has(n.name) && byName.set(n.name, n) : collect(n.children)));
    collect(this.views.pipelines.all);
    const group = (label: string, names: readonly string[]): TreeNode => ({
      id: `lineage:${label}`,
      kind: 'pipeline',
      label,
      description: `${names.length} node${names.length === 1 ? '' : 's'}`,
      contextValue: 'kedro.lineage',
      rootUri: node.rootUri,
      children: names.map((n) => {
        const item = byName.get(n);
        return { ...(item ?? { kind: 'node' as const, label: n, contextValue: 'kedro.node', rootUri: node.rootUri, name: n }), id: `lineage:${label}:${n}`, children: [], hasChildren: false };
      }),
    });
    this.view.description = node.name;
    this.provider.set([
      group('Upstream', (up?.nodes ?? []).filter((n) => n !== node.name)),
      group('Downstream', (down?.nodes ?? []).filter((n) => n !== node.name)),
    ]);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
