// Facts from the persistent store give the same analysis as facts from a parse: problems, model and the facts themselves.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { DiskFactStore } from '../../../server/src/host/factStore';
import { FsSourceHost } from '../../../server/src/host/fsHost';
import { fileUri } from '../../../server/src/core/uri';
import type { SourceHost } from '../../../server/src/core/types';
import { KedroWorkspace, type WorkspaceAnalysis } from '../../../server/src/analysis/workspace';
import { projectJson } from '../../../server/src/features/pipelineModel';
import { extractConfFacts } from '../../../server/src/parsing/yaml/confFacts';
import { storableConfFacts } from '../../../server/src/parsing/yaml/storedConfFacts';
import { testParser } from '../../helpers/parser';
import { MemoryHost } from '../../helpers/memoryHost';
import { ROOT, withProjectScaffold } from '../../helpers/analyze';
// @ts-expect-error: a plain .mjs script without types
import { generate } from '../../../scripts/gen-project.mjs';

const verifyReuse = process.env['KEDRO_LENS_VERIFY_REUSE'] === '1';

/** Every file under `dir`, for a memory host holding a copy of a project. */
const walkFiles = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walkFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]));

async function run(host: SourceHost, root: string, store?: DiskFactStore): Promise<{ ws: KedroWorkspace; result: WorkspaceAnalysis }> {
  const ws = new KedroWorkspace(host, await testParser(), undefined, { verifyReuse, ...(store ? { factStore: store } : {}) });
  await ws.discover([root]);
  const result = await ws.analyze();
  if (!result) throw new Error('no analysis');
  return { ws, result };
}

/** What a user sees of an analysis, and every module's and conf file's facts. */
const outcome = (r: WorkspaceAnalysis) =>
  r.projects.map((p) => ({ problems: p.problems, model: projectJson(p.model), modules: [...p.model.python.modules].map((m) => m.facts), conf: p.model.confFiles }));

/** Conf files a store keeps (all that were parsed). */
const storableConf = (r: WorkspaceAnalysis): number => r.projects.flatMap((p) => p.model.confFiles).filter((f) => !f.unread).length;

const newStore = (dir: string, salt = 'test'): DiskFactStore => new DiskFactStore(dir, { salt, flushDelayMs: 60_000 });

