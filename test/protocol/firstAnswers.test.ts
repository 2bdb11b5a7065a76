import { fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { URI } from 'vscode-uri';
import { createMessageConnection, IPCMessageReader, IPCMessageWriter } from 'vscode-languageserver-protocol/node';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { copyProject, EXAMPLE } from '../helpers/fixtures';
import { LspTestClient } from '../helpers/lspClient';

// A restart in the state an earlier start recorded (the same files, buffers and settings) gets its diagnostics,
// definitions and hovers from the loader's front before the server bundle has loaded; the server's first pass then
// confirms them. Any difference in what the analysis reads, and the front answers nothing.
describe('first answers from the record of an earlier start', () => {
  const root = copyProject(EXAMPLE);
  const storage = fs.mkdtempSync(path.join(os.tmpdir(), 'kl-storage-'));
  afterAll(() => fs.rmSync(storage, { recursive: true, force: true }));
  const file = path.join(root, 'src/spaceflights/pipelines/data_processing/pipeline.py');
  const fileUri = URI.file(file).toString();
  const typo = fs.readFileSync(file, 'utf8').replace('"companies"', '"companys"');
  const lines = typo.split('\n');
  const line = lines.findIndex((l) => l.includes('"shuttles"'));
  const position = { line, character: (lines[line] as string).indexOf('"shuttles"') + 3 };
  const records = (): string[] => {
    const dir = path.join(storage, 'first-answers');
    return fs.existsSync(dir) ? fs.readdirSync(dir).flatMap((d) => fs.readdirSync(path.join(dir, d)).filter((f) => f.endsWith('.json')).map((f) => path.join(dir, d, f))) : [];
  };

  interface Start {
    /** Every notification in arrival order: [method, uri or log message]. */
    order: [string, string][];
    logs: string[];
    all: [string, Diagnostic[]][];
    definition: unknown;
    hover: unknown;
  }

  async function start(settings: Record<string, unknown> = {}): Promise<Start> {
    const client = LspTestClient.start([`--cache-dir=${storage}`]);
    client.settings = { trace: { server: 'verbose' }, ...settings };
    await client.initialize([root], { workspace: { configuration: true } }, { cacheDir: storage, settings: client.settings });
    // As VS Code's client does right after `initialized` (synchronize.configurationSection): the settings are the same.
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: fileUri, languageId: 'python', version: 1, text: typo } });
    const textDocument = { uri: fileUri };
    const definition = await client.conn.sendRequest('textDocument/definition', { textDocument, position });
    const hover = await client.conn.sendRequest('textDocument/hover', { textDocument, position });
    await client.waitFor(() => client.notifications.find((n) => n.method === 'kedro/projectChanged'), 15000, 'the first analysis');
    expect(await client.stop()).toBe(0);
    const text = (p: unknown): string => String((p as { message?: unknown; uri?: unknown }).message ?? (p as { uri?: unknown }).uri ?? '');
    return {
      order: client.notifications.map((n) => [n.method, text(n.params)]),
      logs: client.notifications.filter((n) => n.method === 'window/logMessage').map((n) => text(n.params)),
      all: [...client.diagnostics].map(([uri, p]): [string, Diagnostic[]] => [uri, p.diagnostics]).filter(([, d]) => d.length).sort((a, b) => a[0].localeCompare(b[0])),
      definition,
      hover,
    };
  }

  /** Position of the opened module's diagnostics among the notifications, and of the bundle's first log line. */
  const firstPublish = (s: Start): number => s.order.findIndex(([m, u]) => m === 'textDocument/publishDiagnostics' && u === fileUri);
  const firstServerLog = (s: Start): number => s.order.findIndex(([m]) => m === 'window/logMessage');

  test('the same state again: the record answers before the bundle, the first pass agrees', async () => {
    const first = await start();
    expect(first.logs.filter((l) => l.startsWith('first_answers '))).toEqual([]);
    expect(first.logs).toContainEqual(expect.stringMatching(/^first_answers_written reads=\d+ published=2 docs=1 ms=\d+$/));
    expect(records()).toHaveLength(1);
    expect(first.all.map(([uri, d]) => [path.relative(root, URI.parse(uri).fsPath), d.map((x) => x.code)])).toEqual([
      ['conf/base/catalog.yml', ['KL110']],
      ['src/spaceflights/pipelines/data_processing/pipeline.py', ['KL001']],
    ]);

    const again = await start();
    expect(again.logs).toContainEqual(expect.stringMatching(/^first_answers used ms=\d+ published=2$/));
    expect(again.logs.filter((l) => l.includes('first_answers_stale'))).toEqual([]);
    // Published before the bundle said anything (its first log line is from its own first pass).
    expect(firstPublish(again)).toBeGreaterThanOrEqual(0);
    expect(firstPublish(again)).toBeLessThan(firstServerLog(again));
    expect(again.all).toEqual(first.all);
    expect(again.definition).toEqual(first.definition);
    expect(again.hover).toEqual(first.hover);
    expect((first.definition as unknown[]).length).toBe(1);
    expect(JSON.stringify(first.hover)).toContain('shuttles');
    // The server published nothing more: its first pass found what the front had sent.
    expect(again.order.filter(([m, u]) => m === 'textDocument/publishDiagnostics' && u === fileUri)).toHaveLength(1);
  }, 60_000);

  test('other settings, or a file changed on disk: nothing from the record', async () => {
    const other = await start({ environment: 'base' });
    expect(other.logs).toContainEqual('first_answers no_record_for_settings');
    const catalog = path.join(root, 'conf/base/catalog.yml');
    const before = fs.readFileSync(catalog, 'utf8');
    try {
      // The typo is now a dataset of the catalog: no KL001, and the front must not say there is one.
      fs.appendFileSync(catalog, '\ncompanys:\n  type: pandas.CSVDataset\n  filepath: data/01_raw/companies.csv\n');
      const changed = await start();
      expect(changed.logs).toContainEqual('first_answers changed');
      expect(changed.order.filter(([m, u]) => m === 'textDocument/publishDiagnostics' && u === fileUri)).toEqual([]);
      expect(changed.all.map(([uri]) => uri)).not.toContain(fileUri);
    } finally {
      fs.writeFileSync(catalog, before);
    }
  }, 60_000);

  test('a buffer edited before the record was checked: nothing from the record', async () => {
    await start();
    const client = LspTestClient.start([`--cache-dir=${storage}`]);
    client.settings = { trace: { server: 'verbose' } };
    // The settings come late, as from a busy editor: the edit arrives while the front waits for them.
    client.conn.onRequest('workspace/configuration', () => new Promise((r) => setTimeout(() => r([client.settings]), 300)));
    await client.initialize([root], { workspace: { configuration: true } }, { cacheDir: storage, settings: client.settings });
    await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: fileUri, languageId: 'python', version: 1, text: typo } });
    const fixed = typo.replace('"companys"', '"companies"');
    await client.conn.sendNotification('textDocument/didChange', { textDocument: { uri: fileUri, version: 2 }, contentChanges: [{ text: fixed }] });
    await client.waitFor(() => client.notifications.find((n) => n.method === 'kedro/projectChanged'), 15000, 'the first analysis');
    expect(await client.stop()).toBe(0);
    const logs = client.notifications.filter((n) => n.method === 'window/logMessage').map((n) => String((n.params as { message: string }).message));
    expect(logs).toContainEqual('first_answers state_changed');
    // The typo's KL001 (in the record) was never sent: the buffer no longer has it.
    expect(client.notifications.filter((n) => n.method === 'textDocument/publishDiagnostics' && (n.params as PublishDiagnosticsParams).uri === fileUri)).toEqual([]);
  }, 60_000);

  test('settings changed after the record matched: answers from the record stop, and the record is not blamed', async () => {
    await start();
    // The record of that state, the newest (others may be pruned: this start leaves one of its own settings).
    const used = records().sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0] as string;
    const client = LspTestClient.start([`--cache-dir=${storage}`]);
    client.settings = { trace: { server: 'verbose' } };
    await client.initialize([root], { workspace: { configuration: true } }, { cacheDir: storage, settings: client.settings });
    await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: fileUri, languageId: 'python', version: 1, text: typo } });
    await client.waitFor(() => client.diagnostics.get(fileUri), 15000, 'diagnostics from the record');
    client.settings = { ...client.settings, rules: { KL001: 'off' } };
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.waitFor(() => (client.diagnostics.get(fileUri)?.diagnostics.length === 0 ? true : undefined), 15000, 'KL001 turned off');
    expect(await client.stop()).toBe(0);
    const logs = client.notifications.filter((n) => n.method === 'window/logMessage').map((n) => String((n.params as { message: string }).message));
    expect(logs).toContainEqual(expect.stringMatching(/^first_answers used /));
    expect(logs.filter((l) => l.startsWith('first_answers_stale'))).toEqual([]);
    expect(fs.existsSync(used)).toBe(true);
  }, 60_000);

  test('an environment picked during a session: the next start in that environment is answered from the record', async () => {
    const client = LspTestClient.start([`--cache-dir=${storage}`]);
    client.settings = { trace: { server: 'verbose' } };
    await client.initialize([root], { workspace: { configuration: true } }, { cacheDir: storage, settings: client.settings });
    await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: fileUri, languageId: 'python', version: 1, text: typo } });
    await client.waitFor(() => client.notifications.find((n) => n.method === 'kedro/projectChanged'), 15000, 'the first analysis');
    // Picked in the session (the extension's status bar): the client now answers with prod.
    client.settings = { ...client.settings, environment: 'prod' };
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.waitFor(() => (client.notifications.filter((n) => n.method === 'kedro/projectChanged').length >= 2 ? true : undefined), 15000, 'the pass in prod');
    expect(await client.stop()).toBe(0);
    // The next start begins in prod (the extension passes the picked environment in the initialization options too).
    const next = await start({ environment: 'prod' });
    expect(next.logs).toContainEqual(expect.stringMatching(/^first_answers used /));
  }, 60_000);

  test('a client that never sends `initialized`: the front does not hold the server back', async () => {
    await start();
    const client = LspTestClient.start([`--cache-dir=${storage}`]);
    const uri = URI.file(root).toString();
    await client.conn.sendRequest('initialize', { processId: process.pid, rootUri: uri, workspaceFolders: [{ uri, name: 'x' }], capabilities: { workspace: { configuration: true } } });
    // Only the server answers this one: it loads within the front's wait (1 s) although the handshake never ends.
    const answer = await Promise.race([client.conn.sendRequest('kedro/projects'), new Promise((r) => setTimeout(() => r('no answer'), 5000))]);
    expect(answer).toEqual({ projects: [], ready: false });
    expect(await client.stop()).toBe(0);
  }, 60_000);

  test('a record the first pass disagrees with is corrected at once and removed', async () => {
    await start();
    const tampered = (): string[] => records().filter((f) => fs.readFileSync(f, 'utf8').includes('not what the analysis says'));
    for (const f of records()) {
      const r = JSON.parse(fs.readFileSync(f, 'utf8')) as { diagnostics: [string, { message: string }[]][] };
      for (const [, list] of r.diagnostics) for (const d of list) d.message = 'not what the analysis says';
      fs.writeFileSync(f, JSON.stringify(r));
    }
    const before = tampered().length;
    const s = await start();
    expect(s.logs).toContainEqual(expect.stringMatching(/^first_answers_stale uris=2 first=file:/));
    const published = s.order.filter(([m, u]) => m === 'textDocument/publishDiagnostics' && u === fileUri);
    expect(published).toHaveLength(2);
    expect(s.all.flatMap(([, d]) => d.map((x) => x.message))).not.toContain('not what the analysis says');
    // The stale record is gone; the pass wrote its own (the same state, the same file) at shutdown; the others stay.
    expect(tampered()).toHaveLength(before - 1);
    const next = await start();
    expect(next.logs).toContainEqual(expect.stringMatching(/^first_answers used /));
  }, 60_000);

  test('over Node IPC, as the extension starts the server', async () => {
    const run = async (): Promise<{ logs: string[]; diagnostics: Diagnostic[] }> => {
      const proc = fork(path.resolve('dist/server.js'), ['--node-ipc', `--cache-dir=${storage}`], { silent: true });
      const conn = createMessageConnection(new IPCMessageReader(proc), new IPCMessageWriter(proc));
      const logs: string[] = [];
      let diagnostics: Diagnostic[] | undefined;
      let analysed: () => void = () => undefined;
      const done = new Promise<void>((r) => (analysed = r));
      conn.onNotification((method: string, params: unknown) => {
        if (method === 'window/logMessage') logs.push(String((params as { message: string }).message));
        if (method === 'textDocument/publishDiagnostics' && (params as PublishDiagnosticsParams).uri === fileUri) diagnostics = (params as PublishDiagnosticsParams).diagnostics;
        if (method === 'kedro/projectChanged') analysed();
      });
      const settings = { trace: { server: 'verbose' } };
      conn.onRequest('workspace/configuration', () => [settings]);
      conn.onRequest('client/registerCapability', () => null);
      conn.listen();
      const uri = URI.file(root).toString();
      await conn.sendRequest('initialize', { processId: process.pid, rootUri: uri, workspaceFolders: [{ uri, name: 'x' }], capabilities: { workspace: { configuration: true } }, initializationOptions: { cacheDir: storage, settings } });
      await conn.sendNotification('initialized', {});
      await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: fileUri, languageId: 'python', version: 1, text: typo } });
      await done;
      await conn.sendRequest('shutdown');
      const exited = new Promise<number | null>((r) => proc.on('exit', r));
      await conn.sendNotification('exit');
      expect(await exited).toBe(0);
      conn.dispose();
      return { logs, diagnostics: diagnostics ?? [] };
    };
    const first = await run();
    const again = await run();
    expect(again.logs).toContainEqual(expect.stringMatching(/^first_answers used ms=\d+ published=2$/));
    expect(again.diagnostics).toEqual(first.diagnostics);
    expect(first.diagnostics.map((d) => d.code)).toEqual(['KL001']);
  }, 60_000);
});
