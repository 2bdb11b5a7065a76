import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { URI } from 'vscode-uri';
import { copyProject, EXAMPLE } from '../helpers/fixtures';
import { LspTestClient } from '../helpers/lspClient';

describe('hostile projects', () => {
  test('project code is never executed: analysis, hover, completion, lenses, symbols and model requests leave no trace', async () => {
    const root = copyProject(EXAMPLE);
    const marker = path.join(os.tmpdir(), `kl-executed-${process.pid}-${Date.now()}`);
    const payload = `import os\nopen(${JSON.stringify(marker)}, "w").write("executed")\nos.system("touch ${marker}")\n`;
    for (const rel of ['src/spaceflights/settings.py', 'src/spaceflights/pipeline_registry.py', 'src/spaceflights/pipelines/data_science/pipeline.py', 'src/spaceflights/pipelines/data_science/nodes.py']) {
      const file = path.join(root, rel);
      fs.writeFileSync(file, payload + fs.readFileSync(file, 'utf8'));
    }
    const secret = 'hunter2-super-secret';
    fs.writeFileSync(path.join(root, 'conf/local/credentials.yml'), `warehouse:\n  con: postgresql://u:${secret}@db/x\n`);
    fs.appendFileSync(path.join(root, 'conf/base/catalog.yml'), '\nsales:\n  type: pandas.SQLTableDataset\n  table_name: sales\n  credentials: warehouse\n');
    const client = LspTestClient.start();
    try {
      await client.conn.sendRequest('initialize', { processId: process.pid, rootUri: URI.file(root).toString(), workspaceFolders: [{ uri: URI.file(root).toString(), name: 'x' }], capabilities: {} });
      await client.conn.sendNotification('initialized', {});
      await client.waitFor(() => client.notifications.find((n) => n.method === 'kedro/projectChanged'), 15000, 'analysis');
      const ds = URI.file(path.join(root, 'src/spaceflights/pipelines/data_science/pipeline.py')).toString();
      const cat = URI.file(path.join(root, 'conf/base/catalog.yml')).toString();
      const text = fs.readFileSync(path.join(root, 'src/spaceflights/pipelines/data_science/pipeline.py'), 'utf8');
      await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: ds, languageId: 'python', version: 1, text } });
      const line = text.split('\n').findIndex((l) => l.includes('model_input_table'));
      const answers = await Promise.all([
        client.conn.sendRequest('textDocument/hover', { textDocument: { uri: ds }, position: { line, character: 30 } }),
        client.conn.sendRequest('textDocument/completion', { textDocument: { uri: ds }, position: { line, character: 26 } }),
        client.conn.sendRequest('textDocument/codeLens', { textDocument: { uri: ds } }),
        client.conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri: cat } }),
        client.conn.sendRequest('workspace/symbol', { query: 'sales' }),
        client.conn.sendRequest('kedro/projectModel'),
        client.conn.sendRequest('kedro/resolvedConfig', { what: 'catalog' }),
        client.conn.sendRequest('textDocument/hover', { textDocument: { uri: cat }, position: { line: text.length, character: 0 } }),
      ]);
      const salesLine = fs.readFileSync(path.join(root, 'conf/base/catalog.yml'), 'utf8').split('\n').findIndex((l) => l.startsWith('sales:'));
      const salesHover = await client.conn.sendRequest<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri: cat }, position: { line: salesLine, character: 2 } });
      expect(salesHover.contents.value).toContain('credentials: `warehouse` → ****');
      expect(fs.existsSync(marker)).toBe(false);
      // Secrets never leave the credentials file: not in any answer, notification or log line.
      const everything = JSON.stringify([answers, salesHover, client.notifications, client.stderr]);
      expect(everything).not.toContain(secret);
      expect(everything).toContain('warehouse');
    } finally {
      await client.stop();
    }
  });
});
