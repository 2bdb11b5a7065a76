import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { copyProject } from '../helpers/fixtures';
import { needs, programRuns } from '../helpers/optional';

const FIXABLE = path.resolve('test/fixtures/projects/fixable');
const cli = (args: string[], cwd: string) => {
  const r = spawnSync(process.execPath, [path.resolve('dist/cli.js'), ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
/** Every file of a folder with its text, to show what a command wrote. */
const snapshot = (dir: string): Record<string, string> =>
  Object.fromEntries((fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[]).filter((e) => e.isFile()).map((e) => {
    const full = path.join(e.parentPath, e.name);
    return [path.relative(dir, full), fs.readFileSync(full, 'utf8')];
  }));

const DIFF = `--- a/conf/base/catalog.yml
+++ b/conf/base/catalog.yml
@@ -1,5 +1,5 @@
 orders:
-  type: pandas.CSVDataSet
+  type: pandas.CSVDataset
   filepath: data/01_raw/orders.csv
 
 summary:
--- a/src/fixable_demo/pipelines/ingest/pipeline.py
+++ b/src/fixable_demo/pipelines/ingest/pipeline.py
@@ -6,7 +6,7 @@
 def create_pipeline(**kwargs) -> Pipeline:
     return Pipeline(
         [
-            Node(clean, ["ordrs", "params:ingest.windw"], "clean_orders", name="clean"),
+            Node(clean, ["orders", "params:ingest.window"], "clean_orders", name="clean"),
             Node(summarise, "clean_orders", "summary", name="summarise"),
             Node(summarise, inputs="é😀_données", outputs="x", name="unicode"),
         ]
--- a/src/fixable_demo/settings.py
+++ b/src/fixable_demo/settings.py
@@ -1,3 +1,3 @@
 from .hooks import AuditHooks
 
-HOOKS = (AuditHooks,)
+HOOKS = (AuditHooks(),)
`;

describe('kedro-lens check --fix / --diff (dist/cli.js)', () => {
  test('--diff prints the safe fixes as a unified diff, writes nothing and exits 1', () => {
    const root = copyProject(FIXABLE);
    const before = snapshot(root);
    const r = cli(['check', '.', '--diff'], root);
    expect(r).toEqual({ code: 1, out: DIFF, err: '4 fix(es) would be applied in 3 file(s); run with --fix to apply them.\n' });
    expect(snapshot(root)).toEqual(before);
  });

  needs(programRuns('patch'), 'patch(1) (Debian: patch)')('the diff applies with patch(1) and gives what --fix writes', () => {
    const a = copyProject(FIXABLE);
    const b = copyProject(FIXABLE);
    const diff = cli(['check', '.', '--diff'], a).out;
    const patch = spawnSync('patch', ['-p1', '--quiet'], { cwd: a, input: diff, encoding: 'utf8' });
    expect(patch.status, patch.stderr).toBe(0);
    cli(['check', '.', '--fix'], b);
    expect(snapshot(a)).toEqual(snapshot(b));
  });

  test('--fix writes the fixes (one spelling, one candidate, HOOKS instance), says what changed, then reports what remains', () => {
    const root = copyProject(FIXABLE);
    const settings = path.join(root, 'src/fixable_demo/settings.py');
    fs.chmodSync(settings, 0o640);
    const before = snapshot(root);
    const r = cli(['check', '.', '--fix'], root);
    expect(r.err).toBe('');
    expect(r.out.split('\n')).toEqual([
      "fixed conf/base/catalog.yml:2:9 KL101 'pandas.CSVDataSet' → 'pandas.CSVDataset'",
      "fixed src/fixable_demo/pipelines/ingest/pipeline.py:9:27 KL001 'ordrs' → 'orders'",
      "fixed src/fixable_demo/pipelines/ingest/pipeline.py:9:36 KL201 'params:ingest.windw' → 'params:ingest.window'",
      "fixed src/fixable_demo/settings.py:3:10 KL301 'AuditHooks' → 'AuditHooks()'",
      '4 fix(es) applied.',
      // What remains: the name with no candidate, and a finding the fix uncovered (the now-used entry's file is absent).
      "conf/base/catalog.yml:3:13 warning KL111 'orders' is read from 'data/01_raw/orders.csv', which does not exist in the project.",
      "src/fixable_demo/pipelines/ingest/pipeline.py:11:37 error KL001 Dataset 'é😀_données' is not in the catalog and no node produces it.",
      '.: judged as kedro ==0.19.14 · kedro-datasets ==3.0.0 (kedro from requirements.txt: kedro ==0.19.14)',
      '1 error(s), 1 warning(s), 0 info(s)',
      '',
    ]);
    expect(r.code).toBe(1);
    const after = snapshot(root);
    // Only the three files changed, nothing was added (no temporary file left behind), permissions kept.
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    expect(Object.keys(after).filter((k) => after[k] !== before[k]).sort()).toEqual(['conf/base/catalog.yml', 'src/fixable_demo/pipelines/ingest/pipeline.py', 'src/fixable_demo/settings.py']);
    expect(after['src/fixable_demo/settings.py']).toBe('from .hooks import AuditHooks\n\nHOOKS = (AuditHooks(),)\n');
    expect(fs.statSync(settings).mode & 0o777).toBe(0o640);
    // A second run has nothing left to fix.
    expect(cli(['check', '.', '--diff'], root)).toMatchObject({ code: 0, out: '', err: '0 fix(es) would be applied in 0 file(s); run with --fix to apply them.\n' });
  });

  test('with a machine-readable format the fix lines go to standard error; --fix and --diff exclude each other', () => {
    const root = copyProject(FIXABLE);
    const r = cli(['check', '.', '--fix', '--format', 'json'], root);
    expect((JSON.parse(r.out) as { summary: unknown }).summary).toEqual({ errors: 1, warnings: 1, infos: 0 });
    expect(r.err.split('\n').at(-2)).toBe('4 fix(es) applied.');
    expect(cli(['check', '.', '--fix', '--diff'], root)).toMatchObject({ code: 2, err: expect.stringContaining('--fix and --diff exclude each other') });
  });
});
