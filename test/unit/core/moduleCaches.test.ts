import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';

// Module-level mutable state in server/src outlives every workspace: a cache there is shared by two workspaces (a
// "fresh" analysis is not fresh) and never disposed. Per-project caches belong to project/projectCaches.ts (owned by
// the workspace); a memo of an immutable object goes through the helpers of core/memo.ts (memoOn, memoPer,
// memoWhileSame, memoWhileReadsHold), which also replay recorded reads on a hit. What else may stay at module level is
// listed here with the reason; a new one fails this test.
const ALLOWED: Record<string, string> = {
  // Constants built once from static tables (never written after module load).
  'analysis/suppressions.ts:KNOWN': 'the rule codes, a constant',
  'project/datasetTypes.ts:BY_SHORT': 'constant table',
  'project/datasetTypes.ts:BY_LOWER': 'constant table',
  'project/readChanges.ts:READER_NAMES': 'constant table',
  'project/readChanges.ts:KNOWN_READERS': 'constant table',
  'project/datasetAvailability.ts:AVAILABILITY': 'constant table',
  'project/datasetAvailability.ts:DATASET_GROUPS': 'constant table',
  'project/versions.ts:ANY_VERSION': 'the empty version range, a constant (readonly type)',
  // Memos of pure functions of an immutable key (a model, a node, a fact) that record no reads: equal keys, equal
  // answers, wherever computed. Kept as plain maps where the shared helpers would record every catalog lookup of a
  // large computation on each pass.
  'features/pipelineModel.ts:built': 'pure memo per model',
  'features/pipelineModel.ts:nodeJsons': 'pure memo per node object',
  'features/pipelineModel.ts:datasetJsons': 'keyed by a catalog map, which one workspace owns; checked against its params and writers',
  'features/positions.ts:cache': 'pure memo per model',
  'parsing/yaml/confFacts.ts:aliasTables': 'pure memo per YAML document',
  'parsing/yaml/confFacts.ts:fileBlocks': 'pure memo per file facts',
  'parsing/python/moduleFacts.ts:moduleCalls': 'the call IR built with the facts it is keyed by',
  'project/pipelines/kedroSemantics.ts:identities': 'pure memo per node object',
  'project/pipelines/types.ts:evaluations': 'the evaluation a node object was built by, set once when it is made and computed from that evaluation alone',
  'project/model.ts:patternCache': 'compiled pattern per pattern text (pure, bounded)',
  'project/versions.ts:bounds': 'parsed version per bound text, the literals rules ask about (pure, bounded)',
  'project/readChanges.ts:sources': 'pure memo per model',
  'project/readChanges.ts:diffs': 'pure memo per pair of models',
  'project/datasetAvailability.ts:answersFor': 'pure memo per versions object (a pure function of the name and the ranges)',
  // Not caches.
  'core/memo.ts:recorders': 'the stack of recordings under way in one synchronous call, popped in finally',
  'core/memo.ts:verifying': 'the verify-mode switch (on in test runs), not a cache',
  'parsing/python/treeSitter.ts:ready': 'the wasm parser, loaded once per process; it keeps no tree',
  'parsing/python/treeSitter.ts:flat': "the flat tree reader of that parser (type names and field ids of the language); it keeps no tree",
  'parsing/python/treeSitter.ts:flatOn': 'whether extraction reads trees flat: a switch tests turn to compare both readings, not a cache',
  'parsing/python/treeSitter.ts:binding': "that parser's emscripten module (Parser.init's options object), once per process",
  'parsing/python/irBuilder.ts:exprDepth': 'recursion depth of one synchronous build, restored on the way out',
  'parsing/python/irBuilder.ts:callReuse': 'scope of one synchronous build, restored in finally',
  'host/parseWorker.ts:chain': "a parse worker thread's queue of batches (that thread's only state, not a cache)",
};

const unwrap = (e: ts.Expression): ts.Expression => (ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e) ? unwrap(e.expression) : e);

