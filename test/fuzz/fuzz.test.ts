import * as fs from 'node:fs';
import { beforeAll, describe, expect, test } from 'vitest';
import type { Parser } from 'web-tree-sitter';
import { extractModuleFacts } from '../../server/src/parsing/python/moduleFacts';
import { extractConfFacts } from '../../server/src/parsing/yaml/confFacts';
import { extractPyprojectFacts } from '../../server/src/parsing/toml/pyproject';
import { LineIndex } from '../../server/src/core/lineIndex';
import { analyzeMemoryProject } from '../helpers/analyze';
import { testParser } from '../helpers/parser';
import { mutate } from './mutate';
import { rng } from './rng';

/** Seeded mutations of real fixture files: the analysis must never throw and every range must stay in the text. */
const CASES = Number(process.env['FUZZ_CASES'] ?? 300);
const SEED = Number(process.env['FUZZ_SEED'] ?? 20261125);

const inside = (text: string, span: { start: { line: number; character: number }; end: { line: number; character: number } }): boolean => {
  const idx = new LineIndex(text);
  const end = idx.end;
  const ok = (p: { line: number; character: number }): boolean => p.line >= 0 && p.character >= 0 && (p.line < end.line || (p.line === end.line && p.character <= end.character));
  return ok(span.start) && ok(span.end);
};

const PY = [
  'examples/spaceflights/src/spaceflights/pipelines/data_processing/pipeline.py',
  'examples/spaceflights/src/spaceflights/pipelines/data_science/nodes.py',
  'test/fixtures/projects/modular/src/modular_demo/pipelines/ingest/pipeline.py',
  'test/fixtures/projects/modular/src/modular_demo/hooks.py',
].map((p) => fs.readFileSync(p, 'utf8'));
const YAML = ['examples/spaceflights/conf/base/catalog.yml', 'test/fixtures/projects/modular/conf/base/catalog.yml', 'examples/spaceflights/conf/base/parameters_data_science.yml'].map((p) => fs.readFileSync(p, 'utf8'));
// Without anchors, so that files are parsed entry by entry (see topLevelBlocks).
const PLAIN_CATALOG = `# raw inputs
"{name}_intermediate":
  type: pandas.ParquetDataset
  filepath: data/02_intermediate/{name}.parquet

companies:
  type: pandas.CSVDataset
  filepath: "data/01_raw/\${globals:folder}/companies.csv"
  load_args:
    sep: ","
  # a comment inside
shuttles: {type: pandas.ExcelDataset, filepath: data/01_raw/shuttles.xlsx}
model_input_table:
  type: pandas.ParquetDataset
  filepath: data/03_primary/model_input_table.parquet
  versioned: true
  credentials: dev_s3

notes: |
  free text
  on two lines
`;

// Entries in the plain subset that is read without the YAML parser (confFacts plainBlock): mutations take them to its
// edges (a space off, a quote, a colon at the end), where the parser must take over with the same facts.
const PLAIN_ENTRIES = `raw_0:
  type: pandas.CSVDataset
  filepath: data/01_raw/raw_0.csv
p0_d10:
  type: pandas.ParquetDataset
  filepath: \${globals:folder}/p0_d10.parquet
  versioned: true
  credentials: dev_s3
  metadata:
    kedro-viz:
      layer: primary

ns3:
  opts:
    k0: 1.25
    k1: 010
  flag: yes
`;

let parser: Parser;
beforeAll(async () => {
  parser = await testParser();
});

