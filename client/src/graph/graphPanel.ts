import * as vscode from 'vscode';
import type { LocationJson } from '../../../common/pipelineModel';
import { toWire, type GraphMessageFromPanel, type GraphMessageToPanel } from '../../../common/webviewMessages';
import type { RunJournal } from '../runs/journal';
import type { KedroViews } from '../views/views';
import { webviewHtml } from '../webviewHtml';
import { GraphController, type GraphHost } from './graphController';

const range = (l: LocationJson): vscode.Range => new vscode.Range(l.range.start.line, l.range.start.character, l.range.end.line, l.range.end.character);

const DIRECTION_KEY = 'kedro.graph.direction';

/** One live pipeline graph panel (webview-sample's shape); the logic lives in GraphController. */
export class GraphPanel {
  private static current: GraphPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly controller: GraphController;
  private pending: ReturnType<typeof setTimeout> | undefined;

  static show(context: vscode.ExtensionContext, views: KedroViews, journal: RunJournal, pipeline: string, rootUri?: string): void {
    if (GraphPanel.current) {
      GraphPanel.current.panel.reveal();
      GraphPanel.current.controller.show(pipeline, rootUri);
      return;
    }
    const extensionUri = context.extensionUri;
    const panel = vscode.window.createWebviewPanel('kedro.graph', 'Kedro Pipeline Graph', vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media')],
      retainContextWhenHidden: false,
    });
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'kedro-activity.svg');
    GraphPanel.current = new GraphPanel(panel, extensionUri, context.globalState, views, journal, pipeline, rootUri);
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    memory: vscode.Memento,
    views: KedroViews,
    journal: RunJournal,
    pipeline: string,
    rootUri: string | undefined,
  ) {
    const host: GraphHost = {
      model: () => views.model,
      post: (m: GraphMessageToPanel) => {
        if (m.state) panel.title = `Kedro Graph · ${m.state.pipeline}`;
        void panel.webview.postMessage(toWire(m));
      },
      open: (l) => void vscode.window.showTextDocument(vscode.Uri.parse(l.uri), { selection: range(l), viewColumn: this.otherColumn(), preserveFocus: false }),
      problems: (l) => {
        const { start, end } = l.range;
        // By line, as the Pipelines view counts them: a node's call spans whole lines.
        return vscode.languages
          .getDiagnostics(vscode.Uri.parse(l.uri))
          .filter((d) => d.severity <= vscode.DiagnosticSeverity.Warning && d.range.start.line >= start.line && d.range.end.line <= end.line)
          .map((d) => ({ severity: d.severity === vscode.DiagnosticSeverity.Error ? 'error' : 'warning', message: `${typeof d.code === 'object' ? d.code.value : (d.code ?? '')} ${d.message}`.trim() }));
      },
      lastRun: () => journal.lastNodeStatus,
      save: async (format, data, name) => {
        const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
        const target = await vscode.window.showSaveDialog({
          title: `Export pipeline graph as ${format.toUpperCase()}`,
          filters: format === 'svg' ? { 'SVG image': ['svg'] } : { 'PNG image': ['png'] },
          ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}),
        });
        if (!target) return;
        await vscode.workspace.fs.writeFile(target, data);
        void vscode.window.showInformationMessage(`Pipeline graph saved to ${vscode.workspace.asRelativePath(target)}.`);
      },
      now: () => performance.now(),
      direction: () => (memory.get<string>(DIRECTION_KEY) === 'LR' ? 'LR' : 'TB'),
      setDirection: (d) => void memory.update(DIRECTION_KEY, d),
    };
    this.controller = new GraphController(host, pipeline, rootUri);
    panel.webview.html = webviewHtml(panel.webview, extensionUri, {
      title: 'Kedro Pipeline Graph',
      css: 'graph.css',
      js: 'graph.js',
      body: '<div id="toolbar"></div><div id="stage"><p class="message">Loading…</p></div><div id="legend"></div>',
      dataImages: true, // the PNG export rasterises the SVG on a canvas
    });
    const later = () => {
      // Diagnostics arrive file by file: one redraw per burst.
      if (this.pending) clearTimeout(this.pending);
      this.pending = setTimeout(() => this.controller.render(), 150);
    };
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m: GraphMessageFromPanel) => void this.controller.handle(m)),
      views.onDidChangeModel(later),
      journal.onDidChangeRuns(later),
      vscode.languages.onDidChangeDiagnostics(later),
    );
  }

  /** Sources open beside the graph, so it stays in view. */
  private otherColumn(): vscode.ViewColumn {
    return this.panel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One;
  }

  private dispose(): void {
    GraphPanel.current = undefined;
    if (this.pending) clearTimeout(this.pending);
    for (const d of this.disposables) d.dispose();
  }
}
