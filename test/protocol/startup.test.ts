import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { URI } from 'vscode-uri';
import type { Diagnostic, Location } from 'vscode-languageserver-protocol';
import { copyProject, EXAMPLE } from '../helpers/fixtures';
import { LspTestClient } from '../helpers/lspClient';
import { readCache } from '../../server/src/startup/codeCache';

// What a user sees in the first second: the server started as the extension starts it (--cache-dir), a module with a
// typo opened and a go-to-definition asked at once, before any analysis ran.
describe('first answers, with and without the code cache', () => {
  const root = copyProject(EXAMPLE);
  const storage = fs.mkdtempSync(path.join(os.tmpdir(), 'kl-storage-'));
  afterAll(() => fs.rmSync(storage, { recursive: true, force: true }));
  const file = path.join(root, 'src/spaceflights/pipelines/data_processing/pipeline.py');
  const fileUri = URI.file(file).toString();
  const text = fs.readFileSync(file, 'utf8').replace('"companies"', '"companys"');
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes('"shuttles"'));
  const position = { line, character: (lines[line] as string).indexOf('"shuttles"') + 3 };

  async function firstAnswers(): Promise<{ definition: Location[]; diagnostics: Diagnostic[] }> {
    const client = LspTestClient.start([`--cache-dir=${storage}`]);
    await client.initialize([root], { workspace: { configuration: true } });
    await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: fileUri, languageId: 'python', version: 1, text } });
    // Asked before the first analysis finished: answered once it has, not with an empty list.
    const definition = await client.conn.sendRequest<Location[]>('textDocument/definition', { textDocument: { uri: fileUri }, position });
    const published = await client.waitFor(() => client.diagnostics.get(fileUri), 15000, 'diagnostics of the opened module');
    // The server's own first pass (a restart in a recorded state is answered before it: test/protocol/firstAnswers.test.ts).
    await client.waitFor(() => client.notifications.find((n) => n.method === 'kedro/projectChanged'), 15000, 'the first analysis');
    expect(await client.stop()).toBe(0);
    return { definition, diagnostics: published.diagnostics };
  }

  const cacheFiles = (): string[] => (fs.existsSync(path.join(storage, 'code-cache')) ? fs.readdirSync(path.join(storage, 'code-cache')) : []);

  test('a server stopped before its first analysis writes no cache (it would lack the analysis code, and stay)', async () => {
    const client = LspTestClient.start([`--cache-dir=${storage}`]);
    await client.conn.sendRequest('initialize', { processId: process.pid, rootUri: URI.file(root).toString(), capabilities: {} });
    expect(await client.stop()).toBe(0);
    expect(cacheFiles()).toEqual([]);
  });

  test('a cold start writes the cache, a warm start and a start over a corrupt cache answer the same', async () => {
    const cold = await firstAnswers();
    const catalog = URI.file(path.join(root, 'conf/base/catalog.yml')).toString();
    expect(cold.definition).toEqual([{ uri: catalog, range: expect.objectContaining({ start: expect.objectContaining({ line: expect.any(Number) }) }) }]);
    expect(cold.diagnostics.map((d) => [d.code, d.range.start.line, String(d.message).slice(0, 40)])).toEqual([[
      'KL001',
      lines.findIndex((l) => l.includes('"companys"')),
      expect.stringContaining('companys'),
    ]]);
    // Written at shutdown (the first analysis was published), checksummed.
    const [name] = cacheFiles();
    expect(cacheFiles()).toHaveLength(1);
    const cached = path.join(storage, 'code-cache', name as string);
    expect(readCache(cached)?.length).toBeGreaterThan(100_000);
    const mtime = fs.statSync(cached).mtimeMs;

    const warm = await firstAnswers();
    expect(warm).toEqual(cold);
    // Taken by V8, so not written again.
    expect(fs.statSync(cached).mtimeMs).toBe(mtime);

    fs.writeFileSync(cached, Buffer.alloc(4096, 1));
    const afterCorruption = await firstAnswers();
    expect(afterCorruption).toEqual(cold);
    expect(readCache(cached)?.length).toBeGreaterThan(100_000);
    expect(cacheFiles()).toEqual([name]);
  }, 60_000);
});

