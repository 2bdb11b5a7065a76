import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import type { RunJournal } from '../runs/journal';
import { ModelTreeProvider } from './modelTree';
import type { TreeNode } from './treeModel';
import type { KedroViews } from './views';

/** Hook classes from settings.py (static) and the hook plugins the last recorded run actually loaded. */
export class HooksView implements vscode.Disposable {
  private readonly provider = new ModelTreeProvider();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    ctx: Ctx,
    private readonly views: KedroViews,
    private readonly journal: RunJournal,
  ) {
    this.disposables.push(
      vscode.window.createTreeView('kedro.hooks', { treeDataProvider: this.provider }),
      ctx.onProjects(() => setTimeout(() => this.render(), 200)),
      views.onDidChangeModel(() => this.render()), // the model arrives after onProjects: an empty view would stay empty
      journal.onDidChangeRuns(() => this.render()),
    );
    this.render();
  }

  private render(): void {
    const root = this.views.model[0]?.rootUri ?? '';
    const hooks = this.views.model.flatMap((p) => p.hooks);
    const item = (id: string, label: string, description: string, tooltip: string, location?: TreeNode['location']): TreeNode => ({
      id,
      kind: 'info',
      label,
      description,
      tooltip,
      ...(location ? { location } : {}),
      contextValue: 'kedro.hook',
      children: [],
      rootUri: root,
    });
    const group = (id: string, label: string, children: TreeNode[]): TreeNode => ({ id, kind: 'namespace', label, description: `${children.length}`, contextValue: 'kedro.hookGroup', children, rootUri: root });
    const registered = hooks.filter((h) => h.registered).map((h) => item(`hook:${h.name}`, h.name, h.implements.join(', ') || '(no @hook_impl methods found)', `settings.py HOOKS\n${h.implements.join('\n')}`, h.location));
    const unregistered = hooks.filter((h) => !h.registered).map((h) => item(`hook-unreg:${h.name}`, h.name, h.implements.join(', '), 'Has @hook_impl methods but is not listed in settings.py HOOKS (nor known as a plugin): Kedro never calls it.', h.location));
    const last = this.journal.runs().find((r) => r.events.some((e) => e.event === 'context'));
    const plugins = ((last?.events.find((e) => e.event === 'context')?.['plugins'] as { name: string; class: string; hooks: string[] }[] | undefined) ?? []).map((p) =>
      item(`plugin:${p.name}`, p.name, p.hooks.join(', '), `${p.class}\n${p.hooks.join('\n')}`),
    );
    // No project: nothing, so the view's welcome text says what will appear (docs: package.json viewsWelcome).
    if (!this.views.model.length) return this.provider.set([]);
    this.provider.set([
      group('g:registered', 'Registered in settings.py', registered),
      ...(unregistered.length ? [group('g:unregistered', 'Defined but not registered', unregistered)] : []),
      group('g:plugins', last ? 'Loaded by the last run' : 'Loaded by the last run (no recorded run yet)', plugins),
    ]);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
