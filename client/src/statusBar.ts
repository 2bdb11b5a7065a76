import * as vscode from 'vscode';
import { Cmd } from '../../common/commands';
import type { ProjectsResult } from '../../common/protocol';
import type { Ctx } from './ctx';

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
      const env = r.projects[0]?.env ?? 'local';
      const errors = r.projects.reduce((n, p) => n + p.problemCount.errors, 0);
      const warnings = r.projects.reduce((n, p) => n + p.problemCount.warnings, 0);
      item.text = `$(layers) Kedro: ${env}`;
      const lines = r.projects.map(
        (p) =>
          `${p.projectName ?? p.packageName ?? p.rootUri}: ${p.nodeCount} nodes, ${p.catalogCount} catalog entries, ${p.parameterCount} parameters  \n` +
          `judged as kedro \`${p.kedroVersion.kedro}\` (${p.kedroVersion.kedroSource}), kedro-datasets \`${p.kedroVersion.datasets}\``,
      );
      item.tooltip = new vscode.MarkdownString(
        [`**Kedro Lens** — environment \`base\` + \`${env}\``, ...lines, `${errors} error(s), ${warnings} warning(s)`, '', 'Click to switch environment'].join('\n\n'),
      );
    }
    item.show();
  };
  render(ctx.projects);
  const sub = ctx.onProjects(render);
  return vscode.Disposable.from(item, sub);
}

/** Quick pick of the conf/ environments; writes `kedro.environment`, which the server follows. */
export async function selectEnvironment(ctx: Ctx): Promise<void> {
  const envs = [...new Set(ctx.projects.projects.flatMap((p) => p.envs))].filter((e) => e !== 'base');
  const current = vscode.workspace.getConfiguration('kedro').get<string>('environment', 'local');
  const picked = await vscode.window.showQuickPick(
    envs.map((e) => ({ label: e, description: e === current ? 'current' : undefined })),
    { title: 'Kedro run environment (merged over base)', placeHolder: current },
  );
  if (!picked) return;
  await vscode.workspace.getConfiguration('kedro').update('environment', picked.label, vscode.ConfigurationTarget.Workspace);
}