describe('analysis from stored facts', () => {
  for (const [name, make] of [
    ['the example project', () => path.resolve(__dirname, '../../../examples/spaceflights')],
    ['a generated 300-node project', () => (generate(300, fs.mkdtempSync(path.join(os.tmpdir(), 'kl-gen-'))), '')],
  ] as const) {
    test(`${name}: fresh, first start (fills the store) and second start (parses nothing) agree`, async () => {
      let dir = make();
      if (!dir) dir = fs.readdirSync(os.tmpdir()).map((d) => path.join(os.tmpdir(), d)).filter((d) => d.includes('kl-gen-')).sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0] as string;
      const root = fileUri(dir);
      const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kl-factdir-'));
      const fresh = await run(new FsSourceHost(), root);
      const first = newStore(cacheDir);
      const cold = await run(new FsSourceHost(), root, first);
      await first.flush();
      const warm = await run(new FsSourceHost(), root, newStore(cacheDir));
      expect(cold.result.stats.storedPython).toBe(0);
      expect(cold.result.stats.parsedPython).toBe(fresh.result.stats.parsedPython);
      expect(warm.result.stats.parsedPython).toBe(0);
      expect(warm.result.stats.storedPython).toBe(fresh.result.stats.parsedPython);
      expect(fresh.result.stats.parsedPython).toBeGreaterThan(5);
      expect(cold.result.stats.storedConf).toBe(0);
      expect(warm.result.stats.storedConf).toBe(storableConf(fresh.result));
      expect(warm.result.stats.parsedConf).toBe(fresh.result.stats.parsedConf - storableConf(fresh.result));
      expect(storableConf(fresh.result)).toBeGreaterThan(1);
      expect(outcome(cold.result)).toStrictEqual(outcome(fresh.result));
      expect(outcome(warm.result)).toStrictEqual(outcome(fresh.result));
    });
  }

  test('edits after a start from stored facts give what a fresh analysis of the edited files gives', async () => {
    const files = withProjectScaffold({
      'src/demo/pipelines/a/nodes.py': 'def f(x: int) -> int:\n    return x\n',
      'src/demo/pipelines/a/pipeline.py': 'from kedro.pipeline import Pipeline, node\nfrom .nodes import f\n\n\ndef create_pipeline(**kwargs):\n    return Pipeline([node(f, "raw", "out", name="n")])\n',
      'conf/base/catalog.yml': 'raw:\n  type: pandas.CSVDataset\n  filepath: data/raw.csv\n',
    });
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kl-factdir-'));
    const first = newStore(cacheDir);
    await run(new MemoryHost(ROOT, files), ROOT, first);
    await first.flush();
    const host = new MemoryHost(ROOT, files);
    const { ws, result } = await run(host, ROOT, newStore(cacheDir));
    expect(result.stats.parsedPython).toBe(0);
    for (const [text, code] of [
      ['return Pipeline([node(f, "rawx", "out", name="n")])', 'KL001'],
      ['return Pipeline([node(f, "raw", "out", name="n"), node(f, "out", "o2")])', undefined],
    ] as const) {
      host.set('src/demo/pipelines/a/pipeline.py', files['src/demo/pipelines/a/pipeline.py']!.replace(/return Pipeline\(.*\)/, text));
      const edited = await ws.analyze();
      expect(edited?.stats.parsedPython).toBe(1);
      const fresh = await run(new MemoryHost(ROOT, { ...files, 'src/demo/pipelines/a/pipeline.py': files['src/demo/pipelines/a/pipeline.py']!.replace(/return Pipeline\(.*\)/, text) }), ROOT);
      expect(outcome(edited!)).toStrictEqual(outcome(fresh.result));
      expect(edited?.projects[0]?.problems.some((p) => p.code === 'KL001')).toBe(code === 'KL001');
    }
  });

  test('the parser is loaded only when a file misses the store: a warm start never asks for it, an edit does', async () => {
    const dir = path.resolve(__dirname, '../../../examples/spaceflights');
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kl-factdir-'));
    const lazy = (host: SourceHost, store: DiskFactStore) => {
      const asked = { count: 0 };
      const ws = new KedroWorkspace(host, () => (asked.count++, testParser()), undefined, { verifyReuse, factStore: store });
      return { ws, asked };
    };
    const root = fileUri(dir);
    const copy = (): MemoryHost => new MemoryHost(root, Object.fromEntries(walkFiles(dir).map((f) => [path.relative(dir, f), fs.readFileSync(f, 'utf8')])));
    const fresh = await run(copy(), root);
    const first = newStore(cacheDir);
    const cold = lazy(copy(), first);
    await cold.ws.discover([root]);
    const coldResult = await cold.ws.analyze();
    expect(cold.asked.count).toBe(1);
    expect(coldResult?.stats.parsedPython).toBe(fresh.result.stats.parsedPython);
    expect(outcome(coldResult!)).toStrictEqual(outcome(fresh.result));
    await first.flush();

    const host = copy();
    const warm = lazy(host, newStore(cacheDir));
    await warm.ws.discover([root]);
    const warmResult = await warm.ws.analyze();
    expect(warmResult?.stats.parsedPython).toBe(0);
    expect(warmResult?.stats.storedPython).toBe(fresh.result.stats.parsedPython);
    expect(warm.asked.count).toBe(0);
    expect(outcome(warmResult!)).toStrictEqual(outcome(fresh.result));

    // The first edit of a module needs a parse: the parser is asked for then, once.
    const module = 'src/spaceflights/pipelines/data_processing/pipeline.py';
    host.set(module, fs.readFileSync(path.join(dir, module), 'utf8').replace('"companies"', '"companys"'));
    const edited = await warm.ws.analyze();
    expect(warm.asked.count).toBe(1);
    expect(edited?.stats.parsedPython).toBe(1);
    expect(edited?.projects[0]?.problems.filter((p) => p.code === 'KL001').map((p) => [p.loc.uri.endsWith(module), p.message.includes('companys')])).toContainEqual([true, true]);
  });

  test('a store from another version (salt) is not read: the second start parses', async () => {
    const dir = path.resolve(__dirname, '../../../examples/spaceflights');
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kl-factdir-'));
    const first = newStore(cacheDir, 'v1');
    const filled = await run(new FsSourceHost(), fileUri(dir), first);
    await first.flush();
    const other = await run(new FsSourceHost(), fileUri(dir), newStore(cacheDir, 'v2'));
    expect(other.result.stats.parsedPython).toBe(filled.result.stats.parsedPython);
    expect(other.result.stats.storedPython).toBe(0);
    const again = await run(new FsSourceHost(), fileUri(dir), newStore(cacheDir, 'v1'));
    expect(again.result.stats.parsedPython).toBe(0);
  });
});

describe('conf facts of an older extraction', () => {
  test('are not reused: the conf store key carries CONF_FACTS_VERSION (facts without ParamFact.timestamp are parsed again)', async () => {
    const files = withProjectScaffold({ 'conf/base/parameters.yml': 'start: 2020-01-01\n' });
    const text = files['conf/base/parameters.yml'] as string;
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kl-factdir-'));
    const old = newStore(cacheDir);
    // What the previous extraction stored for this text, under the key it used.
    const stale = { ...storableConfFacts(extractConfFacts('file:///x', text, 'parameters')) as object, params: [{ path: 'start', keySpan: { start: { line: 0, character: 0 }, end: { line: 0, character: 5 } }, type: 'str', preview: '2020-01-01' }] };
    old.put(old.key('conf:parameters:yaml', text), stale);
    await old.flush();
    const { result } = await run(new MemoryHost(ROOT, files), ROOT, newStore(cacheDir));
    expect(result.stats.storedConf).toBe(0);
    expect(result.projects[0]?.model.params.get('start')?.fact.timestamp).toBe('date');
  });
});
