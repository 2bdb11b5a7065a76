import { describe, expect, test } from 'vitest';
import { hoverFor } from '../../../server/src/features/hover';
import { projectJson } from '../../../server/src/features/pipelineModel';
import { resolvedConfig } from '../../../server/src/features/resolvedConfig';
import { resolveCatalogScalar, type ProjectModel } from '../../../server/src/project/model';
import { analyzeMemoryProject, render } from '../../helpers/analyze';

// What each Kedro 0.17/0.18 config loader does with `${...}` (checked against Kedro 0.18.14 and 0.17.7 themselves):
// ConfigLoader fills nothing (a node got the str '${n}', a TextDataSet opened '<root>/${dir}/cars.txt');
// TemplatedConfigLoader formats from its globals (a whole `${n}` gave the int 3, `${nokey|5}` the str '5', a missing key
// stopped the load with "Failed to format pattern ..."); OmegaConfigLoader registers `globals` only from 0.18.13 and
// `runtime_params` only from 0.18.14 ("Unsupported interpolation type globals" on 0.18.12).
const CATALOG = `_dir: data
cars:
  type: text.TextDataSet
  filepath: \${_dir}/cars.txt
env_cars:
  type: text.TextDataSet
  filepath: \${oc.env:DATA}/cars.txt
global_cars:
  type: text.TextDataSet
  filepath: \${globals:dir}/cars.txt
`;
const PARAMS = 'n: ${n}\nm: ${nokey|5}\np: a_${dir}\nq: ${mapping}\n';
const GLOBALS = 'dir: data\nn: 3\nmapping:\n  a: 1\n  b: x\n';
const NODES = 'def f(cars: str, n: str, m: int, p: str, q_a: str, e: str, g: str) -> None:\n    return None\n';
const PIPE = `from kedro.pipeline import Pipeline, node
from .nodes import f


def create_pipeline(**kwargs):
    return Pipeline([node(f, ["cars", "params:n", "params:m", "params:p", "params:q.a", "env_cars", "global_cars"], None)])
`;
const files = (kedro: string, settings = '', extra: Record<string, string> = {}): Record<string, string> => ({
  'requirements.txt': `${kedro}\n`,
  ...(settings ? { 'src/demo/settings.py': settings } : {}),
  'conf/base/catalog.yml': CATALOG,
  'conf/base/parameters.yml': PARAMS,
  'conf/base/globals.yml': GLOBALS,
  'data/cars.txt': 'cars\n',
  'src/demo/pipelines/p/nodes.py': NODES,
  'src/demo/pipelines/p/pipeline.py': PIPE,
  ...extra,
});
const TCL = 'from kedro.config import TemplatedConfigLoader\n\nCONFIG_LOADER_CLASS = TemplatedConfigLoader\nCONFIG_LOADER_ARGS = {"globals_pattern": "*globals.yml"}\n';
const OMEGA = 'from kedro.config import OmegaConfigLoader\n\nCONFIG_LOADER_CLASS = OmegaConfigLoader\n';
const CODES = ['KL111', 'KL201', 'KL202', 'KL905'];

const analyse = async (f: Record<string, string>): Promise<{ model: ProjectModel; lines: string[] }> => {
  const { result } = await analyzeMemoryProject(f);
  return { model: result.projects[0]!.model, lines: CODES.flatMap((c) => render(result, c)) };
};
const filepath = (m: ProjectModel, name: string): string | undefined => {
  const e = m.catalog.get(name)!;
  return resolveCatalogScalar(m, e.env, e.fact.filepath!.value);
};

