import { describe, expect, test } from 'vitest';
import { hoverFor } from '../../../server/src/features/hover';
import { resolvedConfig } from '../../../server/src/features/resolvedConfig';
import { resolveCatalogInterpolations, resolveCatalogScalar, type ProjectModel } from '../../../server/src/project/model';
import { analyzeMemoryProject, render, ROOT } from '../../helpers/analyze';

// TemplatedConfigLoader (Kedro 0.17, 0.18) formats `${a.b}` and `${a.b|default}` in every config file from one
// dictionary: the files `globals_pattern` takes in base and then the run environment (whose top-level keys replace
// base's), then `globals_dict` over them. A key it lacks without a default fails the load; a value is not formatted again.
const CATALOG = `cars:
  type: \${datasets.csv}
  filepath: \${bucket}/\${folders.raw}/cars.csv
boats:
  type: pandas.CSVDataSet
  filepath: \${missing|data}/boats.csv
planes:
  type: pandas.CSVDataSet
  filepath: \${nowhere}/planes.csv
env_path:
  type: pandas.CSVDataSet
  filepath: \${oc.env:HOME}/x.csv
`;
const PIPE = `from kedro.pipeline import Pipeline, node
from .nodes import f

def create_pipeline(**kwargs):
    return Pipeline([node(f, ["cars", "boats", "planes", "env_path", "params:run_name"], "out")])
`;
const FILES = {
  'requirements.txt': 'kedro==0.18.14\n',
  'src/demo/settings.py': 'from kedro.config import TemplatedConfigLoader\n\nCONFIG_LOADER_CLASS = TemplatedConfigLoader\nCONFIG_LOADER_ARGS = {"globals_pattern": "*globals.yml"}\n',
  'conf/base/globals.yml': 'bucket: data\nfolders:\n  raw: 01_raw\n  int: 02_intermediate\ndatasets:\n  csv: pandas.CSVDataSet\n_hidden: x\n',
  // Top-level `folders` of the run environment replaces base's whole mapping: `folders.int` is gone.
  'conf/local/my_globals.yml': 'folders:\n  raw: 01_raw_local\n',
  'conf/base/catalog.yml': CATALOG,
  'conf/base/parameters.yml': 'run_name: ${bucket}-${folders.int|none}\n',
  'data/01_raw_local/cars.csv': 'a\n1\n',
  'src/demo/pipelines/p/nodes.py': 'def f(*a):\n    return 1\n',
  'src/demo/pipelines/p/pipeline.py': PIPE,
};

const modelOf = async (files: Record<string, string>): Promise<{ model: ProjectModel; lines: string[] }> => {
  const { result } = await analyzeMemoryProject(files);
  return { model: result.projects[0]!.model, lines: render(result, 'KL111') };
};
const filepath = (m: ProjectModel, name: string): string | undefined => {
  const e = m.catalog.get(name)!;
  return resolveCatalogScalar(m, e.env, e.fact.filepath!.value);
};

