// Edit latency over LSP, against a built server: didChange → publishDiagnostics for a typo ("companies" →
// "companys" in the example's data_processing pipeline) and for its undo, plus how many code actions a Ctrl+. sent
// right after the typo gets (before the pass for it has published anything).
//   node scripts/bench-edit-latency.mjs [repo with dist/server.js = .] [runs = 9]
// BENCH_BUSY=1 also sends what VS Code asks after each pass (lenses, tokens, symbols, the views' model 200 ms later).
// Compare two builds interleaved (the machine's load shifts absolute times).
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';
import { URI } from 'vscode-uri';

const repo = process.argv[2] ?? process.cwd();
const runs = Number(process.argv[3] ?? 9);
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kl-lat-'));
fs.cpSync(path.join(repo, 'examples/spaceflights'), root, { recursive: true });
const proc = spawn(process.execPath, [path.join(repo, 'dist/server.js'), '--stdio'], { stdio: 'pipe' });
const conn = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
let waiters = [];
const diags = new Map();
let projectChanged = 0;
conn.onNotification((method, params) => {
  if (method === 'textDocument/publishDiagnostics') diags.set(params.uri, { t: performance.now(), d: params.diagnostics });
  if (method === 'kedro/projectChanged') { projectChanged++; onPass(); }
  for (const w of waiters.splice(0)) w();
});
conn.onRequest('workspace/configuration', () => [{}]);
conn.onRequest('client/registerCapability', () => null);
conn.onRequest('window/workDoneProgress/create', () => null);
// Like VS Code: refetch lenses/tokens when the server asks, views follow a pass after 200 ms, symbols and the lightbulb after a publish.
let uriG;
const busy = process.env.BENCH_BUSY === '1';
const followUps = () => { if (!busy || !uriG) return; const td = { textDocument: { uri: uriG } }; void conn.sendRequest('textDocument/codeLens', td); void conn.sendRequest('textDocument/semanticTokens/full', td); void conn.sendRequest('textDocument/documentSymbol', td); };
conn.onRequest('workspace/codeLens/refresh', () => { followUps(); return null; });
conn.onRequest('workspace/semanticTokens/refresh', () => null);
let viewTimer;
const onPass = (() => { if (!busy) return; clearTimeout(viewTimer); viewTimer = setTimeout(() => { void conn.sendRequest('kedro/projectModel', {}); void conn.sendRequest('kedro/projects', {}); }, 200); });
conn.listen();
const waitFor = (check) => new Promise((resolve) => { const t = () => { const v = check(); if (v !== undefined) resolve(v); else waiters.push(t); }; t(); });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
await conn.sendRequest('initialize', { processId: process.pid, rootUri: URI.file(root).toString(), workspaceFolders: [{ uri: URI.file(root).toString(), name: 'x' }], capabilities: { workspace: { configuration: true, codeLens: { refreshSupport: true }, semanticTokens: { refreshSupport: true } } } });
await conn.sendNotification('initialized', {});
await waitFor(() => (projectChanged > 0 ? true : undefined));
const rel = 'src/spaceflights/pipelines/data_processing/pipeline.py';
const uri = URI.file(path.join(root, rel)).toString();
uriG = uri;
const text = fs.readFileSync(path.join(root, rel), 'utf8');
await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
await sleep(1500);
const lines = text.split('\n');
const line = lines.findIndex((l) => l.includes('inputs="companies"'));
const col = lines[line].indexOf('companies') + 'compan'.length;
let version = 1;
const typo = [], undo = [], actions = [];
for (let i = 0; i < runs; i++) {
  // Typo: "companies" → "companys" (replace "ie" with "y"), as one keystroke-sized edit.
  let t0 = performance.now();
  await conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ range: { start: { line, character: col }, end: { line, character: col + 2 } }, text: 'y' }] });
  // Ctrl+. right away, with the diagnostics the client has (none yet).
  const act = conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: { line, character: col }, end: { line, character: col } }, context: { diagnostics: [] } });
  const at = await waitFor(() => { const d = diags.get(uri); return d && d.t > t0 && d.d.length ? d.t : undefined; });
  typo.push(at - t0);
  actions.push((await act).length);
  await sleep(700);
  t0 = performance.now();
  await conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ range: { start: { line, character: col }, end: { line, character: col + 1 } }, text: 'ie' }] });
  const cleared = await waitFor(() => { const d = diags.get(uri); return d && d.t > t0 && d.d.length === 0 ? d.t : undefined; });
  undo.push(cleared - t0);
  await sleep(700);
}
const med = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
console.log(JSON.stringify({ repo, typoMs: typo.map(Math.round), undoMs: undo.map(Math.round), typoMedian: Math.round(med(typo)), undoMedian: Math.round(med(undo)), codeActionsRightAfterEdit: actions }));
await conn.sendRequest('shutdown'); conn.sendNotification('exit');
setTimeout(() => process.exit(0), 300);
