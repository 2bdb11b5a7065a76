import { describe, expect, test } from 'vitest';
import { analyzeMemoryProject, render } from '../../helpers/analyze';
import { resolveCatalogInterpolations } from '../../../server/src/project/model';

// An empty base_env or run environment is the conf folder itself (Kedro joins '' to CONF_SOURCE); the loader's patterns
// are matched from there, so the default ones (`**/catalog*`, `**/parameters*`) read every environment folder's files in
// that one pass, where a key in two files stops the run with "Duplicate keys found".
const PIPE = `from kedro.pipeline import Pipeline, Node
from .nodes import f

def create_pipeline(**kwargs):
    return Pipeline([
        Node(f, ["prod_only", "params:model.depth", "params:model.rate"], "out", name="a"),
    ])
`;
const FILES = {
  'requirements.txt': 'kedro==1.0.0\n',
  'src/demo/settings.py': 'CONFIG_LOADER_ARGS = {"base_env": "base", "default_run_env": ""}\n',
  'conf/base/catalog.yml': 'companies:\n  type: pandas.CSVDataset\n  filepath: data/01_raw/companies.csv\n',
  'conf/base/parameters.yml': 'seed: 1\n',
  'conf/local/parameters.yml': 'model:\n  depth: 3\n',
  'conf/prod/catalog.yml': 'prod_only:\n  type: pandas.CSVDataset\n  filepath: s3://bucket/prod_only.csv\n',
  'conf/prod/parameters.yml': 'model:\n  rate: 0.1\n',
  'src/demo/pipelines/p/nodes.py': 'def f(x, depth, rate):\n    return x\n',
  'src/demo/pipelines/p/pipeline.py': PIPE,
};
const codes = (r: Awaited<ReturnType<typeof analyzeMemoryProject>>['result'], ...which: string[]) => render(r).filter((l) => which.some((c) => l.includes(` ${c} `)));

