import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { Ctx } from './ctx';
import { registerResolvedConfig } from './resolvedConfig';
import { createStatusBar } from './statusBar';
import { KedroViews } from './views/views';
import { LineageView } from './views/lineage';
import { RunJournal } from './runs/journal';
import { HooksView } from './views/hooksView';
import { registerPackageReports } from './lifecycle/packageCommands';
import { initEnvironment } from './environment';

let ctx: Ctx | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  ctx = new Ctx(context);
  context.subscriptions.push(initEnvironment(context));
  const journal = new RunJournal(context);
  const views = new KedroViews(ctx, journal);
  journal.locateNode = (name) => {
    const loc = views.model.flatMap((p) => p.nodes).find((n) => n.name === name)?.funcLocation;
    return loc ? `${vscode.Uri.parse(loc.uri).fsPath}:${loc.range.start.line + 1}` : undefined;
  };
  context.subscriptions.push(journal, views, new LineageView(ctx, views), new HooksView(ctx, views, journal), ...registerCommands(ctx, views, journal), createStatusBar(ctx), registerResolvedConfig(ctx), registerPackageReports());
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
  await ctx?.dispose();
}
