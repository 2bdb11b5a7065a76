import { describe, expect, test } from 'vitest';
import { extractConfFacts } from '../../../server/src/parsing/yaml/confFacts';

// What PyYAML (through OmegaConf's loader) accepts and returns, where the `yaml` package differs.
// docs/yaml-differences.md lists these tests by name; test/unit/parsing/yamlPyCompare.test.ts checks the inputs against PyYAML.

const params = (text: string) => extractConfFacts('file:///p.yml', text, 'parameters');
const leaves = (text: string) => params(text).params.filter((p) => p.type !== 'dict').map((p) => [p.path, p.type, p.preview]);
const problems = (text: string, kind: 'parameters' | 'catalog' = 'parameters') =>
  extractConfFacts('file:///c.yml', text, kind).problems.map((p) => [p.message, p.span.start.line, p.span.start.character]);

describe('accepted like PyYAML', () => {
  test('quoted scalar continued at the dash column (r12)', () => {
    const text = "p: 1\nsamples:\n  - 'first line of a long quoted value\n  continued at the dash column'\n";
    expect(problems(text)).toEqual([]);
    expect(params(text).params.find((p) => p.path === 'samples')).toMatchObject({ type: 'list', preview: '[first line of a long quoted value continued at the dash column]' });
  });

  test('double-quoted scalar with a backslash line continuation at the dash column', () => {
    const text = 'samples:\n  - "first line of a \\\n  continued at the dash column"\n  - x\nafter: 2\n';
    expect(problems(text)).toEqual([]);
    expect(leaves(text)).toEqual([
      ['samples', 'list', '[first line of a continued at the dash column, x]'],
      ['after', 'int', '2'],
    ]);
  });

  test('quoted scalar continued at column 0', () => {
    expect(leaves('a:\n  b: "x\ny"\n  c: \'p\n\nq\'\n')).toEqual([
      ['a.b', 'str', 'x y'],
      ['a.c', 'str', 'p\nq'],
    ]);
  });

  test('flow collection continued below its key', () => {
    const text = 'a: [1,\n2]\nb: {c: 1,\nd: 2}\n';
    expect(problems(text)).toEqual([]);
    expect(leaves(text)).toEqual([
      ['a', 'list', '[1, 2]'],
      ['b.c', 'int', '1'],
      ['b.d', 'int', '2'],
    ]);
  });

  test('a --- line still ends a quoted scalar', () => {
    expect(problems('a:\n  - "x\n---\ny"\n').length).toBeGreaterThan(0);
  });
});

describe('scalar types as PyYAML resolves them (YAML 1.1)', () => {
  test('yes/no/on/off are bools, y/n are strings', () => {
    expect(leaves('a: yes\nb: No\nc: on\nd: OFF\ne: y\nf: n\ng: True\nh: "yes"\n')).toEqual([
      ['a', 'bool', 'true'],
      ['b', 'bool', 'false'],
      ['c', 'bool', 'true'],
      ['d', 'bool', 'false'],
      ['e', 'str', 'y'],
      ['f', 'str', 'n'],
      ['g', 'bool', 'true'],
      ['h', 'str', 'yes'],
    ]);
  });

  test('ints: 017 octal, 0o17 a string, 1_000, 0x1F, 0b101, 1:30 base 60', () => {
    expect(leaves('a: 017\nb: 0o17\nc: 1_000\nd: 0x1F\ne: 0b101\nf: 1:30\ng: -12\nh: +7\n')).toEqual([
      ['a', 'int', '15'],
      ['b', 'str', '0o17'],
      ['c', 'int', '1000'],
      ['d', 'int', '31'],
      ['e', 'int', '5'],
      ['f', 'int', '90'],
      ['g', 'int', '-12'],
      ['h', 'int', '7'],
    ]);
  });

  test('floats: .inf, .nan, 1e3 and 1.5E-3 (OmegaConf loader), 1_0.5', () => {
    expect(leaves('a: .inf\nb: -.Inf\nc: .NaN\nd: 1e3\ne: 1.5E-3\nf: 1_0.5\ng: 1.\nh: inf\n')).toEqual([
      ['a', 'float', 'Infinity'],
      ['b', 'float', '-Infinity'],
      ['c', 'float', 'NaN'],
      ['d', 'float', '1000'],
      ['e', 'float', '0.0015'],
      ['f', 'float', '10.5'],
      ['g', 'float', '1'],
      ['h', 'str', 'inf'],
    ]);
  });

  test('null spellings, dates stay strings (OmegaConf drops the timestamp resolver), explicit tags win', () => {
    expect(leaves('a: ~\nb: Null\nc:\nd: 2024-01-31\ne: !!str 12\nf: !!float 1\ng: nil\n')).toEqual([
      ['a', 'None', undefined],
      ['b', 'None', undefined],
      ['c', 'None', undefined],
      ['d', 'str', '2024-01-31'],
      ['e', 'str', '12'],
      ['f', 'float', '1'],
      ['g', 'str', 'nil'],
    ]);
  });

  test('a plain timestamp (`!` keeps it plain) is a str for OmegaConf but is marked as what PyYAML\'s safe loader makes of it', () => {
    const marks = (text: string) => params(text).params.map((p) => [p.path, p.type, p.timestamp]);
    expect(marks('a: 2024-01-31\nb: 2024-01-31 10:00:00\nc: 2024-1-5T10:00:00.5Z\nd: 2024-01-31 10:00:00 +01:00\ne: "2024-01-31"\nf: !!str 2024-01-31\ng: ! 2024-01-31\nh: 2024-1-31\ni: 2024-01-31T10:00\n')).toEqual([
      ['a', 'str', 'date'],
      ['b', 'str', 'datetime'],
      ['c', 'str', 'datetime'],
      ['d', 'str', 'datetime'],
      ['e', 'str', undefined],
      ['f', 'str', undefined],
      ['g', 'str', 'date'],
      ['h', 'str', undefined],
      ['i', 'str', undefined],
    ]);
  });

  test('versioned: yes turns versioning on', () => {
    const f = extractConfFacts('file:///c.yml', 'a:\n  type: pickle.PickleDataset\n  versioned: yes\n', 'catalog');
    expect(f.catalog[0]?.versioned).toBe(true);
  });
});

