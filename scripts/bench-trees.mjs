// What the extension host spends rebuilding the Pipelines and Datasets trees (client/src/views/treeModel.ts) on a
// generated project: it does so on every settled change of diagnostics, and no level of either view can expand
// meanwhile. CPU time (process.cpuUsage) of building both trees and walking them down to the nodes, as
// ModelTreeProvider.set does. Reported, never asserted.
// Usage: npm run build && node scripts/bench-trees.mjs [nodes, default 5000] [extra outputs per node, default 2]
//   BENCH_TREES_BASELINE=<another checkout> times its treeModel.ts too, interleaved in the same run (A/B).
import { spawnSync } from 'node:child_process';
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generate } from './gen-project.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const nodes = Number(process.argv[2] ?? 5000);
const extraOutputs = Number(process.argv[3] ?? 2);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kl-bench-trees-'));

async function load(root, name) {
  const out = path.join(tmp, `${name}.mjs`);
  await esbuild.build({ entryPoints: [path.join(root, 'client/src/views/treeModel.ts')], bundle: true, platform: 'node', format: 'esm', outfile: out, logLevel: 'warning' });
  return import(pathToFileURL(out).toString());
}
const builds = [['this build', await load(ROOT, 'this')]];
if (process.env.BENCH_TREES_BASELINE) builds.push(['baseline', await load(path.resolve(process.env.BENCH_TREES_BASELINE), 'baseline')]);

const dir = path.join(tmp, 'project');
generate(nodes, dir, 42, { extraOutputs });
const cli = spawnSync(process.execPath, [path.join(ROOT, 'dist/cli.js'), 'pipelines', dir, '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 30 });
const projects = JSON.parse(cli.stdout).projects;
console.log(`${projects[0].nodes.length} nodes, ${projects[0].datasets.length} datasets (${extraOutputs} extra outputs per node)`);

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
/** Both trees built and walked to the nodes (what a render costs before VS Code is told). */
function render(m) {
  const parents = new Map();
  const walk = (n) => {
    if (n.kind === 'node') return;
    for (const c of n.children) {
      parents.set(c.id, n);
      walk(c);
    }
  };
  for (const tree of [m.buildPipelineTree(projects), m.buildDatasetTree(projects)]) for (const r of tree) walk(r);
  return parents.size;
}
const times = new Map(builds.map(([name]) => [name, []]));
for (let i = 0; i < 12; i++) {
  for (const [name, m] of i % 2 ? [...builds].reverse() : builds) {
    const t = cpuMs();
    render(m);
    times.get(name).push(cpuMs() - t);
  }
}
for (const [name, xs] of times) {
  xs.sort((a, b) => a - b);
  console.log(`${name}: render both trees ${Math.round(xs[Math.floor(xs.length / 2)])} ms CPU median (${Math.round(xs[0])}–${Math.round(xs[xs.length - 1])} over ${xs.length})`);
}
fs.rmSync(tmp, { recursive: true, force: true });
