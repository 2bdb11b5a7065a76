import { describe, expect, test } from 'vitest';
import { analyzeMemoryProject, render } from '../../helpers/analyze';

const USES = `from kedro.pipeline import Pipeline, node
from .nodes import f

def create_pipeline(**kwargs):
    return Pipeline([node(f, ["a", "b"], "c")])
`;
const run = async (catalog: string, extra: Record<string, string> = {}, code?: string) =>
  render((await analyzeMemoryProject({ 'conf/base/catalog.yml': catalog, 'src/demo/pipelines/p/pipeline.py': USES, ...extra })).result, code);

describe('KL101 unknown-dataset-type', () => {
  test('typo and old DataSet spelling, with suggestions; warning when unused', async () => {
    expect(
      await run(`a:
  type: pandas.CSVDatset
  filepath: a.csv
b:
  type: pandas.CSVDataSet
  filepath: b.csv
unused:
  type: pandas.ParqetDataset
  filepath: u.pq
`, {}, 'KL101'),
    ).toEqual([
      "conf/base/catalog.yml:2:9 KL101 Dataset type 'pandas.CSVDatset' is not a Kedro or kedro-datasets class. Did you mean 'pandas.CSVDataset'?",
      "conf/base/catalog.yml:5:9 KL101 Dataset type 'pandas.CSVDataSet' does not exist in the releases this project uses (kedro >=1,<2 · kedro-datasets >=2.0, from pyproject.toml [tool.kedro] kedro_init_version = \"1.5.0\"): since kedro-datasets 2.0 classes are spelt 'Dataset'. Did you mean 'pandas.CSVDataset'?",
      "conf/base/catalog.yml:8:9 KL101 Dataset type 'pandas.ParqetDataset' is not a Kedro or kedro-datasets class. Did you mean 'pandas.ParquetDataset'?",
    ]);
    const { result } = await analyzeMemoryProject({ 'conf/base/catalog.yml': 'unused:\n  type: pandas.ParqetDataset\n  filepath: u.pq\n' });
    expect(result.projects[0]?.problems.find((p) => p.code === 'KL101')?.severity).toBe('warning');
  });

  test('full module paths, kedro.io names, custom classes, experimental datasets and template interpolation pass', async () => {
    expect(
      await run(`_tpl:
  type: pandas.CSVDataset
a:
  type: kedro_datasets.pandas.csv_dataset.CSVDataset
  filepath: a.csv
b:
  type: kedro.io.MemoryDataset
c:
  type: \${_tpl.type}
  filepath: c.csv
d:
  type: my_company.io.SalesforceDataset
e:
  type: kedro_datasets_experimental.langchain.ChatOpenAIDataset
`),
    ).toEqual([]);
  });

  test('an interpolated type resolving to a typo is reported at the interpolation', async () => {
    expect(await run('_tpl:\n  type: pandas.CSVDatset\na:\n  type: ${_tpl.type}\n  filepath: a.csv\n', {}, 'KL101')).toEqual([
      "conf/base/catalog.yml:4:9 KL101 Dataset type 'pandas.CSVDatset' is not a Kedro or kedro-datasets class. Did you mean 'pandas.CSVDataset'?",
    ]);
  });
});

describe('KL101 through a YAML merge key', () => {
  test('entries taking a wrong type from one anchor share one report at the anchor; an error when any is used', async () => {
    const catalog = '_base: &base\n  type: pandas.CSVDatset\n  filepath: x.csv\na:\n  <<: *base\nb:\n  <<: *base\nz:\n  <<: *base\n';
    expect(await run(catalog, {}, 'KL101')).toEqual([
      "conf/base/catalog.yml:2:9 KL101 Dataset type 'pandas.CSVDatset' is not a Kedro or kedro-datasets class. Did you mean 'pandas.CSVDataset'?",
    ]);
    const { result } = await analyzeMemoryProject({ 'conf/base/catalog.yml': catalog, 'src/demo/pipelines/p/pipeline.py': USES });
    expect(result.projects[0]?.problems.filter((p) => p.code === 'KL101').map((p) => p.severity)).toEqual(['error']);
  });
});