describe('constructs both accept', () => {
  test('merge of a sequence of maps: the first map wins, own keys win over both', () => {
    expect(leaves('_a: &a {x: 1, y: 1}\n_b: &b {y: 2, z: 2}\nc:\n  <<: [*a, *b]\n  z: 3\n').filter(([p]) => String(p).startsWith('c.'))).toEqual([
      ['c.z', 'int', '3'],
      ['c.x', 'int', '1'],
      ['c.y', 'int', '1'],
    ]);
  });

  test('directives, document markers, a BOM and a complex key', () => {
    for (const text of ['%YAML 1.1\n---\na: yes\n', '---\na: yes\n...\n', '\ufeffa: yes\n', '? a\n: yes\n']) {
      expect(problems(text)).toEqual([]);
      expect(leaves(text)).toEqual([['a', 'bool', 'true']]);
    }
  });
});

describe('refused like PyYAML (Kedro cannot load these)', () => {
  test('a tab between tokens or inside a plain scalar; tabs in quotes, block scalars and comments are fine', () => {
    const tab = "found character '\\t' that cannot start any token";
    expect(problems('a: 1\t# c\nb: 2\n')).toEqual([[tab, 0, 4]]);
    expect(problems('a:\t1\n')).toEqual([[tab, 0, 2]]);
    expect(problems('a: 1\n\t\nb: 2\n')).toEqual([[tab, 1, 0]]);
    expect(problems('a: [1,\t2]\n')).toEqual([[tab, 0, 6]]);
    expect(problems('a: x\n  y\tz\n')).toEqual([[tab, 1, 3]]);
    expect(problems('a: "x\ty"\nb: |\n  x\t\nc: 1  # c\td\nd: \'p\n\tq\'\n')).toEqual([]);
  });

  test('tab-indented JSON is not refused: the 0.18 ConfigLoader reads .json with Python json', () => {
    expect(extractConfFacts('file:///catalog.json', '{\n\t"a": {\n\t\t"type": "pandas.CSVDataset"\n\t}\n}\n', 'catalog').problems).toEqual([]);
  });

  test('a repeated anchor and an alias before (or without) its anchor', () => {
    expect(problems('a: &x 1\nb: &x 2\n')).toEqual([["found duplicate anchor 'x'", 1, 6]]);
    expect(problems('a: *x\nb: &x 1\n')).toEqual([["found undefined alias 'x'", 0, 3]]);
    expect(problems('a: &x\nb: *x\n')).toEqual([]);
  });

  test('a merge of something else than mappings, tags SafeLoader cannot construct, control characters', () => {
    expect(problems('a:\n  <<: 1\n')).toEqual([['expected a mapping or list of mappings for merging', 1, 2]]);
    expect(problems('a: !!python/tuple [1]\n')).toEqual([["could not determine a constructor for the tag 'tag:yaml.org,2002:python/tuple'", 0, 3]]);
    expect(problems('a: !foo 1\n')).toEqual([["could not determine a constructor for the tag '!foo'", 0, 3]]);
    expect(problems('a: !!set {x, y}\nb: !!binary aGVsbG8=\n')).toEqual([]);
    expect(problems('a: x\u0007y\n')).toEqual([['unacceptable character #x0007: special characters are not allowed', 0, 4]]);
  });
});

// An error is kept when an entry without errors separates it from the previous one.
describe('one error per broken construct', () => {
  // Like PyYAML, an unclosed quote or bracket runs to the end of the file, where the error is placed.
  test('an unterminated quote gives one KL900 error, not a cascade', () => {
    expect(problems('a:\n  - "never closed\nb: 1\n')).toEqual([['Missing closing "quote', 3, 0]]);
  });

  test('an unclosed flow sequence in a catalog entry gives one error', () => {
    expect(problems('companies:\n  type: pandas.CSVDataset\n  filepath: [data/01_raw/companies.csv\n', 'catalog')).toEqual([
      ['Flow sequence in block collection must be sufficiently indented and end with a ]', 3, 0],
    ]);
  });

  test('a mis-indented key gives one error for its entry', () => {
    expect(problems('companies:\n  type: x\n   filepath: [oops\nb: 1\n', 'catalog')).toEqual([['Nested mappings are not allowed in compact mappings', 1, 8]]);
  });

  test('a Jinja block (TemplatedConfigLoader era) gives one error, not one per line', () => {
    const jinja = "{% set ns = 'fe' %}\n{% for m in ['a', 'b'] %}\n{{ ns }}.feat_{{ m }}:\n  type: pandas.ParquetDataset\n\n{% endfor %}\n";
    expect(problems(jinja, 'catalog')).toEqual([['Plain value cannot start with directive indicator character %', 0, 1]]);
  });

  test('errors in two top-level entries are both reported', () => {
    expect(problems('a: "x\\q"\nb: 1\nc: @x\n')).toEqual([
      ['Invalid escape sequence \\q', 0, 5],
      ['Plain value cannot start with reserved character @', 2, 3],
    ]);
  });

  test('two documents are one error', () => {
    expect(problems('a: 1\n---\nb: 2\n').map(([m]) => m)).toEqual(['Source contains multiple documents; please use YAML.parseAllDocuments()']);
  });
});
