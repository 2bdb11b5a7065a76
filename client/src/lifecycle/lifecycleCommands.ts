// Project and pipeline lifecycle: kedro new, kedro pipeline create, pytest. Prompts and terminal glue over
// lifecycleArgs.ts; the real Kedro CLI does the work in the project's Kedro terminal.
import * as vscode from 'vscode';
import { quoteForShell } from '../run/kedroCommand';
import { kedroExecutable } from '../run/interpreter';
import { kedroTerminal, sendToTerminal, type Runner } from '../run/runCommands';
import { KEDRO_TOOLS, kedroNewArgs, pipelineCreateArgs, pipelineNameProblem, projectNameProblem, pytestArgv, repoNameOf, type KedroTool } from './lifecycleArgs';
import { exists, noProject, trusted, whenDone } from './terminalDone';

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
  const folder = vscode.Uri.joinPath(parent, repoNameOf(name));
  if (await exists(folder)) {
    void vscode.window.showErrorMessage(`${folder.fsPath} already exists: kedro new creates the folder ${repoNameOf(name)} itself.`);
    return;
  }
  const args = kedroNewArgs({ name, tools: tools.map((t) => t.value as KedroTool), example: example.value });
  // kedro new writes into the shell's current folder; a reused terminal may have moved, so cd first.
  const line = sendToTerminal(parent.toString(), [...(await kedroExecutable(parent)), ...args], `cd ${quoteForShell(parent.fsPath)} && `);
  if (!line) return;
  const outcome = await whenDone(kedroTerminal(parent.toString()), line, parent, [`${repoNameOf(name)}/pyproject.toml`]);
  if (!outcome || !('uri' in outcome)) return;
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
  const line = sendToTerminal(p.rootUri, [...(await kedroExecutable(root)), ...pipelineCreateArgs(name)]);
  if (!line) return;
  const outcome = await whenDone(kedroTerminal(p.rootUri), line, root, [`**/pipelines/${name}/pipeline.py`]);
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