describe('Kedro 0.18 ConfigLoader (the default): ${...} stays as written', () => {
  test('paths, parameters and views keep the text; KL111 checks that path, KL202 sees a str, KL905 is silent', async () => {
    const { model, lines } = await analyse(files('kedro==0.18.14'));
    expect(model.configLoaders).toEqual(['ConfigLoader']);
    expect(filepath(model, 'cars')).toBe('${_dir}/cars.txt');
    expect(lines).toEqual([
      "conf/base/catalog.yml:10:13 KL111 'global_cars' is read from '${globals:dir}/cars.txt', which does not exist in the project (ConfigLoader fills no '${...}': Kedro opens the path as written).",
      "conf/base/catalog.yml:4:13 KL111 'cars' is read from '${_dir}/cars.txt', which does not exist in the project (ConfigLoader fills no '${...}': Kedro opens the path as written).",
      "conf/base/catalog.yml:7:13 KL111 'env_cars' is read from '${oc.env:DATA}/cars.txt', which does not exist in the project (ConfigLoader fills no '${...}': Kedro opens the path as written).",
      // `q` is the str '${mapping}': it has no key `a`.
      "src/demo/pipelines/p/pipeline.py:6:76 KL201 Parameter 'q.a' is not defined in the parameters of base + local.",
      "src/demo/pipelines/p/pipeline.py:6:52 KL202 Parameter 'm' is a str (ConfigLoader fills no '${...}'), but 'f' annotates 'm' as int.",
    ]);
    const catalog = resolvedConfig(model, 'catalog');
    expect(catalog).toContain('# This project loads config with ConfigLoader, which fills no ${...}: values are shown as written, as Kedro reads them.\n');
    expect(catalog).toContain('cars:  # conf/base/catalog.yml (base)\n  type: text.TextDataSet\n  filepath: ${_dir}/cars.txt\n');
    expect(catalog).toContain('global_cars:  # conf/base/catalog.yml (base)\n  type: text.TextDataSet\n  filepath: ${globals:dir}/cars.txt\n');
    expect(resolvedConfig(model, 'parameters')).toContain('n: ${n}  # conf/base/parameters.yml (base)\n');
    const entry = model.catalog.get('cars')!;
    const hover = hoverFor(model, { kind: 'catalogKey', name: 'cars', entry: entry.fact, uri: entry.uri, env: 'base' });
    expect(hover).toContain('filepath: `${_dir}/cars.txt`');
    expect(hover).not.toContain('`${_dir}` =');
    // The Datasets view: the path as written is the path.
    const ds = projectJson(model).datasets.find((d) => d.name === 'cars');
    expect([ds?.filepath, ds?.filepathWritten]).toEqual(['${_dir}/cars.txt', undefined]);
  });

  test('a type written as ${...} is looked up as written', async () => {
    // Observed on 0.18.14: "Class '${_t}' not found or one of its dependencies has not been installed."
    const { result } = await analyzeMemoryProject(files('kedro==0.18.14', '', { 'conf/base/catalog.yml': '_t: text.TextDataSet\ncars:\n  type: ${_t}\n  filepath: data/cars.txt\n' }));
    expect(render(result, 'KL101')).toEqual(["conf/base/catalog.yml:3:9 KL101 Dataset type '${_t}' is not a class: ConfigLoader fills no '${...}', so Kedro looks up the text as written."]);
  });

  test('a range that may run ConfigLoader or OmegaConfigLoader: nothing either one fills is reported', async () => {
    const { model, lines } = await analyse(files('kedro>=0.18,<0.20'));
    expect(model.configLoaders).toEqual(['ConfigLoader', 'OmegaConfigLoader']);
    expect(filepath(model, 'cars')).toBeUndefined();
    // Only `m` is wrong under both: '${nokey|5}' is a str as written and no OmegaConf interpolation either.
    expect(lines).toEqual([]);
    expect(resolvedConfig(model, 'catalog')).toContain('# This project loads config with ConfigLoader or OmegaConfigLoader: ${...} is shown as written.\n');
    expect(projectJson(model).datasets.find((d) => d.name === 'cars')?.filepath).toBe('${_dir}/cars.txt');
  });
});

