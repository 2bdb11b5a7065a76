import { describe, expect, test } from 'vitest';
import { analyzeMemoryProject } from '../../helpers/analyze';

const FILES = {
  'src/demo/pipelines/a/pipeline.py': `from kedro.pipeline import Pipeline, node

def create_pipeline(**kwargs):
    return Pipeline([node(len, "raw", "mid", name="count"), node(str, "mid", "out", name="show")])
`,
  'conf/base/catalog.yml': 'raw:\n  type: pandas.CSVDataset\n  filepath: data/01_raw/raw.csv\n',
  'conf/base/parameters.yml': 'alpha: 1\n',
};

/** Every object reachable from `value` (maps, sets, arrays, plain objects). */
function reachable(value: unknown, out = new Set<object>()): Set<object> {
  const stack = [value];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v !== 'object' || v === null || out.has(v)) continue;
    out.add(v);
    if (v instanceof Map) for (const [k, x] of v) stack.push(k, x);
    else if (v instanceof Set) for (const x of v) stack.push(x);
    else for (const x of Object.values(v)) stack.push(x);
  }
  return out;
}

describe('caches have an owner', () => {
  test('two workspaces on the same root share no object: the second analysis is fresh', async () => {
    const one = await analyzeMemoryProject(FILES);
    const two = await analyzeMemoryProject(FILES);
    const a = one.result.projects[0]?.model;
    const b = two.result.projects[0]?.model;
    expect(a?.layout.rootUri).toBe(b?.layout.rootUri);
    expect(a?.nodes.length).toBe(2);
    const seen = reachable(a);
    // Constants (default settings, version tables, empty lists) are shared by any two analyses: those of another
    // project, at another root, are what is left out.
    const other = await analyzeMemoryProject({ 'conf/base/catalog.yml': 'other:\n  type: MemoryDataset\n' }, {}, 'file:///other');
    const constants = reachable(other.result.projects[0]?.model);
    const shared = [...reachable(b)].filter((o) => seen.has(o) && !constants.has(o));
    expect(shared).toEqual([]);
    expect(seen.has(a?.nodes[0] as object) && !reachable(b).has(a?.nodes[0] as object)).toBe(true);
  });

  test('a workspace reuses its own results, and after dispose() it builds new ones', async () => {
    const { ws } = await analyzeMemoryProject(FILES);
    const first = (await ws.analyze())?.projects[0]?.model;
    const again = (await ws.analyze())?.projects[0]?.model;
    expect(again?.nodes[0]).toBe(first?.nodes[0]);
    expect(again?.catalog).toBe(first?.catalog);
    ws.dispose();
    const after = (await ws.analyze())?.projects[0]?.model;
    expect(after?.nodes[0]).not.toBe(first?.nodes[0]);
    expect(after?.catalog).not.toBe(first?.catalog);
    expect(after?.nodes.map((n) => n.name)).toEqual(first?.nodes.map((n) => n.name));
  });
});
