import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MemoMismatch, verifyMemoHits, type Reads } from '../../../server/src/core/memo';
import { extractModuleFacts } from '../../../server/src/parsing/python/moduleFacts';
import type { PyModuleFacts } from '../../../server/src/parsing/python/facts';
import { CallCache, PipelineEvaluator } from '../../../server/src/project/pipelines/evaluator';
import { moduleFactsReader, PythonIndex } from '../../../server/src/project/pythonIndex';
import { testParser } from '../../helpers/parser';
import { FILES, SRC } from '../../helpers/registryFixture';
import { thrown } from '../../helpers/thrown';

// Verify mode computes every call-cache hit again: a kept create_pipeline() result whose value or recorded module reads
// are wrong (mutants made here by editing the cache) fails the evaluation, naming the call and the missing module.

const B = `${SRC}/demo/pipelines/b/__init__.py#create_pipeline`;
const A = `${SRC}/demo/pipelines/a/__init__.py#create_pipeline`;

type MutableOutcome = { val: unknown; reads: Reads | undefined };

describe('call cache in verify mode', () => {
  let base: PyModuleFacts[];
  /** The modules with some files edited; the others keep their facts objects (what the cache compares). */
  let edit: (files: Record<string, string>) => PyModuleFacts[];
  beforeAll(async () => {
    const parser = await testParser();
    base = Object.entries(FILES).map(([path, text]) => extractModuleFacts(parser, `${SRC}/${path}`, text));
    edit = (files) => base.map((f) => {
      const path = f.uri.slice(SRC.length + 1);
      return files[path] !== undefined ? extractModuleFacts(parser, f.uri, files[path]) : f;
    });
  });
  // An edit of a (registry re-evaluated; b reused from the cache) and of b (a reused).
  const EDIT_A = { 'demo/pipelines/a/__init__.py': `${FILES['demo/pipelines/a/__init__.py']}\n# edited\n` };
  const EDIT_B = { 'demo/pipelines/b/__init__.py': `${FILES['demo/pipelines/b/__init__.py']}\n# edited\n` };
  afterAll(() => verifyMemoHits(process.env['KEDRO_LENS_VERIFY_REUSE'] === '1'));

  const outputs = (modules: readonly PyModuleFacts[], cache: CallCache) =>
    Object.fromEntries([...new PipelineEvaluator(new PythonIndex(SRC, modules), 'demo', ['a', 'b'], cache).evaluateRegistry().pipelines].filter(([name]) => name !== '__default__').map(([name, p]) => [name, p.pipeline.nodes.flatMap((n) => n.outputs.map((o) => o.name))]));
  /** b's kept result with demo.shared left out of its reads: the cache would not notice shared.py change. */
  const dropShared = (cache: CallCache) => {
    const b = cache.entries.get(B) as unknown as MutableOutcome;
    const modules = new Map(b.reads?.get(moduleFactsReader));
    expect(modules.delete('demo.shared')).toBe(true);
    b.reads = new Map(b.reads).set(moduleFactsReader, modules);
  };

  test('right entries: every hit is computed again and agrees', () => {
    verifyMemoHits(true);
    const cache = new CallCache('demo');
    expect(outputs(base, cache)).toEqual({ a: ['a_out'], b: ['one_out'] });
    expect([...cache.entries.keys()]).toEqual(expect.arrayContaining([A, B]));
    expect(outputs(base, cache)).toEqual({ a: ['a_out'], b: ['one_out'] });
    expect(outputs(edit(EDIT_A), cache)).toEqual({ a: ['a_out'], b: ['one_out'] });
    expect(outputs(edit(EDIT_B), cache)).toEqual({ a: ['a_out'], b: ['one_out'] });
  });

  test('the mutant is real: kept reads without demo.shared reuse a stale b after shared.py changes (verify mode off)', () => {
    verifyMemoHits(false);
    const cache = new CallCache('demo');
    outputs(base, cache);
    dropShared(cache);
    expect(outputs(edit({ 'demo/shared.py': 'PREFIX = "two"\n' }), cache)).toEqual({ a: ['a_out'], b: ['one_out'] });
    // A right cache computes b again.
    const right = new CallCache('demo');
    outputs(base, right);
    expect(outputs(edit({ 'demo/shared.py': 'PREFIX = "two"\n' }), right)).toEqual({ a: ['a_out'], b: ['two_out'] });
  });

  test('kept reads that miss a module the call reads: MemoMismatch naming the call and the module, at the first hit', () => {
    verifyMemoHits(true);
    const cache = new CallCache('demo');
    outputs(base, cache);
    dropShared(cache);
    // shared.py is unchanged: the stale reads would go unnoticed until it changes; verify mode reports them now.
    const err = thrown(() => outputs(edit(EDIT_A), cache));
    expect(err).toBeInstanceOf(MemoMismatch);
    expect(err).toMatchObject({ memo: `call cache ${B}`, missing: 'moduleFactsReader("demo.shared")' });
  });

  test('a kept value that a fresh call does not give (another pipeline\'s nodes): MemoMismatch naming the call', () => {
    verifyMemoHits(true);
    const cache = new CallCache('demo');
    outputs(base, cache);
    const wrongVal = (cache.entries.get(B) as unknown as MutableOutcome).val;
    (cache.entries.get(A) as unknown as MutableOutcome).val = wrongVal;
    const err = thrown(() => outputs(edit(EDIT_B), cache));
    expect(err).toBeInstanceOf(MemoMismatch);
    expect(err).toMatchObject({ memo: `call cache ${A}`, missing: undefined });
    expect((err as MemoMismatch & { kept: { val: unknown } }).kept.val).toBe(wrongVal);
    expect((err as Error).message).toMatch(/^Memo call cache file:\/\/\/proj\/src\/demo\/pipelines\/a\/__init__.py#create_pipeline reused an answer that a fresh computation does not give/);
  });

  test('verification leaves the evaluation as it was: same nodes reused, no extra unresolved places, cache unchanged', () => {
    verifyMemoHits(true);
    const cache = new CallCache('demo');
    const withUnknown = edit({ 'demo/pipelines/a/__init__.py': 'from kedro.pipeline import Pipeline, node\nfrom x import f\n\ndef create_pipeline():\n    return Pipeline([node(len, f(), "a_out", name="a")])\n' });
    const first = new PipelineEvaluator(new PythonIndex(SRC, withUnknown), 'demo', ['a', 'b'], cache).evaluateRegistry();
    const kept = new Map(cache.entries);
    // b edited: the registry runs again and reuses a (verified), whose unresolved input must be reported once.
    const modules = withUnknown.map((f) => (f.uri.endsWith('/b/__init__.py') ? (edit(EDIT_B).find((g) => g.uri === f.uri) as PyModuleFacts) : f));
    const ev = new PipelineEvaluator(new PythonIndex(SRC, modules), 'demo', ['a', 'b'], cache);
    const second = ev.evaluateRegistry();
    expect(second.unresolved.map((u) => u.what)).toEqual(first.unresolved.map((u) => u.what));
    expect(second.unresolved.length).toBeGreaterThan(0);
    expect(second.pipelines.get('a')?.pipeline.nodes[0]).toBe(first.pipelines.get('a')?.pipeline.nodes[0]);
    expect([...ev.calls].sort()).toEqual([...kept.keys()].sort());
    expect(cache.entries.get(A)).toBe(kept.get(A));
  });
});
