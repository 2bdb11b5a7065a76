import * as fs from 'node:fs';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { beforeAll, describe, expect, test } from 'vitest';
import { loadVersionPaths, outputChecks, previewRun, statOutputs } from '../../../server/src/features/runPreview';
import { FsSourceHost } from '../../../server/src/host/fsHost';
import type { ProjectModel } from '../../../server/src/project/model';
import { copyProject, EXAMPLE } from '../../helpers/fixtures';
import { testWorkspace } from '../../helpers/analyze';

// The example is the spaceflights project the real Kedro 1.5 runs in ../shared/kedro/real-runs were made on.
let root: string;
let model: ProjectModel;

beforeAll(async () => {
  root = copyProject(EXAMPLE);
  const ws = await testWorkspace(new FsSourceHost());
  const rootUri = URI.file(root).toString();
  await ws.discover([rootUri]);
  const result = await ws.analyze({});
  model = result!.projects[0]!.model;
});

const disk = async (): Promise<Map<string, boolean>> => statOutputs(outputChecks(model), (uri) => new FsSourceHost().readDir(uri));
const touch = (rel: string): void => {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), 'x');
};

describe('memory inputs written outside the selection (real Kedro: exit 1 before any node runs)', () => {
  test('--nodes=train_model_node names the missing inputs as Kedro does, and the selections that work', () => {
    expect(previewRun(model, { nodeNames: ['train_model_node'] })).toEqual({
      nodes: ['train_model_node'],
      error: "Pipeline input(s) {'X_train', 'y_train'} not found in the DataCatalogWithCatalogCommandsMixin",
      partial: false,
      missingInputs: ['X_train', 'y_train'],
      fixes: [
        { kind: 'smallest', filter: { nodeNames: ['split_data_node', 'train_model_node'] }, nodes: ['split_data_node', 'train_model_node'] },
        {
          kind: 'upstream',
          filter: { toNodes: ['train_model_node'] },
          nodes: ['preprocess_companies_node', 'preprocess_shuttles_node', 'create_model_input_table_node', 'split_data_node', 'train_model_node'],
        },
      ],
    });
  });

  test('--pipelines=data_science --tags=training: the fix stays inside the pipeline', () => {
    const p = previewRun(model, { pipelines: ['data_science'], tags: ['training'] });
    expect(p.error).toBe("Pipeline input(s) {'X_test', 'X_train', 'y_test', 'y_train'} not found in the DataCatalogWithCatalogCommandsMixin");
    expect(p.fixes).toEqual([
      {
        kind: 'smallest',
        filter: { pipelines: ['data_science'], nodeNames: ['split_data_node', 'train_model_node', 'evaluate_model_node'] },
        nodes: ['split_data_node', 'train_model_node', 'evaluate_model_node'],
      },
    ]);
  });

  test('selections whose inputs are all persisted or parameters run clean', () => {
    expect(previewRun(model, { nodeNames: ['split_data_node'] })).toEqual({ nodes: ['split_data_node'], partial: false });
    expect(previewRun(model, { fromNodes: ['split_data_node'] })).toEqual({ nodes: ['split_data_node', 'train_model_node', 'evaluate_model_node'], partial: false });
  });
});

describe('--pipelines=a,b is the union of the pipelines', () => {
  test('data_processing,reporting: 5 nodes in run order (Kedro ran 6 on its starter, which has 3 reporting nodes)', () => {
    expect(previewRun(model, { pipelines: ['data_processing', 'reporting'] })).toEqual({
      nodes: ['preprocess_companies_node', 'preprocess_shuttles_node', 'compare_passenger_capacity_node', 'create_model_input_table_node', 'plot_price_by_shuttle_type_node'],
      partial: false,
    });
  });

  test('an unknown name anywhere in the list fails', () => {
    expect(previewRun(model, { pipelines: ['data_processing', 'nope'] }).error).toBe("Failed to find the pipeline named 'nope'. It needs to be generated and returned by the 'register_pipelines' function.");
  });
});

