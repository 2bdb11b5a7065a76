import { describe, expect, test } from 'vitest';
import type { Connection } from 'vscode-languageserver/node';
import type { Logger } from '../../../server/src/core/types';
import { PROVIDER_CAPABILITIES, registerHandlers } from '../../../server/src/lsp/handlers';

type Handler = (params: unknown, token?: unknown) => unknown;

/** A connection that records every handler registered on it, by registration (`onHover`, `languages.semanticTokens.on`, `request:<method>`). */
function recordingConnection(): { conn: Connection; handlers: Map<string, Handler> } {
  const handlers = new Map<string, Handler>();
  const at = (prefix: string): unknown =>
    new Proxy(
      {},
      {
        get: (_target, prop: string) => {
          if (prop === 'languages' || prop === 'semanticTokens') return at(`${prefix}${prop}.`);
          return (...args: unknown[]) => {
            const name = prop === 'onRequest' ? `request:${(args[0] as { method: string }).method}` : `${prefix}${prop}`;
            expect(handlers.has(name), `${name} registered twice`).toBe(false);
            handlers.set(name, args[args.length - 1] as Handler);
            return { dispose: () => undefined };
          };
        },
      },
    );
  return { conn: at('') as Connection, handlers };
}

/** The registration that answers each announced provider. */
const ANSWERED_BY: Record<keyof typeof PROVIDER_CAPABILITIES, readonly string[]> = {
  definitionProvider: ['onDefinition'],
  referencesProvider: ['onReferences'],
  hoverProvider: ['onHover'],
  renameProvider: ['onRenameRequest', 'onPrepareRename'],
  completionProvider: ['onCompletion'],
  codeLensProvider: ['onCodeLens'],
  codeActionProvider: ['onCodeAction'],
  documentSymbolProvider: ['onDocumentSymbol'],
  workspaceSymbolProvider: ['onWorkspaceSymbol'],
  semanticTokensProvider: ['languages.semanticTokens.on'],
};

// Every field any handler reads, so a failure comes from the analysis, not from the params.
const PARAMS = {
  textDocument: { uri: 'file:///proj/src/demo/pipelines/a/pipeline.py' },
  position: { line: 0, character: 0 },
  range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
  context: { includeDeclaration: true, diagnostics: [] },
  newName: 'x',
  query: '',
  rootUri: 'file:///proj',
  what: 'catalog',
};

describe('the handler table', () => {
  test('each announced provider has its handler, and each standard handler is announced', () => {
    const { conn, handlers } = recordingConnection();
    registerHandlers(conn, () => undefined, () => undefined, { debug() {}, info() {}, warn() {}, error() {} });
    const standard = [...handlers.keys()].filter((k) => !k.startsWith('request:')).sort();
    expect(Object.values(ANSWERED_BY).flat().sort()).toEqual(standard);
    expect(Object.keys(ANSWERED_BY).sort()).toEqual(Object.keys(PROVIDER_CAPABILITIES).sort());
  });

  test('every handler (rename included) is guarded: a failure is logged with its tag and answered empty, and the next request is answered', async () => {
    const { conn, handlers } = recordingConnection();
    const errors: string[] = [];
    const log: Logger = { debug() {}, info() {}, warn() {}, error: (m) => void errors.push(m) };
    let broken = true;
    registerHandlers(conn, () => undefined, () => {
      if (broken) throw new TypeError('analysis read failed');
      return { projects: [], stats: undefined } as never;
    }, log);
    expect(handlers.size).toBeGreaterThanOrEqual(15);
    const answers = new Map<string, unknown>();
    for (const [name, handler] of handlers) answers.set(name, await handler(PARAMS));
    // One tagged failure per handler, none thrown to the connection.
    expect(errors).toHaveLength(handlers.size);
    expect(errors.every((e) => /^handler_failed \w+$/.test(e))).toBe(true);
    expect(errors).toContain('handler_failed rename');
    expect(errors).toContain('handler_failed prepareRename');
    expect(answers.get('onRenameRequest')).toBeNull();
    expect(answers.get('onDefinition')).toEqual([]);
    expect(answers.get('request:kedro/projectModel')).toEqual({ uris: [], projects: [] });
    // The same handlers keep answering once the analysis reads again.
    broken = false;
    expect(await handlers.get('onRenameRequest')?.(PARAMS)).toBeNull();
    expect(await handlers.get('onWorkspaceSymbol')?.(PARAMS)).toEqual([]);
    expect(errors).toHaveLength(handlers.size);
  });
});
