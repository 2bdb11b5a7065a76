// `npm run bench`: measures the built bundles (dist/cli.js, dist/server.js) and writes bench-output/bench.json.
// Timings are reported, never asserted. Sizes: BENCH_SIZES=100,1000,5000,20000 (default), BENCH_EDITS=100 (edit pairs
// per kind: 4 × 100 = 400 edits before the RSS reading); BENCH_DUMP=1
// prints every edit latency (sorted) to stderr; BENCH_NODE_ARGS passes flags to the server (e.g. --cpu-prof).
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as rpc from 'vscode-languageserver-protocol/node';
import { buildSync } from 'esbuild';
import { generate } from './gen-project.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const SIZES = (process.env.BENCH_SIZES ?? '100,1000,5000,20000').split(',').map(Number);
const EDITS = Number(process.env.BENCH_EDITS ?? 100);
const uri = (p) => pathToFileURL(p).toString();
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const median = (xs) => pct(xs, 50);
const ms = (n) => Math.round(n * 10) / 10;
// The client decodes the model it receives (common/modelCodec.ts): that is part of the request's time.
const codec = buildSync({ entryPoints: [path.join(ROOT, 'common/modelCodec.ts')], bundle: true, format: 'esm', write: false, logLevel: 'silent' });
const { decodeModel } = await import(`data:text/javascript;base64,${Buffer.from(codec.outputFiles[0].text).toString('base64')}`);

