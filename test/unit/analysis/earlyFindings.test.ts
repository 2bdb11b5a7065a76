import { describe, expect, test } from 'vitest';
import type { Problem } from '../../../server/src/core/types';
import { analyzeMemoryProject, ROOT } from '../../helpers/analyze';

// A server's first pass hands the open documents' node findings out before the rest of the pass: a subset of the
// pass's findings there, never one it would not report, and the pass's own list is the same as without it.
const A = `from kedro.pipeline import Pipeline, node

from .nodes import clean


def create_pipeline(**kwargs):
    return Pipeline([node(clean, "raww", "table", name="clean")])
`;
const NODES = `def clean(df):
    return df
`;
const B = `from kedro.pipeline import Pipeline, node


def create_pipeline(**kwargs):
    return Pipeline([node(len, "raw", "table", name="count"), node(len, "rows", "n", name="size")])  # kedro-lens: ignore[KL203]
`;
const FILES = {
  'src/demo/pipelines/a/pipeline.py': A,
  'src/demo/pipelines/a/nodes.py': NODES,
  'src/demo/pipelines/b/pipeline.py': B,
  'conf/base/catalog.yml': 'raw:\n  type: pandas.CSVDataset\n  filepath: data/01_raw/raw.csv\n',
  'data/01_raw/raw.csv': 'a\n',
};
const A_URI = `${ROOT}/src/demo/pipelines/a/pipeline.py`;
const B_URI = `${ROOT}/src/demo/pipelines/b/pipeline.py`;
const brief = (ps: readonly Problem[]): string[] => ps.map((p) => `${p.code} ${p.loc.uri.slice(ROOT.length)}:${p.loc.span.start.line}`);

describe('early findings of the open documents', () => {
  test('node findings in the open module come first; project rules and other modules only in the whole list', async () => {
    const plain = (await analyzeMemoryProject(FILES)).result;
    const emitted: Problem[][] = [];
    const { result } = await analyzeMemoryProject(FILES, { early: { uris: new Set([B_URI]), publish: (ps) => emitted.push([...ps]) } });

    expect(emitted).toHaveLength(1);
    // The unknown input of the open module's node; not KL010 (a project rule: `table` is written by a's node too), not
    // a's findings, and no unused-suppression verdict on the comment (that needs every rule's findings).
    expect(brief(emitted[0] as Problem[])).toEqual(['KL001 /src/demo/pipelines/b/pipeline.py:4']);
    const whole = result.projects[0]?.problems ?? [];
    expect(brief(whole.filter((p) => p.loc.uri === B_URI)).sort()).toEqual(['KL001 /src/demo/pipelines/b/pipeline.py:4', 'KL010 /src/demo/pipelines/b/pipeline.py:4', 'KL910 /src/demo/pipelines/b/pipeline.py:4']);
    expect(brief(whole.filter((p) => p.loc.uri === A_URI))).toEqual(['KL001 /src/demo/pipelines/a/pipeline.py:6']);
    // Each early finding is in the pass's list, which is the same list, in the same order, as a pass without early.
    for (const p of emitted[0] as Problem[]) expect(whole).toContainEqual(p);
    expect(whole).toEqual(plain.projects[0]?.problems);
    // Each node checked once.
    expect(result.stats.nodeChecks).toEqual({ checked: 3, reused: 0 });
  });

  test('an open module without findings gets an empty list; several open modules one list; one outside every project none', async () => {
    const fromNodes: Problem[][] = [];
    await analyzeMemoryProject(FILES, { early: { uris: new Set([`${ROOT}/src/demo/pipelines/a/nodes.py`]), publish: (ps) => fromNodes.push([...ps]) } });
    // The node of a/pipeline.py runs `clean` from a/nodes.py (checked early too), but its finding is in pipeline.py.
    expect(fromNodes).toEqual([[]]);
    const both: Problem[][] = [];
    await analyzeMemoryProject(FILES, { early: { uris: new Set([A_URI, B_URI]), publish: (ps) => both.push([...ps]) } });
    expect(both.map(brief)).toEqual([['KL001 /src/demo/pipelines/a/pipeline.py:6', 'KL001 /src/demo/pipelines/b/pipeline.py:4']]);
    const outside: Problem[][] = [];
    await analyzeMemoryProject(FILES, { early: { uris: new Set(['file:///elsewhere/x.py']), publish: (ps) => outside.push([...ps]) } });
    expect(outside).toEqual([]);
  });
});