describe('TemplatedConfigLoader: parameters formatted from the globals', () => {
  test('a whole ${key} takes the global and its type, a mapping brings its keys; a key with no value stops the load', async () => {
    const { model, lines } = await analyse(files('kedro==0.18.14', TCL, { 'conf/base/parameters.yml': `${PARAMS}missing: \${nowhere}\n_hidden: \${nowhere}\n` }));
    expect(model.configLoaders).toEqual(['TemplatedConfigLoader']);
    const param = (k: string) => [model.params.get(k)?.fact.type, model.params.get(k)?.fact.preview];
    expect([param('n'), param('m'), param('p'), param('q'), param('q.a'), param('q.b')]).toEqual([
      ['int', '3'],
      ['str', '5'],
      ['str', 'a_data'],
      ['dict', undefined],
      ['int', '1'],
      ['str', 'x'],
    ]);
    expect(filepath(model, 'cars')).toBeUndefined();
    // `_dir` is dropped from the catalog before formatting, and no global names it: Kedro stops there too.
    expect(lines).toEqual([
      "src/demo/pipelines/p/pipeline.py:6:40 KL202 Parameter 'n' is an int in YAML, but 'f' annotates 'n' as str.",
      "src/demo/pipelines/p/pipeline.py:6:52 KL202 Parameter 'm' is a str in YAML, but 'f' annotates 'm' as int.",
      "src/demo/pipelines/p/pipeline.py:6:76 KL202 Parameter 'q.a' is an int in YAML, but 'f' annotates 'q_a' as str.",
      "conf/base/catalog.yml:4:13 KL905 '${_dir}' is in none of TemplatedConfigLoader's globals (globals_pattern files, globals_dict) and has no default: the load stops with \"Failed to format pattern '${_dir}': no config value found, no default provided\".",
      "conf/base/parameters.yml:5:10 KL905 '${nowhere}' is in none of TemplatedConfigLoader's globals (globals_pattern files, globals_dict) and has no default: the load stops with \"Failed to format pattern '${nowhere}': no config value found, no default provided\".",
    ]);
    expect(resolvedConfig(model, 'parameters')).toContain('n: 3  # conf/base/parameters.yml (base)\n');
  });

  test('an edit of the globals file alone reaches the formatted parameters and the kept node checks', async () => {
    const { result, host, ws } = await analyzeMemoryProject(files('kedro==0.18.14', TCL));
    const kl202 = (r: typeof result) => render(r, 'KL202').filter((l) => l.includes("'n'"));
    expect(kl202(result)).toEqual(["src/demo/pipelines/p/pipeline.py:6:40 KL202 Parameter 'n' is an int in YAML, but 'f' annotates 'n' as str."]);
    host.set('conf/base/globals.yml', GLOBALS.replace('n: 3', 'n: three'));
    const edited = (await ws.analyze())!;
    expect(edited.projects[0]!.model.params.get('n')?.fact.preview).toBe('three');
    expect(kl202(edited)).toEqual([]);
    host.set('conf/base/globals.yml', GLOBALS.replace('n: 3\n', ''));
    const removed = (await ws.analyze())!;
    expect(render(removed, 'KL905')).toEqual([
      "conf/base/catalog.yml:4:13 KL905 '${_dir}' is in none of TemplatedConfigLoader's globals (globals_pattern files, globals_dict) and has no default: the load stops with \"Failed to format pattern '${_dir}': no config value found, no default provided\".",
      "conf/base/parameters.yml:1:4 KL905 '${n}' is in none of TemplatedConfigLoader's globals (globals_pattern files, globals_dict) and has no default: the load stops with \"Failed to format pattern '${n}': no config value found, no default provided\".",
    ]);
  });

  test("inside a string a global is written as Python's str() writes it", async () => {
    // Observed on 0.18.14: globals `flag: true`, `ratio: 0.10`, `yes_flag: yes` made 'a_${flag}_${ratio}_${yes_flag}' 'a_True_0.1_True'.
    const extra = { 'conf/base/globals.yml': 'flag: true\nratio: 0.10\nyes_flag: yes\n', 'conf/base/parameters.yml': 'p: a_${flag}_${ratio}_${yes_flag}\n' };
    const { model } = await analyse(files('kedro==0.18.14', TCL, extra));
    expect(model.params.get('p')?.fact.preview).toBe('a_True_0.1_True');
  });

  test('globals not all known (a globals_dict not written literally): no missing key is reported, no value filled', async () => {
    const settings = TCL.replace('"*globals.yml"}', '"*globals.yml", "globals_dict": load()}');
    const { model, lines } = await analyse(files('kedro==0.18.14', settings));
    expect(model.params.get('n')?.fact.preview).toBe('${n}');
    expect(model.params.has('q.a')).toBe(false);
    // `q` may become a mapping: `params:q.a` is not called missing; whole values are not typed.
    expect(lines).toEqual([]);
  });

  test('a literal globals_dict key whose value is not literal still replaces the file key of that name', async () => {
    const settings = TCL.replace('"*globals.yml"}', '"*globals.yml", "globals_dict": {"n": load(), "other": "o"}}');
    const { model, lines } = await analyse(files('kedro==0.18.14', settings, { 'conf/base/catalog.yml': 'cars:\n  type: text.TextDataSet\n  filepath: ${dir}/cars.txt\n' }));
    expect(model.params.get('n')?.fact.preview).toBe('${n}');
    expect(filepath(model, 'cars')).toBe('data/cars.txt');
    expect(lines.filter((l) => l.includes('KL905'))).toEqual([]);
  });
});

