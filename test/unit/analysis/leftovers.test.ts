import { describe, expect, test } from 'vitest';
import { analyzeMemoryProject, render } from '../../helpers/analyze';

describe('KL101 and the kedro.extras.datasets classes a 0.17 release did not have yet', () => {
  // Read from the kedro tags: 0.18.0 added the networkx file classes, pandas.XMLDataSet and redis.PickleDataSet;
  // plotly.PlotlyDataSet came in 0.17.4, tracking.* in 0.17.5.
  const CATALOG = 'doc:\n  type: pandas.XMLDataSet\n  filepath: data/doc.xml\ncache:\n  type: redis.PickleDataSet\n  key: k\nfig:\n  type: plotly.PlotlyDataSet\n  filepath: data/fig.json\n';
  test('reported where every release of the range lacks the class, known where one has it', async () => {
    const on0173 = await analyzeMemoryProject({ 'conf/base/catalog.yml': CATALOG, 'requirements.txt': 'kedro==0.17.3\n' });
    expect(render(on0173.result, 'KL101')).toEqual([
      "conf/base/catalog.yml:2:9 KL101 Dataset type 'pandas.XMLDataSet' does not exist in the releases this project uses (kedro ==0.17.3 · kedro-datasets any, from requirements.txt: kedro ==0.17.3); it exists in kedro-datasets 1.0.0–<2.0.0, kedro.extras.datasets (kedro 0.18.0–<0.19.0).",
      "conf/base/catalog.yml:5:9 KL101 Dataset type 'redis.PickleDataSet' does not exist in the releases this project uses (kedro ==0.17.3 · kedro-datasets any, from requirements.txt: kedro ==0.17.3); it exists in kedro-datasets 1.0.0–<2.0.0, kedro.extras.datasets (kedro 0.18.0–<0.19.0).",
      "conf/base/catalog.yml:8:9 KL101 Dataset type 'plotly.PlotlyDataSet' does not exist in the releases this project uses (kedro ==0.17.3 · kedro-datasets any, from requirements.txt: kedro ==0.17.3); it exists in kedro-datasets 1.0.0–<2.0.0, kedro.extras.datasets (kedro 0.17.4–<0.19.0).",
    ]);
    const on0177 = await analyzeMemoryProject({ 'conf/base/catalog.yml': CATALOG, 'requirements.txt': 'kedro==0.17.7\n' });
    expect(render(on0177.result, 'KL101')).toEqual([
      "conf/base/catalog.yml:2:9 KL101 Dataset type 'pandas.XMLDataSet' does not exist in the releases this project uses (kedro ==0.17.7 · kedro-datasets any, from requirements.txt: kedro ==0.17.7); it exists in kedro-datasets 1.0.0–<2.0.0, kedro.extras.datasets (kedro 0.18.0–<0.19.0).",
      "conf/base/catalog.yml:5:9 KL101 Dataset type 'redis.PickleDataSet' does not exist in the releases this project uses (kedro ==0.17.7 · kedro-datasets any, from requirements.txt: kedro ==0.17.7); it exists in kedro-datasets 1.0.0–<2.0.0, kedro.extras.datasets (kedro 0.18.0–<0.19.0).",
    ]);
    // A range that reaches 0.18 may run a release that has them.
    const reaching = await analyzeMemoryProject({ 'conf/base/catalog.yml': CATALOG, 'requirements.txt': 'kedro>=0.17.7,<0.19\n' });
    expect(render(reaching.result, 'KL101')).toEqual([]);
  });
});

