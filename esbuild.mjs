// Builds the three bundles (extension client, language server, CLI) and copies the tree-sitter wasm beside them.
// Usage: node esbuild.mjs [--production] [--watch]
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const prod = process.argv.includes('--production');
const { version } = JSON.parse(fs.readFileSync('package.json', 'utf8'));
const watch = process.argv.includes('--watch');

// web-tree-sitter's ESM build reads import.meta.url, which is undefined in a CJS bundle: use its CJS build.
const webTreeSitterCjs = path.join(path.dirname(require.resolve('web-tree-sitter')), 'web-tree-sitter.cjs');
const WASM = ['web-tree-sitter/web-tree-sitter.wasm', 'tree-sitter-python/tree-sitter-python.wasm'];

/** The hook plugin ships inside the extension: dist/python is what run terminals get on PYTHONPATH. */
const copyPython = {
  name: 'copy-python',
  setup(build) {
    build.onEnd(() => {
      for (const dir of ['kedro_lens_hooks', 'kedro_lens_hooks-0.1.0.dist-info']) {
        fs.rmSync(path.join('dist/python', dir), { recursive: true, force: true });
        fs.cpSync(path.join('client/python', dir), path.join('dist/python', dir), { recursive: true, filter: (src) => !src.includes('__pycache__') });
      }
    });
  },
};

/**
 * web-tree-sitter reads a language file with `await import('fs/promises')`. The server bundle runs through vm.Script
 * with V8's code cache (server/src/startup/codeCache.ts), where Node 20 has no import(): require it instead.
 */
const noDynamicImport = {
  name: 'no-dynamic-import',
  setup(build) {
    build.onLoad({ filter: /web-tree-sitter\.cjs$/ }, (args) => {
      const text = fs.readFileSync(args.path, 'utf8');
      const out = text.replaceAll('await import("fs/promises")', 'require("fs/promises")');
      if (out === text) throw new Error('web-tree-sitter: the dynamic import to replace was not found');
      return { contents: out, loader: 'js' };
    });
    build.onEnd((r) => {
      const js = r.outputFiles?.find((f) => f.path.endsWith('.js'))?.text ?? (fs.existsSync(build.initialOptions.outfile) ? fs.readFileSync(build.initialOptions.outfile, 'utf8') : '');
      if (!/\bimport\(/.test(js)) return;
      r.errors.push({ text: `${build.initialOptions.outfile}: import() cannot run under the code cache loader` });
      process.exitCode = 1;
    });
  },
};

const copyWasm = {
  name: 'copy-wasm',
  setup(build) {
    build.onEnd(() => {
      fs.mkdirSync('dist', { recursive: true });
      for (const f of WASM) fs.copyFileSync(require.resolve(f), path.join('dist', path.basename(f)));
    });
  },
};

const report = (name) => ({
  name: 'report',
  setup(build) {
    build.onEnd((r) => {
      const level = r.errors.length ? 'failed' : 'ok';
      console.log(`[esbuild] ${name}: ${level} (${r.errors.length} errors, ${r.warnings.length} warnings)`);
    });
  },
});

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  sourcesContent: false,
  minify: prod,
  legalComments: 'none',
  // Keys of the caches kept between starts (code cache, facts) and the server's reported version.
  define: { KEDRO_LENS_VERSION: JSON.stringify(version) },
  alias: { 'web-tree-sitter': webTreeSitterCjs },
  logLevel: 'warning',
};

const entries = [
  { name: 'client', entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'], plugins: [copyPython] },
  // dist/server.js is a small loader that runs dist/server-main.js with V8's code cache (server/src/startup/codeCache.ts).
  { name: 'server', entryPoints: ['server/src/server.ts'], outfile: 'dist/server-main.js', plugins: [noDynamicImport, copyWasm] },
  { name: 'server-loader', entryPoints: ['server/src/serverLoader.ts'], outfile: 'dist/server.js' },
  // The parse pool's thread (server/src/host/parseWorkers.ts), started by both the server and the CLI.
  { name: 'parse-worker', entryPoints: ['server/src/host/parseWorker.ts'], outfile: 'dist/parseWorker.js', plugins: [noDynamicImport] },
  { name: 'cli', entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, plugins: [copyWasm] },
];

const contexts = await Promise.all(
  entries.map(({ name, plugins = [], ...opts }) => esbuild.context({ ...common, ...opts, plugins: [...plugins, report(name)] })),
);
if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('[esbuild] watching for changes…');
} else {
  try {
    const results = await Promise.allSettled(contexts.map((c) => c.rebuild()));
    const failed = results.filter((r) => r.status === 'rejected');
    if (failed.length) process.exitCode = 1;
  } finally {
    await Promise.all(contexts.map((c) => c.dispose()));
  }
  if (fs.existsSync('dist/cli.js')) fs.chmodSync('dist/cli.js', 0o755);
}
