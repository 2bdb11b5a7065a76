// `npm run bench:hostile`: runs `kedro-lens check` (dist/cli.js) on each hostile project of issue 19 and prints its
// wall time and peak RSS. Every row should stay under 2 s and 300 MB; a row over that, a crash or a timeout exits 1.
// HOSTILE_ONLY=name,name runs some; HOSTILE_TIMEOUT_MS (default 60000) kills a run that hangs.
// "max block" is the longest the event loop was blocked (perf_hooks.monitorEventLoopDelay): no request can be
// answered for that long. The last rows measure hover latency while the server runs long passes on a generated
// 5,000-node project (HOSTILE_NODES): requests must be answered during a pass, not after it.
// HOSTILE_DIST=<dir> measures another build (e.g. main's dist) for an interleaved comparison.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as rpc from 'vscode-languageserver-protocol/node';
import { generate } from './gen-project.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.resolve(process.env.HOSTILE_DIST ?? path.join(ROOT, 'dist'));
const TIMEOUT = Number(process.env.HOSTILE_TIMEOUT_MS ?? 60000);
const LIMIT_MS = 2000;
const LIMIT_MB = 300;

const range = (n) => [...Array(n).keys()];
const PIPELINE_HEAD = 'from kedro.pipeline import Node, Pipeline\n\n\ndef f(*a):\n    return a\n\n\n';
const pipeline = (body, nodes = '[Node(f, "a", "b", name="n")]') => `${PIPELINE_HEAD}${body}\n\ndef create_pipeline(**kwargs):\n    return Pipeline(${nodes})\n`;

/** name → files of the project (relative paths), on top of a minimal one. */
const INPUTS = {
  // 10^7 leaves if expanded: the CLI ran 114 s and died at 4.4 GB.
  'yaml-aliases': {
    'conf/base/parameters.yml': ['l0: &l0 [x, x, x, x, x, x, x, x, x, x]', ...range(7).map((i) => `l${i + 1}: &l${i + 1} {${range(10).map((k) => `k${k}: *l${i}`).join(', ')}}`)].join('\n') + '\n',
  },
  'yaml-aliases-catalog': {
    'conf/base/catalog.yml': ['_l0: &l0 [x, x, x, x, x, x, x, x, x, x]', ...range(7).map((i) => `_l${i + 1}: &l${i + 1} [${range(10).map(() => `*l${i}`).join(', ')}]`), 'ds:\n  type: pandas.CSVDataset\n  filepath: data/a.csv\n  load_args: *l7'].join('\n') + '\n',
  },
  'eval-list-doubling': { 'src/demo/pipelines/p/pipeline.py': pipeline(`def create_nodes():\n    l = [1]\n${range(40).map(() => '    l = l + l\n').join('')}    return l\n`, 'create_nodes()') },
  'eval-string-doubling': { 'src/demo/pipelines/p/pipeline.py': pipeline(`def name():\n    s = "ab"\n${range(40).map(() => '    s = s + s\n').join('')}    return s\n`, `[Node(f, "a", "b", name=name())]`) },
  'eval-fanout': {
    'src/demo/pipelines/p/pipeline.py': pipeline(
      `${range(10).map((i) => `def g${i}(x):\n    return ${range(10).map(() => `g${i + 1}(x)`).join(' + ')}\n`).join('\n')}\ndef g10(x):\n    return [Node(f, x, x + "_o", name=x)]\n`,
      'g0("a")',
    ),
  },
  'eval-comprehension': {
    'src/demo/pipelines/p/pipeline.py': pipeline(`XS = [${range(200).map((i) => `"x${i}"`).join(', ')}]\n`, '[Node(f, a + b + c, "o" + a + b + c, name="n" + a + b + c) for a in XS for b in XS for c in XS]'),
  },
  'deep-calls': { 'src/demo/pipelines/p/pipeline.py': pipeline(`X = ${'f('.repeat(3000)}1${')'.repeat(3000)}\n`) },
  'deep-brackets': { 'src/demo/pipelines/p/pipeline.py': pipeline(`X = ${'['.repeat(3000)}${']'.repeat(3000)}\n`) },
  'deep-binary': { 'src/demo/pipelines/p/pipeline.py': pipeline(`X = "a"${' + "a"'.repeat(5000)}\n`) },
  'deep-script': { 'scripts/deep.py': `X = ${'('.repeat(3000)}1${')'.repeat(3000)}\n` },
  'factory-adjacent': {
    'conf/base/catalog.yml': `"${range(8).map((i) => `{f${i}}`).join('')}Z":\n  type: pandas.CSVDataset\n  filepath: data/{f0}.csv\n`,
    'src/demo/pipelines/p/pipeline.py': pipeline('', `[Node(f, "${'a'.repeat(60)}", "b", name="n")]`),
  },
  // kedro.exclude reaches the server only (settings); `*a` 12 times took 68 s on one 40-character name.
  'exclude-globs (server)': {
    ...Object.fromEntries(range(50).map((i) => [`${'a'.repeat(40)}${i}.py`, 'X = 1\n'])),
  },
};
const SERVER_SETTINGS = { 'exclude-globs (server)': { exclude: [`${'*a'.repeat(12)}x`, `${'*'.repeat(40)}x`, `${'{a,b}'.repeat(20)}`] } };

