import * as vscode from 'vscode';
import { Cmd } from '../../common/commands';
import type { ProjectsResult } from '../../common/protocol';
import type { Ctx } from './ctx';
import { pickEnvironment } from './environment';
import { environmentChoices, projectCounts, statusEnvironment, statusEnvironments } from './statusText';
import { envChainText } from '../../common/words';
import { DidChangeConfigurationNotification } from 'vscode-languageclient/node';

/** "Kedro: local" in the status bar; shows the environment and problem counts, click to switch env. */
export function createStatusBar(ctx: Ctx): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('kedro.status', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Kedro Lens';
  item.command = Cmd.selectEnvironment;
  const render = (r: ProjectsResult): void => {
    void vscode.commands.executeCommand('setContext', 'kedro.hasProject', r.projects.length > 0);
    if (!r.ready) {
      item.text = '$(sync~spin) Kedro';
      item.tooltip = 'Kedro Lens is indexing the workspace…';
    } else if (r.projects.length === 0) {
      // Activation is on any pyproject.toml; a plain Python project gets no Kedro UI.
      item.hide();
      return;
    } else {
      // What the server judged with: the picked environment, or the project's default_run_env, merged over base.
      // Several projects may run with different environments (one without a run environment): each is named.
      const env = statusEnvironments(r.projects);
      const several = new Set(env.chains).size > 1;
      const errors = r.projects.reduce((n, p) => n + p.problemCount.errors, 0);
      const warnings = r.projects.reduce((n, p) => n + p.problemCount.warnings, 0);
      item.text = `$(layers) Kedro: ${env.text}`;
      const lines = r.projects.map(
        (p, i) =>
          `${p.projectName ?? p.packageName ?? p.rootUri}${several ? ` (${env.chains[i]})` : ''}: ${projectCounts(p)}  \n` +
          `judged as kedro \`${p.kedroVersion.kedro}\` (${p.kedroVersion.kedroSource}), kedro-datasets \`${p.kedroVersion.datasets}\``,
      );
      item.tooltip = new vscode.MarkdownString(
        [several ? '**Kedro Lens**' : `**Kedro Lens** — ${env.chains[0]}`, ...lines, `${errors} error(s), ${warnings} warning(s)`, '', 'Click to switch environment'].join('\n\n'),
      );
    }
    item.show();
  };
  render(ctx.projects);
  const sub = ctx.onProjects(render);
  return vscode.Disposable.from(item, sub);
}

/** Quick pick of the conf/ environments. The pick is kept in workspace state; its save button also writes
 * `kedro.environment` into the workspace settings. The server is told to pull its settings again. */
export async function selectEnvironment(ctx: Ctx, env?: unknown): Promise<void> {
  // From a quick fix: that environment, picked as the quick pick would (kept for the workspace, not saved).
  if (typeof env === 'string' && env) {
    await pickEnvironment(env, false);
    await ctx.client?.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    return;
  }
  const choices = environmentChoices(ctx.projects.projects);
  const save: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('save'), tooltip: 'Use and save in the workspace settings (.vscode/settings.json)' };
  const qp = vscode.window.createQuickPick<vscode.QuickPickItem>();
  qp.title = `Kedro run environment (merged over ${envChainText(ctx.projects.projects[0]?.envChain.slice(0, 1) ?? ['base'])})`;
  qp.placeholder = `${[...new Set(statusEnvironments(ctx.projects.projects).chains)].join(', ') || statusEnvironment(undefined).chain} · kept for this workspace; the save button also writes it to .vscode/settings.json`;
  const items = choices.map((c) => ({ label: c.label ?? c.env, description: c.description, buttons: [save], env: c.env }));
  qp.items = items;
  const envOf = (item: vscode.QuickPickItem): string => items.find((i) => i === item)?.env ?? item.label;
  const picked = await new Promise<{ env: string; save: boolean } | undefined>((resolve) => {
    qp.onDidAccept(() => resolve(qp.selectedItems[0] ? { env: envOf(qp.selectedItems[0]), save: false } : undefined));
    qp.onDidTriggerItemButton((e) => resolve({ env: envOf(e.item), save: true }));
    qp.onDidHide(() => resolve(undefined));
    qp.show();
  });
  qp.dispose();
  if (!picked) return;
  await pickEnvironment(picked.env, picked.save);
  await ctx.client?.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
}
