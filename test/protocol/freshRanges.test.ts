import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { URI } from 'vscode-uri';
import type { DocumentSymbol, Location } from 'vscode-languageserver-protocol';
import { copyProject, EXAMPLE } from '../helpers/fixtures';
import { LspTestClient } from '../helpers/lspClient';

// Issue 19: requests were answered from the last completed pass, so mid-edit their ranges were about an older text
// (the outline has no refresh: it stayed stale until the next keystroke). Every answer is about the text the request
// was made on.
const DP = 'src/spaceflights/pipelines/data_processing/pipeline.py';
const CONTENT_MODIFIED = -32801;

const flat = (symbols: readonly DocumentSymbol[]): string[] => symbols.flatMap((s) => [`${s.name}@${s.range.start.line}-${s.range.end.line}/${s.selectionRange.start.line}:${s.selectionRange.start.character}`, ...flat(s.children ?? [])]);

describe('answers are about the text the request was made on (dist/server.js)', () => {
  let client: LspTestClient;
  let root: string;
  let text: string;
  const uri = (rel: string): string => URI.file(path.join(root, rel)).toString();
  let version = 1;
  const change = (range: { start: { line: number; character: number }; end: { line: number; character: number } }, newText: string): Promise<void> =>
    client.conn.sendNotification('textDocument/didChange', { textDocument: { uri: uri(DP), version: ++version }, contentChanges: [{ range, text: newText }] });
  const symbols = (): Promise<DocumentSymbol[]> => client.conn.sendRequest<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: uri(DP) } });

  beforeAll(async () => {
    root = copyProject(EXAMPLE);
    text = fs.readFileSync(path.join(root, DP), 'utf8');
    client = LspTestClient.start();
    await client.initialize([root], { workspace: { configuration: true } });
    await client.waitFor(() => client.notifications.find((n) => n.method === 'kedro/projectChanged'), 15000, 'first analysis');
    await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(DP), languageId: 'python', version, text } });
  });

  afterAll(async () => {
    expect(await client.stop()).toBe(0);
  });

  test('the outline and F12 asked right after an edit follow the edited text', async () => {
    const before = flat(await symbols());
    expect(before.length).toBeGreaterThan(3);
    // Three lines inserted above everything, then the requests at once (no wait for diagnostics).
    // (Awaiting a send waits for the write only: the client's writes then keep their order, as an editor's do.)
    await change({ start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, '# a\n# b\n# c\n');
    const [after, definition] = await Promise.all([
      symbols(),
      client.conn.sendRequest<Location[]>('textDocument/definition', { textDocument: { uri: uri(DP) }, position: { line: 10 + 3, character: 25 } }),
    ]);
    expect(flat(after)).toEqual(before.map((s) => s.replace(/@(\d+)-(\d+)\/(\d+)/, (_, a, b, c) => `@${Number(a) + 3}-${Number(b) + 3}/${Number(c) + 3}`)));
    // "companies" on (old) line 10 is now on line 13: F12 there goes to its catalog entry.
    expect(definition.map((l) => `${path.relative(root, URI.parse(l.uri).fsPath)}:${l.range.start.line}`)).toEqual(['conf/base/catalog.yml:7']);
  });

  test('a request overtaken by a newer edit of its document is answered ContentModified or about its own text', async () => {
    await change({ start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, '# d\n');
    const asked = symbols().then(
      (s) => flat(s),
      (err: { code?: number }) => err.code,
    );
    await change({ start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, '# e\n');
    const answer = await asked;
    const now = flat(await symbols());
    // Made on the text with one more line than before the second edit: ContentModified, or ranges one line above now's.
    if (typeof answer === 'number') expect(answer).toBe(CONTENT_MODIFIED);
    else expect(answer).toEqual(now.map((s) => s.replace(/@(\d+)-(\d+)\/(\d+)/, (_, a, b, c) => `@${Number(a) - 1}-${Number(b) - 1}/${Number(c) - 1}`)));
  });
});