describe('KL102 dataset-arguments', () => {
  test('missing filepath, PartitionedDataset with filepath, top-level layer', async () => {
    expect(
      await run(`a:
  type: pandas.CSVDataset
b:
  type: partitions.PartitionedDataset
  filepath: data/parts
  dataset: pandas.CSVDataset
  layer: raw
`, {}, 'KL102'),
    ).toEqual([
      "conf/base/catalog.yml:1:1 KL102 Dataset 'a' of type 'pandas.CSVDataset' needs 'filepath'.",
      "conf/base/catalog.yml:3:1 KL102 Dataset 'b' of type 'partitions.PartitionedDataset' needs 'path'.",
      "conf/base/catalog.yml:5:3 KL102 'partitions.PartitionedDataset' does not take 'filepath'; use 'path'.",
      "conf/base/catalog.yml:7:3 KL102 A top-level 'layer' is passed to the dataset constructor since Kedro 0.19; move it under 'metadata: {kedro-viz: {layer: ...}}'.",
    ]);
  });

  test('a top-level layer is fine before Kedro 0.19 (the 0.18 catalog handled it)', async () => {
    const catalog = 'a:\n  type: pandas.CSVDataSet\n  filepath: data/01_raw/a.csv\n  layer: raw\n';
    expect(await run(catalog, { 'requirements.txt': 'kedro~=0.18.12\n' }, 'KL102')).toEqual([]);
    expect(await run(catalog.replace('DataSet', 'Dataset'), { 'requirements.txt': 'kedro~=0.19.1\n' }, 'KL102')).toEqual([
      "conf/base/catalog.yml:4:3 KL102 A top-level 'layer' is passed to the dataset constructor since Kedro 0.19; move it under 'metadata: {kedro-viz: {layer: ...}}'.",
    ]);
  });

  test('on a factory pattern nothing matches the problem is latent: a warning; a matched pattern stays an error', async () => {
    const { result } = await analyzeMemoryProject({
      'conf/base/catalog.yml': '"{name}_csv":\n  type: pandas.CSVDataset\n"{name}#parts":\n  type: partitions.PartitionedDataset\n  path: data/{name}\n"{x}_pq":\n  type: pandas.ParquetDataset\n',
      'src/demo/pipelines/p/pipeline.py': USES.replace('["a", "b"]', '["a_csv", "b"]'),
    });
    expect(result.projects[0]?.problems.filter((p) => p.code === 'KL102').map((p) => `${p.loc.span.start.line + 1} ${p.severity} ${p.message}`)).toEqual([
      "1 error Dataset '{name}_csv' of type 'pandas.CSVDataset' needs 'filepath'.",
      "3 warning Dataset '{name}#parts' of type 'partitions.PartitionedDataset' needs 'dataset'.",
      "6 warning Dataset '{x}_pq' of type 'pandas.ParquetDataset' needs 'filepath'.",
    ]);
  });

  test('arguments merged from a YAML anchor count', async () => {
    expect(await run('_csv: &csv\n  type: pandas.CSVDataset\n  filepath: x.csv\na:\n  <<: *csv\nb:\n  <<: *csv\n', {}, 'KL102')).toEqual([]);
  });
});

describe('KL103 invalid-catalog-entry', () => {
  test('scalar entry, entry without type, double transcoding; templates are fine', async () => {
    expect(await run('base_path: data\n_ok: data\na:\n  filepath: a.csv\n"x@a@b":\n  type: MemoryDataset\n', {}, 'KL103')).toEqual([
      "conf/base/catalog.yml:1:1 KL103 Catalog entry 'base_path' is not a dataset configuration; prefix the key with '_' if it is only used for interpolation.",
      "conf/base/catalog.yml:3:1 KL103 Catalog entry 'a' has no 'type'.",
      "conf/base/catalog.yml:5:1 KL103 Dataset name 'x@a@b' has more than one '@' transcoding separator.",
    ]);
  });
});