describe('an empty environment reads every environment folder together', () => {
  test('an empty run environment: entries and parameters of every folder are read, deep-merged within the pass', async () => {
    const { result } = await analyzeMemoryProject(FILES);
    const model = result.projects[0]!.model;
    expect(model.envChain).toEqual(['base', '']);
    expect(model.envPasses.map((p) => [p.env, p.files.map((f) => f.ref.relPath && `${f.ref.env}/${f.ref.relPath}`).sort()])).toEqual([
      ['base', ['base/catalog.yml', 'base/parameters.yml']],
      ['', ['base/catalog.yml', 'base/parameters.yml', 'local/parameters.yml', 'prod/catalog.yml', 'prod/parameters.yml']],
    ]);
    // prod_only (conf/prod), model.depth (conf/local) and model.rate (conf/prod, the same top-level key) are all defined.
    expect(codes(result, 'KL001', 'KL201', 'KL902')).toEqual([]);
    expect([...model.params.keys()].sort()).toEqual(['model', 'model.depth', 'model.rate', 'seed']);
  });

  test('a key in two folders stops the run under OmegaConfigLoader (base too: it reads base again); the first is related', async () => {
    const { result } = await analyzeMemoryProject({ ...FILES, 'conf/local/catalog.yml': 'companies:\n  type: pandas.CSVDataset\n  filepath: data/local.csv\n', 'conf/prod/parameters.yml': 'model:\n  depth: 4\n' });
    expect(codes(result, 'KL902')).toEqual([
      'conf/local/catalog.yml:1:1 KL902 \'companies\' is already defined in catalog file conf/base/catalog.yml (with an empty run environment Kedro reads the catalog files of every environment folder together); Kedro stops with "Duplicate keys found".',
      'conf/prod/parameters.yml:2:3 KL902 \'model.depth\' is already defined in parameters file conf/local/parameters.yml (with an empty run environment Kedro reads the parameters files of every environment folder together); Kedro stops with "Duplicate keys found".',
    ]);
    const dup = result.projects[0]!.problems.find((p) => p.code === 'KL902');
    expect(dup?.severity).toBe('error');
    expect(dup?.related?.map((r) => [r.loc.uri.split('/conf/')[1], r.loc.span.start.line, r.message])).toEqual([['base/catalog.yml', 0, 'first definition']]);
  });

  test('ConfigLoader (0.18) skips files base read: base against another folder is an override, two other folders still clash', async () => {
    const { result } = await analyzeMemoryProject({
      ...FILES,
      'requirements.txt': 'kedro==0.18.14\n',
      'src/demo/settings.py': 'CONFIG_LOADER_ARGS = {"default_run_env": ""}\n',
      'conf/local/catalog.yml': 'companies:\n  type: pandas.CSVDataset\n  filepath: data/local.csv\nprod_only:\n  type: MemoryDataset\n',
    });
    expect(result.projects[0]!.model.envPasses[1]?.files.map((f) => `${f.ref.env}/${f.ref.relPath}`).sort()).toEqual(['local/catalog.yml', 'local/parameters.yml', 'prod/catalog.yml', 'prod/parameters.yml']);
    expect(codes(result, 'KL902')).toEqual([
      'conf/prod/catalog.yml:1:1 KL902 \'prod_only\' is already defined in catalog file conf/local/catalog.yml (with an empty run environment Kedro reads the catalog files of every environment folder together); Kedro stops with "Duplicate keys found".',
    ]);
    // The run environment's value wins over base's, as in any override.
    expect(result.projects[0]!.model.catalog.get('companies')?.uri).toMatch(/conf\/local\/catalog\.yml$/);
  });

  test('patterns without `**` read nothing inside the environment folders from the conf folder itself', async () => {
    const { result } = await analyzeMemoryProject({
      ...FILES,
      'src/demo/settings.py': 'CONFIG_LOADER_ARGS = {"base_env": "base", "default_run_env": "", "config_patterns": {"catalog": ["catalog*"], "parameters": ["parameters*"]}}\n',
    });
    expect(result.projects[0]!.model.envPasses[1]?.files).toEqual([]);
    expect(codes(result, 'KL001', 'KL201')).toEqual([
      "src/demo/pipelines/p/pipeline.py:6:19 KL001 Dataset 'prod_only' is not in the catalog and no node produces it: it is defined in conf/prod only, and the current environment is base + the conf folder itself.",
      "src/demo/pipelines/p/pipeline.py:6:32 KL201 Parameter 'model.depth' is not defined in the parameters of base + the conf folder itself.",
      "src/demo/pipelines/p/pipeline.py:6:54 KL201 Parameter 'model.rate' is not defined in the parameters of base + the conf folder itself.",
    ]);
  });

  test('files directly in the conf folder are read by that pass only, and OmegaConf resolves across the whole pass', async () => {
    const files = {
      ...FILES,
      'conf/catalog.yml': '_root: data/shared\nprod_only:\n  type: pandas.CSVDataset\n  filepath: ${_root}/prod_only.csv\n',
      'conf/logging.yml': 'version: 1\n',
      'conf/prod/catalog.yml': 'other:\n  type: pandas.CSVDataset\n  filepath: ${_root}/other.csv\n',
    };
    const { result } = await analyzeMemoryProject(files);
    const model = result.projects[0]!.model;
    // conf/catalog.yml matches `catalog*` from the conf folder; logging.yml is no kind's and is not listed.
    expect(model.conf.confFiles.filter((f) => f.env === '').map((f) => [f.relPath, f.kind])).toEqual([['catalog.yml', 'catalog']]);
    expect(model.catalog.get('prod_only')?.uri).toMatch(/\/conf\/catalog\.yml$/);
    // `${_root}` of conf/prod/catalog.yml is defined in conf/catalog.yml, read in the same pass.
    const other = model.catalog.get('other')!;
    const r = resolveCatalogInterpolations(model, other.env, other.fact.filepath!.value, other.uri);
    expect([r.text, r.complete, r.sources[0]?.uri.split('/proj/')[1]]).toEqual(['data/shared/other.csv', true, 'conf/catalog.yml']);
    expect(codes(result, 'KL001')).toEqual([]);

    // A run with base and local does not read the conf folder's own files: prod_only is missing, and conf/ is not an
    // environment to switch to.
    const { result: local } = await analyzeMemoryProject({ ...files, 'src/demo/settings.py': 'CONFIG_LOADER_ARGS = {"base_env": "base", "default_run_env": "local"}\n' });
    expect(local.projects[0]!.model.readConf.has(`${local.projects[0]!.model.conf.confUri}/catalog.yml`)).toBe(false);
    expect(codes(local, 'KL001')).toEqual([
      "src/demo/pipelines/p/pipeline.py:6:19 KL001 Dataset 'prod_only' is not in the catalog and no node produces it.",
    ]);
  });
});
