// dist/server.js: loads the language server bundle (dist/server-main.js) with V8's code cache, kept in the folder the
// extension passes as `--cache-dir=<globalStorage>` (read before anything else runs, so not an initialize option).
import * as path from 'node:path';
import { limitHeapGrowth } from './host/heapGrowth';
import { runBundle, type LoadedBundle } from './startup/codeCache';
import { setStartupHook } from './startup/hook';

declare const KEDRO_LENS_VERSION: string;

function main(): void {
  // Before the bundle's code cache is read: V8 rejects a cache made under other flags, and this is one.
  limitHeapGrowth();
  const arg = process.argv.find((a) => a.startsWith('--cache-dir='));
  const cacheDir = arg ? arg.slice('--cache-dir='.length) : undefined;
  const loaded: { bundle?: LoadedBundle; timer?: ReturnType<typeof setTimeout> } = {};
  setStartupHook({
    // Not at once: the first requests after the first analysis (hover, definition, lenses) compile more functions.
    warmedUp: () => {
      loaded.timer ??= setTimeout(() => loaded.bundle?.save(), 2000).unref();
    },
    // Only once warmed up: a cache written before the first analysis would lack its functions, and is kept once taken.
    shutdown: () => {
      if (!loaded.timer) return;
      clearTimeout(loaded.timer);
      loaded.bundle?.save();
    },
  });
  loaded.bundle = runBundle(path.join(__dirname, 'server-main.js'), cacheDir && path.isAbsolute(cacheDir) ? cacheDir : undefined, KEDRO_LENS_VERSION, require);
}

main();
