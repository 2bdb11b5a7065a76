import * as vscode from 'vscode';

/**
 * The run environment. Picking one in the status bar keeps it in workspace state: writing `kedro.environment` would
 * create `.vscode/settings.json` in the user's project. It is saved there only when asked (the pick's save button).
 * An explicit change of the setting wins over the picked one.
 */
const KEY = 'kedro.pickedEnvironment';
let state: vscode.Memento | undefined;

export function initEnvironment(context: vscode.ExtensionContext): vscode.Disposable {
  state = context.workspaceState;
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('kedro.environment') && state?.get(KEY) !== vscode.workspace.getConfiguration('kedro').get('environment')) void state?.update(KEY, undefined);
  });
}

/** The picked or configured environment; '' when neither: the project's default (`default_run_env`), no `--env`. */
export function currentEnvironment(): string {
  return state?.get<string>(KEY) ?? vscode.workspace.getConfiguration('kedro').get<string>('environment', '');
}

export async function pickEnvironment(env: string, save: boolean): Promise<void> {
  await state?.update(KEY, env);
  if (save) await vscode.workspace.getConfiguration('kedro').update('environment', env, vscode.ConfigurationTarget.Workspace);
}

/** The `kedro` settings the server reads, with the picked environment in place of the setting. */
export function withPickedEnvironment(settings: unknown): unknown {
  const picked = state?.get<string>(KEY);
  if (!picked || typeof settings !== 'object' || settings === null) return settings;
  return { ...(JSON.parse(JSON.stringify(settings)) as Record<string, unknown>), environment: picked };
}
