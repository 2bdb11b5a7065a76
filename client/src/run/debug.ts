import * as vscode from 'vscode';
import type { RunDialect } from '../../../common/pipelineModel';
import { kedroRunArgs, type RunOptions } from './kedroCommand';
import { currentEnvironment } from '../environment';

/** Runs the same `kedro run` selection under the Python debugger (debugpy launching the kedro module): breakpoints in nodes hit. */
export async function debugKedro(rootUri: string, options: RunOptions, title: string, dialect?: RunDialect, defaultRunEnv?: string): Promise<boolean> {
  const hasDebugger = !!vscode.extensions.getExtension('ms-python.debugpy') || !!vscode.extensions.getExtension('ms-python.python');
  if (!hasDebugger) {
    void vscode.window.showWarningMessage('Debugging a Kedro run needs the Python Debugger extension (ms-python.debugpy).');
    return false;
  }
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.parse(rootUri));
  const env = currentEnvironment();
  return vscode.debug.startDebugging(folder, {
    type: 'debugpy',
    request: 'launch',
    name: `Kedro: ${title}`,
    module: 'kedro',
    args: kedroRunArgs({ env, ...options }, dialect, defaultRunEnv),
    cwd: vscode.Uri.parse(rootUri).fsPath,
    console: 'integratedTerminal',
    justMyCode: true,
  });
}
