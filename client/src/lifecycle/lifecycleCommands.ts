// Lifecycle commands (new project, new pipeline, tests, package, deploy, serving code): prompts and terminal glue over
// the pure modules beside this file. The real Kedro CLI and plugins do the work, in the project's Kedro terminal.
import { execFile } from 'node:child_process';
import * as vscode from 'vscode';
import { commandLine } from '../run/kedroCommand';
import { kedroExecutable } from '../run/interpreter';
import { kedroTerminal, sendToTerminal, type Runner } from '../run/runCommands';
import { listTarGz, listZip, packageReport, packageWarnings, type ListedArchive } from './archives';
import { deploySteps, detectArgs, missingMessage, parseDetection, ROUTES, type DeployRoute } from './deploy';
import { KEDRO_TOOLS, kedroNewArgs, pipelineCreateArgs, pipelineNameProblem, projectNameProblem, pytestArgv, repoNameOf, siblingTool, type KedroTool } from './lifecycleArgs';
import { servableDatasets, servingFiles, isModelLike } from './serving';

/** Long enough for `kedro package` on a big project; only bounds how long the listeners live. */
const GIVE_UP_MS = 15 * 60 * 1000;

type Outcome = { readonly uri: vscode.Uri } | { readonly failed: number } | undefined;

/**
 * Resolves when the command just sent to `terminal` is done: its shell-integration end event (exit code, then the newest
 * file matching `globs`), or — without shell integration — the first matching file created or changed that `ready`
 * accepts (e.g. an archive that reads completely).
 */
function whenDone(terminal: vscode.Terminal, base: vscode.Uri, globs: readonly string[], ready: (uri: vscode.Uri) => Promise<boolean> = async () => true): Promise<Outcome> {
  return new Promise((resolve) => {
    const disposables: vscode.Disposable[] = [];
    const finish = (o: Outcome): void => {
      disposables.forEach((d) => d.dispose());
      clearTimeout(timer);
      resolve(o);
    };
    const timer = setTimeout(() => finish(undefined), GIVE_UP_MS);
    const onFile = async (uri: vscode.Uri): Promise<void> => {
      if (await ready(uri)) finish({ uri });
    };
    for (const glob of globs) {
      const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(base, glob));
      disposables.push(w, w.onDidCreate((u) => void onFile(u)), w.onDidChange((u) => void onFile(u)));
    }
    disposables.push(
      vscode.window.onDidEndTerminalShellExecution(async (e) => {
        if (e.terminal !== terminal) return;
        if (e.exitCode) return finish({ failed: e.exitCode });
        const uri = await newest(base, globs);
        finish(uri ? { uri } : undefined);
      }),
    );
  });
}

/** The most recently modified file matching any of the globs under base. */
async function newest(base: vscode.Uri, globs: readonly string[]): Promise<vscode.Uri | undefined> {
  const found = (await Promise.all(globs.map((g) => vscode.workspace.findFiles(new vscode.RelativePattern(base, g), '**/node_modules/**')))).flat();
  const stats = await Promise.all(found.map(async (u) => ({ u, t: (await vscode.workspace.fs.stat(u)).mtime })));
  return stats.sort((a, b) => b.t - a.t)[0]?.u;
}

const exists = async (uri: vscode.Uri): Promise<boolean> => vscode.workspace.fs.stat(uri).then(() => true, () => false);

function trusted(): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window.showWarningMessage('Kedro Lens does not run commands in an untrusted workspace.');
  return false;
}

