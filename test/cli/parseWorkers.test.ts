// The parse pool of the built bundle (dist/parseWorker.js): its facts are the in-thread extractor's, a pass with it
// gives the same analysis, a crashing worker falls back to in-thread parsing, and the CLI exits with workers started.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, test } from 'vitest';
import { ParseWorkers, type ParseWorkersOptions } from '../../server/src/host/parseWorkers';
import { FsSourceHost } from '../../server/src/host/fsHost';
import { fileUri } from '../../server/src/core/uri';
import type { Logger } from '../../server/src/core/types';
import { extractModuleFacts } from '../../server/src/parsing/python/moduleFacts';
import type { PyModuleFacts } from '../../server/src/parsing/python/facts';
import type { FactsPool } from '../../server/src/parsing/python/factsPool';
import { KedroWorkspace, type WorkspaceAnalysis } from '../../server/src/analysis/workspace';
import { projectJson } from '../../server/src/features/pipelineModel';
import { testParser } from '../helpers/parser';
// @ts-expect-error: a plain .mjs script without types
import { generate } from '../../scripts/gen-project.mjs';

const DIST = path.resolve('dist');
const pools: ParseWorkers[] = [];
afterEach(() => {
  for (const p of pools.splice(0)) p.dispose();
});

/** One worker whatever the machine's load, from the first byte queued (`threads: -1`: as many as the load allows). */
const pool = (options: Partial<ParseWorkersOptions> = {}): ParseWorkers => {
  const { threads = 1, ...rest } = options;
  const p = new ParseWorkers({ script: path.join(DIST, 'parseWorker.js'), wasmDir: DIST, minBytes: 0, ...(threads >= 0 ? { threads } : {}), ...rest });
  pools.push(p);
  return p;
};

const pyFiles = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true, recursive: true }).filter((e) => e.isFile() && e.name.endsWith('.py')).map((e) => path.join(e.parentPath, e.name)).sort();

const generated = (n: number): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kl-pool-'));
  generate(n, dir);
  return dir;
};

const warnings = (): Logger & { readonly warned: string[] } => {
  const warned: string[] = [];
  return { warned, debug() {}, info() {}, warn: (m) => void warned.push(m), error: (m) => void warned.push(m) };
};

/** What a user sees of an analysis, and every module's facts. */
const outcome = (r: WorkspaceAnalysis) => r.projects.map((p) => ({ problems: p.problems, model: projectJson(p.model), modules: [...p.model.python.modules].map((m) => m.facts) }));

/** A pool that counts the modules its threads returned. */
const counting = (inner: FactsPool): FactsPool & { fromThreads: number } => {
  const c = {
    fromThreads: 0,
    worth: (n: number) => inner.worth(n),
    submit: (uri: string, text: string) => {
      const job = inner.submit(uri, text);
      return { take: () => job.take(), facts: job.facts.then((f) => (f && c.fromThreads++, f)) };
    },
  };
  return c;
};

async function analyse(dir: string, factsPool?: FactsPool): Promise<WorkspaceAnalysis> {
  const ws = new KedroWorkspace(new FsSourceHost(), await testParser(), undefined, { verifyReuse: true, ...(factsPool ? { factsPool } : {}) });
  await ws.discover([fileUri(dir)]);
  const r = await ws.analyze();
  if (!r) throw new Error('no analysis');
  return r;
}

