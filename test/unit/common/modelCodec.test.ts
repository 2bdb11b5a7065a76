import { describe, expect, test } from 'vitest';
import { decodeModel, ModelEncoder, type CompactModel } from '../../../common/modelCodec';
import { MODERN_RUN, type NodeJson, type ProjectJson } from '../../../common/pipelineModel';

const loc = (uri: string, line: number) => ({ uri, range: { start: { line, character: 4 }, end: { line, character: 9 } } });
const node = (name: string, uri: string): NodeJson => ({ name, nameUncertain: false, func: 'f', tags: ['t'], inputs: ['a'], outputs: ['b'], location: loc(uri, 3), funcLocation: loc('file:///n.py', 1) });
const project = (nodes: NodeJson[]): ProjectJson => ({
  rootUri: 'file:///p',
  env: 'local',
  envs: ['base', 'local'],
  kedroVersion: { text: 'kedro >=1,<2 · kedro-datasets >=8', kedro: '>=1,<2', kedroSource: 'test', datasets: '>=8', datasetsSource: 'test', run: MODERN_RUN },
  pipelines: [{ name: '__default__', partial: false, nodes: nodes.map((n) => n.name), location: loc('file:///r.py', 0) }],
  nodes,
  datasets: [{ name: 'a', type: 'pandas.CSVDataset', source: 'catalog', producers: [], consumers: ['n1'], location: loc('file:///c.yml', 2) }],
  tags: ['t'],
  namespaces: [],
  runners: [],
  hooks: [],
  parameters: [],
});
// What goes over the wire: JSON text, parsed again by the client.
const wire = (m: CompactModel): CompactModel => JSON.parse(JSON.stringify(m)) as CompactModel;

describe('model codec', () => {
  test('round trip: the decoded model equals the original', () => {
    const p = project([node('n1', 'file:///a.py'), node('n2', 'file:///b.py')]);
    const encoded = new ModelEncoder().encode([p]);
    expect(encoded.uris).toEqual(['file:///r.py', 'file:///a.py', 'file:///n.py', 'file:///b.py', 'file:///c.yml']);
    expect(decodeModel(wire(encoded))).toEqual([p]);
  });

  test('a node kept by the server is encoded once; URIs keep their indices as new ones are added', () => {
    const encoder = new ModelEncoder();
    const kept = node('n1', 'file:///a.py');
    const first = encoder.encode([project([kept])]);
    const p2 = project([node('n0', 'file:///z.py'), kept]);
    const second = encoder.encode([p2]);
    const nodesOf = (m: CompactModel) => (m.projects[0] as { nodes: unknown[] }).nodes;
    expect(nodesOf(second)[1]).toBe(nodesOf(first)[0]);
    expect(second.uris.slice(0, first.uris.length)).toEqual(first.uris);
    expect(decodeModel(wire(second))).toEqual([p2]);
  });
});
