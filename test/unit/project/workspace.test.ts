import { describe, expect, test } from 'vitest';
import { KedroWorkspace } from '../../../server/src/project/workspace';
import { PYPROJECT } from '../../helpers/analyze';
import { MemoryHost } from '../../helpers/memoryHost';
import { testParser } from '../../helpers/parser';

describe('KedroWorkspace', () => {
  test('discovers every project in a monorepo, skipping virtualenvs and node_modules', async () => {
    const host = new MemoryHost('file:///mono', {
      'a/pyproject.toml': PYPROJECT,
      'libs/b/pyproject.toml': PYPROJECT,
      'c/pyproject.toml': '[project]\nname = "not kedro"\n',
      '.venv/lib/x/pyproject.toml': PYPROJECT,
      'node_modules/y/pyproject.toml': PYPROJECT,
    });
    const ws = new KedroWorkspace(host, await testParser());
    expect(await ws.discover(['file:///mono'])).toEqual(['file:///mono/a', 'file:///mono/libs/b']);
  });

  test('re-parses only files whose version changed', async () => {
    const host = new MemoryHost('file:///p', {
      'pyproject.toml': PYPROJECT,
      'src/demo/a.py': 'from kedro.pipeline import node\nnode(f, "x", "y")\n',
      'src/demo/b.py': 'from kedro.pipeline import node\nnode(f, "y", "z")\n',
      'conf/base/catalog.yml': 'x:\n  type: pandas.CSVDataset\n  filepath: x.csv\n',
    });
    const ws = new KedroWorkspace(host, await testParser());
    await ws.discover(['file:///p']);
    expect((await ws.analyze())?.stats).toMatchObject({ parsedPython: 2, parsedConf: 1 });
    host.set('src/demo/b.py', 'from kedro.pipeline import node\nnode(f, "q", "z")\n');
    const second = await ws.analyze();
    expect(second?.stats).toMatchObject({ parsedPython: 1, parsedConf: 0 });
    expect(second?.projects[0]?.problems.map((p) => p.message)).toEqual(["Dataset 'q' is not in the catalog and no node produces it."]);
  });

  test('a newer analysis supersedes an older one', async () => {
    const host = new MemoryHost('file:///p', { 'pyproject.toml': PYPROJECT, 'src/demo/a.py': 'x = 1\n' });
    const ws = new KedroWorkspace(host, await testParser());
    await ws.discover(['file:///p']);
    const [first, second] = await Promise.all([ws.analyze(), ws.analyze()]);
    expect(first).toBeUndefined();
    expect(second?.projects).toHaveLength(1);
  });
});
