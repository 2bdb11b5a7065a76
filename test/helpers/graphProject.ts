// A small project for the graph tests: namespaces a and a.b, a parameter, a missing input, tags, layers.
import { MODERN_RUN, type DatasetJson, type LocationJson, type NodeJson, type ProjectJson } from '../../common/pipelineModel';

export const loc = (file: string, line: number): LocationJson => ({ uri: `file:///p/${file}`, range: { start: { line, character: 4 }, end: { line: line + 2, character: 5 } } });

export const node = (name: string, inputs: string[], outputs: string[], extra: Partial<NodeJson> = {}): NodeJson => ({
  name,
  nameUncertain: false,
  func: `nodes.${name.split('.').pop() ?? name}`,
  tags: [],
  inputs,
  outputs,
  location: loc('pipeline.py', 10),
  ...extra,
});

export const ds = (name: string, extra: Partial<DatasetJson> = {}): DatasetJson => ({ name, type: 'pandas.CSVDataset', source: 'catalog', producers: [], consumers: [], ...extra });

/**
 *   raw ─▶ clean ─▶ a.x ─▶ a.b.train ─▶ a.b.model ─▶ report ─▶ metrics
 *             params:a.rate ─┘(a.b.train)
 * `clean` (top level), `a.prep` and `a.b.train` in namespaces a and a.b; `report` tagged reporting.
 */
export function project(): ProjectJson {
  const nodes = [
    node('clean', ['raw'], ['clean_data'], { tags: ['prep'], funcLocation: loc('nodes.py', 3) }),
    node('a.prep', ['clean_data'], ['a.x'], { namespace: 'a', tags: ['prep'] }),
    node('a.b.train', ['a.x', 'params:a.rate'], ['a.b.model'], { namespace: 'a.b', tags: ['train'] }),
    node('report', ['a.b.model', 'ghost'], ['metrics'], { tags: ['reporting'] }),
  ];
  return {
    rootUri: 'file:///p',
    env: 'local',
    envs: ['local'],
    kedroVersion: { text: 'kedro >=1,<2 · kedro-datasets >=8', kedro: '>=1,<2', kedroSource: 'test', datasets: '>=8', datasetsSource: 'test', run: MODERN_RUN },
    pipelines: [
      { name: '__default__', partial: false, nodes: nodes.map((n) => n.name) },
      { name: 'empty', partial: true, nodes: [] },
    ],
    nodes,
    datasets: [
      ds('raw', { layer: '01_raw', location: loc('catalog.yml', 0), consumers: ['clean'] }),
      ds('clean_data', { source: 'factory', filepath: 'data/02_intermediate/clean.csv', producers: ['clean'], consumers: ['a.prep'] }),
      ds('a.x', { type: 'MemoryDataset', source: 'memory', producers: ['a.prep'], consumers: ['a.b.train'] }),
      ds('params:a.rate', { type: 'parameter', source: 'parameter', consumers: ['a.b.train'] }),
      ds('a.b.model', { type: 'pickle.PickleDataset', layer: 'models', producers: ['a.b.train'], consumers: ['report'] }),
      ds('ghost', { type: 'MemoryDataset', source: 'memory', consumers: ['report'] }),
      ds('metrics', { layer: 'reporting', producers: ['report'] }),
    ],
    tags: ['prep', 'reporting', 'train'],
    namespaces: ['a', 'a.b'],
    runners: [],
    hooks: [],
    parameters: [],
  };
}

