// Interleaved A/B of the cold pass (fresh server, empty facts cache), with wall, process CPU and main-thread CPU:
// AB_VARIANTS='dist-a;dist-b|KEDRO_LENS_PARSE_THREADS=0' AB_SIZES=1000,5000 AB_ROUNDS=5 node scripts/ab-cold.mjs
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import * as rpc from 'vscode-languageserver-protocol/node';
import { generate } from './gen-project.mjs';
const require = createRequire(import.meta.url);
const sizes = (process.env.AB_SIZES ?? '1000,5000,20000').split(',').map(Number);
const rounds = Number(process.env.AB_ROUNDS ?? 5);
const uri = (p) => pathToFileURL(p).toString();
const ticks = (pid, tid) => {
  const f = fs.readFileSync(tid ? `/proc/${pid}/task/${tid}/stat` : `/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
};
async function cold(dist, dir, extraEnv) {
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kl-ab-cache-'));
  const env = { ...process.env };
  for (const kv of (extraEnv ?? '').split(',').filter(Boolean)) { const [k, v] = kv.split('='); env[k] = v; }
  const proc = spawn(process.execPath, [path.join(dist, 'server.js'), '--stdio'], { env });
  const conn = rpc.createMessageConnection(new rpc.StreamMessageReader(proc.stdout), new rpc.StreamMessageWriter(proc.stdin));
  conn.onRequest('workspace/configuration', () => [{}]);
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('window/workDoneProgress/create', () => null);
  let done;
  const got = new Promise((r) => (done = r));
  conn.onNotification((m, p) => { if (m === 'kedro/projectChanged') done(p); });
  conn.listen();
  const capabilities = { workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } } };
  await conn.sendRequest('initialize', { processId: process.pid, rootUri: uri(dir), workspaceFolders: [{ uri: uri(dir), name: 'b' }], capabilities, initializationOptions: { cacheDir } });
  const cpu0 = ticks(proc.pid);
  const main0 = ticks(proc.pid, proc.pid);
  await conn.sendNotification('initialized', {});
  const p = await got;
  const cpu = ticks(proc.pid) - cpu0;
  const main = ticks(proc.pid, proc.pid) - main0;
  await conn.sendRequest('shutdown').catch(() => undefined);
  await conn.sendNotification('exit').catch(() => undefined);
  await new Promise((r) => { const t = setTimeout(() => (proc.kill(), r()), 5000); proc.once('exit', () => (clearTimeout(t), r())); });
  conn.dispose();
  fs.rmSync(cacheDir, { recursive: true, force: true });
  return { ms: p.ms, py: Math.round(p.pythonMs), cpu, main };
}
async function floor(dir) {
  const { Parser, Language } = require('web-tree-sitter');
  await Parser.init();
  const parser = new Parser();
  parser.setLanguage(await Language.load(require.resolve('tree-sitter-python/tree-sitter-python.wasm')));
  const files = [];
  const walk = (d) => { for (const e of fs.readdirSync(d, { withFileTypes: true })) { const p = path.join(d, e.name); if (e.isDirectory()) walk(p); else if (e.name.endsWith('.py')) files.push(fs.readFileSync(p, 'utf8')); } };
  walk(path.join(dir, 'src'));
  const t0 = performance.now();
  for (const f of files) parser.parse(f)?.delete();
  return performance.now() - t0;
}
const variants = process.env.AB_VARIANTS.split(';').map((v) => {
  const [d, e = ''] = v.split('|');
  return { d: path.resolve(d), e };
});
for (const n of sizes) {
  const dir = path.join(os.tmpdir(), `kl-ab-${n}`);
  if (!fs.existsSync(dir)) generate(n, dir);
  const res = variants.map(() => []);
  const floors = [];
  for (let r = 0; r < rounds; r++) {
    floors.push(await floor(dir));
    for (const [i, v] of variants.entries()) res[i].push(await cold(v.d, dir, v.e));
  }
  const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const fl = med(floors);
  console.log(`n=${n} floor median ${fl.toFixed(1)} ms (range ${Math.min(...floors).toFixed(0)}–${Math.max(...floors).toFixed(0)})`);
  for (const [i, v] of variants.entries()) {
    const rs = res[i];
    const f = (k) => `${med(rs.map((x) => x[k]))} [${Math.min(...rs.map((x) => x[k]))}–${Math.max(...rs.map((x) => x[k]))}]`;
    console.log(`  ${path.basename(v.d)} ${v.e || '-'}: cold ms ${f('ms')}  py ms ${f('py')}  cpu ms ${f('cpu')}  main-thread cpu ${f('main')}  cold/floor ${(med(rs.map((x) => x.ms)) / fl).toFixed(2)}`);
  }
}
