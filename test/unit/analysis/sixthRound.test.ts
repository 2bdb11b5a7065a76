import { expect, test } from 'vitest';
import { analyzeMemoryProject, render } from '../../helpers/analyze';

// Sixth real-project round: a namespaced pipeline reads `params:audience_building.id_col`, which the namespace turns
// into `params:scoring.audience_building.id_col`; the parameters give `scoring.audience_building: ${audience_building}`,
// a whole-mapping reference OmegaConf resolves against the merged parameters.
const NAMESPACED = {
  'src/demo/pipelines/audience/nodes.py': 'def pick(df, id_col: str, start: int):\n    return df\n',
  'src/demo/pipelines/audience/pipeline.py': [
    'from kedro.pipeline import Pipeline, node, pipeline',
    'from .nodes import pick',
    '',
    'def create_pipeline(**kwargs):',
    '    template = Pipeline([node(pick, ["orders", "params:audience_building.id_col", "params:start"], "audience")])',
    '    return pipeline(template, namespace="scoring")',
    '',
  ].join('\n'),
  'conf/base/catalog.yml': '"{namespace}.orders":\n  type: pandas.CSVDataset\n  filepath: data/{namespace}/orders.csv\n',
};

test('a parameter mapping aliased by ${...} holds the referenced keys (OmegaConfigLoader)', async () => {
  const { result } = await analyzeMemoryProject({
    ...NAMESPACED,
    'conf/base/parameters.yml': 'audience_building:\n  id_col: seller_id\n',
    'conf/base/parameters_scoring.yml': 'scoring:\n  audience_building: ${audience_building}\n  start: 201701\n',
  });
  expect(render(result, 'KL201')).toEqual([]);
  expect(render(result, 'KL202')).toEqual([]);
});

test('the alias takes the referenced type: KL202 still reads through it', async () => {
  const { result } = await analyzeMemoryProject({
    ...NAMESPACED,
    'conf/base/parameters.yml': 'audience_building:\n  id_col: 12\n',
    'conf/base/parameters_scoring.yml': 'scoring:\n  audience_building: ${audience_building}\n  start: 201701\n',
  });
  expect(render(result, 'KL201')).toEqual([]);
  expect(render(result, 'KL202')).toEqual([
    "src/demo/pipelines/audience/pipeline.py:5:49 KL202 Parameter 'scoring.audience_building.id_col' is an int in YAML, but 'pick' annotates 'id_col' as str.",
  ]);
});

test('an alias of a missing key, or with ConfigLoader (no interpolation), defines nothing', async () => {
  const missing = await analyzeMemoryProject({
    ...NAMESPACED,
    'conf/base/parameters.yml': 'audience:\n  id_col: seller_id\n',
    'conf/base/parameters_scoring.yml': 'scoring:\n  audience_building: ${audience_building}\n  start: 201701\n',
  });
  expect(render(missing.result, 'KL201')).toEqual([
    "src/demo/pipelines/audience/pipeline.py:5:49 KL201 Parameter 'scoring.audience_building.id_col' is not defined in the parameters of base + local.",
  ]);
  const legacy = await analyzeMemoryProject({
    ...NAMESPACED,
    'requirements.txt': 'kedro==0.18.14\n',
    'conf/base/parameters.yml': 'audience_building:\n  id_col: seller_id\n',
    'conf/base/parameters_scoring.yml': 'scoring:\n  audience_building: ${audience_building}\n  start: 201701\n',
  });
  expect(render(legacy.result, 'KL201').map((l) => l.split(' KL201 ')[1]?.split(';')[0])).toEqual([
    "Parameter 'scoring.audience_building.id_col' is not defined in the parameters of base + local",
  ]);
});