describe('KL104 credentials-not-found', () => {
  const CAT = 'a:\n  type: pandas.SQLTableDataset\n  table_name: t\n  credentials: warehous\n';
  test('error when credentials files exist but lack the key; never shows values', async () => {
    const { result } = await analyzeMemoryProject({
      'conf/base/catalog.yml': CAT,
      'conf/local/credentials.yml': 'warehouse:\n  con: postgresql://user:s3cr3t-value@db/x\n',
      'src/demo/pipelines/p/pipeline.py': USES,
    });
    expect(render(result, 'KL104')).toEqual([
      "conf/base/catalog.yml:4:16 KL104 Credentials 'warehous' are not defined in the credentials of base + local.",
    ]);
    expect(JSON.stringify(result.projects[0]?.problems)).not.toContain('s3cr3t');
    expect(JSON.stringify(result.projects[0]?.model.confFiles)).not.toContain('s3cr3t');
  });

  test('no credentials file at all (git-ignored): one information per credential name; defined key is fine', async () => {
    const { result } = await analyzeMemoryProject({
      'conf/base/catalog.yml': `${CAT}b:\n  type: pandas.SQLTableDataset\n  table_name: t\n  credentials: warehous\nc:\n  type: pandas.SQLQueryDataset\n  sql: s\n  credentials: other\n`,
      'src/demo/pipelines/p/pipeline.py': USES,
    });
    expect(result.projects[0]?.problems.filter((p) => p.code === 'KL104').map((p) => `${p.loc.span.start.line + 1} ${p.severity} ${p.message} ${p.related?.length ?? 0}`)).toEqual([
      "4 information Credentials 'warehous' (2 entries use them) cannot be checked: no credentials file in base + local (usually git-ignored conf/local/credentials.yml). 1",
      "12 information Credentials 'other' cannot be checked: no credentials file in base + local (usually git-ignored conf/local/credentials.yml). 0",
    ]);
    expect(await run(CAT, { 'conf/local/credentials.yml': 'warehous:\n  con: x\n' }, 'KL104')).toEqual([]);
  });

  test('a credentials template with the key commented out (as the starters ship it): the finding points at it', async () => {
    // Nested keys of the template (`#  con:`), prose and other comments are not keys; a defined key is not a template.
    const template = '##Here you can define credentials\n#\n#warehous:\n#  con: "<connection string>"\n#  # sqlite:////x\n# other: {}\nkept: {}\n#kept:\n';
    const { result } = await analyzeMemoryProject({
      'conf/base/catalog.yml': `${CAT}b:\n  type: pandas.SQLQueryDataset\n  sql: s\n  credentials: other\nc:\n  type: pandas.SQLQueryDataset\n  sql: s\n  credentials: con\n`,
      'conf/local/credentials.yml': template,
      'src/demo/pipelines/p/pipeline.py': USES,
    });
    expect(result.projects[0]?.problems.filter((p) => p.code === 'KL104').map((p) => `${p.loc.span.start.line + 1} ${p.severity} ${p.message} ${JSON.stringify(p.related?.map((r) => [r.loc.uri.split('/conf/')[1], r.loc.span.start.line, r.loc.span.start.character, r.loc.span.end.character, r.message]))}`)).toEqual([
      "4 error Credentials 'warehous' are not defined in the credentials of base + local; conf/local/credentials.yml has them commented out: uncomment them and fill in the values. [[\"local/credentials.yml\",2,1,9,\"'warehous' commented out\"]]",
      "8 error Credentials 'other' are not defined in the credentials of base + local; conf/local/credentials.yml has them commented out: uncomment them and fill in the values. [[\"local/credentials.yml\",5,2,7,\"'other' commented out\"]]",
      "12 error Credentials 'con' are not defined in the credentials of base + local. undefined",
    ]);
  });
});

describe('KL105 versioned-unsupported and KL106 dataset-factory', () => {
  test('versioned SQL table; versioned CSV is fine', async () => {
    expect(await run('a:\n  type: pandas.SQLTableDataset\n  table_name: t\n  credentials: c\n  versioned: true\nb:\n  type: pandas.CSVDataset\n  filepath: b.csv\n  versioned: true\n', { 'conf/local/credentials.yml': 'c: {}\n' }, 'KL105')).toEqual([
      "conf/base/catalog.yml:5:3 KL105 'pandas.SQLTableDataset' does not support versioning; remove 'versioned: true'.",
    ]);
  });

  test('placeholder missing from the key, and a second catch-all', async () => {
    expect(await run('"{name}_csv":\n  type: pandas.CSVDataset\n  filepath: data/{layer}/{name}.csv\n"{default}":\n  type: MemoryDataset\n"{a}{b}":\n  type: MemoryDataset\n', {}, 'KL106')).toEqual([
      "conf/base/catalog.yml:1:1 KL106 Pattern '{name}_csv' uses '{layer}' in its configuration but not in its name.",
      "conf/base/catalog.yml:6:1 KL106 Only one catch-all pattern is allowed; '{default}' is already one.",
    ]);
  });
});

describe('KL902 duplicate-config-key', () => {
  test('same key in two catalog files of base; overriding in local is fine; parameters by leaf', async () => {
    const { result } = await analyzeMemoryProject({
      'conf/base/catalog.yml': 'a:\n  type: MemoryDataset\n',
      'conf/base/catalog_more.yml': 'a:\n  type: MemoryDataset\n_t: 1\n',
      'conf/base/pipelines/x/catalog.yml': '_t: 2\n',
      'conf/local/catalog.yml': 'a:\n  type: MemoryDataset\n',
      'conf/base/parameters.yml': 'model:\n  lr: 1\n',
      'conf/base/parameters_more.yml': 'model:\n  depth: 2\n  lr: 3\n',
      'src/demo/pipelines/p/pipeline.py': USES,
    });
    expect(render(result, 'KL902')).toEqual([
      `conf/base/catalog_more.yml:1:1 KL902 'a' is already defined in another catalog file of environment 'base'; Kedro stops with "Duplicate keys found".`,
      `conf/base/parameters_more.yml:3:3 KL902 'model.lr' is already defined in another parameters file of environment 'base'; Kedro stops with "Duplicate keys found".`,
    ]);
  });
});

