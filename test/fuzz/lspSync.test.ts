import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { URI } from 'vscode-uri';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, Range } from 'vscode-languageserver-protocol';
import { copyProject, EXAMPLE } from '../helpers/fixtures';
import { LspTestClient } from '../helpers/lspClient';
import { rng } from './rng';

// Incremental sync over stdio with the BUILT server: random incremental edits of open documents, interleaved with
// requests that are not awaited (hover, definition, completion, documentSymbol, codeAction). Every range of every
// answer must lie inside the text its document had when the request was made (ContentModified and RequestCancelled
// are allowed answers); then the final diagnostics must equal a fresh server's on the final texts.
const EDITS = Number(process.env['FUZZ_LSP_EDITS'] ?? (process.env['FUZZ_CASES'] ? 1500 : 40));
const SEED = Number(process.env['FUZZ_SEED'] ?? 20261202);
const ALLOWED_ERRORS = new Set([-32801 /* ContentModified */, -32800 /* RequestCancelled */]);

const FILES = [
  'src/spaceflights/pipelines/data_processing/pipeline.py',
  'src/spaceflights/pipelines/data_processing/nodes.py',
  'src/spaceflights/pipelines/data_science/pipeline.py',
  'conf/base/catalog.yml',
  'conf/base/parameters_data_science.yml',
];
const PY_SNIPPETS = ['"companys"', '"companies"', '\n', '    ', '(', ')', ',', '[', ']', '"', '# c', 'params:model_options', '"params:nope"', 'Node(func=preprocess_companies, inputs="companies", outputs="x", name="y"),\n', 'def g(x: int) -> str:\n    return x\n', '\r\n', 'é😀', 'kedro-lens: ignore[KL001]'];
const YAML_SNIPPETS = ['\n', '  ', ':', ': ', '"', 'type: pandas.CSVDataset', 'companies2:\n  type: pandas.CSVDataset\n  filepath: data/x.csv\n', '\r\n', '${', '{', '[', '- ', '&a', '*a', 'test_size: 0.3\n', '# x', 'é😀'];

interface Asked {
  readonly method: string;
  readonly uri: string;
  /** The document's version when the request was sent. */
  readonly version: number;
  readonly answer: Promise<unknown>;
}

/** Every (uri, range) in an LSP answer; ranges without a uri belong to `uri`. */
function rangesIn(value: unknown, uri: string, out: [string, Range][] = []): [string, Range][] {
  if (!value || typeof value !== 'object') return out;
  if (Array.isArray(value)) {
    for (const v of value) rangesIn(v, uri, out);
    return out;
  }
  const o = value as Record<string, unknown>;
  const here = typeof o['uri'] === 'string' ? o['uri'] : typeof o['targetUri'] === 'string' ? o['targetUri'] : uri;
  for (const key of ['range', 'selectionRange', 'targetRange', 'targetSelectionRange']) if (o[key] && typeof o[key] === 'object') out.push([here, o[key] as Range]);
  const changes = o['changes'];
  if (changes && typeof changes === 'object') for (const [u, edits] of Object.entries(changes)) rangesIn(edits, u, out);
  for (const [key, v] of Object.entries(o)) if (key !== 'changes' && key !== 'data' && !key.toLowerCase().includes('range')) rangesIn(v, here, out);
  return out;
}

/** Whether `r` lies inside `text` by LSP's rules (lines end at \r\n, \r or \n; a character at most the line length). */
function inside(text: string, r: Range): boolean {
  const lines = text.split(/\r\n|\r|\n/);
  const ok = (p: { line: number; character: number }): boolean => p.line >= 0 && p.line < lines.length && p.character >= 0 && p.character <= (lines[p.line] as string).length;
  return ok(r.start) && ok(r.end) && (r.start.line < r.end.line || (r.start.line === r.end.line && r.start.character <= r.end.character));
}

const started: LspTestClient[] = [];

async function startServer(root: string): Promise<LspTestClient> {
  const client = LspTestClient.start();
  started.push(client);
  await client.initialize([root], { workspace: { configuration: true } });
  await client.waitFor(() => client.notifications.find((n) => n.method === 'kedro/projectChanged'), 60000, 'first analysis');
  return client;
}

/** Published diagnostics by root-relative path (non-empty only), in a comparable form. */
function diagnosticsOf(client: LspTestClient, root: string): Record<string, string[]> {
  const rootUri = URI.file(root).toString();
  const out: Record<string, string[]> = {};
  for (const [uri, p] of client.diagnostics) {
    if (!p.diagnostics.length) continue;
    out[path.relative(root, URI.parse(uri).fsPath)] = p.diagnostics.map((d: Diagnostic) => JSON.stringify(d).split(rootUri).join('<root>')).sort();
  }
  return out;
}

afterAll(async () => {
  for (const c of started) await c.stop().catch(() => undefined);
});

