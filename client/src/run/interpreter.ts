import * as vscode from 'vscode';
import { findProgram } from './kedroCommand';
import { RunNotices, type Notice } from './runNotices';

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
  const python = command ? undefined : await configuredPython(folder);
  const argv = command ? command.split(/\s+/) : python ? [python, '-m', 'kedro'] : ['kedro'];
  warnIfMissing(argv[0] as string);
  return argv;
}

/** Shared by every command of this window, so a cause is told once whichever command met it first. */
export const runNotices = new RunNotices();

/**
 * The command still goes to the terminal (its shell may set PATH up differently, e.g. conda in .bashrc), but a program
 * this extension host cannot find usually ends in "command not found": say what to set, once for this cause.
 */
function warnIfMissing(program: string): void {
  const notice = runNotices.beforeRun(program, findProgram(program, process.env['PATH'] ?? ''), !!vscode.env.remoteName);
  if (notice) showNotice(notice);
}

/** Shows a notice and runs the fix the user picks. */
export function showNotice(notice: Notice, terminal?: vscode.Terminal): void {
  const show = notice.severity === 'error' ? vscode.window.showErrorMessage : vscode.window.showWarningMessage;
  void show(notice.message, ...notice.actions).then((pick) => {
    if (pick === 'Select Interpreter') void vscode.commands.executeCommand('python.setInterpreter').then(undefined, () => vscode.commands.executeCommand('workbench.action.openSettings', 'kedro.pythonPath'));
    if (pick === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'kedro.kedroCommand');
    if (pick === 'Show Terminal') terminal?.show();
  });
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
