import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { URI } from 'vscode-uri';
import { FileChangeType, type InitializeResult } from 'vscode-languageserver-protocol';
import { copyProject, EXAMPLE } from '../helpers/fixtures';
import { LspTestClient } from '../helpers/lspClient';

const ProjectsMethod = 'kedro/projects';

describe('language server over stdio (dist/server.js)', () => {
  let client: LspTestClient;
  let root: string;
  const uri = (rel: string): string => URI.file(path.join(root, rel)).toString();
  const DP = 'src/spaceflights/pipelines/data_processing/pipeline.py';

  beforeAll(async () => {
    root = copyProject(EXAMPLE);
    client = LspTestClient.start();
    const init = await client.conn.sendRequest<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri: URI.file(root).toString(),
      workspaceFolders: [{ uri: URI.file(root).toString(), name: 'spaceflights' }],
      capabilities: {
        workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } },
        textDocument: { publishDiagnostics: { relatedInformation: true } },
        window: { workDoneProgress: true },
      },
    });
    expect(init.serverInfo?.name).toBe('kedro-lens');
    expect(init.capabilities.textDocumentSync).toMatchObject({ openClose: true, change: 2 });
    await client.conn.sendNotification('initialized', {});
    await client.waitFor(() => client.notifications.find((n) => n.method === 'kedro/projectChanged'), 15000, 'first analysis');
  });

  afterAll(async () => {
    expect(await client.stop()).toBe(0);
  });

  test('the clean example publishes no problems and reports its model', async () => {
    expect([...client.diagnostics.values()].filter((d) => d.diagnostics.length)).toEqual([]);
    const projects = await client.conn.sendRequest<{ ready: boolean; projects: Record<string, unknown>[] }>(ProjectsMethod);
    expect(projects.ready).toBe(true);
    expect(projects.projects).toEqual([
      {
        rootUri: URI.file(root).toString(),
        projectName: 'Spaceflights',
        packageName: 'spaceflights',
        env: 'local',
        envChain: ['base', 'local'],
        envs: ['base', 'local', 'prod'],
        defaultRunEnv: 'local',
        kedroVersion: {
          text: 'kedro >=1.5,<2 · kedro-datasets >=9.0',
          kedro: '>=1.5,<2',
          kedroSource: 'requirements.txt: kedro >=1.5,<2',
          datasets: '>=9.0',
          datasetsSource: 'requirements.txt: kedro-datasets >=9.0',
          run: { nodes: 'nodes', tags: 'tags', loadVersions: 'load-versions', pipelines: 'pipelines', namespaces: 'namespaces', params: '=', onlyMissingOutputs: true },
        },
        nodeCount: 8,
        pipelineCount: 4,
        catalogCount: 8,
        parameterCount: 9,
        problemCount: { errors: 0, warnings: 0 },
      },
    ]);
  });

  test('a typo typed in an open editor is published with exact range and code, and cleared when fixed', async () => {
    const text = fs.readFileSync(path.join(root, DP), 'utf8');
    await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(DP), languageId: 'python', version: 1, text } });
    const typo = text.replace('inputs="companies"', 'inputs="companys"');
    await client.conn.sendNotification('textDocument/didChange', { textDocument: { uri: uri(DP), version: 2 }, contentChanges: [{ text: typo }] });
    const published = await client.waitFor(() => {
      const d = client.diagnostics.get(uri(DP));
      return d?.diagnostics.length ? d : undefined;
    }, 10000, 'KL001 diagnostic');
    expect(published.diagnostics).toEqual([
      {
        range: { start: { line: 10, character: 24 }, end: { line: 10, character: 32 } },
        severity: 1,
        code: 'KL001',
        codeDescription: { href: expect.stringContaining('docs/diagnostics.md#kl001') },
        source: 'kedro',
        message: "Dataset 'companys' is not in the catalog and no node produces it.",
        relatedInformation: [
          { location: { uri: uri('conf/base/catalog.yml'), range: { start: { line: 7, character: 0 }, end: { line: 7, character: 9 } } }, message: "Did you mean 'companies'?" },
        ],
        data: { name: 'companys', written: 'companys', literal: true, suggestions: ['companies'] },
      },
    ]);
    await client.conn.sendNotification('textDocument/didChange', { textDocument: { uri: uri(DP), version: 3 }, contentChanges: [{ text }] });
    await client.waitFor(() => (client.diagnostics.get(uri(DP))?.diagnostics.length === 0 ? true : undefined), 10000, 'cleared diagnostics');
  });

  test('a file saved and closed before its file event arrives is read from disk again (watched files are not re-stat-ed)', async () => {
    const file = path.join(root, DP);
    const text = fs.readFileSync(file, 'utf8');
    const typo = text.replace('inputs="companies"', 'inputs="companys"');
    const passes = (): number => client.notifications.filter((n) => n.method === 'kedro/projectChanged').length;
    await client.conn.sendNotification('textDocument/didChange', { textDocument: { uri: uri(DP), version: 4 }, contentChanges: [{ text: typo }] });
    await client.waitFor(() => (client.diagnostics.get(uri(DP))?.diagnostics.length ? true : undefined), 10000, 'KL001 in the buffer');
    // Let every pass under way finish, so the next one counted is the one the close starts.
    for (let n = -1; n !== passes(); ) {
      n = passes();
      await new Promise((r) => setTimeout(r, 300));
    }
    fs.writeFileSync(file, typo);
    const before = passes();
    await client.conn.sendNotification('textDocument/didSave', { textDocument: { uri: uri(DP) } });
    await client.conn.sendNotification('textDocument/didClose', { textDocument: { uri: uri(DP) } });
    // No file event is sent: the closed file's diagnostics come from the saved text on disk, not an older cached read.
    await client.waitFor(() => (passes() > before ? true : undefined), 10000, 'the pass after close');
    expect(client.diagnostics.get(uri(DP))?.diagnostics.map((d) => d.code)).toEqual(['KL001']);
    fs.writeFileSync(file, text);
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(DP), type: FileChangeType.Changed }] });
    await client.waitFor(() => (client.diagnostics.get(uri(DP))?.diagnostics.length === 0 ? true : undefined), 10000, 'cleared after the file event');
  });

  test('a catalog change made outside the editor flags the consumer in a file that is not open', async () => {
    const catalog = path.join(root, 'conf/base/catalog.yml');
    const original = fs.readFileSync(catalog, 'utf8');
    fs.writeFileSync(catalog, original.replace(/^reviews:/m, 'reviewz:'));
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('conf/base/catalog.yml'), type: FileChangeType.Changed }] });
    const d = await client.waitFor(() => {
      const p = client.diagnostics.get(uri(DP));
      return p?.diagnostics.length ? p : undefined;
    }, 10000, 'KL001 for reviews');
    expect(d.diagnostics.map((x) => [x.code, x.message, x.range.start])).toEqual([
      ['KL001', "Dataset 'reviews' is not in the catalog and no node produces it.", { line: 22, character: 76 }],
    ]);
    fs.writeFileSync(catalog, original);
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('conf/base/catalog.yml'), type: FileChangeType.Changed }] });
    await client.waitFor(() => (client.diagnostics.get(uri(DP))?.diagnostics.length === 0 ? true : undefined), 10000, 'cleared');
  });

  test('switching the environment setting re-analyses with that env merged over base', async () => {
    const RP = 'src/spaceflights/pipelines/reporting/pipeline.py';
    fs.appendFileSync(path.join(root, 'conf/prod/catalog.yml'), '\nprod_only_table:\n  type: pandas.CSVDataset\n  filepath: data/03_primary/prod_only.csv\n');
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('conf/prod/catalog.yml'), type: FileChangeType.Changed }] });
    const text = fs.readFileSync(path.join(root, RP), 'utf8').replace('inputs="preprocessed_shuttles"', 'inputs="prod_only_table"');
    await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(RP), languageId: 'python', version: 1, text } });
    const local = await client.waitFor(() => {
      const d = client.diagnostics.get(uri(RP));
      return d?.diagnostics.length ? d : undefined;
    }, 10000, 'KL001 under local');
    expect(local.diagnostics.map((d) => d.message)).toEqual(["Dataset 'prod_only_table' is not in the catalog and no node produces it: it is defined in conf/prod only, and the current environment is base + local."]);

    client.settings = { environment: 'prod' };
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await client.waitFor(() => (client.diagnostics.get(uri(RP))?.diagnostics.length === 0 ? true : undefined), 10000, 'cleared under prod');
    const res = await client.conn.sendRequest<{ projects: { env: string }[] }>(ProjectsMethod);
    expect(res.projects[0]?.env).toBe('prod');
  });
});