function makeProject(name, files) {
  const dir = path.join(os.tmpdir(), `kl-hostile-${name}`);
  fs.rmSync(dir, { recursive: true, force: true });
  const all = {
    'pyproject.toml': '[tool.kedro]\npackage_name = "demo"\nproject_name = "Demo"\nkedro_init_version = "1.5.0"\n',
    'src/demo/__init__.py': '',
    'src/demo/pipeline_registry.py': 'from kedro.framework.project import find_pipelines\n\n\ndef register_pipelines():\n    pipelines = find_pipelines()\n    pipelines["__default__"] = sum(pipelines.values())\n    return pipelines\n',
    'src/demo/pipelines/__init__.py': '',
    'src/demo/pipelines/p/__init__.py': 'from .pipeline import create_pipeline\n',
    'src/demo/pipelines/p/pipeline.py': pipeline(''),
    'conf/base/catalog.yml': 'a:\n  type: pandas.CSVDataset\n  filepath: data/a.csv\n',
    'conf/local/.gitkeep': '',
    ...files,
  };
  for (const [rel, text] of Object.entries(all)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

/** Runs the CLI under a preload that reports peak RSS on exit; a crash or timeout reports none. */
function run(dir, args) {
  const report = path.join(dir, '.rss');
  const preload = `const h=require('perf_hooks').monitorEventLoopDelay({resolution:5});h.enable();process.on('exit',()=>require('fs').writeFileSync(${JSON.stringify(report)},process.resourceUsage().maxRSS+' '+h.max/1e6))`;
  return new Promise((resolve) => {
    const t0 = performance.now();
    const proc = spawn(process.execPath, ['--max-old-space-size=4096', '-e', `${preload};process.argv.splice(1,0,${JSON.stringify(path.join(DIST, 'cli.js'))});require(${JSON.stringify(path.join(DIST, 'cli.js'))})`, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    proc.stdout.on('data', (d) => (out += d));
    proc.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => proc.kill('SIGKILL'), TIMEOUT);
    proc.on('exit', (code, signal) => {
      clearTimeout(timer);
      const ms = performance.now() - t0;
      const [kb, block] = fs.existsSync(report) ? fs.readFileSync(report, 'utf8').split(' ').map(Number) : [];
      resolve({ ms, mb: kb === undefined ? undefined : kb / 1024, block, code, signal, out });
    });
  });
}

/** Starts dist/server.js on the folder with these settings; done at its first diagnostics. Peak RSS from /proc. */
function runServer(dir, settings) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const proc = spawn(process.execPath, [path.join(DIST, 'server.js'), '--stdio']);
    const conn = rpc.createMessageConnection(new rpc.StreamMessageReader(proc.stdout), new rpc.StreamMessageWriter(proc.stdin));
    conn.onRequest('workspace/configuration', () => [settings]);
    conn.onRequest('client/registerCapability', () => null);
    conn.onRequest('window/workDoneProgress/create', () => null);
    const hwm = () => Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${proc.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
    let finished = false;
    const finish = (r) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      proc.kill();
      resolve(r);
    };
    const timer = setTimeout(() => finish({ ms: performance.now() - t0, code: null, signal: 'SIGKILL', out: '' }), TIMEOUT);
    conn.onNotification('textDocument/publishDiagnostics', () => finish({ ms: performance.now() - t0, mb: hwm(), code: 0, out: '' }));
    proc.on('exit', (code, signal) => finish({ ms: performance.now() - t0, code, signal, out: 'server exited' }));
    conn.listen();
    const uri = pathToFileURL(dir).toString();
    void conn.sendRequest('initialize', { processId: process.pid, rootUri: uri, workspaceFolders: [{ uri, name: 'h' }], capabilities: { workspace: { configuration: true } } }).then(() => conn.sendNotification('initialized', {}));
  });
}

