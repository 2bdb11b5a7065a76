import * as vscode from 'vscode';
import { Cmd, type CommandId } from '../../common/commands';
import type { Ctx } from './ctx';
import { selectEnvironment } from './statusBar';

/** The command table: id → handler. No logic here beyond wiring. */
const COMMANDS: Record<CommandId, (ctx: Ctx) => (...args: unknown[]) => unknown> = {
  [Cmd.restartServer]: (ctx) => () => ctx.restart(),
  [Cmd.showLog]: (ctx) => () => ctx.log.show(),
  [Cmd.selectEnvironment]: (ctx) => () => selectEnvironment(ctx),
};

export function registerCommands(ctx: Ctx): vscode.Disposable[] {
  return Object.entries(COMMANDS).map(([id, make]) => vscode.commands.registerCommand(id, make(ctx)));
}