describe('inputs not on disk yet (real Kedro 1.5, fresh project: exit 1, "No nodes ran", DatasetError loading the file)', () => {
  test('--pipelines=data_science before data_processing ever ran: model_input_table is named, and the run with its producers offered', async () => {
    const p = previewRun(model, { pipelines: ['data_science'] }, await disk());
    expect(p.absentInputs).toEqual(['model_input_table']);
    expect(p.error).toMatch(/^model_input_table is not on disk and no node of the selection writes it/);
    expect(p.fixes).toEqual([
      {
        kind: 'smallest',
        filter: { nodeNames: ['preprocess_companies_node', 'preprocess_shuttles_node', 'create_model_input_table_node', 'split_data_node', 'train_model_node', 'evaluate_model_node'] },
        nodes: ['preprocess_companies_node', 'preprocess_shuttles_node', 'create_model_input_table_node', 'split_data_node', 'train_model_node', 'evaluate_model_node'],
      },
    ]);
  });

  test('the Run-with-upstream slice of train_model_node on a fresh project also needs model_input_table: the fix grows to its producers', async () => {
    const p = previewRun(model, { nodeNames: ['train_model_node'] }, await disk());
    expect(p.missingInputs).toEqual(['X_train', 'y_train']);
    expect(p.fixes?.[0]?.nodes).toEqual(['preprocess_companies_node', 'preprocess_shuttles_node', 'create_model_input_table_node', 'split_data_node', 'train_model_node']);
    expect(previewRun(model, { nodeNames: ['split_data_node', 'train_model_node'] }, await disk()).absentInputs).toEqual(['model_input_table']);
  });

  test('raw inputs and selections that write what they read are not flagged; without a disk listing nothing is checked', async () => {
    expect(previewRun(model, { pipelines: ['data_processing'] }, await disk())).toEqual({ nodes: ['preprocess_companies_node', 'preprocess_shuttles_node', 'create_model_input_table_node'], partial: false });
    expect(previewRun(model, { toNodes: ['train_model_node'] }, await disk()).error).toBeUndefined();
    expect(previewRun(model, { pipelines: ['data_science'] }).error).toBeUndefined();
  });

  test('--pipelines=data_science,reporting: both files, sorted', async () => {
    expect(previewRun(model, { pipelines: ['data_science', 'reporting'] }, await disk()).absentInputs).toEqual(['model_input_table', 'preprocessed_shuttles']);
  });

  test('a versioned input without a version folder holding its file is absent (evaluate_model_node reads regressor)', async () => {
    fs.mkdirSync(path.join(root, 'data/03_primary'), { recursive: true });
    touch('data/03_primary/model_input_table.csv');
    fs.mkdirSync(path.join(root, 'data/06_models/regressor.pickle/2026-12-02T05.39.58.241Z'), { recursive: true });
    expect(previewRun(model, { nodeNames: ['split_data_node', 'evaluate_model_node'] }, await disk()).absentInputs).toEqual(['regressor']);
    touch('data/06_models/regressor.pickle/2026-12-02T05.39.58.241Z/regressor.pickle');
    expect(previewRun(model, { nodeNames: ['split_data_node', 'evaluate_model_node'] }, await disk())).toEqual({ nodes: ['split_data_node', 'evaluate_model_node'], partial: false });
    for (const f of ['data/03_primary/model_input_table.csv']) fs.rmSync(path.join(root, f));
    fs.rmSync(path.join(root, 'data/06_models/regressor.pickle'), { recursive: true });
  });
});

describe('--load-versions (real Kedro: a version that is not on disk fails the node loading it)', () => {
  test('a pinned regressor version that does not exist is named with its path and the node that fails; one that exists runs', async () => {
    const ok = '2026-12-02T07.49.58.239Z';
    touch('data/03_primary/model_input_table.csv');
    touch(`data/06_models/regressor.pickle/${ok}/regressor.pickle`);
    const filter = (version: string) => ({ nodeNames: ['split_data_node', 'evaluate_model_node'], loadVersions: { regressor: version } });
    const versions = async (version: string): Promise<Map<string, boolean>> =>
      new Map([...loadVersionPaths(model, filter(version)).values()].map((v) => [v.uri, fs.existsSync(URI.parse(v.uri).fsPath)]));
    expect(previewRun(model, filter('2000-01-01T00.00.00.000Z'), await disk(), await versions('2000-01-01T00.00.00.000Z'))).toEqual({
      nodes: ['split_data_node', 'evaluate_model_node'],
      error: "'regressor' has no version '2000-01-01T00.00.00.000Z' (data/06_models/regressor.pickle/2000-01-01T00.00.00.000Z/regressor.pickle is not on disk): Kedro fails at evaluate_model_node loading it",
      partial: false,
      missingVersions: [{ dataset: 'regressor', version: '2000-01-01T00.00.00.000Z', path: 'data/06_models/regressor.pickle/2000-01-01T00.00.00.000Z/regressor.pickle' }],
    });
    expect(previewRun(model, filter(ok), await disk(), await versions(ok))).toEqual({ nodes: ['split_data_node', 'evaluate_model_node'], partial: false });
    fs.rmSync(path.join(root, 'data/06_models/regressor.pickle'), { recursive: true });
    fs.rmSync(path.join(root, 'data/03_primary/model_input_table.csv'));
  });
});

