// Deploy…: the documented routes of deploy.ts, detected in the project's Python environment, run by their plugins.
import { execFile } from 'node:child_process';
import * as vscode from 'vscode';
import { configuredPython, kedroExecutable } from '../run/interpreter';
import { kedroTerminal, sendToTerminal, type Runner } from '../run/runCommands';
import { deploySteps, detectArgs, missingMessage, parseDetection, ROUTES, type DeployRoute } from './deploy';
import { siblingTool } from './lifecycleArgs';
import { exists, noProject, trusted, whenDone } from './terminalDone';
import { currentEnvironment } from '../environment';

/** Installed versions of these distributions in the project's Python environment (undefined: could not ask). */
async function detect(root: vscode.Uri, names: readonly string[]): Promise<Record<string, string | null> | undefined> {
  // The python beside the Kedro that runs the project, then the configured one. Never a guess such as python3 on PATH
  // for a wrapper command: another interpreter would answer "not installed" for the wrong environment.
  const configured = await configuredPython(root);
  const candidates = [siblingTool(await kedroExecutable(root), 'python'), configured ? [configured] : undefined];
  for (const [file, ...pre] of candidates.filter((c): c is string[] => !!c?.length)) {
    if (!file) continue;
    const found = await new Promise<Record<string, string | null> | undefined>((resolve) => {
      execFile(file, [...pre, ...detectArgs(names)], { cwd: root.fsPath, timeout: 30000 }, (err, stdout) => resolve(err ? undefined : parseDetection(stdout)));
    });
    if (found) return found;
  }
  return undefined;
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
    { title: 'Kedro: Deploy… (the plugin does the work; nothing is uploaded by Kedro Lens)', ...(versions?.['kedro'] ? { placeHolder: `Kedro ${versions['kedro']} in the project's environment` } : {}) },
  );
  if (!pick) return;
  const route = pick.route;
  const missing = missingMessage(route, versions);
  if (missing) return explainMissing(route, missing);
  const pipeline = route.id === 'databricks' ? '__default__' : await runner.pickPipeline(p, `${route.label}: pipeline`);
  if (!pipeline) return;
  const has = new Set<string>();
  for (const f of ['databricks.yml', 'conf/base/kubeflow.yaml', 'conf/base/kubeflow.yml']) if (await exists(vscode.Uri.joinPath(root, f))) has.add(f);
  const env = currentEnvironment();
  const pluginVersion = versions?.[route.requires] ?? undefined;
  const steps = deploySteps(route.id, { packageName: p.packageName ?? 'package', pipeline, env, has: (f) => has.has(f), runners: p.runners, ...(pluginVersion ? { pluginVersion } : {}), ...(p.defaultRunEnv !== undefined ? { defaultRunEnv: p.defaultRunEnv } : {}) });
  const step = steps.length === 1 ? steps[0] : (await vscode.window.showQuickPick(steps.map((s) => ({ label: s.label, description: s.blocked ? 'not ready' : '', detail: s.detail, s })), { title: route.label }))?.s;
  if (!step) return;
  if (step.blocked) return explainMissing(route, step.blocked, false);
  const extra = step.input ? await vscode.window.showInputBox({ title: step.label, prompt: step.input }) : undefined;
  if (step.input && !extra) return;
  const argv = [...(await kedroExecutable(root)), ...step.args, ...(extra ? [extra] : [])];
  if (route.id === 'dask') {
    // The DaskRunner run goes through the run machinery, so the hook plugin records it like any run.
    const runnerClass = step.args.find((a) => a.startsWith('--runner='))?.slice('--runner='.length);
    await runner.run(p.rootUri, { pipelines: [pipeline], ...(runnerClass ? { runner: runnerClass } : {}) });
    return;
  }
  const line = sendToTerminal(p.rootUri, argv);
  if (!line || !step.artefacts.length) return;
  const outcome = await whenDone(kedroTerminal(p.rootUri), line, root, step.artefacts);
  if (outcome && 'uri' in outcome) await vscode.window.showTextDocument(outcome.uri);
  else if (outcome) void vscode.window.showErrorMessage(`${line} failed (exit code ${outcome.failed}): see the terminal.`);
}

/** What is missing, with the docs; the install line is offered for copying (never run) when a package is missing. */
async function explainMissing(route: DeployRoute, message: string, offerInstall = true): Promise<void> {
  const choice = await vscode.window.showWarningMessage(message, ...(offerInstall ? ['Copy Install Command'] : []), 'Open Docs');
  if (choice === 'Copy Install Command') await vscode.env.clipboard.writeText(route.install);
  if (choice === 'Open Docs') await vscode.env.openExternal(vscode.Uri.parse(route.docs));
}
