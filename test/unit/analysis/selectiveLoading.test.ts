import { describe, expect, test } from 'vitest';
import { projectJson } from '../../../server/src/features/pipelineModel';
import { analyzeMemoryProject, render } from '../../helpers/analyze';

const pipeline = (out: string) => `from kedro.pipeline import Pipeline, node\n\ndef create_pipeline(**kwargs):\n    return Pipeline([node(len, "raw", "${out}", name="${out}_node")])\n`;
const REGISTRY = `from kedro.framework.project import find_pipelines
from kedro.pipeline import Pipeline


def register_pipelines():
    pipelines = find_pipelines(raise_errors=True)
    pipelines["training"] = pipelines["a"] + pipelines["b"]
    pipelines["__default__"] = sum(pipelines.values())
    return pipelines
`;

const files = (pin: string) => ({
  'requirements.txt': pin,
  'src/demo/pipeline_registry.py': REGISTRY,
  'src/demo/pipelines/a/pipeline.py': pipeline('a_out'),
  'src/demo/pipelines/b/pipeline.py': pipeline('b_out'),
  'conf/base/catalog.yml': 'raw:\n  type: pandas.CSVDataset\n  filepath: data/01_raw/raw.csv\n',
  'data/01_raw/raw.csv': 'a\n',
});

describe('KL040 pipeline-not-runnable-by-name (Kedro 1.5 selective loading)', () => {
  test('on 1.5: a composed name and indexing by name are reported; the pipelines JSON says why', async () => {
    const { result } = await analyzeMemoryProject(files('kedro==1.5.0\n'));
    expect(render(result, 'KL040')).toEqual([
      "src/demo/pipeline_registry.py:7:16 KL040 'training' cannot be run with 'kedro run --pipelines=training' (Kedro ==1.5.0): Kedro ≥ 1.5 imports only 'demo.pipelines.training' for 'kedro run --pipelines=training', and there is no such folder: find_pipelines(raise_errors=True) raises ImportError.",
      "src/demo/pipeline_registry.py:7:29 KL040 On Kedro ==1.5.0, 'kedro run --pipelines=X' loads only X, so find_pipelines()['a'] raises KeyError whenever another pipeline is requested.",
    ]);
    const json = projectJson(result.projects[0]!.model);
    expect(json.pipelines.find((p) => p.name === 'training')?.notRunnableByName).toMatch(/^Kedro ≥ 1.5 imports only 'demo.pipelines.training'/);
    expect(json.pipelines.find((p) => p.name === 'a')?.notRunnableByName).toBeUndefined();
  });

  test('before 1.5 (or when the release is unknown) every registered name loads', async () => {
    expect(render((await analyzeMemoryProject(files('kedro==1.4.0\n'))).result, 'KL040')).toEqual([]);
    expect(render((await analyzeMemoryProject(files('kedro>=1.0\n'))).result, 'KL040')).toEqual([]);
  });
});
