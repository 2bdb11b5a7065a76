// kedro package, then what the wheel and the conf archive contain (archives.ts), in a read-only document.
import * as vscode from 'vscode';
import { kedroExecutable } from '../run/interpreter';
import { kedroTerminal, sendToTerminal, type Runner } from '../run/runCommands';
import { listTarGz, listZip, packageReport, packageWarnings, type ListedArchive } from './archives';
import { exists, newest, noProject, trusted, whenDone } from './terminalDone';

/** The conf archive first: it is short, and where secrets leak. */
async function readArchives(root: vscode.Uri, packageName: string | undefined): Promise<ListedArchive[]> {
  const out: ListedArchive[] = [];
  const conf = packageName ? vscode.Uri.joinPath(root, 'dist', `conf-${packageName}.tar.gz`) : await newest(root, ['dist/conf-*.tar.gz']);
  if (conf && (await exists(conf))) out.push({ name: vscode.workspace.asRelativePath(conf, false), entries: listTarGz(Buffer.from(await vscode.workspace.fs.readFile(conf))) });
  const wheel = await newest(root, ['dist/*.whl']);
  if (wheel) out.push({ name: vscode.workspace.asRelativePath(wheel, false), entries: listZip(Buffer.from(await vscode.workspace.fs.readFile(wheel))) });
  return out;
}

const PACKAGE_SCHEME = 'kedro-package';
const reports = new Map<string, string>();
const reportChanged = new vscode.EventEmitter<vscode.Uri>();

/** Read-only `kedro-package:` documents: a report is a view of the archives, nothing to save. */
export function registerPackageReports(): vscode.Disposable {
  const provider: vscode.TextDocumentContentProvider = { onDidChange: reportChanged.event, provideTextDocumentContent: (uri) => reports.get(uri.toString()) ?? '' };
  return vscode.Disposable.from(vscode.workspace.registerTextDocumentContentProvider(PACKAGE_SCHEME, provider), reportChanged);
}

/** The wheel and conf archive listed in a Markdown document, with a warning for what should not be shared. */
export async function showPackageContents(runner: Runner, rootUri?: string): Promise<void> {
  const p = await runner.project(rootUri);
  if (!p) return noProject();
  let archives: ListedArchive[];
  try {
    archives = await readArchives(vscode.Uri.parse(p.rootUri), p.packageName);
  } catch (err) {
    void vscode.window.showErrorMessage(`Could not read the archives in dist/: ${err instanceof Error ? err.message : String(err)}`);
    return;
  }
  if (!archives.length) {
    void vscode.window.showInformationMessage('No dist/*.whl or dist/conf-*.tar.gz yet: run Kedro: Package Project.');
    return;
  }
  const uri = vscode.Uri.from({ scheme: PACKAGE_SCHEME, path: `/${p.packageName ?? 'project'}-package.md`, query: p.rootUri });
  reports.set(uri.toString(), packageReport(archives));
  reportChanged.fire(uri);
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: true });
  const warnings = archives.flatMap((a) => packageWarnings(a.name, a.entries));
  if (warnings.length) void vscode.window.showWarningMessage(`The package contains ${warnings.length} file(s) that should not be shared: ${warnings.slice(0, 3).map((w) => w.path).join(', ')}${warnings.length > 3 ? ', …' : ''}`);
}

/** `kedro package`, then the archive listing once the conf archive (written last) reads completely. */
export async function packageProject(runner: Runner, rootUri?: string): Promise<void> {
  if (!trusted()) return;
  const p = await runner.project(rootUri);
  if (!p) return noProject();
  const root = vscode.Uri.parse(p.rootUri);
  const line = sendToTerminal(p.rootUri, [...(await kedroExecutable(root)), 'package']);
  if (!line) return;
  const readable = async (uri: vscode.Uri): Promise<boolean> => {
    try {
      listTarGz(Buffer.from(await vscode.workspace.fs.readFile(uri)));
      return true;
    } catch {
      return false; // still being written: wait for the next change
    }
  };
  const outcome = await whenDone(kedroTerminal(p.rootUri), line, root, ['dist/conf-*.tar.gz'], readable);
  if (outcome && 'uri' in outcome) await showPackageContents(runner, p.rootUri);
  else if (outcome) void vscode.window.showErrorMessage(`kedro package failed (exit code ${outcome.failed}): see the terminal.`);
}