/** `kedro new` with name, tools and example chosen here, in a folder the user picks; then offer to open the project. */
export async function createProject(): Promise<void> {
  if (!trusted()) return;
  const here = vscode.workspace.workspaceFolders?.[0]?.uri;
  const name = await vscode.window.showInputBox({ title: 'New Kedro project (1/4): name', prompt: 'Project name', value: 'spaceflights', validateInput: projectNameProblem });
  if (!name) return;
  const tools = await vscode.window.showQuickPick(
    KEDRO_TOOLS.map((t) => ({ label: t.label, description: t.value, detail: t.detail, value: t.value })),
    { title: 'New Kedro project (2/4): tools (kedro new --tools)', canPickMany: true, placeHolder: 'None is fine' },
  );
  if (!tools) return;
  const example = await vscode.window.showQuickPick(
    [
      { label: 'No example pipeline', value: false },
      { label: 'Include the spaceflights example', description: '--example=y', value: true },
    ],
    { title: 'New Kedro project (3/4): example' },
  );
  if (!example) return;
  const parent = (
    await vscode.window.showOpenDialog({ title: 'New Kedro project (4/4): parent folder', canSelectFolders: true, canSelectFiles: false, openLabel: 'Create Here', ...(here ? { defaultUri: here } : {}) })
  )?.[0];
  if (!parent) return;
  const args = kedroNewArgs({ name, tools: tools.map((t) => t.value as KedroTool), example: example.value });
  sendToTerminal(parent.toString(), [...(await kedroExecutable(parent)), ...args]);
  const outcome = await whenDone(kedroTerminal(parent.toString()), parent, [`${repoNameOf(name)}/pyproject.toml`]);
  if (!outcome || !('uri' in outcome)) return;
  const folder = vscode.Uri.joinPath(parent, repoNameOf(name));
  const open = await vscode.window.showInformationMessage(`Kedro project created in ${folder.fsPath}.`, 'Open Folder', 'Open in New Window');
  if (open) await vscode.commands.executeCommand('vscode.openFolder', folder, { forceNewWindow: open === 'Open in New Window' });
}

/** `kedro pipeline create NAME`; opens the new pipeline.py when Kedro has written it (the server picks the files up). */
export async function createPipeline(runner: Runner, rootUri?: string): Promise<void> {
  if (!trusted()) return;
  const p = await runner.project(rootUri);
  if (!p) return noProject();
  const taken = new Set(p.pipelines.map((x) => x.name));
  const name = await vscode.window.showInputBox({
    title: 'Kedro: Create Pipeline',
    prompt: 'Pipeline name (a Python package name, e.g. feature_engineering)',
    validateInput: (v) => pipelineNameProblem(v) ?? (taken.has(v) ? `The project already has a pipeline '${v}'.` : undefined),
  });
  if (!name) return;
  const root = vscode.Uri.parse(p.rootUri);
  sendToTerminal(p.rootUri, [...(await kedroExecutable(root)), ...pipelineCreateArgs(name)]);
  const outcome = await whenDone(kedroTerminal(p.rootUri), root, [`**/pipelines/${name}/pipeline.py`]);
  if (outcome && 'uri' in outcome) await vscode.window.showTextDocument(outcome.uri);
  else if (outcome) void vscode.window.showErrorMessage(`kedro pipeline create ${name} failed (exit code ${outcome.failed}): see the terminal.`);
}

