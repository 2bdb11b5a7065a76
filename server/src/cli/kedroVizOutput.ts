import * as fs from 'node:fs';
import * as path from 'node:path';
import { kedroVizExport } from '../features/kedroViz';
import type { ProjectJson } from '../../../common/pipelineModel';
import { escapeControls } from '../core/escape';

/**
 * Kedro-Viz serves `api/pipelines/<id>` and `api/nodes/<id>` only when the id is already a safe file name (it rejects
 * the request otherwise), so pipelines named otherwise are skipped with a warning rather than written under another name.
 */
const SAFE_NAME = /^[A-Za-z0-9_.-]+$/;
const safe = (name: string) => SAFE_NAME.test(name) && name !== '.' && name !== '..';

/** Writes DIR/api/{main,run-status,pipelines/<id>,nodes/<id>} for `kedro viz run --load-file DIR`; returns an exit code. */
export function writeKedroViz(project: ProjectJson, projectRoot: string, outDir: string, warn: (m: string) => void): number {
  const out = kedroVizExport(project, projectRoot);
  const api = path.resolve(outDir, 'api');
  try {
    fs.mkdirSync(path.join(api, 'pipelines'), { recursive: true });
    fs.mkdirSync(path.join(api, 'nodes'), { recursive: true });
    fs.writeFileSync(path.join(api, 'main'), JSON.stringify(out.main));
    fs.writeFileSync(path.join(api, 'run-status'), JSON.stringify(out.runStatus));
    for (const [id, graph] of out.pipelines) {
      if (safe(id)) fs.writeFileSync(path.join(api, 'pipelines', id), JSON.stringify(graph));
      else warn(`pipeline '${escapeControls(id)}' is not a file name Kedro-Viz serves: left out of ${path.join(outDir, 'api/pipelines')}`);
    }
    for (const [id, meta] of out.nodes) fs.writeFileSync(path.join(api, 'nodes', id), JSON.stringify(meta));
  } catch (err) {
    warn(`cannot write ${outDir}: ${err instanceof Error ? err.message : String(err)}`);
    return 2;
  }
  return 0;
}
