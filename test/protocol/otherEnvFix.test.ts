import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { URI } from 'vscode-uri';
import type { CodeAction } from 'vscode-languageserver-protocol';
import { copyProject, EXAMPLE } from '../helpers/fixtures';
import { LspTestClient } from '../helpers/lspClient';

const DP = 'src/spaceflights/pipelines/data_processing/pipeline.py';

describe('KL001 for a dataset defined only in conf/prod, over LSP', () => {
  let client: LspTestClient;
  let root: string;
  const uri = (rel: string): string => URI.file(path.join(root, rel)).toString();

  beforeAll(async () => {
    root = copyProject(EXAMPLE);
    fs.writeFileSync(path.join(root, 'conf/prod/catalog_raw.yml'), 'prod_shuttles:\n  type: pandas.ExcelDataset\n  filepath: data/01_raw/shuttles.xlsx\n');
    fs.writeFileSync(path.join(root, DP), fs.readFileSync(path.join(root, DP), 'utf8').replace('inputs="shuttles"', 'inputs="prod_shuttles"'));
    client = LspTestClient.start();
    await client.initialize([root], { textDocument: { publishDiagnostics: { relatedInformation: true } }, workspace: { configuration: true } });
    await client.waitFor(() => client.notifications.find((n) => n.method === 'kedro/projectChanged'), 15000, 'first analysis');
  });
  afterAll(async () => {
    expect(await client.stop()).toBe(0);
  });

  test('the diagnostic points at the prod entry; its quick fix is a command that switches the environment, with no edit', async () => {
    const diag = await client.waitFor(() => client.diagnostics.get(uri(DP))?.diagnostics.find((d) => d.code === 'KL001'), 10000, 'KL001');
    expect(diag.message).toBe("Dataset 'prod_shuttles' is not in the catalog and no node produces it: it is defined in conf/prod only, and the current environment is base + local.");
    expect(diag.severity).toBe(1);
    expect(diag.relatedInformation).toEqual([
      { location: { uri: uri('conf/prod/catalog_raw.yml'), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 13 } } }, message: "'prod_shuttles' in environment 'prod'" },
    ]);
    // Code actions are answered for open documents.
    await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(DP), languageId: 'python', version: 1, text: fs.readFileSync(path.join(root, DP), 'utf8') } });
    const actions = await client.conn.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: uri(DP) }, range: diag.range, context: { diagnostics: [diag] } });
    const sw = actions.find((a) => a.title.startsWith('Switch'));
    expect(sw).toEqual({ title: "Switch to environment 'prod', which defines 'prod_shuttles'", kind: 'quickfix', command: { title: "Switch to environment 'prod', which defines 'prod_shuttles'", command: 'kedro.selectEnvironment', arguments: ['prod'] }, diagnostics: [diag] });
  });
});
