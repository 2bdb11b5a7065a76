import { spawn } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { URI } from 'vscode-uri';
import { createMessageConnection, SocketMessageReader, SocketMessageWriter } from 'vscode-languageserver-protocol/node';
import type { CompletionItem, Hover, InitializeResult } from 'vscode-languageserver-protocol';
import { copyProject, EXAMPLE } from '../helpers/fixtures';
import { LspTestClient } from '../helpers/lspClient';

describe('Jupyter notebooks (LSP notebook sync)', () => {
  test('catalog.load in a notebook cell gets diagnostics, hover and completion', async () => {
    const root = copyProject(EXAMPLE);
    const client = LspTestClient.start();
    try {
      const init = await client.conn.sendRequest<InitializeResult>('initialize', {
        processId: process.pid,
        rootUri: URI.file(root).toString(),
        workspaceFolders: [{ uri: URI.file(root).toString(), name: 'x' }],
        capabilities: { notebookDocument: { synchronization: { dynamicRegistration: false } } },
      });
      expect(init.capabilities.notebookDocumentSync).toEqual({ notebookSelector: [{ notebook: '*', cells: [{ language: 'python' }] }] });
      await client.conn.sendNotification('initialized', {});
      await client.waitFor(() => client.notifications.find((n) => n.method === 'kedro/projectChanged'), 15000, 'analysis');
      const nb = URI.file(path.join(root, 'notebooks/explore.ipynb')).toString();
      const cell = URI.from({ scheme: 'vscode-notebook-cell', path: path.join(root, 'notebooks/explore.ipynb'), fragment: 'W0sZmlsZQ' }).toString();
      const text = 'df = catalog.load("companys")\nok = catalog.load("companies")\nx = catalog.load("\n';
      await client.conn.sendNotification('notebookDocument/didOpen', {
        notebookDocument: { uri: nb, notebookType: 'jupyter-notebook', version: 1, cells: [{ kind: 2, document: cell }] },
        cellTextDocuments: [{ uri: cell, languageId: 'python', version: 1, text }],
      });
      const d = await client.waitFor(() => client.diagnostics.get(cell)?.diagnostics[0], 10000, 'cell diagnostic');
      expect([d.code, d.message, d.range]).toEqual(['KL004', "Dataset 'companys' is not in the catalog of base + local.", { start: { line: 0, character: 19 }, end: { line: 0, character: 27 } }]);
      const hover = await client.conn.sendRequest<Hover>('textDocument/hover', { textDocument: { uri: cell }, position: { line: 1, character: 21 } });
      expect((hover.contents as { value: string }).value).toContain('**`companies`** — `pandas.CSVDataset`');
      const items = await client.conn.sendRequest<CompletionItem[]>('textDocument/completion', { textDocument: { uri: cell }, position: { line: 2, character: 18 } });
      expect(items.map((i) => i.label)).toEqual(expect.arrayContaining(['companies', 'model_input_table', 'regressor']));
      expect(items.map((i) => i.label)).not.toContain('X_train');
    } finally {
      await client.stop();
    }
  });
});

describe('transports', () => {
  test('--socket=PORT connects to a listening client', async () => {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as net.AddressInfo).port;
    const accepted = new Promise<net.Socket>((r) => server.once('connection', r));
    const proc = spawn(process.execPath, [path.resolve('dist/server.js'), `--socket=${port}`], { stdio: 'ignore' });
    try {
      const socket = await accepted;
      const conn = createMessageConnection(new SocketMessageReader(socket), new SocketMessageWriter(socket));
      conn.listen();
      const init = await conn.sendRequest<InitializeResult>('initialize', { processId: null, rootUri: null, capabilities: {} });
      expect(init.serverInfo?.name).toBe('kedro-lens');
      await conn.sendRequest('shutdown');
      conn.dispose();
    } finally {
      proc.kill();
      server.close();
    }
  });
});
