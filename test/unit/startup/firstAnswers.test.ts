import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { FirstAnswersRecorder, RecordingHost } from '../../../server/src/lsp/firstAnswersRecorder';
import { NULL_LOGGER } from '../../../server/src/core/types';
import { fitKey, loadRecord, parseRecord, readRecords, RECORD_FORMAT, StateProbe, writeRecord, type FirstAnswersRecord } from '../../../server/src/startup/firstAnswers';
import { FrameReader, frame, type Message } from '../../../server/src/startup/wire';
import { EXAMPLE } from '../../helpers/fixtures';
import { MemoryHost } from '../../helpers/memoryHost';
import { testWorkspace } from '../../helpers/analyze';

const ROOT = 'file:///ex';

/** The example project's text files in memory (data files too: the analysis lists the data folders). */
function exampleHost(): MemoryHost {
  const files: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else files[path.relative(EXAMPLE, p)] = fs.readFileSync(p, 'utf8');
    }
  };
  walk(EXAMPLE);
  return new MemoryHost(ROOT, files);
}

async function analyse(host: MemoryHost, open = new Map<string, string>()) {
  const overlay = { read: async (uri: string) => (open.has(uri) ? { uri, version: 'doc', text: open.get(uri) as string } : host.read(uri)), readDir: (uri: string) => host.readDir(uri) };
  const recording = new RecordingHost(overlay);
  const ws = await testWorkspace(recording);
  await ws.discover([ROOT]);
  const result = await ws.analyze({});
  if (!result) throw new Error('cancelled');
  const settled = recording.settle();
  if (!settled) throw new Error('a read in flight after the pass');
  const problems = result.projects.flatMap((p) => p.problems).map((p) => `${p.loc.uri} ${p.loc.span.start.line} ${p.code} ${p.message}`).sort();
  return { problems, state: settled.state() };
}

const record = (state: Pick<FirstAnswersRecord, 'reads' | 'dirs' | 'reals'>, init = 'i', settings = 's'): FirstAnswersRecord => ({
  format: RECORD_FORMAT,
  init,
  settings,
  ...state,
  initResult: { capabilities: {} },
  diagnostics: [],
  docs: {},
});

