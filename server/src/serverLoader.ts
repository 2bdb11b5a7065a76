// dist/server.js: loads the language server bundle (dist/server-main.js) with V8's code cache, kept in the folder the
// extension passes as `--cache-dir=<globalStorage>` (read before anything else runs, so not an initialize option).
import * as path from 'node:path';
import { runBundle } from './startup/codeCache';
import { setStartupHook } from './startup/hook';

declare const KEDRO_LENS_VERSION: string;

const arg = process.argv.find((a) => a.startsWith('--cache-dir='));
const cacheDir = arg ? arg.slice('--cache-dir='.length) : undefined;
let save = (): boolean => false;
let timer: ReturnType<typeof setTimeout> | undefined;
setStartupHook({
  // Not at once: the first requests after the first analysis (hover, definition, lenses) compile more functions.
  warmedUp: () => {
    timer ??= setTimeout(() => save(), 2000).unref();
  },
  shutdown: () => {
    if (timer) clearTimeout(timer);
    save();
  },
});
save = runBundle(path.join(__dirname, 'server-main.js'), cacheDir && path.isAbsolute(cacheDir) ? cacheDir : undefined, KEDRO_LENS_VERSION, require).save;
