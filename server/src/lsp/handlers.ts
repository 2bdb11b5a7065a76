import {
  CodeActionKind,
  CompletionItemKind,
  DocumentSymbol,
  MarkupKind,
  ResponseError,
  SymbolKind,
  type CancellationToken,
  type CodeAction,
  type CompletionItem,
  type Connection,
  type Diagnostic,
  type Position,
  type Range,
  type ServerCapabilities,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { ModelEncoder, type CompactModel } from '../../../common/modelCodec';
import { DatasetsByLayerRequest, ProjectModelRequest, ResolvedConfigRequest, RunPreviewRequest } from '../../../common/protocol';
import type { Logger, SourceHost } from '../core/types';
import { isUnder } from '../core/uri';
import { clampRanges } from './ranges';
import { codeActionsFor } from '../features/codeActions';
import { codeLensesFor } from '../features/codeLens';
import type { CodeLensSetting } from '../../../common/settings';
import { completionsAt, type CompletionKind } from '../features/completion';
import { hoverFor } from '../features/hover';
import { definitionOf, prepareRename, referencesOf, renameEdits, type TextEditJson } from '../features/navigation';
import { projectJson } from '../features/pipelineModel';
import { positionIndex, type Target } from '../features/positions';
import { resolvedConfig } from '../features/resolvedConfig';
import { loadVersionPaths, outputChecks, previewRun, statOutputs } from '../features/runPreview';
import { encodeTokens, semanticTokensFor, TOKEN_MODIFIERS, TOKEN_TYPES, tokensInText } from '../features/semanticTokens';
import { documentSymbols, workspaceSymbols, type SymbolJson, type SymbolKind as KlSymbolKind } from '../features/symbols';
import type { ProjectModel } from '../project/model';
import type { WorkspaceAnalysis } from '../analysis/workspace';
import type { DocAnswers, LocationJson } from '../startup/firstAnswers';

const before = (a: Position, b: Position): boolean => a.line < b.line || (a.line === b.line && a.character < b.character);
/** Ranges sharing a position (ends included, as editors pick the diagnostics under the cursor). */
const overlaps = (a: Range, b: Range): boolean => !before(a.end, b.start) && !before(b.end, a.start);

/** Failures are logged with a stable tag and answered with an empty result, never a crash or a popup. */
export const guard =
  <P, R>(log: Logger, tag: string, empty: R, run: (p: P, token?: CancellationToken) => R | Promise<R>) =>
  async (params: P, token?: CancellationToken): Promise<R> => {
    try {
      return await run(params, token);
    } catch (err) {
      // A ResponseError is a deliberate answer (e.g. "cannot rename this"), not a failure.
      if (err instanceof ResponseError) throw err;
      log.error(`handler_failed ${tag}`, err);
      return empty;
    }
  };

const COMPLETION_KIND: Record<CompletionKind, CompletionItemKind> = {
  dataset: CompletionItemKind.Value,
  memory: CompletionItemKind.Variable,
  parameter: CompletionItemKind.Constant,
  type: CompletionItemKind.Class,
  key: CompletionItemKind.Property,
  argument: CompletionItemKind.Field,
};

const SYMBOL_KIND: Record<KlSymbolKind, SymbolKind> = {
  dataset: SymbolKind.Object,
  pattern: SymbolKind.Class,
  parameter: SymbolKind.Constant,
  node: SymbolKind.Function,
  pipeline: SymbolKind.Module,
  function: SymbolKind.Function,
};

function toWorkspaceEdit(edits: readonly TextEditJson[]): WorkspaceEdit {
  const changes: Record<string, { range: TextEditJson['span']; newText: string }[]> = {};
  for (const e of edits) (changes[e.uri] ??= []).push({ range: e.span, newText: e.newText });
  return { changes };
}

const toSymbol = (s: SymbolJson): DocumentSymbol =>
  DocumentSymbol.create(s.name, s.detail, SYMBOL_KIND[s.kind], s.span, s.selection, s.children?.map(toSymbol));

/**
 * What `registerHandlers` answers, announced at initialize: kept beside the table so a provider and its handler are
 * added or removed together (test/unit/lsp/handlers.test.ts checks that each one has the other).
 */
export const PROVIDER_CAPABILITIES = {
  definitionProvider: true,
  referencesProvider: true,
  hoverProvider: true,
  renameProvider: { prepareProvider: true },
  completionProvider: { triggerCharacters: ['"', "'", ':', '.'] },
  codeLensProvider: { resolveProvider: false },
  codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite] },
  documentSymbolProvider: true,
  workspaceSymbolProvider: true,
  semanticTokensProvider: { legend: { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] }, full: true },
} as const satisfies ServerCapabilities;