describe('--only-missing-outputs', () => {
  test('a fresh project: nothing exists, every node runs', async () => {
    const p = previewRun(model, { onlyMissingOutputs: true }, await disk());
    expect(p.onlyMissingOutputs).toEqual({
      run: ['preprocess_companies_node', 'preprocess_shuttles_node', 'compare_passenger_capacity_node', 'create_model_input_table_node', 'plot_price_by_shuttle_type_node', 'split_data_node', 'train_model_node', 'evaluate_model_node'],
      skip: [],
      unknown: [],
      unchecked: [],
    });
  });

  test('after a full run every persistent output exists: all 8 are skipped (as in the real run)', async () => {
    const built = [
      'data/02_intermediate/preprocessed_companies.csv',
      'data/02_intermediate/preprocessed_shuttles.csv',
      'data/03_primary/model_input_table.csv',
      'data/06_models/regressor.pickle/2026-12-02T05.39.58.241Z/regressor.pickle',
      'data/08_reporting/metrics.json',
      'data/08_reporting/price_by_shuttle_type.png',
      'data/08_reporting/passenger_capacity_by_type.csv',
    ];
    built.forEach(touch);
    const p = previewRun(model, { onlyMissingOutputs: true }, await disk());
    expect(p.onlyMissingOutputs?.skip).toHaveLength(8);
    expect(p.onlyMissingOutputs?.run).toEqual([]);
    expect(p.error).toBeUndefined();
  });

  test('a versioned dataset without a version folder holding its file is missing: its node runs, and the memory inputs it needs make split_data_node run', async () => {
    fs.rmSync(path.join(root, 'data/06_models/regressor.pickle'), { recursive: true });
    fs.mkdirSync(path.join(root, 'data/06_models/regressor.pickle/empty-version'), { recursive: true });
    const p = previewRun(model, { onlyMissingOutputs: true }, await disk());
    expect(p.onlyMissingOutputs?.run).toEqual(['split_data_node', 'train_model_node']);
    expect(p.onlyMissingOutputs?.skip).toEqual([
      'preprocess_companies_node',
      'preprocess_shuttles_node',
      'compare_passenger_capacity_node',
      'create_model_input_table_node',
      'plot_price_by_shuttle_type_node',
      'evaluate_model_node',
    ]);
  });

  test('a remote output is "unknown", and so is the node writing it', async () => {
    const catalog = path.join(root, 'conf/base/catalog.yml');
    fs.writeFileSync(catalog, fs.readFileSync(catalog, 'utf8').replace('filepath: data/08_reporting/metrics.json', 'filepath: s3://bucket/metrics.json'));
    const ws = await testWorkspace(new FsSourceHost());
    await ws.discover([URI.file(root).toString()]);
    const remote = (await ws.analyze({}))!.projects[0]!.model;
    const checks = outputChecks(remote);
    expect(checks.get('metrics')).toEqual({ kind: 'unknown', why: 's3://bucket/metrics.json is remote' });
    const p = previewRun(remote, { onlyMissingOutputs: true }, await statOutputs(checks, (uri) => new FsSourceHost().readDir(uri)));
    expect(p.onlyMissingOutputs?.unknown).toEqual(['evaluate_model_node']);
    expect(p.onlyMissingOutputs?.unchecked).toEqual([{ dataset: 'metrics', why: 's3://bucket/metrics.json is remote' }]);
  });

  test('an output outside the project is "unknown": its folder is not listed', async () => {
    const catalog = path.join(root, 'conf/base/catalog.yml');
    // (The test before made it remote.)
    fs.writeFileSync(catalog, fs.readFileSync(catalog, 'utf8').replace(/filepath: (data\/08_reporting|s3:\/\/bucket)\/metrics\.json/, 'filepath: ../metrics.json'));
    const ws = await testWorkspace(new FsSourceHost());
    await ws.discover([URI.file(root).toString()]);
    const checks = outputChecks((await ws.analyze({}))!.projects[0]!.model);
    expect(checks.get('metrics')).toEqual({ kind: 'unknown', why: '../metrics.json is outside the project' });
    const listed: string[] = [];
    await statOutputs(checks, (uri) => (listed.push(uri), new FsSourceHost().readDir(uri)));
    expect(listed.filter((u) => !u.startsWith(`${URI.file(root).toString()}/`))).toEqual([]);
  });
});
