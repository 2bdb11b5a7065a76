import * as vscode from 'vscode';
import type { ProfileMessageToPanel, ProfileMessageFromPanel } from '../../../common/webviewMessages';
import { webviewHtml } from '../webviewHtml';
import { profile } from './events';
import type { StoredRun } from './runStore';

/** One live profiler panel: a timeline per worker, a sortable node table, totals and the critical path of a run. */
export class ProfilePanel {
  private static current: ProfilePanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  static show(extensionUri: vscode.Uri, run: StoredRun, reveal: (node: string) => void, previous?: StoredRun): void {
    if (ProfilePanel.current) {
      ProfilePanel.current.panel.reveal(vscode.ViewColumn.Active);
      ProfilePanel.current.reveal = reveal;
      ProfilePanel.current.previous = previous;
      ProfilePanel.current.post(run);
      return;
    }
    const panel = vscode.window.createWebviewPanel('kedro.profile', 'Kedro Run Profile', vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media')],
      retainContextWhenHidden: false,
    });
    ProfilePanel.current = new ProfilePanel(panel, extensionUri, run, reveal);
    ProfilePanel.current.previous = previous;
  }

  private previous: StoredRun | undefined;

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private run: StoredRun,
    private reveal: (node: string) => void,
  ) {
    panel.webview.html = webviewHtml(panel.webview, extensionUri, { title: 'Kedro Run Profile', css: 'profile.css', js: 'profile.js', body: '<main id="app"><p class="muted">Loading…</p></main>' });
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m: ProfileMessageFromPanel) => {
        switch (m.type) {
          case 'ready':
            this.post(this.run);
            break;
          case 'reveal':
            this.reveal(m.node);
            break;
        }
      }),
    );
  }

  private post(run: StoredRun): void {
    this.run = run;
    this.panel.title = `Kedro Run · ${new Date(run.meta.started * 1000).toLocaleTimeString()}`;
    const message: ProfileMessageToPanel = {
      type: 'profile',
      commandLine: run.meta.commandLine,
      summary: run.summary,
      profile: profile(run.events),
      ...(this.previous ? { previous: { started: this.previous.meta.started, profile: profile(this.previous.events) } } : {}),
    };
    void this.panel.webview.postMessage(message);
  }

  private dispose(): void {
    ProfilePanel.current = undefined;
    for (const d of this.disposables) d.dispose();
  }
}
