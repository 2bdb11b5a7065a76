import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { URI } from 'vscode-uri';
import { FileChangeType } from 'vscode-languageserver-protocol';
import { copyProject, EXAMPLE } from '../helpers/fixtures';
import { LspTestClient } from '../helpers/lspClient';

const logged = (client: LspTestClient, needle: string): string | undefined =>
  client.notifications.map((n) => (n.method === 'window/logMessage' ? (n.params as { message: string }).message : '')).find((m) => m.includes(needle));

describe('notification handlers are guarded like request handlers', () => {
  test('a notification or request whose handler throws is logged with its tag; the server keeps answering and analysing', async () => {
    const root = copyProject(EXAMPLE);
    const client = LspTestClient.start();
    try {
      await client.initialize([root], { workspace: { workspaceFolders: true } });
      await client.waitFor(() => client.notifications.find((n) => n.method === 'kedro/projectChanged'), 15000, 'first analysis');

      // A client sending malformed params makes these handlers throw (null for a change, no `added` list).
      await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [null] });
      await client.conn.sendNotification('workspace/didChangeWorkspaceFolders', { event: { removed: [] } });
      const watched = await client.waitFor(() => logged(client, 'handler_failed didChangeWatchedFiles'), 10000, 'the watched-files failure in the log');
      expect(watched).toMatch(/TypeError/);
      await client.waitFor(() => logged(client, 'handler_failed didChangeWorkspaceFolders'), 10000, 'the folders failure in the log');
      // A request handler too (rename had no guard once): a rename without a position fails inside it and is answered empty.
      const nodes = URI.file(path.join(root, 'src/spaceflights/pipelines/data_processing/pipeline.py')).toString();
      expect(await client.conn.sendRequest('textDocument/rename', { textDocument: { uri: nodes }, position: null, newName: 'x' })).toBeNull();
      expect(await client.waitFor(() => logged(client, 'handler_failed rename'), 10000, 'the rename failure in the log')).toMatch(/TypeError/);

      // Still alive: it answers requests and analyses the next change.
      expect(client.proc.exitCode).toBeNull();
      expect((await client.conn.sendRequest<{ projects: unknown[]; ready: boolean }>('kedro/projects')).projects).toHaveLength(1);
      const dp = path.join(root, 'src/spaceflights/pipelines/data_processing/pipeline.py');
      fs.writeFileSync(dp, fs.readFileSync(dp, 'utf8').replace('inputs="companies"', 'inputs="companys"'));
      await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: URI.file(dp).toString(), type: FileChangeType.Changed }] });
      const diag = await client.waitFor(() => client.diagnostics.get(URI.file(dp).toString())?.diagnostics[0], 15000, 'KL001 after the failures');
      expect(diag.code).toBe('KL001');
    } finally {
      expect(await client.stop()).toBe(0);
    }
  });
});