/** pytest for the project, or for one pipeline's `tests/pipelines/<name>` folder. */
export async function runTests(runner: Runner, rootUri?: string, pipeline?: string): Promise<void> {
  if (!trusted()) return;
  const p = await runner.project(rootUri);
  if (!p) return noProject();
  const root = vscode.Uri.parse(p.rootUri);
  let target = pipeline && pipeline !== '__default__' ? pipeline : undefined;
  if (pipeline === undefined) {
    const withTests = (await Promise.all(p.pipelines.filter((x) => x.name !== '__default__').map(async (x) => ((await exists(vscode.Uri.joinPath(root, 'tests', 'pipelines', x.name))) ? x.name : undefined)))).filter((x): x is string => !!x);
    const pick = await vscode.window.showQuickPick([{ label: 'All tests', value: '' }, ...withTests.map((x) => ({ label: x, description: `tests/pipelines/${x}`, value: x }))], { title: 'Kedro: Run Tests' });
    if (!pick) return;
    target = pick.value || undefined;
  }
  const path = target ? `tests/pipelines/${target}` : undefined;
  if (path && !(await exists(vscode.Uri.joinPath(root, path)))) {
    const all = await vscode.window.showWarningMessage(`${path} does not exist (kedro pipeline create makes it).`, 'Run All Tests');
    if (all !== 'Run All Tests') return;
    sendToTerminal(p.rootUri, pytestArgv(await kedroExecutable(root)));
    return;
  }
  sendToTerminal(p.rootUri, pytestArgv(await kedroExecutable(root), path));
}

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
  sendToTerminal(p.rootUri, [...(await kedroExecutable(root)), 'package']);
  const readable = async (uri: vscode.Uri): Promise<boolean> => {
    try {
      listTarGz(Buffer.from(await vscode.workspace.fs.readFile(uri)));
      return true;
    } catch {
      return false; // still being written: wait for the next change
    }
  };
  const outcome = await whenDone(kedroTerminal(p.rootUri), root, ['dist/conf-*.tar.gz'], readable);
  if (outcome && 'uri' in outcome) await showPackageContents(runner, p.rootUri);
  else if (outcome) void vscode.window.showErrorMessage(`kedro package failed (exit code ${outcome.failed}): see the terminal.`);
}

/** Installed versions of these distributions in the project's Python environment (undefined: could not ask). */
async function detect(root: vscode.Uri, names: readonly string[]): Promise<Record<string, string | null> | undefined> {
  const python = siblingTool(await kedroExecutable(root), 'python') ?? ['python3'];
  const [file, ...pre] = python;
  if (!file) return undefined;
  return new Promise((resolve) => {
    execFile(file, [...pre, ...detectArgs(names)], { cwd: root.fsPath, timeout: 30000 }, (err, stdout) => resolve(err ? undefined : parseDetection(stdout)));
  });
}

/** Deploy…: pick a documented route, check its plugin is installed, run the plugin's own command, open what it wrote. */
export async function deploy(runner: Runner, rootUri?: string): Promise<void> {
  if (!trusted()) return;
  const p = await runner.project(rootUri);
  if (!p) return noProject();
  const root = vscode.Uri.parse(p.rootUri);
  const versions = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Kedro: checking deployment plugins' }, () => detect(root, ['kedro', ...ROUTES.map((r) => r.requires)]));
  const pick = await vscode.window.showQuickPick(
    ROUTES.map((r) => ({ label: r.label, description: versions?.[r.requires] ? `${r.requires} ${versions[r.requires]}` : `${r.requires} not installed`, route: r })),
    { title: 'Kedro: Deploy… (the plugin does the work; nothing is uploaded by Kedro Lens)' },
  );
  if (!pick) return;
  const route = pick.route;
  const missing = missingMessage(route, versions);
  if (missing) return explainMissing(route, missing);
  const pipeline = route.id === 'databricks' ? '__default__' : await runner.pickPipeline(p, `${route.label}: pipeline`);
  if (!pipeline) return;
  const has = new Set<string>();
  for (const f of ['databricks.yml', 'conf/base/kubeflow.yaml', 'conf/base/kubeflow.yml']) if (await exists(vscode.Uri.joinPath(root, f))) has.add(f);
  const env = vscode.workspace.getConfiguration('kedro').get<string>('environment', 'local');
  const steps = deploySteps(route.id, { packageName: p.packageName ?? 'package', pipeline, env, has: (f) => has.has(f), runners: p.runners });
  const step = steps.length === 1 ? steps[0] : (await vscode.window.showQuickPick(steps.map((s) => ({ label: s.label, description: s.blocked ? 'not ready' : '', detail: s.detail, s })), { title: route.label }))?.s;
  if (!step) return;
  if (step.blocked) return explainMissing(route, step.blocked);
  const extra = step.input ? await vscode.window.showInputBox({ title: step.label, prompt: step.input }) : undefined;
  if (step.input && !extra) return;
  const argv = [...(await kedroExecutable(root)), ...step.args, ...(extra ? [extra] : [])];
  if (route.id === 'dask') {
    // The DaskRunner run goes through the run machinery, so the hook plugin records it like any run.
    const runnerClass = step.args.find((a) => a.startsWith('--runner='))?.slice('--runner='.length);
    await runner.run(p.rootUri, { pipelines: [pipeline], ...(runnerClass ? { runner: runnerClass } : {}) });
    return;
  }
  sendToTerminal(p.rootUri, argv);
  if (!step.artefacts.length) return;
  const outcome = await whenDone(kedroTerminal(p.rootUri), root, step.artefacts);
  if (outcome && 'uri' in outcome) await vscode.window.showTextDocument(outcome.uri);
  else if (outcome) void vscode.window.showErrorMessage(`${commandLine(argv)} failed (exit code ${outcome.failed}): see the terminal.`);
}