// The limit grows with the cases: `npm run fuzz` (10,000) on a loaded machine took longer than a fixed 3 minutes.
describe(`fuzz (${CASES} cases per target, seed ${SEED}; replay with FUZZ_SEED=${SEED} FUZZ_CASES=${CASES})`, { timeout: Math.max(180_000, CASES * 200) }, () => {
  test('Python facts never throw; every span lies inside the text', () => {
    const r = rng(SEED);
    for (let i = 0; i < CASES; i++) {
      const text = mutate(PY[i % PY.length] as string, r);
      const f = extractModuleFacts(parser, 'file:///m.py', text);
      for (const fn of f.functions) expect(inside(text, fn.nameSpan), `case ${i}`).toBe(true);
      for (const c of f.catalogCalls) expect(inside(text, c.span), `case ${i}`).toBe(true);
    }
  });

  test('Python facts of an edited module (incremental parse, kept calls) equal a fresh extraction', () => {
    const r = rng(SEED + 4);
    for (let i = 0; i < CASES; i++) {
      const original = PY[i % PY.length] as string;
      // Chains of edits, as typing makes them: each version re-parsed from the tree of the one before.
      const v1 = mutate(original, r);
      const v2 = r() < 0.5 ? mutate(v1, r) : original;
      let previous = extractModuleFacts(parser, 'file:///edited.py', original);
      for (const text of [v1, v2]) {
        const edited = extractModuleFacts(parser, 'file:///edited.py', text, { previous });
        const fresh = extractModuleFacts(parser, `file:///fresh-${i}.py`, text);
        expect({ ...edited, uri: '' }, `case ${i}`).toEqual({ ...fresh, uri: '' });
        previous = edited;
      }
    }
  });

  test('YAML and TOML facts never throw; problems and keys lie inside the text', () => {
    const r = rng(SEED + 1);
    for (let i = 0; i < CASES; i++) {
      const text = mutate(YAML[i % YAML.length] as string, r);
      for (const kind of ['catalog', 'parameters', 'credentials'] as const) {
        const f = extractConfFacts('file:///c.yml', text, kind);
        for (const p of f.problems) expect(inside(text, p.span), `case ${i} ${kind}`).toBe(true);
        for (const e of f.catalog) expect(inside(text, e.keySpan), `case ${i}`).toBe(true);
      }
      const toml = extractPyprojectFacts('file:///p', mutate('[tool.kedro]\npackage_name = "a"\nproject_name = "A"\nkedro_init_version = "1.5.0"\n', r));
      for (const p of toml.problems) expect(p.span.start.line).toBeGreaterThanOrEqual(0);
    }
  });

  test('YAML facts parsed entry by entry (and reusing the entries of the last version) equal the whole parse', () => {
    const r = rng(SEED + 3);
    for (let i = 0; i < CASES; i++) {
      const original = [...YAML, PLAIN_CATALOG, PLAIN_ENTRIES][i % (YAML.length + 2)] as string;
      const text = mutate(original, r);
      for (const kind of ['catalog', 'parameters', 'credentials'] as const) {
        const whole = extractConfFacts('file:///c.yml', text, kind, { whole: true });
        expect(extractConfFacts('file:///c.yml', text, kind), `case ${i} ${kind}`).toEqual(whole);
        const previous = extractConfFacts('file:///c.yml', original, kind);
        expect(extractConfFacts('file:///c.yml', text, kind, { previous }), `case ${i} ${kind} after edit`).toEqual(whole);
      }
    }
  });

  test('whole-project analysis of mutated projects never throws; diagnostics lie inside their files', async () => {
    const r = rng(SEED + 2);
    const n = Math.max(10, Math.floor(CASES / 10));
    for (let i = 0; i < n; i++) {
      const files: Record<string, string> = {
        'conf/base/catalog.yml': mutate(YAML[0] as string, r),
        'conf/base/parameters.yml': mutate(YAML[2] as string, r),
        'src/demo/pipelines/dp/pipeline.py': mutate((PY[0] as string).replace(/spaceflights/g, 'demo'), r),
        'src/demo/pipelines/dp/nodes.py': mutate(PY[1] as string, r),
      };
      const { result, host } = await analyzeMemoryProject(files);
      for (const p of result.projects.flatMap((x) => x.problems)) {
        const text = host.files.get(p.loc.uri);
        if (text !== undefined) expect(inside(text, p.loc.span), `case ${i} ${p.code} ${p.loc.uri}`).toBe(true);
      }
    }
  });
});