describe('KL016: a registered value that is surely not a Pipeline', () => {
  // A Kedro 0.18.1 project registered `"__default__": load_data`, the pipeline's module instead of its pipeline.
  const REG = [
    'from kedro.pipeline import Pipeline, node',
    'from demo.pipelines import p',
    'from elsewhere import build',
    '',
    'def helper(x):',
    '    return x',
    '',
    'def register_pipelines():',
    '    return {',
    '        "__default__": p,',
    '        "fn": helper,',
    '        "text": "p",',
    '        "nothing": None,',
    '        "nodes": [node(helper, "a", "b")],',
    '        "ok": p.create_pipeline(),',
    '        "later": build(),',
    '        "three": 3,',
    '    }',
    '',
  ].join('\n');
  const files = (req: string) => ({
    'src/demo/pipeline_registry.py': REG,
    'src/demo/pipelines/p/pipeline.py': 'from kedro.pipeline import Pipeline, node\n\ndef f(a):\n    return a\n\ndef create_pipeline(**kwargs):\n    return Pipeline([node(f, "a", "b", name="f")])\n',
    'conf/base/catalog.yml': 'a:\n  type: pandas.CSVDataSet\n  filepath: a.csv\n',
    'requirements.txt': req,
  });
  test('on 0.18: an error at each such value with the AttributeError of Pipeline.filter; an unknown value stays KL909', async () => {
    const { result } = await analyzeMemoryProject(files('kedro==0.18.1\n'));
    expect(render(result, 'KL016')).toEqual([
      "src/demo/pipeline_registry.py:10:24 KL016 Pipeline '__default__' is registered as a module, not a Pipeline: 'kedro run' fails with AttributeError: module 'demo.pipelines.p' has no attribute 'filter'.",
      "src/demo/pipeline_registry.py:11:15 KL016 Pipeline 'fn' is registered as a function, not a Pipeline: running 'fn' fails with AttributeError: 'function' object has no attribute 'filter'.",
      "src/demo/pipeline_registry.py:12:17 KL016 Pipeline 'text' is registered as a str, not a Pipeline: running 'text' fails with AttributeError: 'str' object has no attribute 'filter'.",
      "src/demo/pipeline_registry.py:13:20 KL016 Pipeline 'nothing' is registered as None, not a Pipeline: running 'nothing' fails with AttributeError: 'NoneType' object has no attribute 'filter'.",
      "src/demo/pipeline_registry.py:14:18 KL016 Pipeline 'nodes' is registered as a list, not a Pipeline: running 'nodes' fails with an AttributeError (no attribute 'filter').",
      "src/demo/pipeline_registry.py:17:18 KL016 Pipeline 'three' is registered as a number, not a Pipeline: running 'three' fails with an AttributeError (no attribute 'filter').",
    ]);
    expect(render(result, 'KL909')).toEqual([
      'src/demo/pipeline_registry.py:16:18 KL909 This call of build() cannot be evaluated statically; checks that depend on it are skipped.',
    ]);
  });
  test('on 0.17 the session reads .nodes; from 1.2 it adds the value to a Pipeline; across both, no text of Kedro is quoted', async () => {
    const on017 = await analyzeMemoryProject(files('kedro==0.17.7\n'));
    expect(render(on017.result, 'KL016')[0]).toBe(
      "src/demo/pipeline_registry.py:10:24 KL016 Pipeline '__default__' is registered as a module, not a Pipeline: 'kedro run' fails with AttributeError: module 'demo.pipelines.p' has no attribute 'nodes'.",
    );
    const on12 = await analyzeMemoryProject(files('kedro==1.2.0\n'));
    expect(render(on12.result, 'KL016')[0]).toBe(
      "src/demo/pipeline_registry.py:10:24 KL016 Pipeline '__default__' is registered as a module, not a Pipeline: 'kedro run' fails with TypeError: unsupported operand type(s) for +=: 'Pipeline' and 'module'.",
    );
    const wide = await analyzeMemoryProject(files('kedro>=0.18,<2\n'));
    expect(render(wide.result, 'KL016')[0]).toBe(
      "src/demo/pipeline_registry.py:10:24 KL016 Pipeline '__default__' is registered as a module, not a Pipeline: 'kedro run' fails with an AttributeError or TypeError, depending on the Kedro release.",
    );
  });
});