/** Why a module-level initializer may hold mutable state, or undefined when it cannot (literals, functions, calls of helpers). */
function mutableInit(init: ts.Expression): string | undefined {
  const e = unwrap(init);
  if (ts.isNewExpression(e)) {
    // A Set of string literals is a constant table.
    const arg = e.arguments?.[0];
    const literalSet = e.expression.getText() === 'Set' && arg && ts.isArrayLiteralExpression(arg) && arg.elements.length > 0 && arg.elements.every(ts.isStringLiteral);
    return literalSet ? undefined : `new ${e.expression.getText()}`;
  }
  if (ts.isArrayLiteralExpression(e) && e.elements.length === 0) return 'an empty array';
  if (ts.isObjectLiteralExpression(e) && e.properties.length === 0) return 'an empty object';
  // An immediately called function can close over anything (a cache behind a function).
  if (ts.isCallExpression(e) && (ts.isArrowFunction(unwrap(e.expression)) || ts.isFunctionExpression(unwrap(e.expression)))) return 'an immediately called function';
  return undefined;
}

/** `name kind` of every module-level declaration of `source` that may hold mutable state. */
export function moduleState(source: string): string[] {
  const sf = ts.createSourceFile('x.ts', source, ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  for (const st of sf.statements) {
    if (ts.isVariableStatement(st)) {
      const isConst = (st.declarationList.flags & ts.NodeFlags.Const) !== 0;
      for (const d of st.declarationList.declarations) {
        const why = !isConst ? (st.declarationList.flags & ts.NodeFlags.Let ? 'let' : 'var') : d.initializer && mutableInit(d.initializer);
        if (why) out.push(`${d.name.getText(sf)} ${why}`);
      }
    } else if (ts.isClassDeclaration(st)) {
      // A static field lives as long as the module.
      for (const m of st.members) {
        const isStatic = ts.canHaveModifiers(m) && ts.getModifiers(m)?.some((x) => x.kind === ts.SyntaxKind.StaticKeyword);
        if (isStatic && ts.isPropertyDeclaration(m)) out.push(`${st.name?.getText(sf) ?? 'class'}.${m.name.getText(sf)} static`);
      }
    }
  }
  return out;
}

const SRC = path.resolve(__dirname, '../../../server/src');

function declarations(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts')) {
        const rel = path.relative(SRC, p).split(path.sep).join('/');
        for (const d of moduleState(fs.readFileSync(p, 'utf8'))) out.push(`${rel}:${d.split(' ')[0]}`);
      }
    }
  };
  walk(SRC);
  return out.sort();
}

describe('module-level state in server/src', () => {
  test('the detector finds every kind of module-level state, and nothing inside functions', () => {
    const source = [
      'const a = new Map();',
      'export const b: Map<string, () => void> = new Map();',
      'const c = new WeakMap<object, string>();',
      'let d = 0;',
      'export let e: string | undefined;',
      'var f = 1;',
      'const g: string[] = [];',
      'const h = {} as Record<string, number>;',
      'const i = (() => { const m = new Map(); return (k: string) => m.get(k); })();',
      'class J { static cache = new Map(); static readonly LIMIT = 3; private own = new Map(); }',
      'const k = new Set<string>();',
      'const l = new LRU(10);',
      // Not state: constants, functions, helpers (core/memo.ts), and anything inside a function.
      "const SKIP = new Set(['a', 'b']);",
      "const NAMES = ['a', 'b'];",
      'const make = () => new Map();',
      'function f2() { const m = new Map(); let n = 0; return [m, n]; }',
      'const memo = memoOn((x: object) => x);',
      "const TABLE = { a: 1 } as const;",
    ].join('\n');
    expect(moduleState(source)).toEqual([
      'a new Map',
      'b new Map',
      'c new WeakMap',
      'd let',
      'e let',
      'f var',
      'g an empty array',
      'h an empty object',
      'i an immediately called function',
      'J.cache static',
      'J.LIMIT static',
      'k new Set',
      'l new LRU',
    ]);
  });

  test('every module-level map, set, let or mutable literal is on the allow-list with a reason', () => {
    const found = declarations();
    expect(found.filter((d) => !(d in ALLOWED)), 'a new module-level cache: own it in ProjectCaches, use the memo helpers of core/memo.ts, or list it with why it may stay').toEqual([]);
    // Entries whose declaration is gone are dropped, so the list stays a description of the code.
    expect(Object.keys(ALLOWED).filter((k) => !found.includes(k))).toEqual([]);
  });

  test('rules and their helpers keep no private map: their per-object caches go through core/memo.ts', () => {
    // A private map's hit does not replay what the computation read: a node check using it could be reused stale.
    expect(Object.keys(ALLOWED).filter((k) => k.startsWith('analysis/') && !ALLOWED[k]?.includes('constant'))).toEqual([]);
  });
});
