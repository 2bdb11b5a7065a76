import { spawnSync } from 'node:child_process';
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
    // Secrets written in the catalog itself: each must be masked in every output.
    const inline = ['url-pass-1', 'inline-token-2', 'fs-pass-3', 'load-token-4', 'save-key-5', 'query-sig-6'];
    const catalogFile = path.join(root, 'conf/base/catalog.yml');
    fs.writeFileSync(catalogFile, fs.readFileSync(catalogFile, 'utf8').replace('filepath: data/01_raw/companies.csv', 'filepath: https://ruser:url-pass-1@host/companies.csv?sig=query-sig-6'));
    fs.appendFileSync(
      catalogFile,
      '\nreports:\n  type: pandas.CSVDataset\n  filepath: data/r.csv\n  credentials:\n    token: inline-token-2\n  fs_args:\n    password: fs-pass-3\n  load_args:\n    storage_options:\n      token: load-token-4\n  save_args:\n    api_key: save-key-5\n',
    );
    const client = LspTestClient.start();
    try {
      await client.initialize([root]);
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
      const catalogLines = fs.readFileSync(catalogFile, 'utf8').split('\n');
      const salesLine = catalogLines.findIndex((l) => l.startsWith('sales:'));
      const salesHover = await client.conn.sendRequest<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri: cat }, position: { line: salesLine, character: 2 } });
      const hovers = await Promise.all(
        ['companies:', 'reports:'].map((k) => client.conn.sendRequest('textDocument/hover', { textDocument: { uri: cat }, position: { line: catalogLines.findIndex((l) => l.startsWith(k)), character: 2 } })),
      );
      const resolvedReports = (await client.conn.sendRequest<{ text: string }>('kedro/resolvedConfig', { what: 'catalog', dataset: 'reports' })).text;
      expect(resolvedReports.split('\n').slice(4)).toEqual([
        'reports:  # conf/base/catalog.yml (base)',
        '  type: pandas.CSVDataset',
        '  filepath: data/r.csv',
        '  credentials:',
        '    token: "****"',
        '  fs_args:',
        '    password: "****"',
        '  load_args:',
        '    storage_options:',
        '      token: "****"',
        '  save_args:',
        '    api_key: "****"',
        '',
      ]);
      expect(JSON.stringify(hovers)).toContain('https://ruser:****@host/companies.csv?sig=****');
      const cli = (args: string[]) => spawnSync(process.execPath, [path.resolve('dist/cli.js'), ...args], { encoding: 'utf8' });
      const cliOutputs = [...['text', 'json', 'sarif'].map((f) => cli(['check', root, '--format', f, '--verbose'])), cli(['pipelines', root, '--format', 'json'])].map((r) => [r.stdout, r.stderr]);
      expect(cliOutputs.flat().join('\n')).toContain('https://ruser:****@host/companies.csv');
      expect(salesHover.contents.value).toContain('credentials: `warehouse` → ****');
      expect(fs.existsSync(marker)).toBe(false);
      // Secrets never leave the credentials file: not in any answer, notification or log line.
      const everything = JSON.stringify([answers, salesHover, hovers, resolvedReports, client.notifications, client.stderr, cliOutputs]);
      expect([secret, ...inline].filter((x) => everything.includes(x))).toEqual([]);
      expect(everything).toContain('warehouse');
    } finally {
      await client.stop();
    }
  }, 60_000);
});
