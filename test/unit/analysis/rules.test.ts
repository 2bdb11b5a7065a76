import { describe, expect, test } from 'vitest';
import { analyzeMemoryProject, render } from '../../helpers/analyze';

const CATALOG = `companies:
  type: pandas.CSVDataset
  filepath: data/01_raw/companies.csv
"{name}_raw":
  type: pandas.CSVDataset
  filepath: data/01_raw/{name}.csv
`;

const pipeline = (body: string): string => `from kedro.pipeline import Pipeline, node
from .nodes import clean, train

def create_pipeline(**kwargs):
    return Pipeline([
${body}
    ])
`;

describe('KL001 dataset-not-found', () => {
  test('reports an input nobody provides, with a suggestion', async () => {
    const { result } = await analyzeMemoryProject({
      'conf/base/catalog.yml': CATALOG,
      'src/demo/pipelines/dp/pipeline.py': pipeline('        node(clean, inputs="companys", outputs="clean_companies"),'),
    });
    expect(render(result, 'KL001')).toEqual([
      "src/demo/pipelines/dp/pipeline.py:6:29 KL001 Dataset 'companys' is not in the catalog and no node produces it.",
    ]);
    const p = result.projects[0]?.problems.find((x) => x.code === 'KL001');
    expect(p?.data).toEqual({ name: 'companys', suggestions: ['companies'] });
    expect(p?.related?.[0]?.loc.uri).toBe('file:///proj/conf/base/catalog.yml');
  });

  test('catalog entries, factory patterns, producers and transcoded producers satisfy inputs', async () => {
    const { result } = await analyzeMemoryProject({
      'conf/base/catalog.yml': CATALOG,
      'src/demo/pipelines/dp/pipeline.py': pipeline(`        node(clean, "companies", "clean"),
        node(clean, "shuttles_raw", "orders@pandas"),
        node(train, ["clean", "orders@spark"], "model"),`),
    });
    expect(render(result, 'KL001')).toEqual([]);
  });

  test('an entry only in another environment does not count; selecting that env fixes it', async () => {
    const files = {
      'conf/base/catalog.yml': CATALOG,
      'conf/prod/catalog.yml': 'reviews:\n  type: pandas.CSVDataset\n  filepath: r.csv\n',
      'conf/local/.gitkeep': '',
      'src/demo/pipelines/dp/pipeline.py': pipeline('        node(clean, "reviews", "clean"),'),
    };
    expect(render((await analyzeMemoryProject(files)).result, 'KL001')).toHaveLength(1);
    expect(render((await analyzeMemoryProject(files, { env: 'prod' })).result, 'KL001')).toEqual([]);
  });

  test('modules that namespace their pipelines are left to the namespace-aware model', async () => {
    const { result } = await analyzeMemoryProject({
      'conf/base/catalog.yml': CATALOG,
      'src/demo/pipelines/dp/pipeline.py': `from kedro.pipeline import Pipeline, node
def create_pipeline(**kwargs):
    return Pipeline([node(f, "anything", "out")], namespace="ns")
`,
    });
    expect(render(result, 'KL001')).toEqual([]);
  });
});

describe('KL201 parameter-not-found', () => {
  test('unknown params key is reported with the closest key; nested keys resolve', async () => {
    const { result } = await analyzeMemoryProject({
      'conf/base/catalog.yml': CATALOG,
      'conf/base/parameters.yml': 'model_options:\n  test_size: 0.2\n  features: [a]\n',
      'src/demo/pipelines/ds/pipeline.py': pipeline(`        node(train, ["companies", "params:model_options.test_size", "parameters"], "m"),
        node(train, ["companies", "params:model_option"], "m2"),`),
    });
    expect(render(result, 'KL201')).toEqual([
      "src/demo/pipelines/ds/pipeline.py:7:36 KL201 Parameter 'model_option' is not defined in the parameters of environment 'base + local'.",
    ]);
  });

  test('destructive merge: a run-env top-level key replaces the base mapping', async () => {
    const { result } = await analyzeMemoryProject(
      {
        'conf/base/parameters.yml': 'model:\n  lr: 0.1\n  depth: 3\n',
        'conf/prod/parameters.yml': 'model:\n  lr: 0.2\n',
        'conf/base/catalog.yml': CATALOG,
        'src/demo/pipelines/ds/pipeline.py': pipeline('        node(train, ["companies", "params:model.depth"], "m"),'),
      },
      { env: 'prod' },
    );
    expect(render(result, 'KL201')).toEqual([
      "src/demo/pipelines/ds/pipeline.py:6:36 KL201 Parameter 'model.depth' is not defined in the parameters of environment 'base + prod'.",
    ]);
  });
});

describe('KL900 config-syntax-error and KL901 project-metadata', () => {
  test('broken YAML in a loaded file is reported; files outside the env chain are not', async () => {
    const { result } = await analyzeMemoryProject({
      'conf/base/catalog.yml': 'companies:\n  type: [unclosed\n',
      'conf/staging/catalog.yml': 'x: [\n',
    });
    const lines = render(result, 'KL900');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^conf\/base\/catalog\.yml:\d+:\d+ KL900 /);
  });

  test('missing required [tool.kedro] keys are reported on the table header', async () => {
    const { result } = await analyzeMemoryProject({ 'pyproject.toml': '[tool.kedro]\npackage_name = "demo"\n' });
    expect(render(result, 'KL901')).toEqual([
      "pyproject.toml:1:1 KL901 Missing required keys [project_name, kedro_init_version] in '[tool.kedro]'.",
    ]);
  });
});

describe('rule overrides', () => {
  test('off silences a rule, a severity replaces the default', async () => {
    const files = {
      'conf/base/catalog.yml': CATALOG,
      'src/demo/pipelines/dp/pipeline.py': pipeline('        node(clean, "nope", "x"),'),
    };
    expect(render((await analyzeMemoryProject(files, { ruleOverrides: { KL001: 'off' } })).result, 'KL001')).toEqual([]);
    const { result } = await analyzeMemoryProject(files, { ruleOverrides: { KL001: 'warning' } });
    expect(result.projects[0]?.problems.find((p) => p.code === 'KL001')?.severity).toBe('warning');
  });
});
