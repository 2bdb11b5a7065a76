// The generated serving code: parses with python3, names only catalog entries the project has, and — run against a fake
// `kedro` package that checks what real Kedro would — calls bootstrap_project / KedroSession.create(env) / catalog.load.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { stringify } from 'yaml';
import type { ProjectJson } from '../../../common/pipelineModel';
import { isModelLike, moduleNameFor, pyStr, servableDatasets, servingFiles } from '../../../client/src/lifecycle/serving';
import { fileUri } from '../../../server/src/core/uri';
import { projectJson } from '../../../server/src/features/pipelineModel';
import { FsSourceHost } from '../../../server/src/host/fsHost';
import { testWorkspace } from '../../helpers/analyze';
import { needs, withPython3 } from '../../helpers/optional';

const FAKE_KEDRO = path.resolve('test/fixtures/fake-kedro-api');
// Names that need escaping in a Python string literal, or a module name of their own.
const ODD = ['regressor', 'data_science.regressor', `it's "quoted" \\ back`, 'données_modèle', '2026 model', 'emoji 🚀 model'];
const SECRET = 's3cr3t-value-never-in-code';

/** Debian's python3 has fastapi/httpx/pandas/yaml (.ci/run installs them); the pyenv one may not. */
const PYTHON = ['/usr/bin/python3', 'python3'].find((py) => spawnSync(py, ['-c', 'import fastapi, httpx, pandas, yaml'], { stdio: 'ignore' }).status === 0);

let root: string;
let project: ProjectJson;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'kl-serving-'));
  const write = (rel: string, text: string): void => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };
  write('pyproject.toml', '[tool.kedro]\npackage_name = "odd"\nproject_name = "Odd"\nkedro_init_version = "1.5.0"\n');
  write('src/odd/__init__.py', '');
  // Training nodes write the models. Triple quotes, no escapes: the analysis reads string literals as written.
  const nodes = ODD.map((n, i) => `node(train, "companies", """${n}""", name="train_${i}")`).join(',\n        ');
  write('src/odd/pipeline_registry.py', `from kedro.pipeline import Pipeline, node\n\n\ndef train(x):\n    return x\n\n\ndef register_pipelines():\n    return {"__default__": Pipeline([\n        ${nodes},\n    ])}\n`);
  const catalog: Record<string, unknown> = Object.fromEntries(ODD.map((n, i) => [n, { type: 'pickle.PickleDataset', filepath: `data/06_models/m${i}.pkl`, credentials: 'models_store' }]));
  catalog['companies'] = { type: 'pandas.CSVDataset', filepath: 'data/01_raw/companies.csv' };
  write('conf/base/catalog.yml', stringify(catalog));
  write('conf/local/credentials.yml', `models_store:\n  key: ${SECRET}\n`);
  write('conf/prod/.gitkeep', '');
  const ws = await testWorkspace(new FsSourceHost());
  await ws.discover([fileUri(root)]);
  const result = await ws.analyze();
  const model = result?.projects[0]?.model;
  if (!model) throw new Error('the project was not analysed');
  project = projectJson(model);
});

