// Builds the standalone CLI package in packages/cli: one minified CommonJS bundle (no dependencies left to install)
// plus the tree-sitter wasm files it loads from beside itself, and the licence. Run by `npm pack` there (prepack).
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'packages/cli/dist');

fs.rmSync(out, { recursive: true, force: true });
// The CLI, and the parse pool's thread (server/src/host/parseWorkers.ts) that it loads from beside itself.
const bundles = [
  { entry: 'server/src/cli/main.ts', file: 'cli.js', banner: { js: '#!/usr/bin/env node' } },
  { entry: 'server/src/host/parseWorker.ts', file: 'parseWorker.js' },
];
for (const { entry, file, banner } of bundles) {
  await esbuild.build({
    entryPoints: [path.join(root, entry)],
    outfile: path.join(out, file),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minify: true,
    legalComments: 'none',
    ...(banner ? { banner } : {}),
    // Same reason as esbuild.mjs: web-tree-sitter's ESM build needs import.meta.url, absent in a CJS bundle.
    alias: { 'web-tree-sitter': path.join(path.dirname(require.resolve('web-tree-sitter')), 'web-tree-sitter.cjs') },
    logLevel: 'warning',
  });
}
fs.chmodSync(path.join(out, 'cli.js'), 0o755);
for (const f of ['web-tree-sitter/web-tree-sitter.wasm', 'tree-sitter-python/tree-sitter-python.wasm']) {
  fs.copyFileSync(require.resolve(f), path.join(out, path.basename(f)));
}
fs.copyFileSync(path.join(root, 'LICENSE'), path.join(root, 'packages/cli/LICENSE'));
process.stderr.write(`[build-cli-package] ${path.relative(root, out)}: cli.js ${fs.statSync(path.join(out, 'cli.js')).size} bytes\n`);