/** The project that owns `uri` (the innermost root in a monorepo). */
export function modelOf(analysis: WorkspaceAnalysis | undefined, uri: string): ProjectModel | undefined {
  return analysis ? ownerOf(analysis.projects.map((p) => p.model), uri) : undefined;
}

/** Of these projects' models, the one that owns `uri` (the innermost root). */
export function ownerOf(models: readonly ProjectModel[], uri: string): ProjectModel | undefined {
  return models.filter((m) => isUnder(m.layout.rootUri, uri)).sort((a, b) => b.layout.rootUri.length - a.layout.rootUri.length)[0];
}

const definitionAnswer = (model: ProjectModel, target: Target): LocationJson[] => definitionOf(model, target).map((l) => ({ uri: l.uri, range: l.span }));

/**
 * What definition and hover answer anywhere in a document, for the first-answer record (startup/firstAnswers.ts): the
 * position index's entries, innermost first, each with the answers the handlers below give there.
 */
export function documentAnswers(analysis: WorkspaceAnalysis | undefined, uri: string): DocAnswers['entries'] {
  const model = modelOf(analysis, uri);
  if (!model) return [];
  return positionIndex(model)
    .inFile(uri)
    .map(({ span: s, target }) => [s.start.line, s.start.character, s.end.line, s.end.character, definitionAnswer(model, target), hoverFor(model, target) ?? null] as const);
}

