import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { URI } from 'vscode-uri';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { copyProject, EXAMPLE } from '../helpers/fixtures';
import { LspTestClient } from '../helpers/lspClient';

// A first pass with no record of an earlier start (here: no storage at all) sends the open editor's node findings as
// soon as that module's nodes are checked, then the whole list once project rules ran; later passes publish once.
describe('the open editor first', () => {
  test('node findings of the open module are published before the project rules\' ones, and the pass ends with the whole list', async () => {
    const root = copyProject(EXAMPLE);
    const file = path.join(root, 'src/spaceflights/pipelines/data_processing/pipeline.py');
    const fileUri = URI.file(file).toString();
    // A typo'd input (KL001, a node check) and a second node named like the first (KL012, a project rule).
    const text = fs
      .readFileSync(file, 'utf8')
      .replace('"companies"', '"companys"')
      .replace('name="preprocess_shuttles_node"', 'name="preprocess_companies_node"');
    const client = LspTestClient.start();
    // Open before `initialized` (which starts the first pass), so that pass surely has the editor, however fast it is.
    await client.conn.sendRequest('initialize', { processId: process.pid, rootUri: URI.file(root).toString(), workspaceFolders: [{ uri: URI.file(root).toString(), name: 'sf' }], capabilities: { workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } } } });
    await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: fileUri, languageId: 'python', version: 1, text } });
    await client.conn.sendNotification('initialized', {});
    await client.waitFor(() => client.notifications.find((n) => n.method === 'kedro/projectChanged'), 20000, 'the first pass');
    const forFile = (): string[][] =>
      client.notifications
        .filter((n) => n.method === 'textDocument/publishDiagnostics' && (n.params as PublishDiagnosticsParams).uri === fileUri)
        .map((n) => (n.params as PublishDiagnosticsParams).diagnostics.map((d) => `${String(d.code)} ${d.range.start.line}:${d.range.start.character}`));
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
  }, 60000);
});
