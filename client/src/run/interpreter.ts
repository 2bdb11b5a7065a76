import * as vscode from 'vscode';

interface PythonEnvironmentApi {
  environments?: {
    getActiveEnvironmentPath(resource?: vscode.Uri): { path: string } | undefined;
  };
}

/**
 * How to invoke Kedro for a project: the `kedro.kedroCommand` setting (split on whitespace, e.g. `uv run kedro`), else
 * `<python> -m kedro` with `kedro.pythonPath` or the Python extension's active interpreter for the folder, else `kedro`.
 */
export async function kedroExecutable(folder: vscode.Uri): Promise<string[]> {
  const config = vscode.workspace.getConfiguration('kedro', folder);
  const command = config.get<string>('kedroCommand', '').trim();
  if (command) return command.split(/\s+/);
  const python = await configuredPython(folder);
  return python ? [python, '-m', 'kedro'] : ['kedro'];
}

/** The interpreter the user configured for the project (`kedro.pythonPath`, else the Python extension's), if any. */
export async function configuredPython(folder: vscode.Uri): Promise<string | undefined> {
  return vscode.workspace.getConfiguration('kedro', folder).get<string>('pythonPath', '').trim() || (await activeInterpreter(folder));
}

async function activeInterpreter(folder: vscode.Uri): Promise<string | undefined> {
  const ext = vscode.extensions.getExtension<PythonEnvironmentApi>('ms-python.python');
  if (!ext) return undefined;
  try {
    const api = ext.isActive ? ext.exports : await ext.activate();
    const p = api.environments?.getActiveEnvironmentPath(folder)?.path;
    // The API reports the literal "python" when nothing was selected: then `kedro` on PATH is the better guess.
    return p && p !== 'python' ? p : undefined;
  } catch {
    return undefined;
  }
}