describe('Python string literals and module names', () => {
  withPython3()('every character survives a round trip through python3', () => {
    const names = [...ODD, 'tab\there', 'nul\u0000', 'line\nbreak', '\u2028sep', '\\"'];
    const out = execFileSync('python3', ['-c', `import json; print(json.dumps([${names.map(pyStr).join(', ')}]))`], { encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual(names);
  });

  test('module names are identifiers', () => {
    expect(ODD.map(moduleNameFor)).toEqual(['regressor', 'data_science_regressor', 'it_s_quoted_back', 'donn_es_mod_le', 'ds_2026_model', 'emoji_model']);
  });
});

describe('dataset choice', () => {
  test('catalog entries only, model-like first', () => {
    const names = servableDatasets(project.datasets).map((d) => d.name);
    expect(new Set(names)).toEqual(new Set([...ODD, 'companies']));
    expect(names[names.length - 1]).toBe('companies');
    expect(isModelLike({ name: 'companies', type: 'pandas.CSVDataset' })).toBe(false);
    expect(isModelLike({ name: 'x', type: 'pickle.PickleDataset' })).toBe(true);
    expect(isModelLike({ name: 'x', type: 'pandas.ParquetDataset', layer: 'models' })).toBe(true);
  });
});

describe('generated serving code', () => {
  const pyTest = withPython3();
  for (const name of ODD) {
    pyTest(`${name}: parses, names an existing catalog entry, holds no path or secret`, () => {
      const files = servingFiles({ dataset: name, env: 'prod', modelLike: true });
      expect(files.map((f) => f.path)).toEqual(['serving/__init__.py', `serving/${moduleNameFor(name)}_loader.py`, `serving/${moduleNameFor(name)}_app.py`]);
      for (const f of files) {
        const file = path.join(root, f.path);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, f.text);
        execFileSync('python3', ['-c', 'import ast,sys; ast.parse(open(sys.argv[1], encoding="utf-8").read())', file]);
        expect(f.text).not.toContain(SECRET);
        expect(f.text).not.toMatch(/data\/06_models|\.pkl|\/tmp\//);
      }
      // The only dataset the loader names, read back by Python's own parser.
      const loader = path.join(root, files[1]?.path ?? '');
      const named = execFileSync('python3', ['-c', 'import ast,sys,json\nt = ast.parse(open(sys.argv[1], encoding="utf-8").read())\nprint(json.dumps([ast.literal_eval(n.value) for n in t.body if isinstance(n, ast.Assign) and n.targets[0].id in ("DATASET_NAME", "DEFAULT_ENV")]))', loader], { encoding: 'utf8' });
      expect(JSON.parse(named)).toEqual([name, 'prod']);
      expect(project.datasets.some((d) => d.name === name && d.source === 'catalog')).toBe(true);
    });
  }

  for (const name of ODD) {
    pyTest(`${name}: the loader calls Kedro's APIs with the project, the env and the exact name`, () => {
      const calls = path.join(root, `calls-${moduleNameFor(name)}.jsonl`);
      const loader = path.join(root, 'serving', `${moduleNameFor(name)}_loader.py`);
      fs.writeFileSync(loader, servingFiles({ dataset: name, env: 'prod', modelLike: true })[1]?.text ?? '');
      const env = { ...process.env, PYTHONPATH: FAKE_KEDRO, FAKE_KEDRO_CALLS: calls, PYTHONIOENCODING: 'utf-8', KEDRO_ENV: '', KEDRO_PROJECT_PATH: '' };
      const out = execFileSync(PYTHON ?? 'python3', [loader], { env, encoding: 'utf8', cwd: os.tmpdir() });
      expect(out).toBe(`${name}: kedro.framework.session.FakeModel\n`);
      const realRoot = fs.realpathSync(root);
      expect(fs.readFileSync(calls, 'utf8').trim().split('\n').map((l) => JSON.parse(l))).toEqual([
        { call: 'bootstrap_project', project_path: realRoot },
        { call: 'KedroSession.create', project_path: realRoot, env: 'prod' },
        { call: 'catalog.load', name },
        { call: 'session.close' },
      ]);
    });
  }

  pyTest('KEDRO_ENV overrides the default env; a missing env fails the way Kedro does', () => {
    const loader = path.join(root, 'serving', 'regressor_loader.py');
    fs.writeFileSync(loader, servingFiles({ dataset: 'regressor', env: 'prod', modelLike: true })[1]?.text ?? '');
    const env = { ...process.env, PYTHONPATH: FAKE_KEDRO, FAKE_KEDRO_CALLS: path.join(root, 'calls-env.jsonl'), KEDRO_ENV: 'staging' };
    const r = spawnSync(PYTHON ?? 'python3', [loader], { env, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/MissingConfigException: Given configuration path either does not exist or is not a valid directory: .*conf\/staging/);
  });

  needs(!!PYTHON, 'a python3 with fastapi, httpx, pandas and yaml (Debian: python3-fastapi python3-httpx python3-pandas python3-yaml)')('the FastAPI app serves /health and /predict through the loader', () => {
    if (!PYTHON) return;
    const name = `it's "quoted" \\ back`;
    for (const f of servingFiles({ dataset: name, env: 'prod', modelLike: true })) fs.writeFileSync(path.join(root, f.path), f.text);
    const script = [
      'import importlib, json, sys',
      'sys.path.insert(0, sys.argv[1])',
      'from fastapi.testclient import TestClient',
      'client = TestClient(importlib.import_module(sys.argv[2]).app)',
      'print(json.dumps([client.get("/health").json(), client.post("/predict", json=[{"a": 1, "b": 2}, {"a": 3, "b": 4.5}]).json()]))',
    ].join('\n');
    const env = { ...process.env, PYTHONPATH: FAKE_KEDRO, FAKE_KEDRO_CALLS: path.join(root, 'calls-app.jsonl'), KEDRO_ENV: '', KEDRO_PROJECT_PATH: '' };
    const out = execFileSync(PYTHON, ['-c', script, root, `serving.${moduleNameFor(name)}_app`], { env, encoding: 'utf8', cwd: root });
    expect(JSON.parse(out)).toEqual([{ dataset: name, type: 'kedro.framework.session.FakeModel' }, { predictions: [3, 7.5] }]);
  });

  test('a table-like dataset gets /data instead of /predict', () => {
    const app = servingFiles({ dataset: 'companies', env: 'local', modelLike: false })[2]?.text ?? '';
    expect(app).toContain('@app.get("/data")');
    expect(app).not.toContain('/predict');
  });
});
