import { expect, test } from 'vitest';
import { analyzeMemoryProject, render } from '../../helpers/analyze';

// Fifth real-project round: an MLflow experiment id written as a YAML integer for a `str` parameter read
// "is a int in YAML".
test('KL202 names an int with "an"', async () => {
  const { result } = await analyzeMemoryProject({
    'conf/base/parameters.yml': 'experiment_id: 7146423\nrun_name: 12\n',
    'src/demo/pipelines/p/nodes.py': 'def start(experiment_id: str, run_name: str) -> str:\n    return experiment_id\n',
    'src/demo/pipelines/p/pipeline.py':
      'from kedro.pipeline import Pipeline, node\nfrom .nodes import start\n\ndef create_pipeline(**kwargs):\n    return Pipeline([node(start, ["params:experiment_id", "params:run_name"], "experiment")])\n',
  });
  expect(render(result, 'KL202')).toEqual([
    "src/demo/pipelines/p/pipeline.py:5:36 KL202 Parameter 'experiment_id' is an int in YAML, but 'start' annotates 'experiment_id' as str.",
    "src/demo/pipelines/p/pipeline.py:5:60 KL202 Parameter 'run_name' is an int in YAML, but 'start' annotates 'run_name' as str.",
  ]);
});