describe('KL902 keys repeated inside one file, by config loader', () => {
  const CATALOG = 'a:\n  type: MemoryDataset\n  type: MemoryDataset\nb:\n  type: MemoryDataset\n';
  const PARAMS = 'x: 1\n1: a\n1: b\nx: 2\n';
  const pyproject = (v: string) => `[tool.kedro]\npackage_name = "demo"\nproject_name = "Demo"\nkedro_init_version = "${v}"\n`;
  const lines = async (files: Record<string, string>) => {
    const { result } = await analyzeMemoryProject({ 'conf/base/catalog.yml': CATALOG, 'conf/base/parameters.yml': PARAMS, 'src/demo/pipelines/p/pipeline.py': USES, ...files });
    return result.projects
      .flatMap((p) => p.problems)
      .filter((p) => p.code === 'KL902')
      .map((p) => `${p.loc.uri.replace('file:///proj/', '')}:${p.loc.span.start.line + 1} ${p.severity} ${p.message}`)
      .sort();
  };

  test('Kedro 1.x (OmegaConfigLoader only): str keys are errors, an int key is a warning', async () => {
    expect(await lines({})).toEqual([
      `conf/base/catalog.yml:3 error Key 'a.type' is repeated in this mapping; OmegaConfigLoader stops with "found duplicate key type".`,
      "conf/base/parameters.yml:3 warning Key '1' is repeated in this mapping; every config loader keeps the last value.",
      `conf/base/parameters.yml:4 error Key 'x' is repeated in this mapping; OmegaConfigLoader stops with "found duplicate key x".`,
    ]);
  });

  test('Kedro 0.18 without CONFIG_LOADER_CLASS (ConfigLoader): last value wins, a warning', async () => {
    expect(await lines({ 'pyproject.toml': pyproject('0.18.14') })).toEqual([
      "conf/base/catalog.yml:3 warning Key 'a.type' is repeated in this mapping; ConfigLoader keeps the last value.",
      "conf/base/parameters.yml:3 warning Key '1' is repeated in this mapping; every config loader keeps the last value.",
      "conf/base/parameters.yml:4 warning Key 'x' is repeated in this mapping; ConfigLoader keeps the last value.",
    ]);
  });

  test('Kedro 0.18 with CONFIG_LOADER_CLASS = OmegaConfigLoader (imported): an error', async () => {
    const settings = 'from kedro.config import OmegaConfigLoader\n\nCONFIG_LOADER_CLASS = OmegaConfigLoader\n';
    expect(await lines({ 'pyproject.toml': pyproject('0.18.14'), 'src/demo/settings.py': settings, 'conf/base/parameters.yml': 'x: 1\n' })).toEqual([
      `conf/base/catalog.yml:3 error Key 'a.type' is repeated in this mapping; OmegaConfigLoader stops with "found duplicate key type".`,
    ]);
  });

  test('TemplatedConfigLoader through a module alias, and a custom class: warnings', async () => {
    const templated = 'import kedro.config as kc\n\nCONFIG_LOADER_CLASS = kc.TemplatedConfigLoader\n';
    expect(await lines({ 'pyproject.toml': pyproject('0.18.14'), 'src/demo/settings.py': templated, 'conf/base/parameters.yml': 'x: 1\n' })).toEqual([
      "conf/base/catalog.yml:3 warning Key 'a.type' is repeated in this mapping; TemplatedConfigLoader keeps the last value.",
    ]);
    const custom = 'from demo.loader import MyLoader\n\nCONFIG_LOADER_CLASS = MyLoader\n';
    const files = { 'src/demo/settings.py': custom, 'src/demo/loader.py': 'class MyLoader:\n    pass\n', 'conf/base/parameters.yml': 'x: 1\n' };
    expect(await lines(files)).toEqual([
      "conf/base/catalog.yml:3 warning Key 'a.type' is repeated in this mapping; the custom CONFIG_LOADER_CLASS may keep the last value.",
    ]);
  });

  test('a release range spanning 0.19.0: either loader, so a warning naming both', async () => {
    expect(await lines({ 'requirements.txt': 'kedro>=0.18.14,<0.20\n', 'conf/base/parameters.yml': 'x: 1\n' })).toEqual([
      `conf/base/catalog.yml:3 warning Key 'a.type' is repeated in this mapping; ConfigLoader keeps the last value (OmegaConfigLoader would stop with "found duplicate key").`,
    ]);
  });
});