describe(`LSP incremental-sync fuzz (${EDITS} edits, seed ${SEED}; replay with FUZZ_SEED=${SEED} FUZZ_LSP_EDITS=${EDITS})`, () => {
  test('answers stay inside the text they were asked about; final diagnostics equal a fresh server', { timeout: 120_000 + EDITS * 400 }, async () => {
    const r = rng(SEED);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
    const root = copyProject(EXAMPLE);
    const client = await startServer(root);
    const uriOf = (rel: string): string => URI.file(path.join(root, rel)).toString();
    // The client's copy of each open document, and every version's text (answers are checked against the one asked).
    const docs = new Map<string, TextDocument>();
    const history = new Map<string, Map<number, string>>();
    for (const rel of FILES) {
      const uri = uriOf(rel);
      const text = fs.readFileSync(path.join(root, rel), 'utf8');
      docs.set(uri, TextDocument.create(uri, rel.endsWith('.py') ? 'python' : 'yaml', 1, text));
      history.set(uri, new Map([[1, text]]));
      await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: rel.endsWith('.py') ? 'python' : 'yaml', version: 1, text } });
    }
    const uris = [...docs.keys()];
    const asked: Asked[] = [];
    const randomPosition = (doc: TextDocument): { line: number; character: number } => {
      const line = Math.floor(r() * (doc.lineCount + 1));
      // Now and then past the line end, as clients may send.
      return { line, character: Math.floor(r() * (r() < 0.1 ? 200 : 40)) };
    };

    for (let step = 0; step < EDITS; step++) {
      const uri = pick(uris);
      const doc = docs.get(uri) as TextDocument;
      const text = doc.getText();
      const a = Math.floor(r() * (text.length + 1));
      const b = r() < 0.4 ? Math.min(text.length, a + Math.floor(r() * 30)) : a;
      const insert = r() < 0.8 ? pick(uri.endsWith('.py') ? PY_SNIPPETS : YAML_SNIPPETS) : '';
      const range = { start: doc.positionAt(a), end: doc.positionAt(b) };
      const next = TextDocument.update(doc, [{ range, text: insert }], doc.version + 1);
      docs.set(uri, next);
      history.get(uri)?.set(next.version, next.getText());
      await client.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: next.version }, contentChanges: [{ range, text: insert }] });
      // Requests at random places of random documents, not awaited: they race the passes.
      for (let k = Math.floor(r() * 3); k > 0; k--) {
        const target = pick(uris);
        const tdoc = docs.get(target) as TextDocument;
        const position = randomPosition(tdoc);
        const textDocument = { uri: target };
        const method = pick(['textDocument/hover', 'textDocument/definition', 'textDocument/completion', 'textDocument/documentSymbol', 'textDocument/codeAction']);
        const params =
          method === 'textDocument/documentSymbol'
            ? { textDocument }
            : method === 'textDocument/codeAction'
              ? { textDocument, range: { start: position, end: position }, context: { diagnostics: client.diagnostics.get(target)?.diagnostics ?? [] } }
              : { textDocument, position };
        asked.push({ method, uri: target, version: tdoc.version, answer: client.conn.sendRequest(method, params).then((x) => x, (err: { code?: number; message?: string }) => ({ error: err.code, message: err.message })) });
      }
      if (r() < 0.3) await new Promise((resolve) => setTimeout(resolve, Math.floor(r() * 40)));
    }

    for (const [i, q] of asked.entries()) {
      const answer = await q.answer;
      if (answer && typeof answer === 'object' && 'error' in answer) {
        expect(ALLOWED_ERRORS.has((answer as { error: number }).error), `request ${i} ${q.method}: ${JSON.stringify(answer)}`).toBe(true);
        continue;
      }
      for (const [uri, range] of rangesIn(answer, q.uri)) {
        const versions = history.get(uri);
        if (!versions) continue; // a file that is not open: its text is the disk's
        // The request's own document: the version asked about. Another open document: any version it had meanwhile.
        const candidates = uri === q.uri ? [versions.get(q.version) as string] : [...versions.entries()].filter(([v]) => v >= (docs.get(uri)?.version ?? 0) - 50).map(([, t]) => t);
        expect(
          candidates.some((t) => inside(t, range)),
          `request ${i} ${q.method} on ${path.relative(root, URI.parse(q.uri).fsPath)} v${q.version}: ${JSON.stringify(range)} in ${path.relative(root, URI.parse(uri).fsPath)}`,
        ).toBe(true);
      }
    }

    // Settle: a documentSymbol request answers after the pass that read its document's current text, which publishes
    // its diagnostics first (one stream, in order).
    for (const uri of uris) await client.conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });

    const freshRoot = copyProject(EXAMPLE);
    for (const rel of FILES) fs.writeFileSync(path.join(freshRoot, rel), docs.get(uriOf(rel))?.getText() as string);
    const fresh = await startServer(freshRoot);
    const final = diagnosticsOf(client, root);
    expect(final, `after ${EDITS} edits (seed ${SEED})`).toEqual(diagnosticsOf(fresh, freshRoot));
    console.log(`lsp fuzz: seed ${SEED}, ${EDITS} edits, ${asked.length} requests, ${Object.values(final).flat().length} final diagnostics in ${Object.keys(final).length} files`);
  });
});
