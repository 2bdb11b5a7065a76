// Pipeline graph timings on generated projects: model + layout of `__default__` as the panel opens it (namespaces
// collapsed, parameters hidden above the threshold) and fully expanded. Reported, never asserted.
// Usage: npm run build && node scripts/bench-graph.mjs [sizes, default 1000,5000]
import { spawnSync } from 'node:child_process';
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generate } from './gen-project.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sizes = (process.argv[2] ?? '1000,5000').split(',').map(Number);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kl-bench-graph-'));

// The graph modules are TypeScript: bundle them once for Node.
const entry = path.join(tmp, 'entry.ts');
fs.writeFileSync(entry, `export * from ${JSON.stringify(path.join(ROOT, 'client/src/graph/graphModel.ts'))};\nexport * from ${JSON.stringify(path.join(ROOT, 'client/src/graph/layout.ts'))};\nexport { COLLAPSE_THRESHOLD } from ${JSON.stringify(path.join(ROOT, 'client/src/graph/graphController.ts'))};\n`);
await esbuild.build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', outfile: path.join(tmp, 'graph.mjs'), logLevel: 'warning' });
const g = await import(pathToFileURL(path.join(tmp, 'graph.mjs')).toString());

const time = (f) => {
  const t0 = performance.now();
  const value = f();
  return { value, ms: Math.round(performance.now() - t0) };
};

for (const n of sizes) {
  const dir = path.join(tmp, `p${n}`);
  generate(n, dir);
  const cli = spawnSync(process.execPath, [path.join(ROOT, 'dist/cli.js'), 'pipelines', dir], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const json = JSON.parse(cli.stdout);
  const project = json.projects ? json.projects[0] : json;
  const model = time(() => g.buildPipelineGraph(project, '__default__'));
  const graph = model.value;
  const run = (label, options) => {
    const visible = time(() => g.visibleGraph(graph, options));
    const layout = time(() => g.layoutGraph(visible.value.vertices.map((v) => ({ id: v.id, w: 160, h: 32, group: v.namespace })), visible.value.edges));
    console.log(`${n} nodes · ${label}: ${visible.value.vertices.length} boxes, ${visible.value.edges.length} edges · model ${model.ms} ms, filter ${visible.ms} ms, layout ${layout.ms} ms`);
  };
  const big = graph.vertices.size > g.COLLAPSE_THRESHOLD;
  run('as opened (namespaces collapsed, parameters hidden)', { collapsed: g.defaultCollapsed(graph, g.COLLAPSE_THRESHOLD), tags: [], hideParameters: big });
  run('everything expanded, parameters shown', { collapsed: new Set(), tags: [], hideParameters: false });
}
fs.rmSync(tmp, { recursive: true, force: true });
