import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { Ctx } from './ctx';
import { registerResolvedConfig } from './resolvedConfig';
import { createStatusBar } from './statusBar';
import { KedroViews } from './views/views';
import { LineageView } from './views/lineage';
import { RunJournal } from './runs/journal';

let ctx: Ctx | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  ctx = new Ctx(context);
  const journal = new RunJournal(context);
  const views = new KedroViews(ctx, journal);
  context.subscriptions.push(journal, views, new LineageView(ctx, views), ...registerCommands(ctx, views, journal), createStatusBar(ctx), registerResolvedConfig(ctx));
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