describe('the state a record describes', () => {
  test('a change the record does not see leaves the analysis as it was; every change it does see is one the analysis read', async () => {
    const base = exampleHost();
    const first = await analyse(base);
    const rec = record(first.state);
    // Every Python module of the package and every conf file was read; the data folders were listed.
    const read = new Set(first.state.reads.map(([u]) => u));
    for (const rel of ['src/spaceflights/pipelines/data_processing/pipeline.py', 'conf/base/catalog.yml', 'conf/base/parameters.yml', 'pyproject.toml', 'src/spaceflights/settings.py']) expect(read).toContain(`${ROOT}/${rel}`);

    const mutations: [string, (h: MemoryHost) => void][] = [];
    for (const rel of [...base.files.keys()].map((u) => u.slice(ROOT.length + 1))) {
      mutations.push([`edit ${rel}`, (h) => h.set(rel, `${h.files.get(h.uri(rel))}\n# changed\n`)]);
      mutations.push([`delete ${rel}`, (h) => h.delete(rel)]);
    }
    for (const dir of ['src/spaceflights/pipelines/extra', 'src/spaceflights', 'conf/base', 'conf/staging', 'data/01_raw', 'notebooks', 'docs']) {
      mutations.push([`add ${dir}/new.py`, (h) => h.set(`${dir}/new.py`, 'x = 1\n')]);
      mutations.push([`add ${dir}/catalog_more.yml`, (h) => h.set(`${dir}/catalog_more.yml`, 'more:\n  type: MemoryDataset\n'), ]);
    }
    let seen = 0;
    let unseen = 0;
    for (const [what, mutate] of mutations) {
      const host = exampleHost();
      mutate(host);
      const same = await new StateProbe(host, new Map()).matches(rec);
      if (same) {
        unseen++;
        // Soundness: the record may be used only if the analysis would say the same.
        expect({ what, problems: (await analyse(host)).problems }).toEqual({ what, problems: first.problems });
      } else seen++;
    }
    // Most changes are seen (the analysis reads most of a project); the rest are files it never reads (tests/, README).
    expect(seen).toBeGreaterThan(60);
    expect(unseen).toBeGreaterThan(5);
  }, 120_000);

  test('an opened buffer counts as the text: the same text as the record read passes, another does not', async () => {
    const host = exampleHost();
    const uri = `${ROOT}/src/spaceflights/pipelines/data_processing/pipeline.py`;
    const typo = (host.files.get(uri) as string).replace('"companies"', '"companys"');
    const withBuffer = await analyse(host, new Map([[uri, typo]]));
    expect(withBuffer.problems.some((p) => p.includes('KL001'))).toBe(true);
    const rec = record(withBuffer.state);
    expect(await new StateProbe(host, new Map([[uri, typo]])).matches(rec)).toBe(true);
    // Not opened (yet): the disk has the other text.
    expect(await new StateProbe(host, new Map()).matches(rec)).toBe(false);
    expect(await new StateProbe(host, new Map([[uri, typo.replace('companys', 'companiez')]])).matches(rec)).toBe(false);
  }, 60_000);

  test('a read in flight when a pass completes leaves no state; a later pass\'s reads do not change a settled one', async () => {
    const host = exampleHost();
    const recording = new RecordingHost(host);
    const pyproject = `${ROOT}/pyproject.toml`;
    const catalog = `${ROOT}/conf/base/catalog.yml`;
    const pending = recording.read(pyproject);
    expect(recording.settle()).toBeUndefined();
    await pending;
    const settled = recording.settle();
    expect(settled?.state().reads.map(([u]) => u)).toEqual([pyproject]);
    // The next pass reads (another text of) a file and a new one: the state the last completed pass read stays as it was.
    const before = JSON.stringify(settled?.state());
    host.set('pyproject.toml', `${host.files.get(pyproject)}\n# changed\n`);
    await recording.read(pyproject);
    await recording.read(catalog);
    expect(JSON.stringify(settled?.state())).toBe(before);
    expect(recording.settle()?.state().reads.map(([u]) => u)).toEqual([catalog, pyproject]);
    expect(JSON.stringify(recording.settle()?.state())).not.toBe(before);
  });
});

describe('record files', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kl-records-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  test('one file per state, newest first, four kept; named by the start that may use it; torn and foreign ones are not used', async () => {
    const files: string[] = [];
    for (let i = 0; i < 6; i++) {
      files.push(writeRecord(dir, record({ reads: [[`file:///a${i}`, 'h']], dirs: [], reals: [] })) as string);
      await sleep(15);
    }
    expect(new Set(files).size).toBe(6);
    const stored = readRecords(dir);
    expect(stored.files.map((r) => r.file)).toEqual(files.slice(2).reverse());
    expect(stored.files.map((r) => r.fit)).toEqual(Array(4).fill(fitKey('i', 's')));
    expect(stored.initResult).toEqual({ capabilities: {} });
    // The same state again replaces its own file.
    const again = writeRecord(dir, record({ reads: [['file:///a3', 'h']], dirs: [], reals: [] }));
    expect(again).toBe(files[3]);
    expect(readRecords(dir).files[0]?.file).toBe(files[3]);
    expect(fs.readdirSync(dir).filter((n) => n.endsWith('.json'))).toHaveLength(4);
    // Another start's settings: another name.
    const other = writeRecord(dir, record({ reads: [], dirs: [], reals: [] }, 'i', 'other'));
    expect(path.basename(other as string).startsWith(`${fitKey('i', 'other')}-`)).toBe(true);
    expect(fitKey('i', 'other')).not.toBe(fitKey('i', 's'));

    expect(loadRecord(files[4] as string)?.reads).toEqual([['file:///a4', 'h']]);
    fs.writeFileSync(files[4] as string, '{"format": 1, "init": "i", "sett');
    expect(loadRecord(files[4] as string)).toBeUndefined();
    fs.writeFileSync(files[5] as string, JSON.stringify({ ...record({ reads: [], dirs: [], reals: [] }), format: RECORD_FORMAT + 1 }));
    expect(loadRecord(files[5] as string)).toBeUndefined();
    expect(parseRecord('null')).toBeUndefined();
    expect(parseRecord(JSON.stringify({ ...record({ reads: [], dirs: [], reals: [] }), reads: [['file:///x', 1]] }))).toBeUndefined();
    expect(readRecords(path.join(dir, 'missing'))).toEqual({ initResult: undefined, files: [] });
  });
});

