import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { URI } from 'vscode-uri';
import { FileChangeType, type Location } from 'vscode-languageserver-protocol';
import { copyProject, EXAMPLE } from '../helpers/fixtures';
import { LspTestClient } from '../helpers/lspClient';
import { notebook } from '../helpers/notebook';

describe('[tool.kedro-lens] and notebooks on disk (dist/server.js)', () => {
  test('a closed notebook gets its problem published and navigates; a pyproject change applies live; the user setting wins', async () => {
    const root = copyProject(EXAMPLE);
    const uri = (rel: string): string => URI.file(path.join(root, rel)).toString();
    fs.mkdirSync(path.join(root, 'notebooks'), { recursive: true });
    fs.writeFileSync(path.join(root, 'notebooks/explore.ipynb'), notebook([{ source: ['df = catalog.load("companys")\n', 'ok = catalog.load("companies")'] }]));
    const client = LspTestClient.start();
    try {
      await client.initialize([root], { workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } } });
      const nb = uri('notebooks/explore.ipynb');
      const d = await client.waitFor(() => client.diagnostics.get(nb)?.diagnostics[0], 15000, 'the closed notebook diagnostic');
      expect([d.code, d.message, d.range]).toEqual(['KL004', "Dataset 'companys' is not in the catalog of base + local.", { start: { line: 8, character: 25 }, end: { line: 8, character: 33 } }]);
      // Navigation: the catalog entry's references include the closed notebook's call, at its place in the file...
      const refs = await client.conn.sendRequest<Location[]>('textDocument/references', { textDocument: { uri: uri('conf/base/catalog.yml') }, position: { line: 7, character: 3 }, context: { includeDeclaration: false } });
      expect(refs.filter((r) => r.uri === nb).map((r) => r.range)).toEqual([{ start: { line: 9, character: 25 }, end: { line: 9, character: 34 } }]);
      // ...and the call leads to the entry.
      const def = await client.conn.sendRequest<Location[] | Location>('textDocument/definition', { textDocument: { uri: nb }, position: { line: 9, character: 27 } });
      expect((Array.isArray(def) ? def : [def]).map((l) => [l.uri, l.range.start.line])).toEqual([[uri('conf/base/catalog.yml'), 7]]);

      // The project says: no KL004 in notebooks, and has a misspelt key. Applied on the file event, no restart.
      const pyproject = path.join(root, 'pyproject.toml');
      fs.appendFileSync(pyproject, '\n[tool.kedro-lens]\nper-file-ignores = { "notebooks/**" = ["KL004"] }\nextend_select = ["KL1"]\n');
      await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('pyproject.toml'), type: FileChangeType.Changed }] });
      const cfg = await client.waitFor(() => client.diagnostics.get(uri('pyproject.toml'))?.diagnostics[0], 10000, 'KL911');
      const lines = fs.readFileSync(pyproject, 'utf8').split('\n');
      const line = lines.indexOf('extend_select = ["KL1"]');
      expect([cfg.code, cfg.severity, cfg.range, cfg.message]).toEqual([
        'KL911',
        2,
        { start: { line, character: 0 }, end: { line, character: 13 } },
        "Unknown key 'extend_select' in [tool.kedro-lens] (did you mean 'extend-select'?); known keys: select, extend-select, ignore, severity, exclude, per-file-ignores, kedro-version.",
      ]);
      expect(client.diagnostics.get(nb)?.diagnostics).toEqual([]);

      // The user's setting names KL911: it wins over the project (here: off).
      client.settings = { diagnostics: { rules: { KL911: 'off' } } };
      await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
      await client.waitFor(() => (client.diagnostics.get(uri('pyproject.toml'))?.diagnostics.length === 0 ? true : undefined), 10000, 'KL911 off by the user');
    } finally {
      await client.stop();
    }
  });
});
