import { describe, expect, test } from 'vitest';
import { hoverFor } from '../../../server/src/features/hover';
import { projectJson } from '../../../server/src/features/pipelineModel';
import { resolvedConfig } from '../../../server/src/features/resolvedConfig';
import { resolveCatalogInterpolations, resolveCatalogScalar, type ProjectModel } from '../../../server/src/project/model';
import { analyzeMemoryProject, ROOT } from '../../helpers/analyze';

const CATALOG = `_raw_dir: data/01_raw
_root: \${_raw_dir}/stores
_csv:
  type: pandas.CSVDataset
  load_args:
    sep: ";"
stores:
  type: \${_csv.type}
  filepath: \${_root}/stores.csv
  load_args:
    sep: \${_csv.load_args.sep}
mixed:
  type: pandas.CSVDataset
  filepath: \${globals:base}/\${_raw_dir}/\${runtime_params:day}.csv
typed:
  type: \${globals:datasets.csv}
  filepath: \${globals:nowhere, data/08_reporting}/typed.csv
loop_a: \${loop_b}
loop_b: \${loop_a}
looped:
  type: pandas.CSVDataset
  filepath: \${loop_a}/x.csv
`;
const USES = 'from kedro.pipeline import Pipeline, node\nfrom .nodes import f\n\ndef create_pipeline(**kwargs):\n    return Pipeline([node(f, ["stores", "mixed", "looped", "typed"], "out")])\n';

const model = async (): Promise<ProjectModel> => {
  const { result } = await analyzeMemoryProject({ 'conf/base/catalog.yml': CATALOG, 'conf/base/globals.yml': 'base: s3://bucket\ndatasets:\n  csv: pandas.CSVDataset\n', 'src/demo/pipelines/p/pipeline.py': USES });
  const m = result.projects[0]?.model;
  if (!m) throw new Error('no project');
  return m;
};
const CAT = `${ROOT}/conf/base/catalog.yml`;