describe('OmegaConfigLoader before 0.19: the resolvers it registers by release', () => {
  test('globals from 0.18.13, runtime_params from 0.18.14; a range spanning the release is not reported', async () => {
    const extra = { 'conf/base/parameters.yml': 'n: ${runtime_params:n, "x"}\nm: 1\np: x\nq:\n  a: x\n' };
    const at = async (kedro: string) => (await analyse(files(kedro, OMEGA, extra))).lines.filter((l) => l.includes('KL905') && !l.includes('oc.env'));
    expect(await at('kedro==0.18.12')).toEqual([
      'conf/base/catalog.yml:10:13 KL905 OmegaConfigLoader registers the \'globals\' resolver only from Kedro 0.18.13: this release stops with "Unsupported interpolation type globals".',
      'conf/base/parameters.yml:1:4 KL905 OmegaConfigLoader registers the \'runtime_params\' resolver only from Kedro 0.18.14: this release stops with "Unsupported interpolation type runtime_params".',
    ]);
    expect(await at('kedro==0.18.13')).toEqual([
      'conf/base/parameters.yml:1:4 KL905 OmegaConfigLoader registers the \'runtime_params\' resolver only from Kedro 0.18.14: this release stops with "Unsupported interpolation type runtime_params".',
    ]);
    expect(await at('kedro==0.18.14')).toEqual([]);
    expect(await at('kedro>=0.18.5,<0.19')).toEqual([]);
  });

  test('a parameter that is one whole ${globals:...} may be a mapping: its keys are not called missing', async () => {
    // Observed on 0.18.14: `q: ${globals:mapping}` gave the node `params:q.a` = 1.
    const extra = { 'conf/base/parameters.yml': 'n: x\nm: 1\np: x\nq: ${globals:mapping}\n' };
    const { lines } = await analyse(files('kedro==0.18.14', OMEGA, extra));
    expect(lines.filter((l) => l.includes('KL201'))).toEqual([]);
  });

  test("OmegaConf's own oc.select is cleared before 0.18.12", async () => {
    // Observed: `${oc.select:n, 5}` stopped 0.18.11 with "Unsupported interpolation type oc.select"; 0.18.12 gave 1.
    const extra = { 'conf/base/parameters.yml': 'n: 1\nm: 1\np: x\nq:\n  a: x\nr: ${oc.select:n, 5}\n' };
    const at = async (kedro: string) => (await analyse(files(kedro, OMEGA, extra))).lines.filter((l) => l.includes('oc.select'));
    expect(await at('kedro==0.18.11')).toEqual(['conf/base/parameters.yml:6:4 KL905 OmegaConfigLoader clears OmegaConf\'s \'oc.select\' resolver before Kedro 0.18.12: this release stops with "Unsupported interpolation type oc.select".']);
    expect(await at('kedro==0.18.12')).toEqual([]);
    expect(await at('kedro>=0.18.5,<0.19')).toEqual([]);
  });

  test('the views fill ${globals:...} only where the resolver exists', async () => {
    const old = await analyse(files('kedro==0.18.12', OMEGA));
    expect(resolvedConfig(old.model, 'catalog')).toContain('  filepath: ${globals:dir}/cars.txt\n');
    const current = await analyse(files('kedro==0.18.14', OMEGA));
    expect(resolvedConfig(current.model, 'catalog')).toContain('  filepath: data/cars.txt\n');
  });

  // Kedro 1.5.0 loaded a parameter `random_state: ${globals:random_state}` beside a globals.yml `random_state: 42` as the
  // int 42; the resolved parameters view showed the text as written.
  test('the resolved parameters view fills ${globals:...} too, with its default, and keeps what it cannot fill', async () => {
    const extra = { 'conf/base/parameters.yml': 'r: ${globals:n}\ns: ${globals:nokey, 7}\nt: ${globals:mapping}\nu: ${oc.env:X}\n' };
    const view = async (kedro: string) => resolvedConfig((await analyse(files(kedro, OMEGA, extra))).model, 'parameters');
    const current = await view('kedro==1.5.0');
    expect(current).toContain('r: 3  # conf/base/parameters.yml (base)\n');
    expect(current).toContain('s: 7  # conf/base/parameters.yml (base)\n');
    expect(current).toContain('t: ${globals:mapping}  # conf/base/parameters.yml (base)\n');
    expect(current).toContain('u: ${oc.env:X}  # conf/base/parameters.yml (base)\n');
    expect(await view('kedro==0.18.12')).toContain('r: ${globals:n}  # conf/base/parameters.yml (base)\n');
  });
});
