import { beforeAll, describe, expect, test } from 'vitest';
import type { Parser } from 'web-tree-sitter';
import { extractModuleFacts } from '../../../server/src/parsing/python/moduleFacts';
import { testParser } from '../../helpers/parser';

let parser: Parser;
beforeAll(async () => {
  parser = await testParser();
});

const facts = (text: string) => extractModuleFacts(parser, 'file:///m.py', text);

// String literals through catalog calls, the lexical facts production reads (node() calls are evaluated from the IR).
describe('string literals', () => {
  test('columns are UTF-16 code units after non-ASCII text', () => {
    const f = facts(`x = catalog.load("é😀")  # é😀
y = catalog.load("naïve_😀_out")
`);
    // `y = catalog.load("` is 18 UTF-16 units; the name is 12 (ï = 1, 😀 = 2).
    expect(f.catalogCalls[1]?.name).toMatchObject({ value: 'naïve_😀_out', span: { start: { line: 1, character: 18 }, end: { line: 1, character: 30 } } });
  });

  test('escape sequences are decoded as Python decodes them; raw strings keep them', () => {
    const f = facts(`a = catalog.load("q\\"uote")
b = catalog.load('tab\\tand\\x41\\u00e9\\101\\q')
c = catalog.load(r"raw\\n")
`);
    expect(f.catalogCalls.map((c) => c.name.value)).toEqual(['q"uote', 'tab\tandAéA\\q', 'raw\\n']);
  });

  test('half-typed code still yields the complete calls', () => {
    const f = facts(`a = catalog.load("x")
b = catalog.load(
def broken(:
`);
    expect(f.hasSyntaxError).toBe(true);
    expect(f.catalogCalls[0]?.name.value).toBe('x');
  });
});

describe('function definitions', () => {
  test('parameter kinds, defaults, annotations and return type', () => {
    const f = facts(`import pandas as pd
@decorate
def f(a, b: int, /, c: "pd.DataFrame" = None, *args: str, d, e: float = 1.0, **kw) -> tuple[pd.DataFrame, int]:
    pass
`);
    const fn = f.functions[0];
    expect(fn?.name).toBe('f');
    expect(fn?.decorators).toEqual(['decorate']);
    expect(fn?.returns).toBe('tuple[pd.DataFrame, int]');
    expect(fn?.params.map((p) => [p.name, p.kind, p.hasDefault, p.annotation])).toEqual([
      ['a', 'positional-only', false, undefined],
      ['b', 'positional-only', false, 'int'],
      ['c', 'positional', true, 'pd.DataFrame'],
      ['args', 'var-positional', false, 'str'],
      ['d', 'keyword-only', false, undefined],
      ['e', 'keyword-only', true, 'float'],
      ['kw', 'var-keyword', false, undefined],
    ]);
  });

  test('imports record local names, modules and attributes', () => {
    const f = facts(`import pandas as pd
import os.path
from .nodes import clean, train as fit
from ..shared import x
`);
    expect(f.imports.map((i) => [i.local, i.module, i.name])).toEqual([
      ['pd', 'pandas', undefined],
      ['os', 'os.path', undefined],
      ['clean', '.nodes', 'clean'],
      ['fit', '.nodes', 'train'],
      ['x', '..shared', 'x'],
    ]);
  });
});

describe('which function bodies become IR', () => {
  test('pipeline builders do, node functions (docstrings mentioning pipelines included) do not', async () => {
    const { mayBuildPipelines } = await import('../../../server/src/parsing/python/moduleFacts');
    expect(mayBuildPipelines('helper', '    return [node(f, "a", "b")]')).toBe(true);
    expect(mayBuildPipelines('helper', '    return base + extra')).toBe(true);
    expect(mayBuildPipelines('create_pipeline', '    return make()')).toBe(true);
    expect(mayBuildPipelines('step', '    """Step of the pipeline."""\n    # node docs\n    return data["node"]')).toBe(false);
  });

  test('a helper that only returns a comprehension does (names for node inputs), other one-liners do not', async () => {
    const { mayBuildPipelines } = await import('../../../server/src/parsing/python/moduleFacts');
    expect(mayBuildPipelines('mapping', '    """Value to value."""\n    return {k: k for k in inputs}')).toBe(true);
    expect(mayBuildPipelines('names', '    return [\n        f"{p}_raw" for p in parts\n    ]')).toBe(true);
    expect(mayBuildPipelines('clean', '    df = df.dropna()\n    return [c for c in df.columns]')).toBe(false);
    expect(mayBuildPipelines('scale', '    return {"mean": x.mean()}')).toBe(false);
  });
});

describe('calls kept from the previous version of a module', () => {
  const v1 = `from kedro.pipeline import Node, Pipeline

def create_pipeline(**kwargs):
    return Pipeline([
        Node(f, "a", "b", name="n1"),
        Node(g, ["b", "params:x"], "c", name="n2"),
        Node(h, "c", "d", name="n3"),
    ])
`;
  const edits: [string, string][] = [
    ['one call edited', v1.replace('"params:x"', '"params:y"')],
    ['a line inserted above every call', v1.replace('    return Pipeline([', '    extra = 1\n    return Pipeline([')],
    ['same text moved to another column', v1.replace('        Node(h,', '          Node(h,')],
    ['an identical call added', v1.replace('    ])', '        Node(h, "c", "d", name="n3"),\n    ])')],
    ['half-typed', v1.replace('name="n2"),', 'name="n2"')],
  ];

  test.each(edits)('%s: the IR equals a fresh extraction', (_, v2) => {
    const previous = extractModuleFacts(parser, 'file:///m.py', v1);
    const reused = extractModuleFacts(parser, 'file:///m.py', v2, { previous });
    const fresh = extractModuleFacts(parser, 'file:///m.py', v2);
    expect(reused).toEqual(fresh);
  });

  test('unchanged calls are the same objects; the edited one is new', () => {
    const previous = extractModuleFacts(parser, 'file:///m.py', v1);
    const next = extractModuleFacts(parser, 'file:///m.py', v1.replace('"params:x"', '"params:y"'), { previous });
    const nodeCalls = (f: typeof previous) => {
      const body = f.functions[0]?.body[0];
      if (body?.type !== 'return' || body.value?.type !== 'call') throw new Error('unexpected IR');
      const list = body.value.args[0];
      if (list?.type !== 'list') throw new Error('unexpected IR');
      return list.items;
    };
    const [a1, b1, c1] = nodeCalls(previous);
    const [a2, b2, c2] = nodeCalls(next);
    expect(a2).toBe(a1);
    expect(c2).toBe(c1);
    expect(b2).not.toBe(b1);
  });
});

describe('line endings', () => {
  test('a lone \\r ends a line as in Python and LSP: the def after a comment is seen, at its line', () => {
    const f = facts('# comment\rdef f():\r    return 1\r');
    expect(f.functions.map((x) => [x.name, x.span.start])).toEqual([['f', { line: 1, character: 0 }]]);
    expect(facts('x = 1\r\ndef g():\r\n    pass\r\n').functions.map((x) => [x.name, x.span.start])).toEqual([['g', { line: 1, character: 0 }]]);
  });
});
