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
