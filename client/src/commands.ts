import * as vscode from 'vscode';
import { Cmd, type CommandId } from '../../common/commands';
import type { Ctx } from './ctx';
import { kedroRunArgv } from './run/kedroCommand';
import { runInTerminal } from './run/terminal';
import { showResolved } from './resolvedConfig';
import { selectEnvironment } from './statusBar';

const env = (): string => vscode.workspace.getConfiguration('kedro').get<string>('environment', 'local');

/** The command table: id → handler. No logic here beyond wiring. */
const COMMANDS: Record<CommandId, (ctx: Ctx) => (...args: unknown[]) => unknown> = {
  [Cmd.restartServer]: (ctx) => () => ctx.restart(),
  [Cmd.showLog]: (ctx) => () => ctx.log.show(),
  [Cmd.selectEnvironment]: (ctx) => () => selectEnvironment(ctx),
  [Cmd.runNode]: () => (root: unknown, node: unknown) => {
    if (typeof root === 'string' && typeof node === 'string') return runInTerminal(root, kedroRunArgv({ nodes: [node], env: env() }));
    return undefined;
  },
  [Cmd.runPipeline]: (ctx) => (root: unknown, pipeline: unknown) => {
    const r = typeof root === 'string' ? root : ctx.projects.projects[0]?.rootUri;
    if (!r) return undefined;
    return runInTerminal(r, kedroRunArgv({ ...(typeof pipeline === 'string' ? { pipeline } : {}), env: env() }));
  },
  [Cmd.showResolvedCatalog]: (ctx) => () => showResolved(ctx, 'catalog'),
  [Cmd.showResolvedParameters]: (ctx) => () => showResolved(ctx, 'parameters'),
};

export function registerCommands(ctx: Ctx): vscode.Disposable[] {
  return Object.entries(COMMANDS).map(([id, make]) => vscode.commands.registerCommand(id, make(ctx)));
}
