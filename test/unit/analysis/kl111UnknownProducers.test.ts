import { expect, test } from 'vitest';
import { analyzeMemoryProject } from '../../helpers/analyze';

// KL111 (an input file missing) stays quiet while a node's outputs are not known: that node may write the file.
test('KL111 is reported for a free input only when every node output is known', async () => {
  const pipeline = (outputs: string) =>
    `from kedro.pipeline import Pipeline, node\nfrom demo.names import out_name\nfrom .nodes import f\n\n\ndef create_pipeline(**kwargs):\n    return Pipeline([node(f, "model", ${outputs}, name="a"), node(f, "model", "y", name="b")])\n`;
  const files = (outputs: string) => ({
    'src/demo/names.py': 'import os\n\n\ndef out_name():\n    return os.environ["OUT"]\n',
    'src/demo/pipelines/p/nodes.py': 'def f(x):\n    return x\n',
    'src/demo/pipelines/p/pipeline.py': pipeline(outputs),
    'conf/base/catalog.yml': 'model:\n  type: pickle.PickleDataset\n  filepath: data/06_models/model.pkl\n',
  });
  const kl111 = async (outputs: string) => ((await analyzeMemoryProject(files(outputs))).result.projects[0]?.problems ?? []).filter((p) => p.code === 'KL111').map((p) => p.message);
  expect(await kl111('"x"')).toEqual(["'model' is read from 'data/06_models/model.pkl', which does not exist in the project."]);
  expect(await kl111('out_name()')).toEqual([]);
});
