// The "Kedro: Open in Kedro-Viz" command line. Pure (no vscode import), unit-tested.
import * as path from 'node:path';

/**
 * argv for `kedro viz --load-file DIR`, DIR relative to the project root: Kedro-Viz joins the value onto its working
 * folder (`<cwd>/<value>/api`), so an absolute path would not be found. Undefined when no relative path exists
 * (another drive on Windows). `kedro viz` without `run` works on Kedro-Viz releases before and after the subcommands.
 */
export function kedroVizArgv(kedro: readonly string[], projectRoot: string, exportDir: string): string[] | undefined {
  const rel = path.relative(projectRoot, exportDir);
  if (rel === '' || path.isAbsolute(rel)) return undefined;
  return [...kedro, 'viz', '--load-file', rel.split(path.sep).join('/')];
}

/** `kedro viz --help` exits 0 only when the kedro-viz plugin is installed ("No such command 'viz'" otherwise). */
export const KEDRO_VIZ_PROBE = ['viz', '--help'] as const;
