import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { SourceHost } from '../../../server/src/core/types';
import { fileUri, uriToPath } from '../../../server/src/core/uri';
import { FsSourceHost } from '../../../server/src/host/fsHost';
import { segmentsInside } from '../../../server/src/project/boundary';
import { PYPROJECT, REGISTRY, testWorkspace } from '../../helpers/analyze';

/** The disk host, recording every path it is asked to read or list (the test's strace). */
class RecordingHost implements SourceHost {
  readonly touched: string[] = [];
  private readonly disk = new FsSourceHost();
  read(uri: string) {
    this.touched.push(uriToPath(uri));
    return this.disk.read(uri);
  }
  readDir(uri: string) {
    this.touched.push(uriToPath(uri));
    return this.disk.readDir(uri);
  }
  realPath(uri: string) {
    return this.disk.realPath(uri);
  }
}

/** A project at <tmp>/proj from `files` (a value `-> target` makes a symlink), next to <tmp>/outside. */
function project(files: Record<string, string>): { root: string; outside: string } {
  const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kl-boundary-')));
  const outside = path.join(tmp, 'outside');
  const all: Record<string, string> = {
    '../outside/catalog.yml': 'leaked:\n  type: pandas.CSVDataset\n  filepath: data/leaked.csv\n',
    '../outside/conf/catalog.yml': 'leaked_dir:\n  type: pandas.CSVDataset\n  filepath: data/leaked.csv\n',
    '../outside/demo/__init__.py': '',
    '../outside/demo/pipeline_registry.py': REGISTRY,
    '../outside/data/x.csv': 'a\n',
    'pyproject.toml': PYPROJECT,
    'src/demo/__init__.py': '',
    'src/demo/pipeline_registry.py': REGISTRY,
    'conf/base/catalog.yml': '',
    'conf/local/.gitkeep': '',
    ...files,
  };
  const root = path.join(tmp, 'proj');
  for (const [rel, text] of Object.entries(all)) {
    const p = path.join(root, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    if (text.startsWith('-> ')) fs.symlinkSync(text.slice(3), p);
    else fs.writeFileSync(p, text);
  }
  return { root, outside };
}

/** KL907 findings as `file:line code message`, and every touched path outside the root. */
async function analyse(files: Record<string, string>, code = 'KL907'): Promise<{ problems: string[]; escaped: string[] }> {
  const { root } = project(files);
  const host = new RecordingHost();
  const ws = await testWorkspace(host);
  await ws.discover([fileUri(root)]);
  const result = await ws.analyze();
  const problems = (result?.projects ?? []).flatMap((p) => p.problems).filter((p) => p.code === code).map((p) => `${path.relative(root, uriToPath(p.loc.uri))}:${p.loc.span.start.line + 1} ${p.code} ${p.message}`);
  const real = (p: string): string => {
    try {
      return fs.realpathSync(p);
    } catch {
      return p; // not there: nothing was read
    }
  };
  const escaped = [...new Set(host.touched)].filter((p) => !`${real(p)}/`.startsWith(`${root}/`));
  return { problems, escaped };
}

describe('the workspace is a boundary', () => {
  test('root-relative paths: absolute, remote and climbing ones leave', () => {
    expect(['src', './src/../lib', 'a/b/..'].map(segmentsInside)).toEqual([['src'], ['lib'], ['a']]);
    expect(['../x', 'src/../../x', '/usr/lib', 'C:\\x', 's3://b/c'].map(segmentsInside)).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  test('source_dir climbing out with ..: not read, one KL907', async () => {
    const r = await analyse({ 'pyproject.toml': `${PYPROJECT}source_dir = "../outside"\n` });
    expect(r).toEqual({ problems: ["pyproject.toml:1 KL907 source_dir '../outside' is outside the project root; its code is not read."], escaped: [] });
  });

  test('an absolute source_dir: not read, one KL907', async () => {
    const r = await analyse({ 'pyproject.toml': `${PYPROJECT}source_dir = "/usr/lib"\n` });
    expect(r).toEqual({ problems: ["pyproject.toml:1 KL907 source_dir '/usr/lib' is outside the project root; its code is not read."], escaped: [] });
  });

  test('CONF_SOURCE = "../x": not read, one KL907 at settings.py, no KL904', async () => {
    const r = await analyse({ 'src/demo/settings.py': 'CONF_SOURCE = "../outside/conf"\n' });
    expect(r.escaped).toEqual([]);
    expect(r.problems).toEqual(["src/demo/settings.py:1 KL907 CONF_SOURCE '../outside/conf' is outside the project root; no configuration is read."]);
    expect((await analyse({ 'src/demo/settings.py': 'CONF_SOURCE = "../outside/conf"\n' }, 'KL904')).problems).toEqual([]);
  });

  test('a symlinked conf file, conf folder and requirements.txt leading outside: not read, one KL907 each', async () => {
    const r = await analyse({ 'conf/base/linked.yml': '-> ../../../outside/catalog.yml', 'conf/base/catalog_extra': '-> ../../../outside/conf', 'requirements.txt': '-> ../outside/catalog.yml' });
    expect(r).toEqual({
      problems: [
        "pyproject.toml:1 KL907 'requirements.txt' is a symlink to a target outside the project root; it is not read.",
        "pyproject.toml:1 KL907 'conf/base/catalog_extra' is a symlink to a target outside the project root; it is not read.",
        "pyproject.toml:1 KL907 'conf/base/linked.yml' is a symlink to a target outside the project root; it is not read.",
      ],
      escaped: [],
    });
  });

  test('a symlink inside the root is followed', async () => {
    const r = await analyse({ 'conf/shared/catalog.yml': 'a:\n  type: pandas.CSVDataset\n  filepath: data/a.csv\n', 'conf/base/shared': '-> ../shared' });
    expect(r).toEqual({ problems: [], escaped: [] });
  });

  test('KL111 does not look outside the root: not through .., not through a linked data folder', async () => {
    const nodes = 'from kedro.pipeline import Node, Pipeline\n\ndef create_pipeline(**kwargs):\n    return Pipeline([Node(len, ["up", "linked"], "n", name="n")])\n';
    const r = await analyse(
      {
        'conf/base/catalog.yml': 'up:\n  type: pandas.CSVDataset\n  filepath: ../outside/data/x.csv\nlinked:\n  type: pandas.CSVDataset\n  filepath: data/x.csv\n',
        data: '-> ../outside/data',
        'src/demo/pipelines/p/__init__.py': 'from .pipeline import create_pipeline\n',
        'src/demo/pipelines/p/pipeline.py': nodes,
      },
      'KL111',
    );
    expect(r).toEqual({ problems: [], escaped: [] });
  });

  test('KL111 globs on disk: not walked into a folder linked outside; a literal name with brackets is found', async () => {
    const nodes = 'from kedro.pipeline import Node, Pipeline\n\ndef create_pipeline(**kwargs):\n    return Pipeline([Node(len, ["linked", "deeper", "bracket", "none"], "n", name="n")])\n';
    const r = await analyse(
      {
        'conf/base/catalog.yml': [
          'linked:\n  type: pandas.ParquetDataset\n  filepath: data/*.parquet\n',
          'deeper:\n  type: pandas.ParquetDataset\n  filepath: in/*/*.parquet\n',
          'bracket:\n  type: pandas.CSVDataset\n  filepath: raw/a[1].csv\n',
          'none:\n  type: pandas.CSVDataset\n  filepath: raw/b[1].csv\n',
        ].join(''),
        data: '-> ../outside/data',
        'in/link': '-> ../../outside/data',
        'raw/a[1].csv': 'a\n',
        'src/demo/pipelines/p/__init__.py': 'from .pipeline import create_pipeline\n',
        'src/demo/pipelines/p/pipeline.py': nodes,
      },
      'KL111',
    );
    expect(r).toEqual({ problems: ["conf/base/catalog.yml:12 KL111 'none' is read from 'raw/b[1].csv', a pattern that no file in the project matches."], escaped: [] });
  });
});