/** The whole LSP surface beyond diagnostics, read as a table. Requests read the last completed analysis. */
export function registerHandlers(
  conn: Connection,
  documentAt: (uri: string) => TextDocument | undefined,
  last: () => WorkspaceAnalysis | undefined,
  log: Logger,
  /** Folder listings on disk, for `--only-missing-outputs` previews. */
  readDir?: SourceHost['readDir'],
  codeLensSetting: () => CodeLensSetting = () => 'auto',
  /**
   * Resolves once the last completed pass read the document's current text (or no pass is pending), true when it
   * did; rejects with ContentModified when the document changes meanwhile. Answers are then about the text the
   * request was made on.
   */
  settle: (uri: string, token?: CancellationToken) => Promise<boolean> = async () => false,
  /** The diagnostics the last completed pass published for a document. */
  publishedDiagnostics: (uri: string) => readonly Diagnostic[] = () => [],
  /**
   * Settles once the first analysis is done (or once `ready` holds): answers that read it wait for it rather than answer
   * empty.
   */
  firstPass: (ready?: () => boolean) => Promise<void> = () => Promise.resolve(),
  /**
   * Before any pass completed: the model the running first pass built for the document's project, if that pass read the
   * document's current text. Definition, references and hover need no findings, so they are answered from it.
   */
  earlyModel: (uri: string) => ProjectModel | undefined = () => undefined,
): void {
  /**
   * A request about one document: answered after `settle` (unless `wait` is false: completion reads the current text
   * and must not wait on typing), its ranges kept inside the open documents' texts. `fresh`: the last pass read the
   * document's current text.
   */
  const onDocument =
    <P extends { textDocument: { uri: string } }, R>(tag: string, empty: R, run: (p: P, fresh: boolean) => R, wait = true, modelOnly = false) =>
    guard(log, tag, empty, async (p: P, token?: CancellationToken): Promise<R> => {
      const uri = p.textDocument.uri;
      // During start-up an empty answer is final (VS Code does not ask again for a definition): wait for the first pass,
      // or for its model of this document's project where the answer needs nothing else.
      const early = (): boolean => modelOnly && !last() && !!earlyModel(uri);
      await firstPass(modelOnly ? early : undefined);
      // The early model read the document's current text: settling would wait for the whole pass.
      const fresh = early() ? true : wait ? await settle(uri, token) : false;
      const answer = run(p, fresh);
      const moved = clampRanges(answer, p.textDocument.uri, documentAt);
      if (moved) log.debug(`ranges_clamped ${tag} positions=${moved}`);
      return answer;
    });
  const modelFor = (uri: string): ProjectModel | undefined => {
    const analysis = last();
    return analysis ? modelOf(analysis, uri) : earlyModel(uri);
  };
  const targetAt = (uri: string, pos: { line: number; character: number }) => {
    const model = modelFor(uri);
    const target = model ? positionIndex(model).at(uri, pos) : undefined;
    return model && target ? { model, target } : undefined;
  };

  conn.onDefinition(
    onDocument('definition', [], (p) => {
      const hit = targetAt(p.textDocument.uri, p.position);
      return hit ? definitionAnswer(hit.model, hit.target) : [];
    }, true, true),
  );
  conn.onReferences(
    onDocument('references', [], (p) => {
      const hit = targetAt(p.textDocument.uri, p.position);
      return hit ? referencesOf(hit.model, hit.target, p.context.includeDeclaration).map((l) => ({ uri: l.uri, range: l.span })) : [];
    }, true, true),
  );
  conn.onHover(
    onDocument('hover', null, (p) => {
      const hit = targetAt(p.textDocument.uri, p.position);
      const md = hit ? hoverFor(hit.model, hit.target) : undefined;
      return md ? { contents: { kind: MarkupKind.Markdown, value: md } } : null;
    }, true, true),
  );
  conn.onPrepareRename(
    onDocument('prepareRename', null, (p) => {
      const hit = targetAt(p.textDocument.uri, p.position);
      if (!hit) return null;
      const plan = prepareRename(hit.model, hit.target);
      if (!plan.ok) throw new ResponseError(0, plan.reason);
      return { range: plan.range.span, placeholder: plan.placeholder };
    }),
  );
  conn.onRenameRequest(
    onDocument('rename', null, (p) => {
      const hit = targetAt(p.textDocument.uri, p.position);
      if (!hit) return null;
      const edits = renameEdits(hit.model, hit.target, p.newName);
      if (typeof edits === 'string') throw new ResponseError(0, edits);
      return toWorkspaceEdit(edits);
    }),
  );
  conn.onCompletion(
    onDocument('completion', [] as CompletionItem[], (p) => {
      const model = modelFor(p.textDocument.uri);
      const doc = documentAt(p.textDocument.uri);
      if (!model || !doc) return [];
      return completionsAt(model, p.textDocument.uri, doc.getText(), p.position).map((c) => ({
        label: c.label,
        kind: COMPLETION_KIND[c.kind],
        ...(c.detail ? { detail: c.detail } : {}),
        ...(c.documentation ? { documentation: c.documentation } : {}),
        ...(c.sortText ? { sortText: c.sortText } : {}),
        textEdit: { range: c.range, newText: c.label },
        filterText: c.label,
      }));
    }, false),
  );
  conn.onCodeLens(
    onDocument('codeLens', [], (p) => {
      const model = modelFor(p.textDocument.uri);
      return model ? codeLensesFor(model, p.textDocument.uri, codeLensSetting()).map((l) => ({ range: l.loc.span, command: { title: l.title, command: l.call.command, arguments: [...l.call.arguments] } })) : [];
    }),
  );
  conn.onCodeAction(
    onDocument('codeAction', [] as CodeAction[], (p, fresh) => {
      // Ctrl+. right after a keystroke: the client's diagnostics are the previous pass's (or none yet). Once the pass
      // that read this text is done, its diagnostics at the range are the ones to fix.
      const model = modelFor(p.textDocument.uri);
      const doc = documentAt(p.textDocument.uri);
      if (!model || !doc) return [];
      const given = fresh ? publishedDiagnostics(p.textDocument.uri).filter((d) => overlaps(d.range, p.range)) : p.context.diagnostics;
      const ours = given.filter((d) => d.source === 'kedro' && typeof d.code === 'string');
      const actions = codeActionsFor(
        model,
        p.textDocument.uri,
        doc.getText(),
        p.range,
        ours.map((d) => ({ code: d.code as string, span: d.range, ...(d.data ? { data: d.data as Record<string, unknown> } : {}) })),
      );
      return actions.map((a) => ({
        title: a.title,
        kind: a.kind === 'quickfix' ? CodeActionKind.QuickFix : CodeActionKind.RefactorRewrite,
        ...(a.edits.length || !a.command ? { edit: toWorkspaceEdit(a.edits) } : {}),
        ...(a.command ? { command: { title: a.title, command: a.command.command, arguments: [...a.command.arguments] } } : {}),
        ...(a.fixes !== undefined && ours[a.fixes] ? { diagnostics: [ours[a.fixes] as (typeof ours)[number]] } : {}),
        ...(a.preferred ? { isPreferred: true } : {}),
      }));
    }),
  );
  conn.onDocumentSymbol(
    onDocument('documentSymbol', [] as DocumentSymbol[], (p) => {
      const model = modelFor(p.textDocument.uri);
      return model ? documentSymbols(model, p.textDocument.uri).map(toSymbol) : [];
    }),
  );
  conn.onWorkspaceSymbol(
    guard(log, 'workspaceSymbol', [], (p) =>
      (last()?.projects ?? []).flatMap(({ model }) =>
        workspaceSymbols(model, p.query).map((s) => ({ name: s.name, kind: SYMBOL_KIND[s.kind], ...(s.container ? { containerName: s.container } : {}), location: { uri: s.loc.uri, range: s.loc.span } })),
      ),
    ),
  );

  conn.languages.semanticTokens.on(
    onDocument('semanticTokens', { data: [] as number[] }, (p) => {
      const model = modelFor(p.textDocument.uri);
      if (!model) return { data: [] };
      const tokens = semanticTokensFor(model, p.textDocument.uri);
      const doc = documentAt(p.textDocument.uri);
      return { data: encodeTokens(doc ? tokensInText(tokens, doc.getText().split(/\r?\n/)) : tokens) };
    }),
  );

  // Encoded once per analysis: the tree view and the graph ask again after every pass.
  const encoded = new WeakMap<WorkspaceAnalysis, CompactModel>();
  const encoder = new ModelEncoder();
  conn.onRequest(
    ProjectModelRequest.type,
    guard(log, 'projectModel', { uris: [], projects: [] }, () => {
      const analysis = last();
      if (!analysis) return { uris: [], projects: [] };
      let model = encoded.get(analysis);
      if (!model) encoded.set(analysis, (model = encoder.encode(analysis.projects.map((p) => projectJson(p.model)))));
      return model;
    }),
  );
  conn.onRequest(
    DatasetsByLayerRequest.type,
    guard(log, 'datasetsByLayer', { projects: [] }, () => ({
      projects: (last()?.projects ?? []).map((p) => {
        const json = projectJson(p.model);
        const layers: Record<string, string[]> = {};
        const memory: string[] = [];
        for (const d of json.datasets) {
          if (d.source === 'parameter') continue;
          if (d.source === 'memory') memory.push(d.name);
          else (layers[d.layer ?? ''] ??= []).push(d.name);
        }
        return { rootUri: json.rootUri, layers, memory };
      }),
    })),
  );
  conn.onRequest(
    RunPreviewRequest.type,
    guard(log, 'runPreview', { nodes: [], error: 'No Kedro project.', partial: false }, async (p) => {
      const model = last()?.projects.find((x) => x.model.layout.rootUri === p.rootUri)?.model;
      if (!model) return { nodes: [], error: `No Kedro project at ${p.rootUri}.`, partial: false };
      // The outputs are looked up on disk now (data folders are not watched): for --only-missing-outputs, and for inputs
      // the selection reads from files only unselected nodes write (a run before its upstream ever ran fails loading them).
      const disk = readDir ? await statOutputs(outputChecks(model), readDir) : undefined;
      // --load-versions: the exact version folders Kedro will load from.
      const versions = new Map<string, boolean>();
      if (readDir) {
        for (const { uri } of loadVersionPaths(model, p).values()) {
          const cut = uri.lastIndexOf('/');
          versions.set(uri, (await readDir(uri.slice(0, cut)))?.some((e) => e.name === decodeURIComponent(uri.slice(cut + 1))) ?? false);
        }
      }
      return previewRun(model, p, disk, versions);
    }),
  );
  conn.onRequest(
    ResolvedConfigRequest.type,
    guard(log, 'resolvedConfig', null, (p) => {
      const projects = last()?.projects ?? [];
      const model = (p.rootUri ? projects.find((x) => x.model.layout.rootUri === p.rootUri) : projects[0])?.model;
      return model ? { text: resolvedConfig(model, p.what, p.dataset) } : null;
    }),
  );
}
