import * as os from 'node:os';
import * as fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseXml } from '../helpers/xml';

const cli = (args: string[], cwd = process.cwd()) => {
  const r = spawnSync(process.execPath, [path.resolve('dist/cli.js'), ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

describe('kedro-lens check (dist/cli.js)', () => {
  test('the example project is clean: exit 0', () => {
    const r = cli(['check', 'examples/spaceflights']);
    expect(r).toEqual({ code: 0, out: 'examples/spaceflights: judged as kedro >=1.5,<2 · kedro-datasets >=9.0 (kedro from requirements.txt: kedro >=1.5,<2)\n0 error(s), 0 warning(s), 0 info(s)\n', err: '' });
  });

  test('findings print path:line:col severity code message (1-based, UTF-16 columns) and exit 1', () => {
    const r = cli(['check', 'test/fixtures/projects/broken']);
    expect(r.code).toBe(1);
    expect(r.out.split('\n')).toEqual([
      "test/fixtures/projects/broken/conf/base/catalog.yml:1:1 hint KL110 Catalog entry 'orders' is not used by any registered pipeline.",
      "test/fixtures/projects/broken/conf/local/catalog.yml:1:1 hint KL110 Catalog entry 'local_only' is not used by any registered pipeline.",
      expect.stringMatching(/^test\/fixtures\/projects\/broken\/conf\/local\/catalog\.yml:\d+:\d+ error KL900 /),
      "test/fixtures/projects/broken/src/broken_demo/pipelines/ingest/pipeline.py:9:27 error KL001 Dataset 'ordrs' is not in the catalog and no node produces it.",
      "test/fixtures/projects/broken/src/broken_demo/pipelines/ingest/pipeline.py:9:36 error KL201 Parameter 'ingest.windw' is not defined in the parameters of base + local.",
      "test/fixtures/projects/broken/src/broken_demo/pipelines/ingest/pipeline.py:11:37 error KL001 Dataset 'é😀_données' is not in the catalog and no node produces it.",
      'test/fixtures/projects/broken: judged as kedro >=1,<2 · kedro-datasets >=2.0 (kedro from pyproject.toml [tool.kedro] kedro_init_version = "1.5.0")',
      '4 error(s), 0 warning(s), 2 info(s)',
      '',
    ]);
  });

  test('--format json carries ranges; --env selects the environment', () => {
    const r = cli(['check', 'test/fixtures/projects/broken', '--format', 'json', '--env=base']);
    const doc = JSON.parse(r.out) as { version: number; problems: { code: string; line: number; column: number; endColumn: number }[]; summary: unknown };
    expect(doc.version).toBe(1);
    expect(doc.summary).toEqual({ errors: 3, warnings: 0, infos: 1 });
    expect(doc.problems.map((p) => [p.code, p.line, p.column, p.endColumn])).toEqual([
      ['KL110', 1, 1, 7],
      ['KL001', 9, 27, 32],
      ['KL201', 9, 36, 55],
      ['KL001', 11, 37, 48],
    ]);
  });

  test('--severity filters what is printed; errors still decide the exit code', () => {
    const r = cli(['check', 'test/fixtures/projects/broken', '--severity', 'error']);
    expect(r.code).toBe(1);
    expect(r.out).not.toContain('KL110');
    expect(r.out.trim().split('\n').at(-1)).toBe('4 error(s), 0 warning(s), 0 info(s)');
  });

  test('--format sarif is SARIF 2.1.0 with rules and 1-based UTF-16 regions', () => {
    const doc = JSON.parse(cli(['check', 'test/fixtures/projects/broken', '--format', 'sarif', '--severity', 'error']).out) as {
      version: string;
      runs: { tool: { driver: { rules: { id: string }[] } }; columnKind: string; results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: Record<string, number> } }[] }[] }[];
    };
    expect(doc.version).toBe('2.1.0');
    const run = doc.runs[0];
    expect(run?.columnKind).toBe('utf16CodeUnits');
    expect(run?.tool.driver.rules.map((r) => r.id)).toContain('KL001');
    const unicode = run?.results.find((x) => x.ruleId === 'KL001' && x.locations[0]?.physicalLocation.region['startLine'] === 11);
    expect(unicode?.level).toBe('error');
    expect(unicode?.locations[0]?.physicalLocation).toEqual({
      artifactLocation: { uri: 'test/fixtures/projects/broken/src/broken_demo/pipelines/ingest/pipeline.py', uriBaseId: '%SRCROOT%' },
      region: { startLine: 11, startColumn: 37, endLine: 11, endColumn: 48 },
    });
  });

  test('--pipeline keeps the findings of that pipeline; an unknown name is a usage error', () => {
    const r = cli(['check', 'test/fixtures/projects/broken', '--pipeline', 'ingest', '--severity', 'error']);
    expect(r.out).toContain("KL001 Dataset 'ordrs'");
    const bad = cli(['check', 'test/fixtures/projects/broken', '--pipeline', 'nope']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("no registered pipeline 'nope'; known: ingest, __default__");
  });

  test('an unknown --pipeline holding a newline is echoed on one line', () => {
    const bad = cli(['check', 'test/fixtures/projects/broken', '--pipeline', 'no\nkedro-lens: forged']);
    expect(bad.err).toBe("kedro-lens: no registered pipeline 'no\\nkedro-lens: forged'; known: ingest, __default__\n");
  });

  test('several paths are checked together', () => {
    const r = cli(['check', 'examples/spaceflights', 'test/fixtures/projects/broken', '--severity', 'error']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('test/fixtures/projects/broken/src/broken_demo/pipelines/ingest/pipeline.py:9:27 error KL001');
  });

  test('pipelines --format json: the resolved registry with nodes and datasets', () => {
    const r = cli(['pipelines', 'examples/spaceflights', '--format', 'json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out) as { projects: { pipelines: { name: string; nodes: string[] }[]; nodes: { name: string; inputs: string[]; outputs: string[] }[]; datasets: { name: string; type: string; source: string; filepath?: string; layer?: string; producers: string[]; consumers: string[] }[] }[] };
    const p = doc.projects[0];
    expect(p?.pipelines.map((x) => [x.name, x.nodes.length])).toEqual([
      ['data_processing', 3],
      ['data_science', 3],
      ['reporting', 2],
      ['__default__', 8],
    ]);
    expect(p?.nodes.find((n) => n.name === 'split_data_node')).toMatchObject({ inputs: ['model_input_table', 'params:model_options'], outputs: ['X_train', 'X_test', 'y_train', 'y_test'] });
    expect(p?.datasets.find((d) => d.name === 'preprocessed_shuttles')).toEqual(
      expect.objectContaining({ type: 'pandas.CSVDataset', source: 'factory', filepath: 'data/02_intermediate/preprocessed_shuttles.csv', layer: 'intermediate', producers: ['preprocess_shuttles_node'], consumers: ['create_model_input_table_node', 'compare_passenger_capacity_node'] }),
    );
    expect(p?.datasets.find((d) => d.name === 'X_train')).toMatchObject({ type: 'MemoryDataset', source: 'memory' });
    expect(p?.datasets.find((d) => d.name === 'companies')).toMatchObject({ type: 'pandas.CSVDataset', layer: 'raw', source: 'catalog' });
  });

  test('usage errors and missing projects exit 2', () => {
    expect(cli(['check', '--format', 'xml']).code).toBe(2);
    expect(cli(['lint']).code).toBe(2);
    expect(cli(['check', '--severity', 'loud']).code).toBe(2);
    const none = cli(['check', 'docs']);
    expect(none.code).toBe(2);
    expect(none.err).toContain('no Kedro project');
    expect(cli(['--help'])).toMatchObject({ code: 0, out: expect.stringContaining('kedro-lens check [PATH...]') });
  });
});

describe('modular fixture (namespaces via a helper + generator sum, factories, transcoding, template types, hooks, env override)', () => {
  test('check output equals the golden expected.txt', () => {
    const r = cli(['check', 'test/fixtures/projects/modular']);
    expect(r.code).toBe(0);
    expect(r.out).toBe(fs.readFileSync('test/fixtures/projects/modular/expected.txt', 'utf8'));
  });

  test('names are resolved exactly as Kedro would: namespaces, default names, factory paths', () => {
    const doc = JSON.parse(cli(['pipelines', 'test/fixtures/projects/modular']).out) as {
      projects: { pipelines: { name: string; nodes: string[] }[]; nodes: { name: string; namespace?: string; inputs: string[]; outputs: string[] }[]; datasets: { name: string; filepath?: string; source: string }[] }[];
    };
    const p = doc.projects[0];
    expect(p?.pipelines.map((x) => [x.name, x.nodes])).toEqual([
      ['ingest', ['eu.clean', 'us.clean']],
      ['train', ['combine__56a37cb3', 'train', 'plot']],
      ['__default__', ['eu.clean', 'us.clean', 'combine__56a37cb3', 'train', 'plot']],
    ]);
    expect(p?.nodes.find((n) => n.name === 'us.clean')).toMatchObject({ namespace: 'us', inputs: ['raw_orders', 'params:us.threshold'], outputs: ['us.clean_orders'] });
    expect(p?.datasets.find((d) => d.name === 'eu.clean_orders')).toMatchObject({ source: 'factory', filepath: 'data/02_intermediate/eu_orders.parquet' });
  });

  test('--env prod merges conf/prod over base', () => {
    const doc = JSON.parse(cli(['pipelines', 'test/fixtures/projects/modular', '--env', 'prod']).out) as { projects: { env: string; datasets: { name: string; filepath?: string; env?: string }[] }[] };
    expect(doc.projects[0]?.env).toBe('prod');
    expect(doc.projects[0]?.datasets.find((d) => d.name === 'model')).toMatchObject({ filepath: 'data/06_models/prod_model.pkl', env: 'prod' });
  });
});

describe('hostile files on disk', () => {
  test('oversized and binary files are skipped with one KL906 each; a symlink loop under conf/ terminates', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kl-hostile-'));
    fs.cpSync('examples/spaceflights', dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'conf/base/catalog_big.yml'), `big:\n  type: MemoryDataset\n# ${'x'.repeat(2.2 * 1024 * 1024)}\n`);
    fs.writeFileSync(path.join(dir, 'src/spaceflights/blob.py'), Buffer.from([0x66, 0x00, 0xff, 0xfe, 0x00]));
    fs.symlinkSync(path.join(dir, 'conf/base'), path.join(dir, 'conf/base/loop'));
    // Thousands of data files are never listed or read (only the free inputs' own files are looked up).
    for (let i = 0; i < 3000; i++) fs.writeFileSync(path.join(dir, 'data/02_intermediate', `part-${i}.csv`), 'a\n1\n');
    const r = cli(['check', dir]);
    expect(r.code).toBe(0);
    expect(r.out).not.toContain('KL902'); // the loop did not make conf/base look twice
    expect(r.out.split('\n').filter((l) => l.includes('KL906')).map((l) => l.replace(/^.*?(conf|src)/, '$1'))).toEqual([
      'conf/base/catalog_big.yml:1:1 info KL906 This file is larger than 2 MB and was not analysed.',
      'src/spaceflights/blob.py:1:1 info KL906 This file is not UTF-8 text and was not analysed.',
    ]);
  });
});

describe('CI formats and options (dist/cli.js)', () => {
  const BROKEN = 'test/fixtures/projects/broken';
  const PY = `${BROKEN}/src/broken_demo/pipelines/ingest/pipeline.py`;

  test('--format github prints one annotation per finding, as the Actions runner reads them', () => {
    const r = cli(['check', BROKEN, '--format', 'github', '--env=base']);
    expect(r.code).toBe(1);
    expect(r.out).toBe(
      [
        `::notice file=${BROKEN}/conf/base/catalog.yml,line=1,col=1,endLine=1,endColumn=7,title=KL110::Catalog entry 'orders' is not used by any registered pipeline.`,
        `::error file=${PY},line=9,col=27,endLine=9,endColumn=32,title=KL001::Dataset 'ordrs' is not in the catalog and no node produces it.`,
        `::error file=${PY},line=9,col=36,endLine=9,endColumn=55,title=KL201::Parameter 'ingest.windw' is not defined in the parameters of base.`,
        `::error file=${PY},line=11,col=37,endLine=11,endColumn=48,title=KL001::Dataset 'é😀_données' is not in the catalog and no node produces it.`,
        '',
      ].join('\n'),
    );
  });

  test('--format gitlab is a Code Quality array with the fields GitLab documents', () => {
    const doc = JSON.parse(cli(['check', BROKEN, '--format', 'gitlab', '--env=base']).out) as Record<string, unknown>[];
    expect(Array.isArray(doc)).toBe(true);
    for (const issue of doc) {
      expect(Object.keys(issue).sort()).toEqual(['check_name', 'description', 'fingerprint', 'location', 'severity']);
      expect(issue).toEqual({
        description: expect.any(String),
        check_name: expect.stringMatching(/^KL\d{3}$/),
        fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
        severity: expect.stringMatching(/^(info|minor|major|critical|blocker)$/),
        location: { path: expect.any(String), lines: { begin: expect.any(Number) } },
      });
    }
    expect(new Set(doc.map((i) => i['fingerprint'])).size).toBe(doc.length);
    expect(doc.map((i) => [i['check_name'], i['severity'], i['location']])).toEqual([
      ['KL110', 'info', { path: `${BROKEN}/conf/base/catalog.yml`, lines: { begin: 1 } }],
      ['KL001', 'major', { path: PY, lines: { begin: 9 } }],
      ['KL201', 'major', { path: PY, lines: { begin: 9 } }],
      ['KL001', 'major', { path: PY, lines: { begin: 11 } }],
    ]);
    // Stable across runs: GitLab compares fingerprints between the base and the merge request.
    expect(JSON.parse(cli(['check', BROKEN, '--format', 'gitlab', '--env=base']).out)).toEqual(doc);
  });

  test('--format junit: one testsuite per file, a failing testcase per finding', () => {
    const els = parseXml(cli(['check', BROKEN, '--format', 'junit', '--env=base']).out);
    expect(els[0]).toMatchObject({ name: 'testsuites', attributes: { name: 'kedro-lens', tests: '4', failures: '4' } });
    expect(els.filter((e) => e.name === 'testsuite').map((e) => [e.attributes['name'], e.attributes['tests']])).toEqual([
      [`${BROKEN}/conf/base/catalog.yml`, '1'],
      [PY, '3'],
    ]);
    expect(els.filter((e) => e.name === 'testcase').map((e) => e.attributes['name'])).toEqual([
      `KL110 ${BROKEN}/conf/base/catalog.yml:1:1`,
      `KL001 ${PY}:9:27`,
      `KL201 ${PY}:9:36`,
      `KL001 ${PY}:11:37`,
    ]);
    expect(els.find((e) => e.name === 'failure')).toMatchObject({ attributes: { type: 'KL110', message: "Catalog entry 'orders' is not used by any registered pipeline." } });
  });

  test('--output-file writes the report there; --statistics follows it; --exit-zero keeps CI green', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kl-out-'));
    const file = path.join(dir, 'report.json');
    const r = cli(['check', BROKEN, '--format', 'gitlab', '--env=base', '--output-file', file, '--statistics', '--exit-zero']);
    expect(r).toEqual({ code: 0, out: '2 KL001 dataset-not-found\n1 KL110 unused-catalog-entry\n1 KL201 parameter-not-found\n', err: '' });
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toHaveLength(4);
    // A machine-readable report on stdout stays parseable: the statistics go to stderr.
    const piped = cli(['check', BROKEN, '--format', 'json', '--env=base', '--statistics']);
    expect(piped.code).toBe(1);
    expect(JSON.parse(piped.out)).toMatchObject({ version: 1 });
    expect(piped.err).toBe('2 KL001 dataset-not-found\n1 KL110 unused-catalog-entry\n1 KL201 parameter-not-found\n');
    expect(cli(['check', BROKEN, '--output-file', path.join(dir, 'missing', 'x.txt')]).code).toBe(2);
    expect(cli(['check', '--format', 'gitlab', '--output-file']).code).toBe(2);
  });

  test('--cache-dir: the second run reads every Python file\'s facts from DIR/facts, parses none, and reports the same', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kl-cli-cache-'));
    const args = ['check', 'test/fixtures/projects/broken', '--format', 'json', '--cache-dir', dir, '--verbose'];
    const first = cli(args);
    const second = cli(args);
    const plain = cli(['check', 'test/fixtures/projects/broken', '--format', 'json']);
    const stat = (err: string) => /parsed_py=(\d+) stored_py=(\d+)/.exec(err)?.slice(1).map(Number);
    const [parsed, stored] = stat(first.err) ?? [];
    expect(parsed).toBeGreaterThan(0);
    expect(stored).toBe(0);
    expect(stat(second.err)).toEqual([0, parsed]);
    expect(fs.readdirSync(path.join(dir, 'facts')).length).toBeGreaterThan(0);
    expect(second.out).toBe(plain.out);
    expect(first.out).toBe(plain.out);
    expect(second.code).toBe(plain.code);
  });
});
