import * as path from 'node:path';
import { kedroVizExport, writeKedroVizFiles } from '../../../common/kedroViz';
import type { ProjectJson } from '../../../common/pipelineModel';
import { escapeControls } from '../core/escape';

/** `pipelines --format kedro-viz --output-dir DIR`: the files `kedro viz --load-file DIR` serves; returns an exit code. */
export function writeKedroViz(project: ProjectJson, projectRoot: string, outDir: string, warn: (m: string) => void): number {
  try {
    const skipped = writeKedroVizFiles(kedroVizExport(project, projectRoot), path.resolve(outDir));
    for (const id of skipped) warn(`pipeline '${escapeControls(id)}' is not a file name Kedro-Viz serves: left out of ${path.join(outDir, 'api/pipelines')}`);
  } catch (err) {
    warn(`cannot write ${outDir}: ${err instanceof Error ? err.message : String(err)}`);
    return 2;
  }
  return 0;
}
