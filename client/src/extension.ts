import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { Ctx } from './ctx';
import { createStatusBar } from './statusBar';
import { registerResolvedConfig } from './resolvedConfig';

let ctx: Ctx | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  ctx = new Ctx(context);
  context.subscriptions.push(...registerCommands(ctx), createStatusBar(ctx), registerResolvedConfig(ctx));
  try {
    await ctx.start();
    ctx.log.info('Kedro Lens started');
  } catch (err) {
    ctx.log.error(`activation_failed ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    const choice = await vscode.window.showErrorMessage('Kedro Lens could not start its language server.', 'Show Log');
    if (choice === 'Show Log') ctx.log.show();
  }
}

export async function deactivate(): Promise<void> {
  await ctx?.stop();
}
