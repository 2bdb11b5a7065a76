import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

// The standalone CLI package (packages/cli): packed as npm would publish it, installed offline into a folder with
// nothing else in it, and run through npx with a PATH holding only Node, so neither VS Code, the repository's
// node_modules nor a registry can be what makes it work.
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
let tmp = '';
let tarball = '';
const nodeOnlyEnv = () => ({
  PATH: path.dirname(process.execPath),
  HOME: tmp,
  npm_config_offline: 'true',
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_update_notifier: 'false',
  npm_config_cache: path.join(tmp, '.npm'),
});

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kedro-lens-pack-'));
  const r = spawnSync(npm, ['pack', '--json', '--pack-destination', tmp], { cwd: 'packages/cli', encoding: 'utf8' });
  expect(r.stderr).not.toMatch(/npm (error|warn)/);
  expect(r.status).toBe(0);
  const [info] = JSON.parse(r.stdout) as { filename: string; files: { path: string }[] }[];
  tarball = path.join(tmp, info!.filename);
  expect(info!.files.map((f) => f.path).sort()).toEqual(['LICENSE', 'README.md', 'dist/cli.js', 'dist/parseWorker.js', 'dist/tree-sitter-python.wasm', 'dist/web-tree-sitter.wasm', 'package.json']);
}, 120_000);

afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('npm pack of packages/cli', () => {
  test('the manifest declares no dependencies: the bundle is all it needs', () => {
    const manifest = JSON.parse(fs.readFileSync('packages/cli/package.json', 'utf8')) as Record<string, unknown>;
    expect(manifest['dependencies']).toBeUndefined();
    expect(manifest['bin']).toEqual({ 'kedro-lens': 'dist/cli.js' });
  });

  test('installs offline into an empty folder and `npx kedro-lens check` runs on the example', () => {
    const app = path.join(tmp, 'app');
    fs.mkdirSync(app);
    fs.writeFileSync(path.join(app, 'package.json'), '{ "private": true }\n');
    const inst = spawnSync(npm, ['install', '--offline', tarball], { cwd: app, encoding: 'utf8', env: nodeOnlyEnv() });
    expect(inst.status, inst.stderr).toBe(0);
    expect(fs.readdirSync(path.join(app, 'node_modules')).filter((d) => !d.startsWith('.'))).toEqual(['kedro-lens-cli']);
    fs.cpSync('examples/spaceflights', path.join(app, 'spaceflights'), { recursive: true, filter: (s) => !s.includes('__pycache__') });

    const ok = spawnSync(npx, ['kedro-lens', 'check', 'spaceflights'], { cwd: app, encoding: 'utf8', env: nodeOnlyEnv() });
    expect({ code: ok.status, out: ok.stdout, err: ok.stderr }).toEqual({
      code: 0,
      out: 'spaceflights: judged as kedro >=1.5,<2 · kedro-datasets >=9.0 (kedro from requirements.txt: kedro >=1.5,<2)\n0 error(s), 0 warning(s), 0 info(s)\n',
      err: '',
    });

    // A real finding goes through the installed bundle too (its exit code is what CI gates on).
    const catalog = path.join(app, 'spaceflights/conf/base/catalog.yml');
    fs.writeFileSync(catalog, fs.readFileSync(catalog, 'utf8').replace(/^companies:/m, 'companys:'));
    const bad = spawnSync(npx, ['kedro-lens', 'check', 'spaceflights', '--severity', 'error'], { cwd: app, encoding: 'utf8', env: nodeOnlyEnv() });
    expect(bad.status).toBe(1);
    expect(bad.stdout).toBe(
      "spaceflights/src/spaceflights/pipelines/data_processing/pipeline.py:11:25 error KL001 Dataset 'companies' is not in the catalog and no node produces it.\n" +
        'spaceflights: judged as kedro >=1.5,<2 · kedro-datasets >=9.0 (kedro from requirements.txt: kedro >=1.5,<2)\n1 error(s), 0 warning(s), 0 info(s)\n',
    );
    // The parse workers load from the package too (started here for a small project by lowering their threshold).
    const pooled = spawnSync(npx, ['kedro-lens', 'check', 'spaceflights', '--severity', 'error', '--verbose'], { cwd: app, encoding: 'utf8', env: { ...nodeOnlyEnv(), KEDRO_LENS_PARSE_MIN_BYTES: '0', KEDRO_LENS_PARSE_THREADS: '1' } });
    expect(pooled.stdout).toBe(bad.stdout);
    expect(pooled.stderr).toMatch(/^info parse_workers_started threads=1 /m);
    expect(pooled.stderr).not.toMatch(/^(warn|error) /m);
  }, 120_000);
});
