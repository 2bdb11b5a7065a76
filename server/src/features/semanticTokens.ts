import { baseName, isParamName, matchingPattern, type ProjectModel } from '../project/model';

/** Token types and modifiers, in legend order (the client maps them to TextMate scopes in package.json). */
export const TOKEN_TYPES = ['kedroDataset', 'kedroParameter'] as const;
export const TOKEN_MODIFIERS = ['catalog', 'factory', 'memory', 'missing'] as const;

export interface TokenJson {
  readonly line: number;
  readonly character: number;
  readonly length: number;
  readonly type: (typeof TOKEN_TYPES)[number];
  readonly modifiers: readonly (typeof TOKEN_MODIFIERS)[number][];
}

/** Dataset names and params: keys inside node inputs/outputs and catalog calls of one Python file. */
export function semanticTokensFor(model: ProjectModel, uri: string): TokenJson[] {
  const out: TokenJson[] = [];
  const add = (span: { start: { line: number; character: number }; end: { line: number; character: number } }, name: string, role: 'input' | 'output' | 'call'): void => {
    if (span.start.line !== span.end.line) return;
    const length = span.end.character - span.start.character;
    if (length <= 0) return;
    if (isParamName(name)) {
      const defined = name === 'parameters' || model.params.has(name.slice('params:'.length));
      out.push({ line: span.start.line, character: span.start.character, length, type: 'kedroParameter', modifiers: defined ? [] : ['missing'] });
      return;
    }
    const kind = model.catalog.has(name) || model.addedDatasets.has(baseName(name)) ? 'catalog' : matchingPattern(model, name) ? 'factory' : undefined;
    const produced = model.producers.has(baseName(name));
    const modifier = kind ?? (produced && role !== 'call' ? 'memory' : role === 'output' ? 'memory' : model.unknownProducers ? 'memory' : 'missing');
    out.push({ line: span.start.line, character: span.start.character, length, type: 'kedroDataset', modifiers: [modifier] });
  };
  for (const u of model.uses) if (u.ref.loc.uri === uri && u.ref.literal) add(u.ref.loc.span, u.name, u.role);
  for (const c of model.catalogCalls) if (c.uri === uri) add(c.call.name.span, c.call.name.value, 'call');
  const seen = new Set<string>();
  return out
    .filter((t) => {
      const k = `${t.line}:${t.character}`;
      return seen.has(k) ? false : (seen.add(k), true);
    })
    .sort((a, b) => a.line - b.line || a.character - b.character);
}

/** The tokens that lie inside the current text (`lines`: its lines, without line ends). The model can be older than the
 * text (a pass still running when the request gave up waiting); VS Code logs "Invalid Semantic Tokens Data From
 * Extension" in the browser console for a token past a line end or the last line. The refresh after the pass brings
 * the dropped ones back. */
export function tokensInText(tokens: readonly TokenJson[], lines: readonly string[]): TokenJson[] {
  return tokens.filter((t) => t.line < lines.length && t.character + t.length <= (lines[t.line] as string).length);
}

/** LSP's relative encoding: [deltaLine, deltaStart, length, typeIndex, modifierBits] per token. */
export function encodeTokens(tokens: readonly TokenJson[]): number[] {
  const data: number[] = [];
  let line = 0;
  let char = 0;
  for (const t of tokens) {
    const dl = t.line - line;
    data.push(dl, dl === 0 ? t.character - char : t.character, t.length, TOKEN_TYPES.indexOf(t.type), t.modifiers.reduce((bits, m) => bits | (1 << TOKEN_MODIFIERS.indexOf(m)), 0));
    line = t.line;
    char = t.character;
  }
  return data;
}