function startServer(dist = path.join(ROOT, 'dist'), serverArgs = [], env = undefined) {
  const t0 = performance.now();
  // BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server.
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const proc = spawn(process.execPath, [...nodeArgs, path.join(dist, 'server.js'), '--stdio', ...serverArgs], env ? { env: { ...process.env, ...env } } : {});
  const conn = rpc.createMessageConnection(new rpc.StreamMessageReader(proc.stdout), new rpc.StreamMessageWriter(proc.stdin));
  const listeners = new Set();
  conn.onNotification((method, params) => {
    for (const l of [...listeners]) l(method, params);
  });
  conn.onRequest('workspace/configuration', () => [{}]);
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.listen();
  const next = (pred, timeout = 120000) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => (listeners.delete(l), reject(new Error('timeout'))), timeout);
      const l = (method, params) => {
        if (pred(method, params)) {
          clearTimeout(timer);
          listeners.delete(l);
          resolve({ method, params, at: performance.now() });
        }
      };
      listeners.add(l);
    });
  // A string: the extension's global storage (per-file facts between starts); an object: the options as they are.
  const init = async (folder, options) => {
    const initializationOptions = typeof options === 'string' ? { cacheDir: options } : options;
    // What VS Code declares: the server then trusts file events instead of stat-ing every file on each pass.
    const capabilities = { workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } } };
    await conn.sendRequest('initialize', { processId: process.pid, rootUri: uri(folder), workspaceFolders: [{ uri: uri(folder), name: 'b' }], capabilities, initializationOptions });
    const at = performance.now();
    await conn.sendNotification('initialized', {});
    return at;
  };
  // CPU time of the server process so far, all its threads: less sensitive to a busy machine. From each thread's
  // schedstat (nanoseconds; Node's threads live as long as the process), else the process' clock ticks (10 ms).
  const cpu = () => {
    try {
      let ns = 0;
      for (const t of fs.readdirSync(`/proc/${proc.pid}/task`)) ns += Number(fs.readFileSync(`/proc/${proc.pid}/task/${t}/schedstat`, 'utf8').split(' ')[0]);
      if (ns > 0) return ns / 1e6;
    } catch {
      // No schedstat (kernel without it): ticks below.
    }
    const f = fs.readFileSync(`/proc/${proc.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  };
  const rss = () => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${proc.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  const stop = async () => {
    await conn.sendRequest('shutdown').catch(() => undefined);
    await conn.sendNotification('exit').catch(() => undefined);
    // A clean exit writes --cpu-prof profiles; kill only a server that hangs.
    await new Promise((resolve) => {
      const timer = setTimeout(() => (proc.kill(), resolve()), 5000);
      proc.once('exit', () => (clearTimeout(timer), resolve()));
    });
  };
  return { t0, conn, next, init, rss, cpu, stop };
}

const hasCode = (code) => (method, params) => method === 'textDocument/publishDiagnostics' && params.diagnostics.some((d) => d.code === code);

async function cliExample() {
  const times = [];
  for (let i = 0; i < 7; i++) {
    const t0 = performance.now();
    spawnSync(process.execPath, [path.join(ROOT, 'dist/cli.js'), 'check', path.join(ROOT, 'examples/spaceflights')]);
    times.push(performance.now() - t0);
  }
  return ms(median(times));
}

async function firstDiagnostics() {
  const times = [];
  for (let i = 0; i < 5; i++) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kl-bench-ex-'));
    fs.cpSync(path.join(ROOT, 'examples/spaceflights'), dir, { recursive: true });
    const file = path.join(dir, 'src/spaceflights/pipelines/data_processing/pipeline.py');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('"companies"', '"companys"'));
    const s = startServer();
    const got = s.next(hasCode('KL001'));
    await s.init(dir);
    const d = await got;
    times.push(d.at - s.t0);
    await s.stop();
  }
  return ms(median(times));
}

async function parseFloor(dir) {
  const { Parser, Language } = require('web-tree-sitter');
  await Parser.init();
  const parser = new Parser();
  parser.setLanguage(await Language.load(require.resolve('tree-sitter-python/tree-sitter-python.wasm')));
  const files = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.py')) files.push(fs.readFileSync(p, 'utf8'));
    }
  };
  walk(path.join(dir, 'src'));
  const t0 = performance.now();
  for (const f of files) parser.parse(f)?.delete();
  return performance.now() - t0;
}

async function perSize(n) {
  const dir = path.join(os.tmpdir(), `kl-bench-${n}`);
  const made = generate(n, dir);
  // The first start fills an empty facts cache (its writes wait until the pass is done); the second start (warm,
  // measured after this server stops) reads every file's facts from it instead of parsing.
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kl-bench-cache-'));
  const s = startServer();
  const first = s.next((m) => m === 'kedro/projectChanged');
  await s.init(dir, cacheDir);
  const cold = await first;
  const coldMs = cold.params.ms;
  console.error(`size ${n}: cold ${coldMs} ms`);
  const floor = await parseFloor(dir);
  // Model request (what the tree view asks for), each the first for its model (so built, encoded, sent and decoded):
  // once after the cold analysis, then after six Python edits below.
  const mt = [];
  const modelRequest = async () => {
    const t0 = performance.now();
    const { length } = decodeModel(await s.conn.sendRequest('kedro/projectModel'));
    mt.push(performance.now() - t0);
    if (length !== 1) throw new Error(`model request: ${length} projects`);
  };
  await modelRequest();
  const rssAnalysed = s.rss();
  // Python edit → diagnostics, and revert → cleared.
  const pyFile = path.join(dir, 'src/synth/pipelines/p0/pipeline.py');
  const pyText = fs.readFileSync(pyFile, 'utf8');
  const pyUri = uri(pyFile);
  await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: pyUri, languageId: 'python', version: 1, text: pyText } });
  let version = 1;
  const py = [];
  for (let i = 0; i < EDITS; i++) {
    for (const [text, pred] of [
      [pyText.replace('"raw_0"', '"raw_O"'), hasCode('KL001')],
      [pyText, (m, p) => m === 'textDocument/publishDiagnostics' && p.uri === pyUri && !p.diagnostics.some((d) => d.code === 'KL001')],
    ]) {
      const done = s.next(pred);
      const t0 = performance.now();
      await s.conn.sendNotification('textDocument/didChange', { textDocument: { uri: pyUri, version: ++version }, contentChanges: [{ text }] });
      py.push((await done).at - t0);
    }
  }
  // Model requests after edits (not counted as edit latency); an even count leaves the file as it was.
  for (let i = 0; i < 6; i++) {
    const done = s.next((m, p) => m === 'textDocument/publishDiagnostics' && p.uri === pyUri);
    await s.conn.sendNotification('textDocument/didChange', { textDocument: { uri: pyUri, version: ++version }, contentChanges: [{ text: i % 2 ? pyText : pyText.replace('"raw_0"', '"raw_O"') }] });
    await done;
    await modelRequest();
  }
  // Catalog edit → diagnostics in the consumer module (not open).
  const catFile = path.join(dir, 'conf/base/catalog.yml');
  const catText = fs.readFileSync(catFile, 'utf8');
  const catUri = uri(catFile);
  await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: catUri, languageId: 'yaml', version: 1, text: catText } });
  const cat = [];
  for (let i = 0; i < EDITS; i++) {
    for (const [text, pred] of [
      [catText.replace(/^raw_0:/m, 'raw_zero:'), hasCode('KL001')],
      [catText, (m, p) => m === 'textDocument/publishDiagnostics' && p.uri.includes('/p0/') && !p.diagnostics.some((d) => d.code === 'KL001')],
    ]) {
      const done = s.next(pred);
      const t0 = performance.now();
      await s.conn.sendNotification('textDocument/didChange', { textDocument: { uri: catUri, version: ++version }, contentChanges: [{ text }] });
      cat.push((await done).at - t0);
    }
  }
  // V8 lets the heap grow during a burst of edits and returns it after ~25 s without work (its memory reducer).
  if (process.env.BENCH_DUMP) console.error(`py ${[...py].sort((a, b) => a - b).map((x) => x.toFixed(0)).join(" ")}\ncat ${[...cat].sort((a, b) => a - b).map((x) => x.toFixed(0)).join(" ")}`);
  const rssEdited = s.rss();
  await s.stop();
  // Warm start: the edits were reverted, so every file's text is one the first start stored.
  const w = startServer();
  const warmDone = w.next((m) => m === 'kedro/projectChanged');
  await w.init(dir, cacheDir);
  const warm = (await warmDone).params;
  await w.stop();
  const floorAfter = await parseFloor(dir);
  if (warm.storedPython === 0) throw new Error('warm start: no facts from the cache');
  fs.rmSync(cacheDir, { recursive: true, force: true });
  return {
    nodes: made.nodes,
    coldMs: ms(coldMs),
    parseMs: ms(floor),
    ratio: Math.round((coldMs / floor) * 100) / 100,
    coldPythonMs: ms(cold.params.pythonMs),
    // The same phase as the warm ratio's (read + parse + extract every module), cold: the parse floor is its ideal.
    coldPythonRatio: Math.round((cold.params.pythonMs / floor) * 100) / 100,
    // Warm: against the floor measured right after it (the machine's load drifts).
    warmMs: ms(warm.ms),
    warmPythonMs: ms(warm.pythonMs),
    warmParseMs: ms(floorAfter),
    warmPythonRatio: Math.round((warm.pythonMs / floorAfter) * 100) / 100,
    warmRatio: Math.round((warm.ms / floorAfter) * 100) / 100,
    pyP50: ms(pct(py, 50)),
    pyP95: ms(pct(py, 95)),
    catP50: ms(pct(cat, 50)),
    catP95: ms(pct(cat, 95)),
    modelMs: ms(median(mt)),
    rssMb: Math.round(rssAnalysed),
    rssAfterEditsMb: Math.round(rssEdited),
  };
}

// First answers, each from a fresh spawn, divided by a bare `node -e ''` (spawn → exit) measured in the same rounds:
// spawn → initialize answered; spawn → KL001 published for an opened pipeline module with a typo (in the buffer);
// spawn → first non-empty go-to-definition answer on a dataset string in that module (asked at once after opening,
// then again every 5 ms while the answer is empty). The server gets a code-cache folder as the extension passes it
// (its global storage); the first round fills it, as the first start after an install does, and is not counted.
// Each start also leaves a first-answer record of the state it analysed (server/src/startup/firstAnswers.ts): a
// restart in the same state (files, buffer, settings) gets its first answers from it before the bundle loads ('this
// build'); 'this build, no record' ignores them (KEDRO_LENS_FIRST_ANSWERS=0), as a restart after the files changed
// would (BENCH_STARTUP_NO_RECORD=0 leaves that row out).
// BENCH_STARTUP_BASELINE=<dist dir> adds another build (e.g. a copy of main's dist/) interleaved in the same rounds;
// BENCH_STARTUP_BUILD=<dist dir> measures a copy instead of dist/.
const STARTUP_ROUNDS = Number(process.env.BENCH_STARTUP_ROUNDS ?? 7);
const STARTUP_TARGET = 1.6;

/** Wall time of `node -e ''` (spawn → exit), and its CPU time as the process itself counts it at exit. */
function nodeBare() {
  const t0 = performance.now();
  const proc = spawn(process.execPath, ['-e', "process.on('exit', () => { const u = process.cpuUsage(); process.stdout.write(String((u.user + u.system) / 1000)); })"]);
  let out = '';
  proc.stdout.on('data', (d) => (out += d));
  return new Promise((resolve) => proc.once('close', () => resolve({ wall: performance.now() - t0, cpu: Number(out) })));
}

/** A project copy with the file to open, its typo'd text and the position of a dataset string in it. */
function startupProject(kind) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `kl-bench-start-${kind}-`));
  if (kind === 'example') {
    fs.cpSync(path.join(ROOT, 'examples/spaceflights'), dir, { recursive: true });
    const file = path.join(dir, 'src/spaceflights/pipelines/data_processing/pipeline.py');
    return { dir, file, good: '"companies"', typo: '"companys"' };
  }
  generate(Number(kind), dir);
  return { dir, file: path.join(dir, 'src/synth/pipelines/p0/pipeline.py'), good: '"raw_0"', typo: '"raw_O"' };
}

async function firstAnswers(dist, project, cacheDir, env) {
  const { dir, file, good, typo } = project;
  const text = fs.readFileSync(file, 'utf8');
  const fileUri = uri(file);
  const offset = text.indexOf(good) + 2;
  const before = text.slice(0, offset).split('\n');
  const position = { line: before.length - 1, character: before.at(-1).length };
  const initOptions = cacheDir ? { cacheDir } : undefined;
  const args = cacheDir ? [`--cache-dir=${cacheDir}`] : [];
  const out = {};
  {
    const s = startServer(dist, args, env);
    out.init = (await s.init(dir, initOptions)) - s.t0;
    out.initCpu = s.cpu();
    await s.stop();
  }
  {
    const s = startServer(dist, args, env);
    const got = s.next((m, p) => m === 'textDocument/publishDiagnostics' && p.uri === fileUri && p.diagnostics.some((d) => d.code === 'KL001'));
    // Both answers may come before the pass ends; stopping only after it leaves the record a user's session would.
    const passEnd = s.next((m) => m === 'kedro/projectChanged');
    await s.init(dir, initOptions);
    await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: fileUri, languageId: 'python', version: 1, text: text.replace(good, typo) } });
    out.diagnostics = (await got).at - s.t0;
    out.diagnosticsCpu = s.cpu();
    await passEnd;
    await s.stop();
  }
  {
    const s = startServer(dist, args, env);
    const passEnd = s.next((m) => m === 'kedro/projectChanged');
    await s.init(dir, initOptions);
    await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: fileUri, languageId: 'python', version: 1, text } });
    for (let i = 0; ; i++) {
      const answer = await s.conn.sendRequest('textDocument/definition', { textDocument: { uri: fileUri }, position });
      if (Array.isArray(answer) ? answer.length : answer) break;
      if (i > 4000) throw new Error('no definition answer');
      await new Promise((r) => setTimeout(r, 5));
    }
    out.definition = performance.now() - s.t0;
    out.definitionCpu = s.cpu();
    await passEnd;
    await s.stop();
  }
  return out;
}

async function startup(kind) {
  const project = startupProject(kind);
  const dist = path.resolve(process.env.BENCH_STARTUP_BUILD ?? path.join(ROOT, 'dist'));
  const builds = [{ name: 'this build', dist }];
  // The same build with its first-answer records ignored: a restart whose state no earlier start recorded.
  if (process.env.BENCH_STARTUP_NO_RECORD !== '0') builds.push({ name: 'this build, no record', dist, env: { KEDRO_LENS_FIRST_ANSWERS: '0' } });
  if (process.env.BENCH_STARTUP_BASELINE) builds.push({ name: 'baseline', dist: path.resolve(process.env.BENCH_STARTUP_BASELINE) });
  // BENCH_STARTUP_BASELINE_NO_RECORD=1: the baseline without records too, for A/B of what a first start does.
  if (process.env.BENCH_STARTUP_BASELINE && process.env.BENCH_STARTUP_BASELINE_NO_RECORD === '1') {
    builds.push({ name: 'baseline, no record', dist: path.resolve(process.env.BENCH_STARTUP_BASELINE), env: { KEDRO_LENS_FIRST_ANSWERS: '0' } });
  }
  for (const b of builds) b.cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kl-bench-cache-'));
  const bare = [];
  const runs = builds.map(() => ({ init: [], diagnostics: [], definition: [], initCpu: [], diagnosticsCpu: [], definitionCpu: [] }));
  for (let round = 0; round <= STARTUP_ROUNDS; round++) {
    const b0 = await nodeBare();
    for (const [i, b] of builds.entries()) {
      const r = await firstAnswers(b.dist, project, b.cacheDir, b.env);
      if (round === 0) continue;
      for (const k of Object.keys(r)) runs[i][k].push(r[k]);
    }
    if (round > 0) bare.push(b0, await nodeBare());
    console.error(`startup ${kind}: round ${round}/${STARTUP_ROUNDS}`);
  }
  const nodeMs = median(bare.map((b) => b.wall));
  const nodeCpuMs = median(bare.map((b) => b.cpu));
  const rows = builds.map((b, i) => ({
    build: b.name,
    ...Object.fromEntries(Object.entries(runs[i]).map(([k, xs]) => [k, { ms: ms(median(xs)), ratio: Math.round((median(xs) / (k.endsWith('Cpu') ? nodeCpuMs : nodeMs)) * 100) / 100 }])),
  }));
  for (const b of builds) fs.rmSync(b.cacheDir, { recursive: true, force: true });
  fs.rmSync(project.dir, { recursive: true, force: true });
  return { project: kind, nodeMs: ms(nodeMs), nodeCpuMs: ms(nodeCpuMs), rows };
}

const result = { machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`, date: new Date().toISOString() };
result.startup = [];
for (const kind of (process.env.BENCH_STARTUP ?? 'example,5000').split(',').filter(Boolean)) result.startup.push(await startup(kind));
if (process.env.BENCH_STARTUP_ONLY) {
  printStartup();
  process.exit(0);
}
result.cliExampleMs = await cliExample();
result.spawnToDiagnosticsMs = await firstDiagnostics();
result.sizes = [];
for (const n of SIZES) result.sizes.push(await perSize(n));
fs.mkdirSync(path.join(ROOT, 'bench-output'), { recursive: true });
fs.writeFileSync(path.join(ROOT, 'bench-output/bench.json'), JSON.stringify(result, null, 2));
console.log(`machine: ${result.machine}`);
printStartup();
console.log(`example project: CLI check ${result.cliExampleMs} ms (whole process, median of 7); server spawn → first diagnostics ${result.spawnToDiagnosticsMs} ms (median of 5)`);
console.log(`| nodes | cold analysis ms | parse floor ms | cold / floor (target ≤ 1.3) | cold: Python facts ms / floor | warm start: Python facts ms / floor ms (target ≤ 0.5) | warm start: whole pass ms / floor | py edit p50/p95 ms | catalog edit p50/p95 ms | model request ms | server RSS MB after analysis / after ${4 * EDITS} edits (target ≤ 300 at 5,000) |`);
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
for (const r of result.sizes) {
  console.log(
    `| ${r.nodes} | ${r.coldMs} | ${r.parseMs} | ${r.ratio} | ${r.coldPythonMs} = ${r.coldPythonRatio} | ${r.warmPythonMs} / ${r.warmParseMs} = ${r.warmPythonRatio} | ${r.warmMs} = ${r.warmRatio} | ${r.pyP50} / ${r.pyP95} | ${r.catP50} / ${r.catP95} | ${r.modelMs} | ${r.rssMb} / ${r.rssAfterEditsMb} |`,
  );
}

function printStartup() {
  console.log(`first answers (median of ${STARTUP_ROUNDS} fresh spawns each, interleaved with \`node -e ''\`), ratio to \`node -e ''\`, target ≤ ${STARTUP_TARGET}×:`);
  console.log('| project | build | node -e \'\' ms | spawn → initialize | spawn → first diagnostics (opened module) | spawn → first definition |');
  console.log('|---|---|---|---|---|---|');
  const cell = (x, gate) => `${x.ratio}× (${x.ms} ms)${gate ? (x.ratio <= STARTUP_TARGET ? ' ✓' : ' ✗') : ''}`;
  for (const s of result.startup) {
    for (const r of s.rows) console.log(`| ${s.project} | ${r.build} | ${s.nodeMs} | ${cell(r.init, s.project === 'example')} | ${cell(r.diagnostics, s.project === 'example')} | ${cell(r.definition, s.project === 'example')} |`);
  }
  console.log('the same, as CPU time of the server process (all threads) over the CPU time of `node -e \'\'`:');
  console.log('| project | build | node -e \'\' CPU ms | initialize | first diagnostics | first definition |');
  console.log('|---|---|---|---|---|---|');
  for (const s of result.startup) {
    for (const r of s.rows) console.log(`| ${s.project} | ${r.build} | ${s.nodeCpuMs} | ${cell(r.initCpu)} | ${cell(r.diagnosticsCpu)} | ${cell(r.definitionCpu)} |`);
  }
}
