import * as vscode from 'vscode';
import * as path from 'node:path';
import * as fs from 'node:fs';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { kedroVizExport, writeKedroVizFiles } from '../../common/kedroViz';
import type { ProjectJson } from '../../common/pipelineModel';
import { kedroExecutable } from './run/interpreter';
import { KEDRO_VIZ_PROBE, kedroVizArgv } from './run/kedroVizCommand';
import { quoteForShell } from './run/kedroCommand';
import { sendToTerminal } from './run/runCommands';

/** Whether `<kedro> viz --help` succeeds in the project (the plugin is installed in its environment). */
function hasKedroViz(kedro: readonly string[], cwd: string): Promise<boolean> {
  const [program, ...args] = kedro;
  return new Promise((resolve) => {
    execFile(program!, [...args, ...KEDRO_VIZ_PROBE], { cwd, timeout: 60_000, windowsHide: true }, (err) => resolve(!err));
  });
}

/**
 * Writes the project's pipelines as Kedro-Viz API files into the extension's storage and opens them with
 * `kedro viz --load-file` in the project's Kedro terminal: Kedro-Viz's own UI, fed by the static analysis.
 */
export async function openInKedroViz(extension: vscode.ExtensionContext, project: ProjectJson): Promise<string | undefined> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('Kedro Lens does not run commands in an untrusted workspace. Trust the workspace to open Kedro-Viz.');
    return undefined;
  }
  const root = vscode.Uri.parse(project.rootUri).fsPath;
  const storage = (extension.storageUri ?? extension.globalStorageUri).fsPath;
  const dir = path.join(storage, 'kedro-viz', createHash('sha1').update(project.rootUri).digest('hex').slice(0, 12));
  try {
    fs.rmSync(dir, { recursive: true, force: true }); // our own folder: no stale node files from an earlier export
    const skipped = writeKedroVizFiles(kedroVizExport(project, project.rootUri), dir);
    if (skipped.length) void vscode.window.showWarningMessage(`Kedro-Viz cannot serve pipelines named ${skipped.map((s) => JSON.stringify(s)).join(', ')}: they are left out.`);
  } catch (err) {
    void vscode.window.showErrorMessage(`Kedro Lens could not write the Kedro-Viz files to ${dir}: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
  const kedro = await kedroExecutable(vscode.Uri.parse(project.rootUri));
  const argv = kedroVizArgv(kedro, root, dir);
  if (!argv) {
    void vscode.window.showErrorMessage(`Kedro-Viz needs the export on the project's drive; it was written to ${dir}.`);
    return undefined;
  }
  if (!(await hasKedroViz(kedro, root))) {
    const pick = await vscode.window.showWarningMessage(
      `Kedro-Viz is not installed in this project's environment ('${kedro.join(' ')} viz' is not a command). Install it (pip install kedro-viz), then run "Kedro: Open in Kedro-Viz" again. The pipelines were exported to ${dir}.`,
      'Copy Install Command',
    );
    if (pick) await vscode.env.clipboard.writeText('pip install kedro-viz');
    return undefined;
  }
  // From the project root whatever the terminal did before: the --load-file path is relative to it.
  return sendToTerminal(project.rootUri, argv, `cd ${quoteForShell(root)} && `);
}