describe('parse workers (dist/parseWorker.js)', () => {
  test('give every module of the fixture projects, the example and a generated project the facts the in-thread extractor gives', async () => {
    expect(fs.existsSync(path.join(DIST, 'parseWorker.js')), 'npm run build first').toBe(true);
    const dir = generated(300);
    // Beside the projects: what else facts carry (syntax errors, suppressions, bare returns, catalog calls, lone \r).
    const odd = {
      'syntax.py': 'def f(x:\n    return [x,\n',
      'suppressed.py': 'from kedro.pipeline import node\n\nn = node(  # kedro-lens: ignore[KL001]\n    f, "a", "b")\nm = node(f, "c", "d")  # kedro-lens: ignore\n',
      'bare.py': 'def g():\n    if x:\n        return\n    yield 1\n\n\nclass C(Base, metaclass=M):\n    a: int = 1\n    b: "str"\n\n    async def h(self, /, p, *, q=f"{x!r}", **kw) -> "C":\n        return None\n',
      'catalog.py': 'from kedro.framework.session import KedroSession\n\nwith KedroSession.create(env="prod") as s:\n    context = s.load_context()\n    df = context.catalog.load("companies")\n    catalog.save("é😀_données", df)\n',
      'cr.py': 'x = 1\r# comment\rdef f():\r    return "a\\tb" "c"\r',
    };
    for (const [name, text] of Object.entries(odd)) fs.writeFileSync(path.join(dir, name), text);
    const files = [...pyFiles('test/fixtures'), ...pyFiles('examples'), ...pyFiles(dir)];
    expect(files.length).toBeGreaterThan(60);
    const p = pool();
    const parser = await testParser();
    const texts = files.map((f) => fs.readFileSync(f, 'utf8'));
    const jobs = files.map((f, i) => p.submit(fileUri(f), texts[i] as string));
    const fromWorkers = await Promise.all(jobs.map((j) => j.facts));
    expect(fromWorkers.filter((f) => f === undefined)).toEqual([]);
    const inThread = files.map((f, i) => extractModuleFacts(parser, fileUri(f), texts[i] as string));
    expect(fromWorkers).toStrictEqual(inThread);
    // Syntax errors and suppressions cross too (the fixtures have both).
    expect(fromWorkers.filter((f) => f?.hasSyntaxError).map((f) => path.basename(f?.uri ?? ''))).toContain('syntax.py');
    expect(fromWorkers.find((f) => f?.uri.endsWith('/suppressed.py'))?.suppressions).toHaveLength(2);
    expect(fromWorkers.find((f) => f?.uri.endsWith('/catalog.py'))).toMatchObject({ selectsEnv: 'prod', catalogCalls: [{ method: 'load', name: { value: 'companies' } }, { method: 'save', name: { value: 'é😀_données' } }] });
    expect(fromWorkers.find((f) => f?.uri.endsWith('/bare.py'))?.functions[0]).toMatchObject({ name: 'g', isGenerator: true, returnExprs: [undefined] });
  });

  for (const [name, dir] of [
    ['the example project', () => path.resolve('examples/spaceflights')],
    ['a generated 300-node project', () => generated(300)],
  ] as const) {
    test(`${name}: a pass with the pool gives what a pass in-thread gives`, async () => {
      const root = dir();
      const inThread = await analyse(root);
      const counted = counting(pool());
      const withPool = await analyse(root, counted);
      expect(counted.fromThreads).toBeGreaterThan(0);
      expect(withPool.stats.parsedPython).toBe(inThread.stats.parsedPython);
      expect(outcome(withPool)).toStrictEqual(outcome(inThread));
    });
  }

  test('stays in-thread below its byte threshold, and never for a pass of a few modules', async () => {
    const root = generated(300);
    const counted = counting(pool({ minBytes: 1 << 30 }));
    const r = await analyse(root, counted);
    expect(counted.fromThreads).toBe(0);
    expect(r.stats.parsedPython).toBeGreaterThan(8);
    expect(pool().worth(7)).toBe(false);
    expect(pool().worth(8)).toBe(true);
    expect(pool({ threads: 0 }).worth(1000)).toBe(false);
  });

  test('by default starts a worker only when the machine has a core to spare beside the main thread', async () => {
    const root = generated(300);
    const busy = counting(pool({ threads: -1, idleCores: () => 1.4 }));
    await analyse(root, busy);
    expect(busy.fromThreads).toBe(0);
    const idle = counting(pool({ threads: -1, idleCores: () => 1.6 }));
    const r = await analyse(root, idle);
    expect(idle.fromThreads > 0).toBe(os.availableParallelism() > 1);
    expect(outcome(r)).toStrictEqual(outcome(await analyse(root)));
  });

  for (const [name, script] of [
    ['exits on its first batch', 'require("node:worker_threads").parentPort.on("message", () => process.exit(3));\n'],
    ['throws while loading', 'throw new Error("no wasm here");\n'],
  ] as const) {
    test(`a worker that ${name}: the pass parses in-thread, gives the same analysis, and logs once`, async () => {
      const root = generated(300);
      const inThread = await analyse(root);
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kl-badworker-')), 'parseWorker.js');
      fs.writeFileSync(file, script);
      const log = warnings();
      const p = pool({ script: file, log });
      const r = await analyse(root, p);
      expect(outcome(r)).toStrictEqual(outcome(inThread));
      expect(log.warned).toHaveLength(1);
      expect(log.warned[0]).toMatch(/^parse_workers_failed .*: parsing in-thread from now on$/);
      // Broken for good: later passes do not try again.
      expect(p.worth(1000)).toBe(false);
      const again = p.submit('file:///x.py', 'x = 1\n');
      expect(again.take()).toBe(true);
    });
  }

  test('a missing worker script is a logged fallback, not a failed pass', async () => {
    const root = generated(300);
    const log = warnings();
    const r = await analyse(root, pool({ script: path.join(os.tmpdir(), 'kl-no-such-dir', 'parseWorker.js'), log }));
    expect(outcome(r)).toStrictEqual(outcome(await analyse(root)));
    expect(log.warned).toHaveLength(1);
  });

  test('dispose ends the workers: jobs they had not answered come back undefined (the caller parses them)', async () => {
    const p = pool();
    const jobs = Array.from({ length: 40 }, (_, i) => p.submit(`file:///m${i}.py`, `def f${i}(x):\n    return x\n`.repeat(50)));
    p.dispose();
    const got = await Promise.all(jobs.map((j) => j.facts));
    expect(got.every((f: PyModuleFacts | undefined) => f === undefined)).toBe(true);
    expect(jobs.every((j) => j.take())).toBe(true);
    expect(p.worth(1000)).toBe(false);
  });

  test('the CLI gives the same report with workers as without, and exits once done', () => {
    const root = generated(2000);
    const run = (env: Record<string, string>) => spawnSync(process.execPath, [path.join(DIST, 'cli.js'), 'check', '--verbose', '--format', 'json', root], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
    const threads = run({ KEDRO_LENS_PARSE_MIN_BYTES: '0', KEDRO_LENS_PARSE_THREADS: '1' });
    const inThread = run({ KEDRO_LENS_PARSE_THREADS: '0' });
    expect(threads.error).toBeUndefined();
    expect(threads.stderr).toMatch(/^info parse_workers_started threads=1 /m);
    expect(threads.stderr).not.toMatch(/^(warn|error) /m);
    expect(inThread.stderr).not.toMatch(/parse_workers/);
    expect(threads.status).toBe(inThread.status);
    expect(threads.stdout).toBe(inThread.stdout);
    expect(JSON.parse(threads.stdout)).toBeTruthy();
    // Two CLI runs over 2,000 nodes: 21 s once on a machine busy with other jobs (the default is 20 s).
  }, 90_000);
});
