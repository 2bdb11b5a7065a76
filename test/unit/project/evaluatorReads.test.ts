import { describe, expect, test } from 'vitest';
import { readsStillValid, recordReads, type Reads } from '../../../server/src/core/memo';
import { extractModuleFacts } from '../../../server/src/parsing/python/moduleFacts';
import type { PyModuleFacts } from '../../../server/src/parsing/python/facts';
import { CallCache, PipelineEvaluator } from '../../../server/src/project/pipelines/evaluator';
import { moduleFactsReader, PythonIndex } from '../../../server/src/project/pythonIndex';
import { testParser } from '../../helpers/parser';
import { FILES, SRC } from '../../helpers/registryFixture';

// The evaluator records the modules it reads with core/memo (no tracing of its own): a computation that evaluates
// pipelines sees every module they read, also those of create_pipeline() results reused from the call cache.


const modulesRead = (reads: Reads | undefined): Map<string, unknown> => new Map([...(reads?.get(moduleFactsReader) ?? new Map<string, unknown>())].sort(([x], [y]) => x.localeCompare(y)));

describe('evaluator reads through core/memo', () => {
  test('an enclosing recording sees the modules read, reused calls included, and only an edit of one of them invalidates', async () => {
    const parser = await testParser();
    const facts = (files: Record<string, string>): PyModuleFacts[] => Object.entries(files).map(([path, text]) => extractModuleFacts(parser, `${SRC}/${path}`, text));
    const evaluate = (modules: readonly PyModuleFacts[], cache: CallCache) => {
      const index = new PythonIndex(SRC, modules);
      const ev = new PipelineEvaluator(index, 'demo', ['a', 'b'], cache);
      const { value, reads } = recordReads(() => ev.evaluateRegistry());
      return { registry: value, reads, index };
    };
    const cache = new CallCache('demo');
    const first = facts(FILES);
    const one = evaluate(first, cache);
    const byName = new Map(first.map((f) => [f.uri.slice(SRC.length + 1).replace(/(\/__init__)?\.py$/, '').replaceAll('/', '.'), f]));
    // Each module read is recorded with the facts it had; `demo.pipeline` (the simplified layout) with none.
    // Each module looked up is recorded with the facts it had, or none (`demo.pipeline`, the simplified layout; a
    // name of a package tried as its submodule; Kedro's own modules, outside the project).
    const none = ['demo.pipeline', 'demo.pipelines.a.len', 'demo.pipelines.b.len', 'demo.shared.PREFIX', 'kedro.framework.project', 'kedro.framework.project.find_pipelines', 'kedro.pipeline', 'kedro.pipeline.node', 'kedro.pipeline.Pipeline'];
    const found = ['demo.pipeline_registry', 'demo.pipelines.a', 'demo.pipelines.b', 'demo.shared'];
    expect(modulesRead(one.reads)).toEqual(new Map<string, unknown>([...none.map((m): [string, unknown] => [m, undefined]), ...found.map((m): [string, unknown] => [m, byName.get(m)])].sort(([x], [y]) => x.localeCompare(y))));
    expect(found.every((m) => byName.get(m) !== undefined)).toBe(true);

    // Same facts, a new index: both create_pipeline() results are reused (the same node objects), and their reads
    // still reach the enclosing recording.
    const two = evaluate(first, cache);
    const nodeOf = (r: typeof one, name: string) => r.registry.pipelines.get(name)?.pipeline.nodes[0];
    expect(nodeOf(two, 'a')).toBe(nodeOf(one, 'a'));
    expect(nodeOf(two, 'b')).toBe(nodeOf(one, 'b'));
    expect(modulesRead(two.reads)).toEqual(modulesRead(one.reads));

    // shared.py edited: the reads recorded before no longer hold; b runs again, a is reused.
    const edited = first.map((f) => (f === byName.get('demo.shared') ? extractModuleFacts(parser, f.uri, 'PREFIX = "two"\n') : f));
    const kept = new PythonIndex(SRC, first);
    expect(readsStillValid({ python: kept }, two.reads)).toBe(true);
    const three = evaluate(edited, cache);
    expect(readsStillValid({ python: three.index }, two.reads)).toBe(false);
    expect(nodeOf(three, 'a')).toBe(nodeOf(one, 'a'));
    expect(nodeOf(three, 'b')).not.toBe(nodeOf(one, 'b'));
    expect(nodeOf(three, 'b')?.outputs.map((o) => o.name)).toEqual(['two_out']);
  });
});