const only = process.env.HOSTILE_ONLY?.split(',');
let failed = 0;
console.log(`${'input'.padEnd(24)} ${'time'.padStart(9)} ${'peak RSS'.padStart(10)} ${'max block'.padStart(10)}  result`);
for (const [name, files] of Object.entries(INPUTS)) {
  if (only && !only.some((o) => name.startsWith(o))) continue;
  const dir = makeProject(name, files);
  const r = SERVER_SETTINGS[name] ? await runServer(dir, SERVER_SETTINGS[name]) : await run(dir, ['check', dir, '--format', 'json']);
  const codes = [...new Set([...r.out.matchAll(/"code":\s*"(KL\d+)"/g)].map((m) => m[1]))].sort().join(' ');
  const crashed = r.signal || (r.code !== 0 && r.code !== 1);
  const over = r.ms > LIMIT_MS || (r.mb ?? Infinity) > LIMIT_MB;
  if (crashed || over) failed++;
  const what = r.signal === 'SIGKILL' ? `timeout after ${TIMEOUT} ms` : crashed ? `crashed (exit ${r.code ?? r.signal}): ${r.out.split('\n').find((l) => /Error|FATAL/.test(l)) ?? ''}` : `exit ${r.code} ${codes}`;
  const block = r.block === undefined ? '-' : `${Math.round(r.block)} ms`;
  console.log(`${name.padEnd(24)} ${`${Math.round(r.ms)} ms`.padStart(9)} ${r.mb === undefined ? '         -' : `${Math.round(r.mb)} MB`.padStart(10)} ${block.padStart(10)}  ${over && !crashed ? 'OVER LIMIT ' : ''}${what.slice(0, 160)}`);
}

/**
 * Hover latency during long passes of the server on a generated project: the cold pass (hover on a file that is not
 * open: answered at once from whatever is known) and an environment switch (every node checked again; hover on an open
 * module the pass does not change). Probes every 50 ms (a user's pace; the connection reads one message per
 * turn of the event loop, so a flood queues behind the pass's slices) until the pass publishes; the server's longest event-loop block
 * comes from a preload that reports it at exit.
 */
const PROBE_MS = 50;