async function explainMissing(route: DeployRoute, message: string): Promise<void> {
  const choice = await vscode.window.showWarningMessage(message, 'Copy Install Command', 'Open Docs');
  if (choice === 'Copy Install Command') await vscode.env.clipboard.writeText(route.install);
  if (choice === 'Open Docs') await vscode.env.openExternal(vscode.Uri.parse(route.docs));
}

/** Loader + FastAPI app for a catalog entry, written under serving/ in the project (nothing is executed). */
export async function generateServing(runner: Runner, rootUri?: string, dataset?: string): Promise<void> {
  const p = await runner.project(rootUri);
  if (!p) return noProject();
  const candidates = servableDatasets(p.datasets);
  const chosen =
    candidates.find((d) => d.name === dataset) ??
    (
      await vscode.window.showQuickPick(
        candidates.map((d) => ({ label: d.name, description: `${d.type}${isModelLike(d) ? ' · model' : ''}`, detail: [d.filepath, d.layer && `layer ${d.layer}`].filter(Boolean).join(' · '), d })),
        { title: 'Generate serving code (1/2): catalog dataset', placeHolder: candidates.length ? 'Model-like entries first' : 'No catalog entries in this project' },
      )
    )?.d;
  if (!chosen) return;
  const env = (await vscode.window.showQuickPick([p.env, ...p.envs.filter((e) => e !== p.env)].map((label) => ({ label })), { title: 'Generate serving code (2/2): environment (KEDRO_ENV can override it)' }))?.label;
  if (!env) return;
  const root = vscode.Uri.parse(p.rootUri);
  const files = servingFiles({ dataset: chosen.name, env, modelLike: isModelLike(chosen) });
  const clash = (await Promise.all(files.filter((f) => f.text).map(async (f) => ((await exists(vscode.Uri.joinPath(root, f.path))) ? f.path : undefined)))).filter(Boolean);
  if (clash.length && (await vscode.window.showWarningMessage(`Overwrite ${clash.join(', ')}?`, { modal: true }, 'Overwrite')) !== 'Overwrite') return;
  for (const f of files) {
    const uri = vscode.Uri.joinPath(root, f.path);
    // Never truncate an existing package marker.
    if (!f.text && (await exists(uri))) continue;
    await vscode.workspace.fs.writeFile(uri, Buffer.from(f.text, 'utf8'));
  }
  const [, loader, app] = files;
  if (loader) await vscode.window.showTextDocument(vscode.Uri.joinPath(root, loader.path));
  const open = await vscode.window.showInformationMessage(`Wrote ${files.map((f) => f.path).join(', ')}. Serve with: uvicorn serving.${app?.path.slice('serving/'.length, -3)}:app`, 'Open App');
  if (open && app) await vscode.window.showTextDocument(vscode.Uri.joinPath(root, app.path));
}

function noProject(): void {
  void vscode.window.showInformationMessage('No Kedro project has been analysed in this workspace yet.');
}