describe('KL912: a config loader Kedro cannot create', () => {
  const TEMPLATED = (args: string) => `from kedro.config import TemplatedConfigLoader\n\nCONFIG_LOADER_CLASS = TemplatedConfigLoader\nCONFIG_LOADER_ARGS = ${args}\n`;
  const CONF = { 'conf/base/catalog.yml': 'a:\n  type: pandas.CSVDataSet\n  filepath: a.csv\n', 'conf/local/.gitkeep': '' };
  test('a globals_pattern no file of base or the run environment matches (0.18); one file in local is enough', async () => {
    const none = await analyzeMemoryProject({ ...CONF, 'src/demo/settings.py': TEMPLATED('{"globals_pattern": "*globals.yml"}'), 'requirements.txt': 'kedro==0.18.14\n' });
    expect(render(none.result, 'KL912')).toEqual([
      "src/demo/settings.py:4:43 KL912 No file in 'conf/base', 'conf/local' matches TemplatedConfigLoader's globals_pattern '*globals.yml': creating the loader raises MissingConfigException (\"No files found in [...] matching the glob pattern(s): ['*globals.yml']\").",
    ]);
    const inLocal = await analyzeMemoryProject({ ...CONF, 'conf/local/globals.yml': 'x: 1\n', 'src/demo/settings.py': TEMPLATED('{"globals_pattern": "*globals.yml"}'), 'requirements.txt': 'kedro==0.18.14\n' });
    expect(render(inLocal.result, 'KL912')).toEqual([]);
    // A pattern that may take files of other kinds (globals.ini) is not judged; nor is one not written literally.
    const wide = await analyzeMemoryProject({ ...CONF, 'src/demo/settings.py': TEMPLATED('{"globals_pattern": "globals*"}'), 'requirements.txt': 'kedro==0.18.14\n' });
    expect(render(wide.result, 'KL912')).toEqual([]);
    const computed = await analyzeMemoryProject({ ...CONF, 'src/demo/settings.py': `import os\n${TEMPLATED('{"globals_pattern": os.environ["P"]}')}`, 'requirements.txt': 'kedro==0.18.14\n' });
    expect(render(computed.result, 'KL912')).toEqual([]);
  });

  test("the 0.17 register_config_loader hook's pattern", async () => {
    const { result } = await analyzeMemoryProject({
      ...CONF,
      'src/demo/hooks.py': [
        'from kedro.config import TemplatedConfigLoader',
        'from kedro.framework.hooks import hook_impl',
        '',
        'class ProjectHooks:',
        '    @hook_impl',
        '    def register_config_loader(self, conf_paths):',
        '        return TemplatedConfigLoader(conf_paths, globals_pattern="*globals.yml")',
        '',
      ].join('\n'),
      'src/demo/settings.py': 'from demo.hooks import ProjectHooks\n\nHOOKS = (ProjectHooks(),)\n',
      'requirements.txt': 'kedro==0.17.7\n',
    });
    expect(render(result, 'KL912')).toEqual([
      "src/demo/hooks.py:7:67 KL912 No file in 'conf/base', 'conf/local' matches TemplatedConfigLoader's globals_pattern '*globals.yml': creating the loader raises MissingConfigException (\"No files found in [...] matching the glob pattern(s): ['*globals.yml']\").",
    ]);
  });

  test('OmegaConfigLoader arguments its releases lack: custom_resolvers before 0.18.13, merge_strategy before 0.19', async () => {
    const SETTINGS = 'from kedro.config import OmegaConfigLoader\n\nCONFIG_LOADER_CLASS = OmegaConfigLoader\nCONFIG_LOADER_ARGS = {\n    "custom_resolvers": {"add": lambda a, b: a + b},\n    "merge_strategy": {"parameters": "soft"},\n}\n';
    const at = async (req: string) => render((await analyzeMemoryProject({ ...CONF, 'src/demo/settings.py': SETTINGS, 'requirements.txt': req })).result, 'KL912');
    expect(await at('kedro==0.18.12\n')).toEqual([
      "src/demo/settings.py:5:6 KL912 OmegaConfigLoader takes 'custom_resolvers' from Kedro 0.18.13, and this project uses ==0.18.12: creating the loader raises \"TypeError: OmegaConfigLoader.__init__() got an unexpected keyword argument 'custom_resolvers'\".",
      "src/demo/settings.py:6:6 KL912 OmegaConfigLoader takes 'merge_strategy' from Kedro 0.19.0, and this project uses ==0.18.12: creating the loader raises \"TypeError: OmegaConfigLoader.__init__() got an unexpected keyword argument 'merge_strategy'\".",
    ]);
    expect(await at('kedro==0.18.14\n')).toEqual([
      "src/demo/settings.py:6:6 KL912 OmegaConfigLoader takes 'merge_strategy' from Kedro 0.19.0, and this project uses ==0.18.14: creating the loader raises \"TypeError: OmegaConfigLoader.__init__() got an unexpected keyword argument 'merge_strategy'\".",
    ]);
    // A range that reaches a release with the argument: not every release fails.
    expect(await at('kedro>=0.18.14,<0.20\n')).toEqual([]);
  });
});