describe('the recorder', () => {
  test('a shutdown while a later pass is reading writes the last completed pass, as it was when it completed', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kl-recorder-'));
    try {
      const host = exampleHost();
      const pyproject = `${ROOT}/pyproject.toml`;
      let hold: (() => void) | undefined;
      // A read that waits until released: the next pass's, still in flight at shutdown.
      const held = { read: async (uri: string) => (uri.endsWith('held.py') ? new Promise<undefined>((r) => (hold = () => r(undefined))) : host.read(uri)), readDir: (uri: string) => host.readDir(uri) };
      const recording = new RecordingHost(held);
      let published = new Map([[pyproject, '[]']]);
      const recorder = new FirstAnswersRecorder(dir, recording, () => ({ settings: 'prod', published: new Map(published), docs: () => ({}) }), NULL_LOGGER);
      recorder.init = { key: 'i', result: { capabilities: {} } };
      await recording.read(pyproject);
      recorder.passDone();
      // The next pass has begun: a read in flight and another list published into the session's own map.
      const next = recording.read(`${ROOT}/held.py`);
      published = new Map([[pyproject, '[{"message":"of the pass that did not complete"}]']]);
      recorder.write();
      const files = readRecords(dir).files;
      expect(files).toHaveLength(1);
      const rec = loadRecord(files[0]?.file as string);
      expect(rec?.settings).toBe('prod');
      expect(rec?.reads.map(([u]) => u)).toEqual([pyproject]);
      expect(rec?.diagnostics).toEqual([[pyproject, []]]);
      // A pass that completes with a read still in flight (of a stopped pass) is not recorded, nor is the one before.
      recorder.passDone();
      fs.rmSync(dir, { recursive: true, force: true });
      recorder.write();
      expect(readRecords(dir).files).toHaveLength(0);
      hold?.();
      await next;
      recorder.dispose();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('LSP frames', () => {
  const msgs: Message[] = [
    { jsonrpc: '2.0', id: 1, method: 'initialize', params: { rootUri: 'file:///ü/√', text: 'a\r\n\r\nb — ✓ 𝄞' } },
    { jsonrpc: '2.0', method: 'initialized', params: {} },
    { jsonrpc: '2.0', id: 'x', result: [{ environment: 'local' }] },
  ];
  const bytes = Buffer.concat(msgs.map(frame));

  test('split anywhere, several in one chunk, multi-byte characters across chunks', () => {
    for (const size of [1, 2, 3, 7, 64, bytes.length]) {
      const got: Message[] = [];
      const reader = new FrameReader((m) => got.push(m), (why) => got.push({ why }));
      for (let i = 0; i < bytes.length; i += size) reader.push(bytes.subarray(i, i + size));
      expect(got).toEqual(msgs);
    }
  });

  test('other headers are allowed; a frame without a length or with bad JSON stops the stream', () => {
    const got: unknown[] = [];
    const reader = new FrameReader((m) => got.push(m), (why) => got.push(why));
    reader.push(Buffer.from('Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nContent-Length: 2\r\n\r\n{}'));
    reader.push(Buffer.from('Content-Length: 3\r\n\r\n{x}'));
    expect(got).toEqual([{}, 'frame is not JSON']);
    const other: unknown[] = [];
    new FrameReader((m) => other.push(m), (why) => other.push(why)).push(Buffer.from('Length: 2\r\n\r\n{}'));
    expect(other).toEqual(['frame without Content-Length']);
  });
});
