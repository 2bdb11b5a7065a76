import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { URI } from 'vscode-uri';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { copyProject, EXAMPLE } from '../helpers/fixtures';
import { LspTestClient } from '../helpers/lspClient';

// A first pass the front published nothing for (no storage, or no record that fits) sends the open editor's node findings as
// soon as that module's nodes are checked, then the whole list once project rules ran; later passes publish once.
async function firstStart(root: string, text: string, args: string[] = []) {
  const fileUri = URI.file(path.join(root, DP)).toString();
  const client = LspTestClient.start(args);
  // Open before `initialized` (which starts the first pass), so that pass surely has the editor, however fast it is.
  await client.conn.sendRequest('initialize', { processId: process.pid, rootUri: URI.file(root).toString(), workspaceFolders: [{ uri: URI.file(root).toString(), name: 'sf' }], capabilities: { workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } } } });
  await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: fileUri, languageId: 'python', version: 1, text } });
  await client.conn.sendNotification('initialized', {});
  await client.waitFor(() => client.notifications.find((n) => n.method === 'kedro/projectChanged'), 20000, 'the first pass');
  const forFile = (): string[][] =>
    client.notifications
      .filter((n) => n.method === 'textDocument/publishDiagnostics' && (n.params as PublishDiagnosticsParams).uri === fileUri)
      .map((n) => (n.params as PublishDiagnosticsParams).diagnostics.map((d) => `${String(d.code)} ${d.range.start.line}:${d.range.start.character}`));
  return { client, fileUri, forFile };
}

const DP = 'src/spaceflights/pipelines/data_processing/pipeline.py';
// A typo'd input (KL001, a node check) and a second node named like the first (KL012, a project rule).
const typos = (root: string): string =>
  fs
    .readFileSync(path.join(root, DP), 'utf8')
    .replace('"companies"', '"companys"')
    .replace('name="preprocess_shuttles_node"', 'name="preprocess_companies_node"');

describe('the open editor first', () => {
  test('node findings of the open module are published before the project rules\' ones, and the pass ends with the whole list', async () => {
    const root = copyProject(EXAMPLE);
    const text = typos(root);
    const { client, fileUri, forFile } = await firstStart(root, text);
    expect(forFile()).toEqual([['KL001 10:24'], ['KL001 10:24', 'KL012 18:22']]);
    const ended = client.notifications.findIndex((n) => n.method === 'kedro/projectChanged');
    const lastPublish = client.notifications.findLastIndex((n) => n.method === 'textDocument/publishDiagnostics' && (n.params as PublishDiagnosticsParams).uri === fileUri);
    expect(lastPublish).toBeLessThan(ended);

    // An edit's pass publishes the whole list once (no early round after the first pass).
    await client.conn.sendNotification('textDocument/didChange', { textDocument: { uri: fileUri, version: 2 }, contentChanges: [{ text: text.replace('"shuttles"', '"shutles"') }] });
    await client.waitFor(() => (forFile().length > 2 ? true : undefined), 20000, 'the edit\'s pass');
    await client.waitFor(() => (client.notifications.filter((n) => n.method === 'kedro/projectChanged').length > 1 ? true : undefined), 20000, 'the edit\'s pass to end');
    expect(forFile().slice(2)).toEqual([['KL001 10:24', 'KL001 16:24', 'KL012 18:22']]);
    expect(await client.stop()).toBe(0);
  }, 60_000);

  test('a restart whose record no longer fits (the buffer differs) is early too; one whose record fits shows the record\'s list, then the pass\'s, never a subset', async () => {
    const root = copyProject(EXAMPLE);
    const storage = fs.mkdtempSync(path.join(os.tmpdir(), 'kl-storage-'));
    try {
      const text = typos(root);
      const args = [`--cache-dir=${storage}`];
      const first = await firstStart(root, text, args);
      expect(first.forFile()).toEqual([['KL001 10:24'], ['KL001 10:24', 'KL012 18:22']]);
      expect(await first.client.stop()).toBe(0);
      // The same state: the front publishes the record's list, and the pass (no early round) agrees and sends nothing.
      const same = await firstStart(root, text, args);
      expect(same.forFile()).toEqual([['KL001 10:24', 'KL012 18:22']]);
      expect(await same.client.stop()).toBe(0);
      // Another buffer: no record fits, so the front publishes nothing and the early round runs.
      const changed = await firstStart(root, text.replace('"shuttles"', '"shutles"'), args);
      expect(changed.forFile()).toEqual([['KL001 10:24', 'KL001 16:24'], ['KL001 10:24', 'KL001 16:24', 'KL012 18:22']]);
      expect(await changed.client.stop()).toBe(0);
    } finally {
      fs.rmSync(storage, { recursive: true, force: true });
    }
  }, 90_000);
});

describe('answers from the first pass\'s model', () => {
  test('a definition and a hover asked during start-up are answered once the model is built, before the pass\'s rules end', async () => {
    const root = copyProject(EXAMPLE);
    const fileUri = URI.file(path.join(root, DP)).toString();
    const text = fs.readFileSync(path.join(root, DP), 'utf8');
    const line = text.split('\n').findIndex((l) => l.includes('inputs="companies"'));
    const position = { line, character: text.split('\n')[line]!.indexOf('companies') + 2 };
    const client = LspTestClient.start();
    await client.conn.sendRequest('initialize', { processId: process.pid, rootUri: URI.file(root).toString(), workspaceFolders: [{ uri: URI.file(root).toString(), name: 'sf' }], capabilities: {} });
    await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: fileUri, languageId: 'python', version: 1, text } });
    const ended = (): boolean => client.notifications.some((n) => n.method === 'kedro/projectChanged');
    const asked = { textDocument: { uri: fileUri }, position };
    const definition = client.conn.sendRequest('textDocument/definition', asked).then((answer) => ({ answer, ended: ended() }));
    const hover = client.conn.sendRequest<{ contents: { value: string } } | null>('textDocument/hover', asked).then((answer) => ({ answer, ended: ended() }));
    await client.conn.sendNotification('initialized', {});
    const catalog = URI.file(path.join(root, 'conf/base/catalog.yml')).toString();
    expect(await definition).toEqual({ answer: [{ uri: catalog, range: { start: { line: 7, character: 0 }, end: { line: 7, character: 9 } } }], ended: false });
    const h = await hover;
    expect(h.ended).toBe(false);
    expect(h.answer?.contents.value).toContain('companies');
    // Once the pass is done the same questions get the same answers.
    await client.waitFor(() => (ended() ? true : undefined), 20000, 'the first pass');
    expect(await client.conn.sendRequest('textDocument/definition', asked)).toEqual((await definition).answer);
    expect(await client.conn.sendRequest('textDocument/hover', asked)).toEqual(h.answer);
    expect(await client.stop()).toBe(0);
  }, 60_000);
});
