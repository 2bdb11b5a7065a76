import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse as parseYaml } from 'yaml';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';

// What CI systems consume: the pre-commit hook this repository declares, and SARIF for code scanning.
const require = createRequire(import.meta.url);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const cli = (args: string[]) => spawnSync(process.execPath, [path.resolve('dist/cli.js'), ...args], { encoding: 'utf8' });

let tmp = '';
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kedro-lens-ci-'));
});
afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

interface Hook { id: string; entry: string; language: string; pass_filenames?: boolean; files?: string; args?: string[] }

describe('.pre-commit-hooks.yaml', () => {
  const hooks = parseYaml(fs.readFileSync('.pre-commit-hooks.yaml', 'utf8')) as Hook[];
  const hook = hooks.find((h) => h.id === 'kedro-lens');

  test('declares a node hook whose entry is the package bin, over the whole project', () => {
    expect(hook).toMatchObject({ entry: 'kedro-lens check', language: 'node', pass_filenames: false });
    const manifest = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { bin: Record<string, string>; scripts: Record<string, string>; dependencies?: unknown };
    expect(Object.keys(manifest.bin)).toContain(hook!.entry.split(/\s+/)[0]);
    // pre-commit runs `npm pack` on a fresh clone: prepack must build the bin, and nothing needs installing with it.
    expect(manifest.scripts['prepack']).toMatch(/^node esbuild\.mjs\b/);
    expect(manifest.dependencies).toBeUndefined();
    const files = new RegExp(hook!.files!);
    expect(['src/spaceflights/pipelines/data_processing/pipeline.py', 'conf/base/catalog.yml', 'conf/base/parameters.yaml', 'pyproject.toml', 'notebooks/a.ipynb'].filter((f) => files.test(f))).toHaveLength(5);
    expect(files.test('data/01_raw/companies.csv')).toBe(false);
  });

  test("pre-commit's install (npm pack, npm install -g) then the entry as declared, on the example", () => {
    // dist/ is built by `npm run build` before the suite; --ignore-scripts keeps this test from rebuilding it under
    // the other suites' feet (the prepack script is checked above).
    const pack = spawnSync(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', tmp], { encoding: 'utf8' });
    expect(pack.status, pack.stderr).toBe(0);
    const [info] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
    expect(info!.files.map((f) => f.path).sort()).toEqual(['LICENSE', 'README.md', 'dist/cli.js', 'dist/parseWorker.js', 'dist/tree-sitter-python.wasm', 'dist/web-tree-sitter.wasm', 'package.json']);
    const env = path.join(tmp, 'hookenv');
    const npmEnv = { PATH: path.dirname(process.execPath), HOME: tmp, npm_config_cache: path.join(tmp, '.npm'), npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
    const inst = spawnSync(npm, ['install', '-g', '--offline', '--prefix', env, path.join(tmp, info!.filename)], { encoding: 'utf8', env: npmEnv });
    expect(inst.status, inst.stderr).toBe(0);

    const project = path.join(tmp, 'project');
    fs.cpSync('examples/spaceflights', project, { recursive: true, filter: (s) => !s.includes('__pycache__') });
    const [cmd, ...args] = hook!.entry.split(/\s+/);
    const binDir = process.platform === 'win32' ? env : path.join(env, 'bin');
    const run = (extra: string[]) =>
      spawnSync(cmd!, [...args, ...(hook!.args ?? []), ...extra], { cwd: project, encoding: 'utf8', env: { PATH: `${binDir}${path.delimiter}${path.dirname(process.execPath)}` } });
    const ok = run([]);
    expect({ code: ok.status, out: ok.stdout, err: ok.stderr }).toEqual({
      code: 0,
      out: '.: judged as kedro >=1.5,<2 · kedro-datasets >=9.0 (kedro from requirements.txt: kedro >=1.5,<2)\n0 error(s), 0 warning(s), 0 info(s)\n',
      err: '',
    });
    // The hook fails the commit (non-zero) when the project breaks.
    const params = path.join(project, 'conf/base/parameters_data_science.yml');
    fs.writeFileSync(params, fs.readFileSync(params, 'utf8').replace(/^model_options:/m, 'model_optons:'));
    const bad = run(['--severity', 'error']);
    expect(bad.status).toBe(1);
    expect(bad.stdout.trim().split('\n').at(-1)).toBe('1 error(s), 0 warning(s), 0 info(s)');
    expect(bad.stdout).toMatch(/^src\/spaceflights\/pipelines\/data_science\/pipeline\.py:\d+:\d+ error KL201 Parameter 'model_options' is not defined/m);
  }, 120_000);
});

describe('SARIF output against the SARIF 2.1.0 JSON schema', () => {
  // The OASIS schema as Microsoft's SARIF SDK ships it (draft-04, hence the draft-04 build of Ajv).
  const schema = JSON.parse(fs.readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as object;
  // unicodeRegExp: false because one of its patterns (language tags) is only valid as a non-unicode RegExp.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);

  test.each([
    ['findings of every severity', ['check', 'test/fixtures/projects/broken', '--format', 'sarif']],
    ['a clean project', ['check', 'examples/spaceflights', '--format', 'sarif']],
  ])('%s', (_name, args) => {
    const r = cli(args);
    const doc = JSON.parse(r.stdout) as { runs: { results: unknown[] }[] };
    validate(doc);
    expect(validate.errors ?? []).toEqual([]);
    if (args.includes('test/fixtures/projects/broken')) expect(doc.runs[0]!.results.length).toBeGreaterThan(3);
  });

  test('the documented GitHub workflow: its kedro-lens step writes a valid SARIF file for upload-sarif', () => {
    interface Step { name?: string; run?: string; uses?: string; with?: Record<string, string> }
    const wf = parseYaml(fs.readFileSync('docs/examples/kedro-lens-code-scanning.yml', 'utf8')) as { permissions: Record<string, string>; jobs: Record<string, { steps: Step[] }> };
    expect(wf.permissions['security-events']).toBe('write');
    const steps = Object.values(wf.jobs)[0]!.steps;
    const run = steps.find((st) => st.run?.includes('kedro-lens check'))!.run!;
    const upload = steps.find((st) => st.uses?.startsWith('github/codeql-action/upload-sarif@'))!;
    // Everything after the bin name is our CLI's arguments: run them with the built CLI in a copy of the example.
    const args = run.slice(run.indexOf(' kedro-lens check ') + ' kedro-lens '.length).trim().split(/\s+/);
    const project = path.join(tmp, 'workflow-project');
    fs.cpSync('test/fixtures/projects/broken', project, { recursive: true });
    const r = spawnSync(process.execPath, [path.resolve('dist/cli.js'), ...args], { cwd: project, encoding: 'utf8' });
    expect({ code: r.status, out: r.stdout }).toEqual({ code: 0, out: '' }); // --exit-zero despite errors
    const doc = JSON.parse(fs.readFileSync(path.join(project, upload.with!['sarif_file']!), 'utf8')) as { runs: { results: { ruleId: string }[] }[] };
    validate(doc);
    expect(validate.errors ?? []).toEqual([]);
    expect(doc.runs[0]!.results.map((x) => x.ruleId)).toContain('KL001');
  });

  test('the validator rejects what the schema forbids (so a pass above means something)', () => {
    const doc = JSON.parse(cli(['check', 'test/fixtures/projects/broken', '--format', 'sarif']).stdout) as { runs: { results: { level: string }[] }[] };
    doc.runs[0]!.results[0]!.level = 'fatal';
    expect(validate(doc)).toBe(false);
    expect(validate.errors?.some((e) => e.instancePath === '/runs/0/results/0/level')).toBe(true);
  });
});
