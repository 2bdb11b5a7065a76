// Generate Serving Code…: writes serving.ts's loader and app into the project (nothing is executed).
import * as vscode from 'vscode';
import type { Runner } from '../run/runCommands';
import { isModelLike, servableDatasets, servingFiles } from './serving';
import { exists, noProject } from './terminalDone';

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
  // base is merged under every environment; like the environment picker, not offered as one of its own.
  const env = (await vscode.window.showQuickPick([p.env, ...p.envs.filter((e) => e !== p.env && e !== 'base')].map((label) => ({ label })), { title: 'Generate serving code (2/2): environment (KEDRO_ENV can override it)' }))?.label;
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
