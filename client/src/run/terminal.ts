import * as vscode from 'vscode';
import { commandLine } from './kedroCommand';

const TERMINAL_NAME = 'Kedro';

/** One reusable "Kedro" terminal per project root; the command line is quoted for POSIX shells. */
export function runInTerminal(rootUri: string, argv: readonly string[]): string {
  const cwd = vscode.Uri.parse(rootUri);
  const name = `${TERMINAL_NAME} (${cwd.path.split('/').pop() ?? ''})`;
  const terminal = vscode.window.terminals.find((t) => t.name === name && t.exitStatus === undefined) ?? vscode.window.createTerminal({ name, cwd });
  const line = commandLine(argv);
  terminal.show(true);
  terminal.sendText(line, true);
  return line;
}
