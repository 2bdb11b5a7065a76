import * as vscode from 'vscode';

export interface WebviewPage {
  readonly title: string;
  /** File names under media/. */
  readonly css: string;
  readonly js: string;
  /** Static markup the script fills in (no inline script or style: the CSP forbids both). */
  readonly body: string;
  /** Allows data: images (a webview that rasterises its own SVG on a canvas). */
  readonly dataImages?: boolean;
}

/** The shell every Kedro Lens webview shares: strict CSP, a fresh nonce for the one script, assets only from media/. */
export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, page: WebviewPage): string {
  const nonce = Array.from({ length: 32 }, () => Math.floor(Math.random() * 36).toString(36)).join('');
  const media = (f: string) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', f));
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${webview.cspSource}; script-src 'nonce-${nonce}'; img-src ${webview.cspSource}${page.dataImages ? ' data:' : ''};">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${media(page.css)}"><title>${page.title}</title></head>
<body>${page.body}<script nonce="${nonce}" src="${media(page.js)}"></script></body></html>`;
}
