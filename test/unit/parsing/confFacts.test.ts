import { describe, expect, test } from 'vitest';
import { extractConfFacts } from '../../../server/src/parsing/yaml/confFacts';

describe('catalog files', () => {
  test('entries with type, filepath, layer, credentials reference, patterns and templates', () => {
    const f = extractConfFacts(
      'file:///c.yml',
      `_csv: &csv
  type: pandas.CSVDataset
companies:
  <<: *csv
  filepath: data/01_raw/companies.csv
  credentials: s3_creds
  metadata:
    kedro-viz:
      layer: raw
"{name}_model":
  type: pickle.PickleDataset
  filepath: data/06_models/{name}.pkl
  versioned: true
`,
      'catalog',
    );
    expect(f.problems).toEqual([]);
    expect(f.catalog.map((e) => [e.name, e.isTemplate, e.isPattern, e.type?.value, e.filepath?.value, e.layer, e.credentials.map((c) => c.value), e.versioned])).toEqual([
      ['_csv', true, false, 'pandas.CSVDataset', undefined, undefined, [], false],
      // `<<: *csv` merges the template's type in.
      ['companies', false, false, 'pandas.CSVDataset', 'data/01_raw/companies.csv', 'raw', ['s3_creds'], false],
      ['{name}_model', false, true, 'pickle.PickleDataset', 'data/06_models/{name}.pkl', undefined, [], true],
    ]);
    expect([...(f.catalog[1]?.args.keys() ?? [])]).toEqual(['filepath', 'credentials', 'metadata', 'type']);
    expect(f.catalog[1]?.scalars.get('metadata.kedro-viz.layer')).toBe('raw');
    expect(f.catalog[1]?.keySpan).toEqual({ start: { line: 2, character: 0 }, end: { line: 2, character: 9 } });
    expect(f.catalog[2]?.keySpan.start).toEqual({ line: 9, character: 0 });
  });

  test('syntax errors become problems with positions, not exceptions', () => {
    const f = extractConfFacts('file:///c.yml', 'companies:\n  type: pandas.CSVDataset\n   filepath: [oops\n', 'catalog');
    expect(f.problems.length).toBeGreaterThan(0);
    expect(f.problems[0]?.severity).toBe('error');
    expect(f.problems[0]?.span.start.line).toBeGreaterThanOrEqual(1);
  });

  test('duplicate keys are facts for KL902, not syntax errors; the last value wins as in PyYAML', () => {
    const f = extractConfFacts('file:///c.yml', 'a:\n  type: x\n  type: z\na:\n  type: y\n1: p\n1: q\n', 'catalog');
    expect(f.problems).toEqual([]);
    expect(f.duplicateKeys.map((d) => [d.path, d.span.start.line, d.first.start.line, d.strKey])).toEqual([
      ['a.type', 2, 1, true],
      ['a', 3, 0, true],
      ['1', 6, 5, false],
    ]);
    expect(f.catalog.map((e) => [e.name, e.type?.value, e.keySpan.start.line])).toEqual([
      ['a', 'y', 3],
      ['1', undefined, 6],
    ]);
    const p = extractConfFacts('file:///p.yml', 'm:\n  lr: 1\n  lr: "x"\n', 'parameters');
    expect(p.params.map((x) => [x.path, x.type, x.preview, x.keySpan.start.line])).toEqual([
      ['m', 'dict', undefined, 0],
      ['m.lr', 'str', 'x', 2],
    ]);
  });

  test('a top-level list is reported', () => {
    const f = extractConfFacts('file:///c.yml', '- a\n- b\n', 'catalog');
    expect(f.problems.map((p) => p.message)).toEqual(['Expected a mapping at the top level of this config file.']);
  });
});