async function passLatency(nodes) {
  const dir = path.join(os.tmpdir(), `kl-hostile-synth-${nodes}`);
  generate(nodes, dir);
  const report = path.join(dir, '.loop');
  fs.rmSync(report, { force: true });
  const preload = path.join(dir, '.preload.cjs');
  fs.writeFileSync(preload, `const h=require('perf_hooks').monitorEventLoopDelay({resolution:5});h.enable();process.on('exit',()=>require('fs').writeFileSync(${JSON.stringify(report)},String(h.max/1e6)));`);
  const proc = spawn(process.execPath, ['-r', preload, path.join(DIST, 'server.js'), '--stdio']);
  const conn = rpc.createMessageConnection(new rpc.StreamMessageReader(proc.stdout), new rpc.StreamMessageWriter(proc.stdin));
  let settings = { environment: 'local' };
  conn.onRequest('workspace/configuration', () => [settings]);
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('window/workDoneProgress/create', () => null);
  let passes = 0;
  conn.onNotification('kedro/projectChanged', () => passes++);
  conn.listen();
  const uri = pathToFileURL(dir).toString();
  const open = `${uri}/src/synth/pipelines/p1/pipeline.py`;
  const closed = `${uri}/src/synth/pipelines/p2/pipeline.py`;
  const hoverAt = (u, p) => {
    const text = fs.readFileSync(new URL(u), 'utf8').split('\n');
    const line = text.findIndex((l) => l.includes(`"raw_${p}"`));
    return { textDocument: { uri: u }, position: { line, character: text[line].indexOf(`"raw_${p}"`) + 2 } };
  };
  /** Hovers every PROBE_MS until `passes` grows past `from`; latencies in ms. */
  const probe = async (params, from) => {
    const latencies = [];
    const pending = [];
    while (passes <= from) {
      const t0 = performance.now();
      pending.push(conn.sendRequest('textDocument/hover', params).then(() => latencies.push(performance.now() - t0)));
      await new Promise((r) => setTimeout(r, PROBE_MS));
    }
    await Promise.all(pending);
    return latencies.sort((a, b) => a - b);
  };
  await conn.sendRequest('initialize', { processId: process.pid, rootUri: uri, workspaceFolders: [{ uri, name: 'synth' }], capabilities: { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: false } } } });
  const t0 = performance.now();
  await conn.sendNotification('initialized', {});
  const cold = await probe(hoverAt(closed, 2), 0);
  const coldMs = performance.now() - t0;
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: open, languageId: 'python', version: 1, text: fs.readFileSync(new URL(open), 'utf8') } });
  while (passes < 2) await new Promise((r) => setTimeout(r, 5));
  const rows = [['cold pass (closed file)', coldMs, cold]];
  for (const env of ['base', 'local', 'base']) {
    settings = { environment: env };
    const from = passes;
    const t1 = performance.now();
    await conn.sendNotification('workspace/didChangeConfiguration', { settings: { kedro: settings } });
    const lat = await probe(hoverAt(open, 1), from);
    rows.push([`env switch → ${env} (open file)`, performance.now() - t1, lat]);
  }
  await conn.sendRequest('shutdown');
  const exited = new Promise((r) => proc.on('exit', r));
  await conn.sendNotification('exit');
  await exited;
  const block = fs.existsSync(report) ? Number(fs.readFileSync(report, 'utf8')) : undefined;
  console.log(`\n${nodes}-node project: hover latency while a pass runs (server max event-loop block over the run: ${block === undefined ? '-' : `${Math.round(block)} ms`})`);
  console.log(`${'pass'.padEnd(30)} ${'pass time'.padStart(10)} ${'hovers'.padStart(7)} ${'p50'.padStart(8)} ${'max'.padStart(8)}`);
  for (const [what, ms, lat] of rows) {
    const q = (f) => (lat.length ? `${Math.round(lat[Math.min(lat.length - 1, Math.floor(f * lat.length))])} ms` : '-');
    console.log(`${what.padEnd(30)} ${`${Math.round(ms)} ms`.padStart(10)} ${String(lat.length).padStart(7)} ${q(0.5).padStart(8)} ${q(1).padStart(8)}`);
  }
}

if (!only || only.some((o) => 'latency'.startsWith(o))) await passLatency(Number(process.env.HOSTILE_NODES ?? 5000));
process.exit(failed ? 1 : 0);
