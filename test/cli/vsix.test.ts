import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

// The extension package as a gallery gets it: `vsce package` in a staging copy (its prepublish script makes the
// production bundles there, so the suite's dist/ is left alone), then the gallery's and Open VSX's expectations checked
// offline on the manifest and the .vsix.
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
/**
 * The .vsix may not outgrow this (718 KB when the budget was set: three bundles, two wasm files, media; then 904 KB
 * with the walkthrough's four pictures).
 */
const SIZE_BUDGET = 1024 * 1024;

interface Manifest {
  name: string;
  displayName: string;
  description: string;
  version: string;
  publisher: string;
  license: string;
  icon: string;
  preview?: boolean;
  homepage?: string;
  bugs?: { url: string };
  repository?: { type: string; url: string };
  galleryBanner?: { color: string; theme: string };
  categories: string[];
  keywords: string[];
  engines: { vscode: string };
  activationEvents: string[];
}
const manifest = JSON.parse(fs.readFileSync('package.json', 'utf8')) as Manifest;

let stage = '';
let packaged = { code: null as number | null, out: '' };
beforeAll(() => {
  stage = fs.mkdtempSync(path.join(os.tmpdir(), 'kedro-lens-vsix-'));
  for (const f of ['client', 'server', 'common', 'node_modules']) fs.symlinkSync(path.resolve(f), path.join(stage, f), 'dir');
  for (const f of ['package.json', '.vscodeignore', 'README.md', 'LICENSE', 'CHANGELOG.md', 'esbuild.mjs', 'media', 'syntaxes']) fs.cpSync(f, path.join(stage, f), { recursive: true });
  const r = spawnSync(npx, ['vsce', 'package', '--no-dependencies', '-o', 'kedro-lens.vsix'], { cwd: stage, encoding: 'utf8', input: '' });
  packaged = { code: r.status, out: `${r.stdout}\n${r.stderr}` };
}, 300_000);
afterAll(() => {
  if (stage) fs.rmSync(stage, { recursive: true, force: true });
});

describe('vsce package', () => {
  test('succeeds without a warning', () => {
    expect(packaged.code, packaged.out).toBe(0);
    expect(packaged.out.split('\n').filter((l) => /\bWARN(ING)?\b/i.test(l) && !/\b0 warnings\b/.test(l))).toEqual([]);
    expect(packaged.out).toMatch(/DONE\s+Packaged: .*kedro-lens\.vsix/);
  });

  test(`ships only bundles, wasm, hook plugin, media, grammars and docs, within ${SIZE_BUDGET / 1024} KiB`, () => {
    const size = fs.statSync(path.join(stage, 'kedro-lens.vsix')).size;
    expect(size).toBeLessThanOrEqual(SIZE_BUDGET);
    const ls = spawnSync(npx, ['vsce', 'ls', '--no-dependencies'], { cwd: stage, encoding: 'utf8' });
    const files = ls.stdout.trim().split('\n');
    expect(files.filter((f) => !/^(package\.json|README\.md|LICENSE|CHANGELOG\.md|dist\/(client|server|server-main|parseWorker)\.js|dist\/[\w-]+\.wasm|dist\/python\/[\w./-]+|media\/[\w./-]+|syntaxes\/[\w.-]+\.json)$/.test(f))).toEqual([]);
    for (const f of ['dist/client.js', 'dist/server.js', 'dist/server-main.js', 'dist/parseWorker.js', 'dist/web-tree-sitter.wasm', 'dist/tree-sitter-python.wasm', manifest.icon, 'LICENSE', 'CHANGELOG.md']) expect(files).toContain(f);
    // The CLI is its own npm package (packages/cli); nothing in the extension runs it.
    expect(files).not.toContain('dist/cli.js');
  });
});

describe('the manifest, as the Marketplace and Open VSX read it', () => {
  test('identity: lower-case name and publisher, semver version, SPDX licence with its file', () => {
    expect(manifest.name).toMatch(/^[a-z0-9][a-z0-9-]*$/);
    expect(manifest.publisher).toMatch(/^[a-z0-9][a-z0-9-]*$/);
    expect(manifest.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(manifest.license).toBe('MIT');
    expect(fs.readFileSync('LICENSE', 'utf8')).toMatch(/^MIT License/);
    expect(manifest.description.length).toBeGreaterThan(20);
    expect(manifest.engines.vscode).toMatch(/^\^\d+\.\d+\.\d+$/);
    expect(manifest.activationEvents).not.toContain('*');
  });

  test('links, preview flag while < 1.0, banner, categories and keywords the galleries accept', () => {
    expect(manifest.repository?.url).toMatch(/^https:\/\/github\.com\/[\w-]+\/[\w-]+$/);
    expect(manifest.homepage).toBe(`${manifest.repository!.url}#readme`);
    expect(manifest.bugs?.url).toBe(`${manifest.repository!.url}/issues`);
    expect(manifest.preview).toBe(Number(manifest.version.split('.')[0]) < 1);
    expect(manifest.galleryBanner).toEqual({ color: expect.stringMatching(/^#[0-9a-f]{6}$/i) as unknown as string, theme: expect.stringMatching(/^(dark|light)$/) as unknown as string });
    // The Marketplace's category list; anything else is dropped or rejected.
    const known = ['Azure', 'Data Science', 'Debuggers', 'Education', 'Extension Packs', 'Formatters', 'Keymaps', 'Language Packs', 'Linters', 'Machine Learning', 'Notebooks', 'Programming Languages', 'SCM Providers', 'Snippets', 'Testing', 'Themes', 'Visualization', 'Other'];
    expect(manifest.categories.filter((c) => !known.includes(c))).toEqual([]);
    expect(manifest.categories).toEqual(expect.arrayContaining(['Linters', 'Programming Languages', 'Visualization']));
    expect(manifest.keywords.length).toBeLessThanOrEqual(30); // vsce refuses more than 30
    expect(new Set(manifest.keywords).size).toBe(manifest.keywords.length);
  });

  test('the icon is a 128×128 PNG', () => {
    const png = fs.readFileSync(manifest.icon);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([128, 128]);
  });

  test('the CHANGELOG opens with this version', () => {
    const first = fs.readFileSync('CHANGELOG.md', 'utf8').split('\n').find((l) => l.startsWith('## '));
    expect(first).toMatch(new RegExp(`^## ${manifest.version.replace(/\./g, '\\.')}\\b`));
  });
});
