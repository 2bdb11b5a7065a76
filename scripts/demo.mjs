// `npm run demo`: opens examples/spaceflights in real VS Code (code-server 4.100.3 = VS Code 1.100, offline-capable)
// with this extension loaded from the source tree, and prints the URL to open in a browser.
//   DEMO_PORT=8080 npm run demo        # fixed port (default: 8080, or a free one if taken)
//   DEMO_HOST=0.0.0.0 npm run demo     # listen on all interfaces (e.g. in a container)
//   DEMO_FOLDER=/path/to/project npm run demo   # another Kedro project (e.g. one from scripts/gen-project.mjs)
//   DEMO_INSTALL=1 npm run demo        # without a terminal: allow installing missing Debian packages (apt-get --no-upgrade)
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as net from 'node:net';
import { fileURLToPath } from 'node:url';
import { freePort, startCodeServer } from '../test/e2e/e2e-lib.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const EXAMPLE = process.env.DEMO_FOLDER ? path.resolve(process.env.DEMO_FOLDER) : path.join(ROOT, 'examples', 'spaceflights');

const portFree = (port) =>
  new Promise((resolve) => {
    const srv = net.createServer().once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });

const wanted = Number(process.env.DEMO_PORT ?? 8080);
const port = (await portFree(wanted)) ? wanted : await freePort();
if (!fs.existsSync(path.join(ROOT, 'dist', 'client.js'))) {
  console.error('dist/ is missing: run `npm run build` first (npm run demo does).');
  process.exit(1);
}

console.error('[demo] preparing code-server (the first run builds it into ~/.cache/code-server-e2e, about 2–3 minutes;');
console.error('[demo] if system packages it needs are missing, it lists them and asks before installing — DEMO_INSTALL=1 without a terminal)…');
const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kedro-lens-demo-'));
let cs;
try {
  cs = await startCodeServer({
    folder: EXAMPLE,
    extensionDevelopmentPath: ROOT,
    port,
    userDataDir,
    extraArgs: process.env.DEMO_HOST ? ['--bind-addr', `${process.env.DEMO_HOST}:${port}`] : [],
    // code-server saves after a delay by default: a demo typo would be written into the project (and undo would not
    // bring the file on disk back).
    settings: { 'workbench.colorTheme': 'Default Dark Modern', 'files.autoSave': 'off' },
  });
} catch (err) {
  fs.rmSync(userDataDir, { recursive: true, force: true });
  // setup-code-server.sh has said why (missing packages not installed, a failed build) on stderr.
  console.error(`[demo] code-server did not start: ${String(err.message).split('\n')[0]}`);
  process.exit(1);
}

console.log('');
console.log(`Kedro Lens demo is running: ${process.env.DEMO_FOLDER ? EXAMPLE : 'the example project'} in VS Code (code-server) with the extension loaded.`);
console.log(`Open: ${cs.url}`);
if (!process.env.DEMO_FOLDER) {
  console.log('Try: open src/spaceflights/pipelines/data_processing/pipeline.py and misspell a dataset name;');
  console.log('     the Problems panel shows KL001 while you type. The status bar shows "Kedro: local" (click to switch env).');
}
console.log('Press Ctrl+C to stop.');

const stop = async () => {
  await cs.stop();
  fs.rmSync(userDataDir, { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
// Keep the process alive while code-server runs.
setInterval(() => {}, 1 << 30);