// With the extension's global storage as initializationOptions.cacheDir, a start whose files' facts are all stored
// answers without loading the parser (its wasm), and answers what a start that parsed everything answered.
describe('first answers from stored facts', () => {
  const root = copyProject(EXAMPLE);
  const storage = fs.mkdtempSync(path.join(os.tmpdir(), 'kl-storage-'));
  afterAll(() => fs.rmSync(storage, { recursive: true, force: true }));
  const file = path.join(root, 'src/spaceflights/pipelines/data_processing/pipeline.py');
  const fileUri = URI.file(file).toString();
  const onDisk = fs.readFileSync(file, 'utf8');

  async function start(text: string): Promise<{ diagnostics: Diagnostic[]; all: [string, Diagnostic[]][]; parserLogs: string[]; answers: unknown[] }> {
    const client = LspTestClient.start([`--cache-dir=${storage}`]);
    client.settings = { trace: { server: 'verbose' } };
    await client.initialize([root], { workspace: { configuration: true } }, { cacheDir: storage, settings: client.settings });
    await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: fileUri, languageId: 'python', version: 1, text } });
    await client.waitFor(() => client.notifications.find((n) => n.method === 'kedro/projectChanged'), 15000, 'the first analysis');
    const diagnostics = client.diagnostics.get(fileUri)?.diagnostics ?? [];
    const all = [...client.diagnostics].map(([uri, p]): [string, Diagnostic[]] => [uri, p.diagnostics]).sort((a, b) => a[0].localeCompare(b[0]));
    // Loaded before the first analysis was published (1 s after it the server loads it anyway, for the first edit).
    const parserLogs = client.notifications.map((n) => String((n.params as { message?: unknown }).message ?? '')).filter((m) => m.startsWith('parser_loaded') && m.endsWith('first_pass_done=false'));
    // Answers built from the facts' spans (a warm start's are CompactSpans, sent as their JSON): symbols, a definition
    // and a hover on a dataset string, code lenses.
    const line = text.split('\n').findIndex((l) => l.includes('"shuttles"'));
    const position = { line, character: (text.split('\n')[line] ?? '').indexOf('"shuttles"') + 2 };
    const textDocument = { uri: fileUri };
    const answers = [
      await client.conn.sendRequest('textDocument/documentSymbol', { textDocument }),
      await client.conn.sendRequest('textDocument/definition', { textDocument, position }),
      await client.conn.sendRequest('textDocument/hover', { textDocument, position }),
      await client.conn.sendRequest('textDocument/codeLens', { textDocument }),
    ];
    expect(await client.stop()).toBe(0);
    return { diagnostics, all, parserLogs, answers };
  }

  test('a warm start loads no parser before its first answers; a buffer the store has not seen loads it', async () => {
    const typo = onDisk.replace('"companies"', '"companys"');
    const kl001 = [['KL001', typo.split('\n').findIndex((l) => l.includes('"companys"'))]];
    const cold = await start(typo);
    expect(cold.parserLogs).toEqual([expect.stringMatching(/^parser_loaded ms=\d+ flat_trees=true first_pass_done=false$/)]);
    expect(cold.diagnostics.map((d) => [d.code, d.range.start.line])).toEqual(kl001);
    // The same texts again (a restart with the same unsaved buffer): every file's facts come from the store.
    const warm = await start(typo);
    expect(warm.parserLogs).toEqual([]);
    expect(warm.all).toEqual(cold.all);
    expect(cold.answers.every((a) => a !== null && (!Array.isArray(a) || a.length > 0))).toBe(true);
    expect(warm.answers).toEqual(cold.answers);
    // Another typo: a text no start has seen, parsed by the first pass (KL001 is about the buffer).
    const other = onDisk.replace('"companies"', '"companiez"');
    const edited = await start(other);
    expect(edited.parserLogs).toEqual([expect.stringMatching(/^parser_loaded ms=\d+ flat_trees=true first_pass_done=false$/)]);
    expect(edited.diagnostics.map((d) => [d.code, d.range.start.line, String(d.message).includes('companiez')])).toEqual([[...(kl001[0] as [string, number]), true]]);
  }, 60_000);
});
