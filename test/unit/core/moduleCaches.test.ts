import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';

// Module-level mutable state in server/src outlives every workspace: a cache there is shared by two workspaces (a
// "fresh" analysis is not fresh) and never disposed. Per-project caches belong to project/projectCaches.ts (owned by
// the workspace). What may stay at module level is listed here with the reason; a new one fails this test.
const ALLOWED: Record<string, string> = {
  // Constants built once from static tables (never written after module load).
  'analysis/suppressions.ts:KNOWN': 'the rule codes, a constant',
  // Memos of pure functions of an immutable key (a model, a node, a fact): equal keys, equal answers, wherever computed.
  'features/pipelineModel.ts:built': 'pure memo per model',
  'features/pipelineModel.ts:nodeJsons': 'pure memo per node object',
  'features/pipelineModel.ts:datasetJsons': 'keyed by a catalog map, which one workspace owns; checked against its params and writers',
  'features/positions.ts:cache': 'pure memo per model',
  'parsing/yaml/confFacts.ts:aliasTables': 'pure memo per YAML document',
  'parsing/yaml/confFacts.ts:fileBlocks': 'pure memo per file facts',
  'parsing/python/moduleFacts.ts:moduleCalls': 'the call IR built with the facts it is keyed by',
  'project/inputFiles.ts:last': 'memo per model uses, checked against the catalog, python and versions it was computed from',
  'project/pipelines/kedroSemantics.ts:identities': 'pure memo per node object',
  'project/model.ts:patternCache': 'compiled pattern per pattern text (pure, bounded)',
  'project/model.ts:nodeSets': 'pure memo per node list',
  'project/readChanges.ts:sources': 'pure memo per model',
  'project/readChanges.ts:diffs': 'pure memo per pair of models',
  'analysis/catalog.ts:usedCache': 'pure memo per use list',
  'analysis/rules/kl110UnusedCatalogEntry.ts:basesOf': 'pure memo per name set',
  'analysis/pipelines.ts:maximalCache': 'pure memo per model',
  'analysis/pipelines.ts:prechecks': 'pure memo per node list',
  'analysis/types.ts:parsedParams': 'pure memo per parameter fact',
  'analysis/types.ts:parsedReturns': 'pure memo per function fact',
  // Not caches.
  'parsing/python/treeSitter.ts:ready': 'the wasm parser, loaded once per process; it keeps no tree',
  'parsing/python/irBuilder.ts:exprDepth': 'recursion depth of one synchronous build, restored on the way out',
  'parsing/python/irBuilder.ts:callReuse': 'scope of one synchronous build, restored in finally',
  'project/datasetTypes.ts:BY_SHORT': 'constant table',
  'project/datasetTypes.ts:BY_LOWER': 'constant table',
  'project/readChanges.ts:READER_NAMES': 'constant table',
  'project/readChanges.ts:KNOWN_READERS': 'constant table',
  'project/datasetAvailability.ts:AVAILABILITY': 'constant table',
  'project/datasetAvailability.ts:DATASET_GROUPS': 'constant table',
  'project/datasetAvailability.ts:answersFor': 'pure memo per versions object (a pure function of the name and the ranges)',
  'project/discovery.ts:SKIP_DIRS': 'constant table',
  'project/types/pythonTypes.ts:KNOWN_CLASSES': 'constant table',
};

const SRC = path.resolve(__dirname, '../../../server/src');
const DECL = /^(?:export\s+)?(?:(let)\s+(\w+)|const\s+(\w+)\b[^=]*=\s*new\s+(?:Weak)?(?:Map|Set)\b)/;

function declarations(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts')) {
        for (const line of fs.readFileSync(p, 'utf8').split('\n')) {
          const m = DECL.exec(line);
          // A Set of literals (`new Set(['a', 'b'])`) is a constant.
          if (m && !/=\s*new\s+Set\(\[\s*'/.test(line)) out.push(`${path.relative(SRC, p).split(path.sep).join('/')}:${m[2] ?? m[3]}`);
        }
      }
    }
  };
  walk(SRC);
  return out.sort();
}

describe('module-level state in server/src', () => {
  test('every module-level map, set or let is on the allow-list with a reason', () => {
    const found = declarations();
    expect(found.filter((d) => !(d in ALLOWED)), 'a new module-level cache: own it in ProjectCaches, or list it with why it may stay').toEqual([]);
    // Entries whose declaration is gone are dropped, so the list stays a description of the code.
    expect(Object.keys(ALLOWED).filter((k) => !found.includes(k))).toEqual([]);
  });
});
