import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import type { Parser } from 'web-tree-sitter';
import { compareTrees, flatTreeReader, FlatTreeReader } from '../../../server/src/parsing/python/flatTree';
import { extractModuleFacts } from '../../../server/src/parsing/python/moduleFacts';
import { flatTrees, parserBinding, withTreeOf } from '../../../server/src/parsing/python/treeSitter';
import { testParser } from '../../helpers/parser';
// @ts-expect-error: a plain .mjs script without types
import { generate } from '../../../scripts/gen-project.mjs';
import { mutate } from '../../fuzz/mutate';
import { rng } from '../../fuzz/rng';

const ROOT = path.resolve(__dirname, '../../..');

/** Every Python file of the repository (examples, fixtures, scripts), and FLAT_TREE_CORPUS's when set (a local corpus). */
function pythonFiles(): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name === '.git' || e.name === 'dist') continue;
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.py')) out.push(p);
    }
  };
  walk(ROOT);
  const corpus = process.env['FLAT_TREE_CORPUS'];
  if (corpus) walk(corpus);
  return out;
}

let parser: Parser;
beforeAll(async () => {
  parser = await testParser();
});
afterEach(() => flatTrees(true));

/** Both readings of `text`'s tree: undefined when they agree node for node (types, ranges, children, fields, parents). */
function difference(text: string): string | undefined {
  return withTreeOf(parser, text, (tree, parsed) => {
    const reader = flatTreeReader(moduleOf(), tree.language, () => true);
    if (!reader) throw new Error('no flat reader');
    return compareTrees(tree.rootNode, reader.read(tree, parsed).root);
  });
}

const moduleOf = parserBinding;

/** The facts of `text` read both ways, as JSON. */
function bothFacts(text: string): [string, string] {
  flatTrees(false);
  const library = JSON.stringify(extractModuleFacts(parser, 'file:///m.py', text));
  flatTrees(true);
  const flat = JSON.stringify(extractModuleFacts(parser, 'file:///m.py', text));
  return [library, flat];
}

describe('flat trees: one cursor walk gives what the library’s nodes give', () => {
  test('the parser of this process reads trees flat (its sample read alike)', () => {
    expect(flatTrees()).toBe(true);
  });

  test('every Python file of the repository: the same tree and the same facts', () => {
    const files = pythonFiles();
    expect(files.length).toBeGreaterThan(40);
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      expect(difference(text), f).toBeUndefined();
      const [library, flat] = bothFacts(text);
      expect(flat, f).toBe(library);
    }
  }, process.env['FLAT_TREE_CORPUS'] ? 3_600_000 : 60_000);

  test('a generated 300-node project: the same facts for each module', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kl-flat-'));
    generate(300, dir);
    const files: string[] = [];
    const walk = (d: string): void => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) (e.isDirectory() ? walk : (p: string) => p.endsWith('.py') && files.push(p))(path.join(d, e.name));
    };
    walk(dir);
    expect(files.length).toBeGreaterThan(6);
    for (const f of files) {
      const [library, flat] = bothFacts(fs.readFileSync(f, 'utf8'));
      expect(flat, f).toBe(library);
    }
  });

  test('mutated modules (truncated, broken brackets and indentation, \\r\\n, BOM, emoji, deep nesting): same trees and facts', () => {
    const sources = pythonFiles()
      .filter((f) => f.includes(`${path.sep}pipelines${path.sep}`) || f.endsWith('pipeline_registry.py'))
      .map((f) => fs.readFileSync(f, 'utf8'));
    const r = rng(20261203);
    for (let i = 0; i < 150; i++) {
      const text = mutate(sources[i % sources.length] as string, r);
      expect(difference(text), `case ${i}`).toBeUndefined();
      const [library, flat] = bothFacts(text);
      expect(flat, `case ${i}`).toBe(library);
    }
  });

  test('edge texts: empty, only a comment, only whitespace, a lone \\r, an unterminated string', () => {
    for (const text of ['', '# c', '   \n\n', 'x = 1\ry = 2\n', 'x = "abc\n', '\uFEFFdef f(:\n', 'é = "😀"\n']) {
      expect(difference(text), JSON.stringify(text)).toBeUndefined();
      const [library, flat] = bothFacts(text);
      expect(flat, JSON.stringify(text)).toBe(library);
    }
  });

  test('compareTrees finds a difference when there is one (a tree against another text’s)', () => {
    const a = withTreeOf(parser, 'x = f(1)\n', (tree) => tree.rootNode);
    expect(a).toBeDefined();
    const got = withTreeOf(parser, 'x = f(1)\n', (t1, p1) =>
      withTreeOf(parser, 'x = g(1, 2)\n', (t2, p2) => {
        const reader = flatTreeReader(moduleOf(), t1.language, () => true);
        if (!reader) throw new Error('no flat reader');
        return [compareTrees(t1.rootNode, reader.read(t2, p2).root), compareTrees(t1.rootNode, reader.read(t1, p1).root)];
      }),
    );
    expect(got?.[0]).toMatch(/^module at 0:0: range|children|text/);
    expect(got?.[1]).toBeUndefined();
  });

  test('not a binding (another object, missing exports, a throwing sample): no reader, so the library is read', () => {
    const language = withTreeOf(parser, '', (t) => t.language);
    if (!language) throw new Error('no language');
    expect(flatTreeReader({}, language, () => true)).toBeUndefined();
    expect(flatTreeReader({ HEAP32: new Int32Array(4) }, language, () => true)).toBeUndefined();
    expect(flatTreeReader(moduleOf(), language, () => false)).toBeUndefined();
    expect(
      flatTreeReader(moduleOf(), language, () => {
        throw new Error('boom');
      }),
    ).toBeUndefined();
    expect(flatTreeReader(moduleOf(), language, () => true)).toBeDefined();
  });

  // Last: it ends flat reading for the rest of this file's process.
  test('a tree the reader cannot read: the library is read instead, the same facts, and flat reading ends', () => {
    const text = 'from kedro.pipeline import node\n\ndef create_pipeline():\n    return [node(f, "a", "b")]\n';
    const [library] = bothFacts(text);
    const read = vi.spyOn(FlatTreeReader.prototype, 'read').mockImplementation(() => {
      throw new Error('flat tree: more than 3 nodes');
    });
    try {
      expect(JSON.stringify(extractModuleFacts(parser, 'file:///m.py', text))).toBe(library);
      expect(read).toHaveBeenCalledTimes(1);
      expect(flatTrees()).toBe(false);
      extractModuleFacts(parser, 'file:///m.py', text);
      expect(read).toHaveBeenCalledTimes(1);
    } finally {
      read.mockRestore();
    }
  });
});
