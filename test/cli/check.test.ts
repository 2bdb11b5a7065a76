import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';

const cli = (args: string[], cwd = process.cwd()) => {
  const r = spawnSync(process.execPath, [path.resolve('dist/cli.js'), ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

describe('kedro-lens check (dist/cli.js)', () => {
  test('the example project is clean: exit 0', () => {
    const r = cli(['check', 'examples/spaceflights']);
    expect(r).toEqual({ code: 0, out: '0 error(s), 0 warning(s), 0 info(s)\n', err: '' });
  });

  test('findings print path:line:col severity code message (1-based, UTF-16 columns) and exit 1', () => {
    const r = cli(['check', 'test/fixtures/projects/broken']);
    expect(r.code).toBe(1);
    expect(r.out.split('\n')).toEqual([
      "test/fixtures/projects/broken/conf/base/catalog.yml:1:1 hint KL110 Catalog entry 'orders' is not used by any registered pipeline.",
      "test/fixtures/projects/broken/conf/local/catalog.yml:1:1 hint KL110 Catalog entry 'local_only' is not used by any registered pipeline.",
      expect.stringMatching(/^test\/fixtures\/projects\/broken\/conf\/local\/catalog\.yml:\d+:\d+ error KL900 /),
      "test/fixtures/projects/broken/src/broken_demo/pipelines/ingest/pipeline.py:9:27 error KL001 Dataset 'ordrs' is not in the catalog and no node produces it.",
      "test/fixtures/projects/broken/src/broken_demo/pipelines/ingest/pipeline.py:9:36 error KL201 Parameter 'ingest.windw' is not defined in the parameters of environment 'base + local'.",
      "test/fixtures/projects/broken/src/broken_demo/pipelines/ingest/pipeline.py:11:37 error KL001 Dataset 'é😀_données' is not in the catalog and no node produces it.",
      '4 error(s), 0 warning(s), 2 info(s)',
      '',
    ]);
  });

  test('--format json carries ranges; --env selects the environment', () => {
    const r = cli(['check', 'test/fixtures/projects/broken', '--format', 'json', '--env=base']);
    const doc = JSON.parse(r.out) as { problems: { code: string; line: number; column: number; endColumn: number }[]; summary: unknown };
    expect(doc.summary).toEqual({ errors: 3, warnings: 0, infos: 1 });
    expect(doc.problems.map((p) => [p.code, p.line, p.column, p.endColumn])).toEqual([
      ['KL110', 1, 1, 7],
      ['KL001', 9, 27, 32],
      ['KL201', 9, 36, 55],
      ['KL001', 11, 37, 48],
    ]);
  });

  test('--fail-on never exits 0 with findings; usage errors and missing projects exit 2', () => {
    expect(cli(['check', 'test/fixtures/projects/broken', '--fail-on', 'never']).code).toBe(0);
    expect(cli(['check', '--format', 'xml']).code).toBe(2);
    expect(cli(['lint']).code).toBe(2);
    const none = cli(['check', 'docs']);
    expect(none.code).toBe(2);
    expect(none.err).toContain('no Kedro project');
    expect(cli(['--help'])).toMatchObject({ code: 0, out: expect.stringContaining('Usage: kedro-lens check') });
  });
});
