import { describe, expect, test } from 'vitest';
import { isMap, isScalar, parseDocument, type Node as YNode } from 'yaml';
import { extractConfFacts, plainBlock } from '../../../server/src/parsing/yaml/confFacts';
import { rng } from '../../fuzz/rng';

/** A node tree as plain data: kind, source and range of every key, value and mapping. */
function shape(n: unknown): unknown {
  if (isMap(n)) return { map: n.range, items: n.items.map((p) => [shape(p.key), shape(p.value)]) };
  if (isScalar(n)) return { scalar: n.source, type: n.type, range: n.range };
  return { other: n === null ? null : typeof n };
}

const yamlLib = (text: string): unknown => parseDocument(text, { merge: true, uniqueKeys: false, prettyErrors: false, strict: false });

/** Facts with Maps as entry lists, for comparing the split and whole parses exactly. */
const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v, (_k, x: unknown) => (x instanceof Map ? [...x] : x)));

// The pieces the generator draws from: values that are plain scalars and values near the edge of the subset.
const VALUES = ['pandas.CSVDataset', 'data/01_raw/x.csv', '1', '0.5', '-3', '1e3', '010', '0x1F', '1:30', 'true', 'yes', 'No', 'null', '~', '.inf', '${globals:folder}/a', 'a:b', 'x{y}', '$x', '+1', '-x', '..', 's3://bucket/k'];
const EDGES = ['-', 'a:', '"q"', "'q'", '{a: b}', '[1, 2]', 'a #c', '&anchor', '*alias', '!!str 1', '|', '>', 'a  b', 'x\t', '?', '%', '@x', '`x'];
const KEYS = ['type', 'filepath', 'load_args', 'sep', 'versioned', 'layer', 'metadata', 'kedro-viz', 'credentials', 'k0', '1', 'true', 'null', 'a.b', '_t', 'dup'];

function randomBlock(r: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const lines = [`${pick(['raw_0', 'p1_d10', 'opts', '_tmpl', 'ns3.p3_d0', 'x'])}:${r() < 0.1 ? ` ${pick(VALUES)}` : ''}`];
  const walk = (indent: number, depth: number): void => {
    const n = 1 + Math.floor(r() * 4);
    for (let i = 0; i < n; i++) {
      // Mostly aligned siblings; sometimes one space off, a blank line, or an edge value (the parse path must take those).
      const off = r() < 0.04 ? pick([-1, 1]) : 0;
      if (r() < 0.08) lines.push(r() < 0.8 ? '' : ' ');
      const key = pick(KEYS);
      if (depth < 3 && r() < 0.3) {
        lines.push(`${' '.repeat(indent + off)}${key}:`);
        walk(indent + pick([2, 2, 4, 1]), depth + 1);
      } else lines.push(`${' '.repeat(indent + off)}${key}: ${r() < 0.06 ? pick(EDGES) : pick(VALUES)}${r() < 0.02 ? ' ' : ''}`);
    }
  };
  if (lines[0]?.endsWith(':')) walk(pick([2, 4]), 0);
  return lines.join('\n') + (r() < 0.9 ? '\n' : '');
}

describe('plain blocks (catalog and parameters entries built without the YAML parser)', () => {
  test('typical entries take the plain path with the ranges the yaml package gives', () => {
    for (const text of [
      'raw_0:\n  type: pandas.CSVDataset\n  filepath: data/01_raw/raw_0.csv\n',
      'ns3:\n  opts:\n    k0: 1.25\n    k1: 7.00\n\n  other: x\n',
      'model:\n  type: pickle.PickleDataset\n  versioned: true\n  credentials: dev_s3\n  metadata:\n    kedro-viz:\n      layer: models',
      '_raw_dir: data/01_raw\n',
    ]) {
      const doc = plainBlock(text);
      expect(doc, text).toBeDefined();
      expect(shape(doc?.contents)).toEqual(shape((yamlLib(text) as { contents: YNode }).contents));
    }
  });

  test('anything outside the subset is left to the parser', () => {
    for (const text of [
      '"{name}_x":\n  type: a\n', // quoted key
      'a:\n  type: a # comment\n',
      'a:\n  b: -\n',
      'a:\n  b: c:\n',
      'a:\n  b: c\n    d: e\n', // deeper after a scalar: a continuation line
      'a:\n    b: c\n  d: e\n', // a sibling off its mapping's indent
      'a:\n\n  b: c\n',
      'a:\n  b: c \n',
      'a:\n  b:\tc\n',
      'a:\r\n  b: c\r\n',
      'a:\n  credentials: 123\n',
      'a:\n  credentials: null\n',
      'a:\n  b: {c: d}\n',
      'a:\n  b:\n',
      '\na:\n  b: c\n',
      'a:\n  b: c\nd: e\n',
    ]) expect(plainBlock(text), JSON.stringify(text)).toBeUndefined();
  });

  test('random entries: the plain nodes equal the parsed ones, and split facts equal the whole parse', () => {
    const r = rng(2112);
    let taken = 0;
    const cases = 1500;
    for (let i = 0; i < cases; i++) {
      const a = randomBlock(r);
      const doc = plainBlock(a);
      if (doc) {
        taken++;
        const parsed = yamlLib(a) as { contents: YNode; errors: unknown[] };
        expect(parsed.errors, JSON.stringify(a)).toEqual([]);
        expect(shape(doc.contents), JSON.stringify(a)).toEqual(shape(parsed.contents));
      }
      // Two entries in one file: cut into blocks, each parsed the plain way when it can be.
      const text = `${a.endsWith('\n') ? a : `${a}\n`}${randomBlock(r)}`;
      for (const kind of ['catalog', 'parameters'] as const) {
        expect(plain(extractConfFacts('file:///c.yml', text, kind)), JSON.stringify(text)).toEqual(plain(extractConfFacts('file:///c.yml', text, kind, { whole: true })));
      }
    }
    // Most generated entries are in the subset: the comparison above is of the plain path, not only of the parser's.
    expect(taken).toBeGreaterThan(cases / 3);
  }, 60_000); // ~9 s on CI's machine; a busy one must not fail it by the clock
});
