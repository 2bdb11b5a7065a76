import { afterEach, describe, expect, test, vi } from 'vitest';
import type { Parser, Tree } from 'web-tree-sitter';
import { ParseTrees } from '../../../server/src/parsing/python/treeSitter';
import { testParser } from '../../helpers/parser';

/** The parser with every tree it makes recorded, and each tree's delete() counted. */
async function countingParser(): Promise<{ parser: Parser; made: Tree[]; deleted: Set<Tree> }> {
  const parser = await testParser();
  const made: Tree[] = [];
  const deleted = new Set<Tree>();
  const parse = parser.parse.bind(parser);
  vi.spyOn(parser, 'parse').mockImplementation((...args: Parameters<Parser['parse']>) => {
    const tree = parse(...args);
    if (tree) {
      made.push(tree);
      const del = tree.delete.bind(tree);
      tree.delete = () => {
        expect(deleted.has(tree), 'a tree deleted twice').toBe(false);
        deleted.add(tree);
        del();
      };
    }
    return tree;
  });
  return { parser, made, deleted };
}

const src = (n: number): string => `def f():\n    return ${n}\n`;

describe('ParseTrees: a bounded LRU of parse trees keyed by document version', () => {
  // The parser is one per process: its spy goes after each test.
  afterEach(() => vi.restoreAllMocks());

  test('the same version reuses its tree; a new version re-parses from it and deletes the old one', async () => {
    const { parser, made, deleted } = await countingParser();
    const trees = new ParseTrees(2);
    const text = (t: Tree): string => t.rootNode.text;
    expect(trees.withTree(parser, 'file:///a.py', '1', src(1), text)).toBe(src(1));
    expect(trees.withTree(parser, 'file:///a.py', '1', src(1), (t) => t)).toBe(made[0]);
    expect(made).toHaveLength(1);
    // An edit: the incremental re-parse gives the new text's tree, and the old tree's wasm memory is freed.
    expect(trees.withTree(parser, 'file:///a.py', '2', src(22), text)).toBe(src(22));
    expect(made).toHaveLength(2);
    expect([...deleted]).toEqual([made[0]]);
    expect(trees.size).toBe(1);
  });

  test('past its capacity the least recently used tree is deleted; dispose() deletes the rest', async () => {
    const { parser, made, deleted } = await countingParser();
    const trees = new ParseTrees(2);
    trees.withTree(parser, 'file:///a.py', '1', src(1), () => undefined);
    trees.withTree(parser, 'file:///b.py', '1', src(2), () => undefined);
    // a is used again (same version: no parse), so b is now the least recently used.
    trees.withTree(parser, 'file:///a.py', '1', src(1), () => undefined);
    trees.withTree(parser, 'file:///c.py', '1', src(3), () => undefined);
    expect(made).toHaveLength(3);
    expect(trees.size).toBe(2);
    expect([...deleted]).toEqual([made[1]]);
    // b comes back: parsed afresh, and a (now least recent) goes.
    trees.withTree(parser, 'file:///b.py', '1', src(2), () => undefined);
    expect(made).toHaveLength(4);
    expect([...deleted]).toEqual([made[1], made[0]]);
    trees.dispose();
    expect(trees.size).toBe(0);
    expect(new Set(deleted)).toEqual(new Set(made));
  });

  test('two owners share no tree: a second ParseTrees parses the same version again', async () => {
    const { parser, made } = await countingParser();
    const one = new ParseTrees();
    const two = new ParseTrees();
    one.withTree(parser, 'file:///a.py', '1', src(1), () => undefined);
    two.withTree(parser, 'file:///a.py', '1', src(1), () => undefined);
    expect(made).toHaveLength(2);
    expect(made[0]).not.toBe(made[1]);
    one.dispose();
    two.dispose();
  });
});