describe('interpolations and hostile YAML', () => {
  test('${...} expressions are collected with their columns, nested ones inside the outer', () => {
    const f = extractConfFacts('file:///c.yml', 'a:\n  type: ${_tpl.type}\n  filepath: "data/${globals:folder, raw}/${oc.env:X}.csv"\n', 'catalog');
    expect(f.interpolations).toEqual([
      { expr: '_tpl.type', span: { start: { line: 1, character: 8 }, end: { line: 1, character: 20 } } },
      { expr: 'globals:folder, raw', span: { start: { line: 2, character: 18 }, end: { line: 2, character: 40 } } },
      { expr: 'oc.env:X', span: { start: { line: 2, character: 41 }, end: { line: 2, character: 52 } } },
    ]);
  });

  test('an alias bomb is bounded: not expanded, the file is not read (the test timeout is the hang guard)', () => {
    const bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]', ...'bcdefghi'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`), 'ds:\n  <<: [*i]\n  type: x'].join('\n');
    const f = extractConfFacts('file:///c.yml', bomb, 'catalog');
    expect(f.unread).toMatch(/too large once its aliases are expanded/);
    expect(f.catalog).toEqual([]);
  });

  test('a merge of its own mapping adds nothing (as in PyYAML); a structure that contains itself is not read, its errors still reported', () => {
    expect(extractConfFacts('file:///c.yml', 'a: &a\n  <<: *a\n  type: pandas.CSVDataset\n', 'catalog').catalog.map((e) => e.name)).toEqual(['a']);
    // `a: &a {k0: *a, …, k9: *a}` is 10^20 nodes for a walk 20 levels deep.
    for (const text of ['a: &a\n  b: *a\n  type: x\n', 'a: &a {k0: *a, k1: *a, k2: *a, k3: *a, k4: *a, k5: *a, k6: *a, k7: *a, k8: *a, k9: *a}\n']) {
      for (const kind of ['catalog', 'parameters'] as const) expect(extractConfFacts('file:///c.yml', text, kind).unread).toMatch(/contains itself/);
    }
    const f = extractConfFacts('file:///c.yml', 'x: &x [*x]\nds:\n  <<: *x\n  type: y\n', 'catalog');
    expect([f.unread, f.problems.map((p) => p.message)]).toEqual([expect.stringMatching(/contains itself/), ['expected a mapping or list of mappings for merging']]);
  });
});

describe('parameter files', () => {
  test('every mapping prefix and leaf becomes a path', () => {
    const f = extractConfFacts('file:///p.yml', 'model:\n  lr: 0.1\n  layers: [1, 2]\n  opt:\n    name: adam\nseed: 42\nnothing:\n', 'parameters');
    expect(f.params.map((p) => [p.path, p.type, p.preview])).toEqual([
      ['model', 'dict', undefined],
      ['model.lr', 'float', '0.1'],
      ['model.layers', 'list', '[1, 2]'],
      ['model.opt', 'dict', undefined],
      ['model.opt.name', 'str', 'adam'],
      ['seed', 'int', '42'],
      ['nothing', 'None', undefined],
    ]);
    expect(f.params[0]?.keys).toEqual(['lr', 'layers', 'opt']);
    expect(f.params[2]?.itemTypes).toEqual(['int', 'int']);
  });

  test('credentials files keep keys only', () => {
    const f = extractConfFacts('file:///cr.yml', 'db:\n  password: hunter2\n', 'credentials');
    expect(f.topKeys.map((k) => k.value)).toEqual(['db']);
    expect(JSON.stringify(f)).not.toContain('hunter2');
  });
});

describe('entry by entry', () => {
  const v1 = 'a:\n  type: pandas.CSVDataset\n  filepath: data/01_raw/a.csv\n\nb:\n  type: pandas.CSVDataset\n\nc:\n  type: pandas.ParquetDataset\n';

  test('an edit keeps the facts of the other entries (same objects) and equals a whole parse', () => {
    const previous = extractConfFacts('file:///c.yml', v1, 'catalog');
    const v2 = v1.replace('b:\n  type: pandas.CSVDataset', 'b:\n  type: pandas.ExcelDataset');
    const next = extractConfFacts('file:///c.yml', v2, 'catalog', { previous });
    expect(next).toEqual(extractConfFacts('file:///c.yml', v2, 'catalog', { whole: true }));
    expect(next.catalog.map((e) => e.type?.value)).toEqual(['pandas.CSVDataset', 'pandas.ExcelDataset', 'pandas.ParquetDataset']);
    expect(next.catalog[0]).toBe(previous.catalog[0]);
    expect(next.catalog[2]).toBe(previous.catalog[2]);
    expect(next.catalog[1]).not.toBe(previous.catalog[1]);
  });

  test('a line inserted above shifts the entries below: they are parsed again at their new lines', () => {
    const previous = extractConfFacts('file:///c.yml', v1, 'catalog');
    const v2 = `# header\n${v1}`;
    const next = extractConfFacts('file:///c.yml', v2, 'catalog', { previous });
    expect(next).toEqual(extractConfFacts('file:///c.yml', v2, 'catalog', { whole: true }));
    expect(next.catalog[2]?.keySpan.start.line).toBe(8);
  });

  test('a key written twice in different entries is found as the whole parse finds it', () => {
    const f = extractConfFacts('file:///c.yml', `${v1}a:\n  type: x\n`, 'catalog');
    expect(f.duplicateKeys.map((d) => [d.path, d.span.start.line, d.first.start.line])).toEqual([['a', 9, 0]]);
    expect(f).toEqual(extractConfFacts('file:///c.yml', `${v1}a:\n  type: x\n`, 'catalog', { whole: true }));
  });
});
