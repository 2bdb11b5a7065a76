import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { vizFileNameOk, writeKedroVizFiles, type VizExport } from '../../../common/kedroViz';

// Kedro-Viz's `--load-file` server answers `api/pipelines/<id>` only when its file-name sanitiser leaves <id> as it
// is; run against Kedro-Viz 12.4 it answered 400 for `__default__` (the sanitiser strips leading/trailing `_` and `.`).
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kedro-lens-vizname-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const graph = (selected: string) => ({ nodes: [], edges: [], layers: [], tags: [], pipelines: [], modular_pipelines: {}, selected_pipeline: selected });

describe('Kedro-Viz pipeline file names', () => {
  test.each([
    ['data_science', true], ['v1.2', true], ['a', true], ['-x-', true], ['9', true],
    ['__default__', false], ['_draft', false], ['draft_', false], ['.hidden', false], ['x.', false], ['a b', false], ['é', false], ['a/b', false], ['..', false], ['', false],
  ])('%s served: %s', (name, ok) => {
    expect(vizFileNameOk(name)).toBe(ok);
  });

  test('a pipeline Kedro-Viz would not serve is left out, unless api/main already holds it', () => {
    const ids = ['__default__', 'data_science', '_draft', 'draft_', '.hidden', 'a/b', 'v1.2'];
    const out = { main: graph('__default__'), runStatus: {}, pipelines: new Map(ids.map((id) => [id, graph(id)])), nodes: new Map() } as unknown as VizExport;
    const dir = path.join(tmp, 'one');
    expect(writeKedroVizFiles(out, dir)).toEqual(['_draft', 'draft_', '.hidden', 'a/b']);
    expect(fs.readdirSync(path.join(dir, 'api/pipelines')).sort()).toEqual(['__default__', 'data_science', 'v1.2']);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'api/pipelines/__default__'), 'utf8'))).toMatchObject({ selected_pipeline: '__default__' });
  });

  test('a main pipeline whose name is not even a plain file name is not written, and not reported either', () => {
    const out = { main: graph('a/b'), runStatus: {}, pipelines: new Map([['a/b', graph('a/b')], ['ok', graph('ok')]]), nodes: new Map() } as unknown as VizExport;
    const dir = path.join(tmp, 'two');
    expect(writeKedroVizFiles(out, dir)).toEqual([]);
    expect(fs.readdirSync(path.join(dir, 'api/pipelines'))).toEqual(['ok']);
  });
});
