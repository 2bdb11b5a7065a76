import * as vscode from 'vscode';
import { ResolvedConfigRequest } from '../../common/protocol';
import type { Ctx } from './ctx';

export const RESOLVED_SCHEME = 'kedro-resolved';

/** Read-only virtual documents `kedro-resolved:/catalog.yml?<root>` filled by the server's resolved view. */
export function registerResolvedConfig(ctx: Ctx): vscode.Disposable {
  const changed = new vscode.EventEmitter<vscode.Uri>();
  const open = new Set<string>();
  const provider: vscode.TextDocumentContentProvider = {
    onDidChange: changed.event,
    async provideTextDocumentContent(uri) {
      const what = uri.path.startsWith('/parameters') ? 'parameters' : 'catalog';
      open.add(uri.toString());
      const res = await ctx.client?.sendRequest(ResolvedConfigRequest.type, { what, ...(uri.query ? { rootUri: uri.query } : {}) });
      return res?.text ?? '# No Kedro project is analysed yet.\n';
    },
  };
  // Follow the model: refresh open previews after each analysis.
  const sub = ctx.onProjects(() => {
    for (const u of open) changed.fire(vscode.Uri.parse(u));
  });
  return vscode.Disposable.from(vscode.workspace.registerTextDocumentContentProvider(RESOLVED_SCHEME, provider), changed, sub);
}

export async function showResolved(ctx: Ctx, what: 'catalog' | 'parameters'): Promise<void> {
  const root = ctx.projects.projects[0]?.rootUri ?? '';
  const uri = vscode.Uri.from({ scheme: RESOLVED_SCHEME, path: `/${what}.yml`, query: root });
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.languages.setTextDocumentLanguage(doc, 'yaml');
  await vscode.window.showTextDocument(doc, { preview: true });
}