describe('${...} references between catalog keys, for display', () => {
  test('partial strings, chains and nested paths resolve, with where each variable is written', async () => {
    const m = await model();
    const r = resolveCatalogInterpolations(m, 'base', '${_root}/stores.csv', CAT);
    expect(r.text).toBe('data/01_raw/stores/stores.csv');
    expect(r.complete).toBe(true);
    expect(r.sources.map((s) => [s.expr, s.value, s.uri.replace(`${ROOT}/`, ''), s.span.start.line])).toEqual([
      ['_root', 'data/01_raw/stores', 'conf/base/catalog.yml', 1],
      ['_raw_dir', 'data/01_raw', 'conf/base/catalog.yml', 0],
    ]);
    expect(resolveCatalogScalar(m, 'base', '${_csv.load_args.sep}')).toBe(';');
    expect(resolveCatalogScalar(m, 'base', '${_csv.type}')).toBe('pandas.CSVDataset');
  });

  test('resolvers stay as written; cycles and missing keys stay unresolved and bounded', async () => {
    const m = await model();
    const mixed = resolveCatalogInterpolations(m, 'base', '${globals:base}/${_raw_dir}/${runtime_params:day}.csv');
    expect([mixed.text, mixed.complete]).toEqual(['${globals:base}/data/01_raw/${runtime_params:day}.csv', false]);
    expect(resolveCatalogScalar(m, 'base', '${oc.env:HOME}/x')).toBeUndefined();
    const loop = resolveCatalogInterpolations(m, 'base', '${loop_a}/x.csv');
    expect([loop.text, loop.complete]).toEqual(['${loop_a}/x.csv', false]);
    expect(resolveCatalogInterpolations(m, 'base', '${nope}/x.csv').text).toBe('${nope}/x.csv');
    // Other environments' keys are not visible (Kedro resolves per env folder).
    expect(resolveCatalogScalar(m, 'local', '${_raw_dir}')).toBeUndefined();
  });

  test('hover shows the resolved filepath and each variable with file:line', async () => {
    const m = await model();
    const entry = m.catalog.get('stores')?.fact;
    if (!entry) throw new Error('no entry');
    const hover = hoverFor(m, { kind: 'catalogKey', name: 'stores', entry, uri: CAT, env: 'base' });
    expect(hover?.split('\n').slice(0, 5)).toEqual([
      '**`stores`** — `pandas.CSVDataset`',
      '',
      'filepath: `data/01_raw/stores/stores.csv`  ',
      '`${_root}` = `data/01_raw/stores` (`conf/base/catalog.yml:2`)  ',
      '`${_raw_dir}` = `data/01_raw` (`conf/base/catalog.yml:1`)  ',
    ]);
  });

  test('hover resolves ${globals:x} as the Resolved Catalog does (a 0.18.13 project wrote data/${globals:folders.x}/…)', async () => {
    const m = await model();
    const entry = m.catalog.get('mixed')?.fact;
    if (!entry) throw new Error('no entry');
    const hover = hoverFor(m, { kind: 'catalogKey', name: 'mixed', entry, uri: CAT, env: 'base' });
    expect(hover?.split('\n')[2]).toBe('filepath: `s3://bucket/data/01_raw/${runtime_params:day}.csv`  ');
    expect(resolvedConfig(m, 'catalog', 'mixed')).toContain('  filepath: s3://bucket/data/01_raw/${runtime_params:day}.csv\n');
  });

  test('the Datasets view JSON and the Resolved Catalog show the resolved filepath', async () => {
    const m = await model();
    const ds = (name: string) => projectJson(m).datasets.find((d) => d.name === name);
    expect(ds('stores')?.filepath).toBe('data/01_raw/stores/stores.csv');
    // ${globals:…} too, with the same resolver as the hover (the view showed it as written); the text as written kept.
    expect([ds('mixed')?.filepath, ds('mixed')?.filepathWritten]).toEqual(['s3://bucket/data/01_raw/${runtime_params:day}.csv', '${globals:base}/${_raw_dir}/${runtime_params:day}.csv']);
    expect(ds('mixed')?.typeWritten).toBeUndefined();
    expect([ds('typed')?.type, ds('typed')?.typeWritten, ds('typed')?.filepath, ds('typed')?.filepathWritten]).toEqual(['pandas.CSVDataset', '${globals:datasets.csv}', 'data/08_reporting/typed.csv', '${globals:nowhere, data/08_reporting}/typed.csv']);
    const text = resolvedConfig(m, 'catalog', 'stores');
    expect(text.split('\n').slice(4)).toEqual([
      'stores:  # conf/base/catalog.yml (base)',
      '  type: pandas.CSVDataset',
      '  filepath: data/01_raw/stores/stores.csv',
      '  load_args:',
      '    sep: ";"',
      '',
    ]);
    expect(resolvedConfig(m, 'catalog', 'mixed')).toContain('  filepath: s3://bucket/data/01_raw/${runtime_params:day}.csv\n');
    expect(resolvedConfig(m, 'catalog', 'typed')).toContain('  type: pandas.CSVDataset\n  filepath: data/08_reporting/typed.csv\n');
  });

  test('the hover resolves a ${globals:…} type as the Datasets view does, and the type hover says what class it is', async () => {
    const m = await model();
    const entry = m.catalog.get('typed')?.fact;
    if (!entry) throw new Error('no entry');
    const hover = hoverFor(m, { kind: 'catalogKey', name: 'typed', entry, uri: CAT, env: 'base' });
    expect(hover?.split('\n').slice(0, 3)).toEqual(['**`typed`** — `pandas.CSVDataset`', '', 'filepath: `data/08_reporting/typed.csv`  ']);
    // The layer from the resolved filepath's folder, as the Datasets view groups it.
    expect(hover).toContain('layer: reporting (from its `08_reporting` folder; no metadata layer)');
    expect(projectJson(m).datasets.find((d) => d.name === 'typed')?.layer).toBe('reporting');
    const typeHover = hoverFor(m, { kind: 'catalogType', entry, uri: CAT, env: 'base' } as Parameters<typeof hoverFor>[1]);
    expect(typeHover).toMatch(/CSVDataset/);
    expect(typeHover).not.toMatch(/globals/);
  });

  test('an edit of the globals file alone changes the Datasets view JSON (its datasets are kept between model builds)', async () => {
    const { result, host, ws } = await analyzeMemoryProject({ 'conf/base/catalog.yml': CATALOG, 'conf/base/globals.yml': 'base: s3://bucket\n', 'src/demo/pipelines/p/pipeline.py': USES });
    const fp = (m: ProjectModel) => projectJson(m).datasets.find((d) => d.name === 'mixed')?.filepath;
    const before = result.projects[0]!.model;
    expect(fp(before)).toBe('s3://bucket/data/01_raw/${runtime_params:day}.csv');
    host.set('conf/base/globals.yml', 'base: gs://other\n');
    const after = (await ws.analyze())!.projects[0]!.model;
    expect(fp(after)).toBe('gs://other/data/01_raw/${runtime_params:day}.csv');
  });
});

describe('resolved parameters under another config loader', () => {
  // template_config_loader_demo (0.18): a TemplatedConfigLoader subclass fills `${GLOBAL_ENV}` from globals.yml.
  test('the header says the loader is not OmegaConfigLoader, so a `${KEY}` left as written is not read as unset', async () => {
    const { analyzeMemoryProject } = await import('../../helpers/analyze');
    const { resolvedConfig } = await import('../../../server/src/features/resolvedConfig');
    const settings = 'from kedro.config import TemplatedConfigLoader\n\nclass Mine(TemplatedConfigLoader):\n    pass\n\nCONFIG_LOADER_CLASS = Mine\n';
    const { result } = await analyzeMemoryProject({
      'requirements.txt': 'kedro==0.18.1\n',
      'src/demo/settings.py': settings,
      'conf/base/globals.yml': 'GLOBAL_ENV: base\n',
      'conf/base/parameters.yml': 'env: ${GLOBAL_ENV}\n',
    });
    const lines = resolvedConfig(result.projects[0]!.model, 'parameters').split('\n');
    expect(lines[3]).toBe('# This project loads config with a custom CONFIG_LOADER_CLASS: ${...} is shown as written.');
    expect(lines[5]).toBe('env: ${GLOBAL_ENV}  # conf/base/parameters.yml (base)');
  });
});