describe('TemplatedConfigLoader globals', () => {
  test('0.18 CONFIG_LOADER_ARGS: globals_pattern files of base and the run environment fill ${...}, defaults apply', async () => {
    const { model, lines } = await modelOf(FILES);
    expect(model.configLoaders).toEqual(['TemplatedConfigLoader']);
    expect(filepath(model, 'cars')).toBe('data/01_raw_local/cars.csv');
    expect(resolveCatalogScalar(model, 'base', model.catalog.get('cars')!.fact.type!.value)).toBe('pandas.CSVDataSet');
    expect(filepath(model, 'boats')).toBe('data/boats.csv');
    // Not in the dictionary, no default: Kedro stops; not a value known here (no finding made of it).
    expect(filepath(model, 'planes')).toBeUndefined();
    // `${oc.env:...}` is no TemplatedConfigLoader identifier: left as written, so not a known path.
    expect(filepath(model, 'env_path')).toBeUndefined();
    // Keys starting with '_' are dropped from the globals files.
    expect(resolveCatalogScalar(model, 'base', '${_hidden|dropped}')).toBe('dropped');
    const r = resolveCatalogInterpolations(model, 'base', model.catalog.get('cars')!.fact.filepath!.value);
    expect(r.sources.map((s) => [s.expr, s.value, s.uri.replace(`${ROOT}/`, ''), s.span.start.line])).toEqual([
      ['bucket', 'data', 'conf/base/globals.yml', 0],
      ['folders.raw', '01_raw_local', 'conf/local/my_globals.yml', 1],
    ]);
    // The resolved file exists: no KL111; boats' resolved path does not: KL111 names it. planes is not checked.
    expect(lines.filter((l) => l.includes(' KL111 '))).toEqual(["conf/base/catalog.yml:6:13 KL111 'boats' is read from 'data/boats.csv', which does not exist in the project."]);
  });

  test('the resolved views and the hover show the formatted values', async () => {
    const { model } = await modelOf(FILES);
    const catalog = resolvedConfig(model, 'catalog');
    expect(catalog).toContain('# This project loads config with TemplatedConfigLoader: ${key} and ${key|default} are filled from its globals_pattern files and globals_dict.\n');
    expect(catalog).toContain('cars:  # conf/base/catalog.yml (base)\n  type: pandas.CSVDataSet\n  filepath: data/01_raw_local/cars.csv\n');
    expect(catalog).toContain('  filepath: ${nowhere}/planes.csv\n');
    expect(resolvedConfig(model, 'parameters')).toContain('run_name: data-none  # conf/base/parameters.yml (base)\n');
    const entry = model.catalog.get('cars')!;
    const hover = hoverFor(model, { kind: 'catalogKey', name: 'cars', entry: entry.fact, uri: entry.uri, env: 'base' });
    expect(hover).toContain('**`cars`** — `pandas.CSVDataSet`');
    expect(hover).toContain('filepath: `data/01_raw_local/cars.csv`');
    expect(hover).toContain('`${folders.raw}` = `01_raw_local` (`conf/local/my_globals.yml:2`)');
  });

  test('globals_dict wins over the files; one not written as a literal may replace any key, so nothing is filled', async () => {
    const dict = await modelOf({ ...FILES, 'src/demo/settings.py': FILES['src/demo/settings.py'].replace('"*globals.yml"}', '"*globals.yml", "globals_dict": {"bucket": "s3a://b", "missing": "m"}}') });
    expect(filepath(dict.model, 'cars')).toBe('s3a://b/01_raw_local/cars.csv');
    expect(filepath(dict.model, 'boats')).toBe('m/boats.csv');
    const open = await modelOf({ ...FILES, 'src/demo/settings.py': FILES['src/demo/settings.py'].replace('"*globals.yml"}', '"*globals.yml", "globals_dict": load()}') });
    // `{**files, **globals_dict}`: a dictionary not known here may replace `bucket` and `folders` too.
    expect(filepath(open.model, 'cars')).toBeUndefined();
    expect(filepath(open.model, 'boats')).toBeUndefined();
    expect(open.lines.filter((l) => l.includes(' KL111 '))).toEqual([]);
  });

  test('Kedro 0.17: the TemplatedConfigLoader a register_config_loader hook returns', async () => {
    const hooks = `from typing import Any, Dict, Iterable
from kedro.config import TemplatedConfigLoader
from kedro.framework.hooks import hook_impl


class ProjectHooks:
    @hook_impl
    def register_config_loader(self, conf_paths: Iterable[str], env: str, extra_params: Dict[str, Any]) -> TemplatedConfigLoader:
        return TemplatedConfigLoader(conf_paths, globals_pattern="*globals.yml", globals_dict={"folders": {"raw": "from_dict"}})
`;
    const files = { ...FILES, 'requirements.txt': 'kedro==0.17.7\n', 'src/demo/hooks.py': hooks, 'src/demo/settings.py': 'from demo.hooks import ProjectHooks\n\nHOOKS = (ProjectHooks(),)\n' };
    const { model } = await modelOf(files);
    expect(model.configLoaders).toEqual(['TemplatedConfigLoader']);
    expect(filepath(model, 'cars')).toBe('data/from_dict/cars.csv');
    // A hook returning the plain ConfigLoader formats nothing: `${...}` stays as written.
    const plainHooks = hooks
      .replace('return TemplatedConfigLoader(conf_paths, globals_pattern="*globals.yml", globals_dict={"folders": {"raw": "from_dict"}})', 'return ConfigLoader(conf_paths)')
      .replace('import TemplatedConfigLoader', 'import ConfigLoader, TemplatedConfigLoader');
    const plain = await modelOf({ ...files, 'src/demo/hooks.py': plainHooks });
    expect(plain.model.configLoaders).toEqual(['ConfigLoader']);
    expect(filepath(plain.model, 'boats')).toBe('${missing|data}/boats.csv');
    // ConfigLoader reads `${...}` as written, also one an OmegaConf reference would fill: Kedro opens that very path.
    const refs = await modelOf({ ...files, 'src/demo/hooks.py': plainHooks, 'conf/base/catalog.yml': '_dir: data/nowhere\nboats:\n  type: pandas.CSVDataSet\n  filepath: ${_dir}/boats.csv\n' });
    expect(refs.lines).toEqual(["conf/base/catalog.yml:4:13 KL111 'boats' is read from '${_dir}/boats.csv', which does not exist in the project (ConfigLoader fills no '${...}': Kedro opens the path as written)."]);
    // Any other return (a variable, another class) is a loader not known here.
    const other = await modelOf({ ...files, 'src/demo/hooks.py': plainHooks.replace('return ConfigLoader(conf_paths)', 'loader = ConfigLoader(conf_paths)\n        return loader') });
    expect(other.model.configLoaders).toEqual(['custom']);
    expect(filepath(other.model, 'boats')).toBeUndefined();
  });

  test('an edit of a globals file, or of globals_dict, reaches the kept catalog and KL111', async () => {
    const { result, host, ws } = await analyzeMemoryProject(FILES);
    expect(render(result, 'KL111')).toHaveLength(1);
    // The run environment's `folders` now points at a folder without cars.csv.
    host.set('conf/local/my_globals.yml', 'folders:\n  raw: 01_raw_gone\n');
    const edited = (await ws.analyze())!;
    expect(filepath(edited.projects[0]!.model, 'cars')).toBe('data/01_raw_gone/cars.csv');
    expect(render(edited, 'KL111')).toEqual([
      "conf/base/catalog.yml:3:13 KL111 'cars' is read from 'data/01_raw_gone/cars.csv', which does not exist in the project.",
      "conf/base/catalog.yml:6:13 KL111 'boats' is read from 'data/boats.csv', which does not exist in the project.",
    ]);
    host.set('src/demo/settings.py', FILES['src/demo/settings.py'].replace('"*globals.yml"}', '"*globals.yml", "globals_dict": {"folders": {"raw": "01_raw_local"}, "missing": "data/01_raw_local"}}'));
    host.set('data/01_raw_local/boats.csv', 'a\n1\n');
    const again = (await ws.analyze())!;
    expect(render(again, 'KL111')).toEqual([]);
  });
});
