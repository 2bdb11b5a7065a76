import { describe, expect, test } from 'vitest';
import { PYPROJECT, testWorkspace, withProjectScaffold } from '../../helpers/analyze';
import { MemoryHost } from '../../helpers/memoryHost';

describe('KedroWorkspace', () => {
  test('discovers every project in a monorepo, skipping virtualenvs and node_modules', async () => {
    const host = new MemoryHost('file:///mono', {
      'a/pyproject.toml': PYPROJECT,
      'libs/b/pyproject.toml': PYPROJECT,
      'c/pyproject.toml': '[project]\nname = "not kedro"\n',
      '.venv/lib/x/pyproject.toml': PYPROJECT,
      'node_modules/y/pyproject.toml': PYPROJECT,
    });
    const ws = await testWorkspace(host);
    expect(await ws.discover(['file:///mono'])).toEqual(['file:///mono/a', 'file:///mono/libs/b']);
  });

  test('re-parses only files whose version changed', async () => {
    const pipe = (input: string) => `from kedro.pipeline import Pipeline, node\nfrom .nodes import f\ndef create_pipeline(**kwargs):\n    return Pipeline([node(f, "${input}", "${input}_out")])\n`;
    const host = new MemoryHost('file:///p', withProjectScaffold({
      'src/demo/pipelines/a/pipeline.py': pipe('x'),
      'src/demo/pipelines/b/pipeline.py': pipe('y'),
      'conf/base/catalog.yml': 'x:\n  type: pandas.CSVDataset\n  filepath: x.csv\ny:\n  type: pandas.CSVDataset\n  filepath: y.csv\n',
    }));
    const ws = await testWorkspace(host);
    await ws.discover(['file:///p']);
    expect((await ws.analyze())?.stats).toMatchObject({ parsedPython: 6, parsedConf: 1 });
    host.set('src/demo/pipelines/b/pipeline.py', pipe('q'));
    const second = await ws.analyze();
    expect(second?.stats).toMatchObject({ parsedPython: 1, parsedConf: 0 });
    expect(second?.projects[0]?.problems.filter((p) => p.code === 'KL001').map((p) => p.message)).toEqual(["Dataset 'q' is not in the catalog and no node produces it."]);
  });

  test('a newer analysis supersedes an older one', async () => {
    const host = new MemoryHost('file:///p', { 'pyproject.toml': PYPROJECT, 'src/demo/a.py': 'x = 1\n' });
    const ws = await testWorkspace(host);
    await ws.discover(['file:///p']);
    const [first, second] = await Promise.all([ws.analyze(), ws.analyze()]);
    expect(first).toBeUndefined();
    expect(second?.projects).toHaveLength(1);
  });
});

describe('exclude globs', () => {
  test('excluded files are not analysed', async () => {
    const host = new MemoryHost('file:///p', withProjectScaffold({
      'src/demo/pipelines/a/pipeline.py': 'from kedro.pipeline import Pipeline, node\nfrom .nodes import f\ndef create_pipeline(**kwargs):\n    return Pipeline([node(f, "nowhere", "o")])\n',
      'conf/base/catalog.yml': 'x: [broken\n',
    }));
    const ws = await testWorkspace(host);
    await ws.discover(['file:///p']);
    const all = await ws.analyze();
    expect(all?.projects[0]?.problems.map((p) => p.code).sort()).toEqual(['KL001', 'KL103', 'KL110', 'KL900']);
    const some = await ws.analyze({ exclude: ['src/demo/pipelines/a/**', 'conf/base/catalog.yml'] });
    expect(some?.projects[0]?.problems.map((p) => p.code)).toEqual([]);
  });
});
