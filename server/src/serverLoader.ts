// dist/server.js: loads the language server bundle (dist/server-main.js) with V8's code cache, kept in the folder the
// extension passes as `--cache-dir=<globalStorage>` (read before anything else runs, so not an initialize option).
// With first-answer records there (startup/firstAnswers.ts), its front answers the first requests before the bundle.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { limitHeapGrowth } from './host/heapGrowth';
import { runBundle, type LoadedBundle } from './startup/codeCache';
import { readRecords, recordDir } from './startup/firstAnswers';
import { Front } from './startup/front';
import { setStartupHook, type FrontHandover } from './startup/hook';
import { processWire } from './startup/wire';

declare const KEDRO_LENS_VERSION: string;

function main(): void {
  const arg = process.argv.find((a) => a.startsWith('--cache-dir='));
  const given = arg ? arg.slice('--cache-dir='.length) : undefined;
  const cacheDir = given && path.isAbsolute(given) ? given : undefined;
  const bundle = path.join(__dirname, 'server-main.js');
  let records: string | undefined;
  if (cacheDir) {
    try {
      const st = fs.statSync(bundle);
      records = recordDir(cacheDir, `${KEDRO_LENS_VERSION}-${st.size}-${Math.round(st.mtimeMs)}`);
    } catch {
      records = undefined;
    }
  }
  const loaded: { bundle?: LoadedBundle; timer?: ReturnType<typeof setTimeout> } = {};
  const load = (front?: FrontHandover): void => {
    // Before the bundle's code cache is read: V8 rejects a cache made under other flags, and this is one. Not before
    // the front's answers: loading node:v8 and setting a flag is ~4 ms of CPU, and the front's heap is small.
    limitHeapGrowth();
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
      ...(records ? { recordDir: records } : {}),
      ...(front ? { front } : {}),
    });
    loaded.bundle = runBundle(bundle, cacheDir, KEDRO_LENS_VERSION, require);
  };
  const stored = records && process.env['KEDRO_LENS_FIRST_ANSWERS'] !== '0' ? readRecords(records) : undefined;
  const wire = stored?.files.length ? processWire(process.argv) : undefined;
  if (wire && stored) new Front(wire, stored, load);
  else load();
}

main();
