import * as fs from 'node:fs';
import { describe, expect, test } from 'vitest';
import { criticalPath, formatEvent, parseEvents, profile, runnerName, runTooltip, shownSummary, summarize, type NodeProfile } from '../../../client/src/runs/events';

// Recorded by the real hook plugin, driven by test/standin/kedro over the example project (see its docstring).
const success = parseEvents(fs.readFileSync('test/fixtures/runs/success.jsonl', 'utf8'));
const failed = parseEvents(fs.readFileSync('test/fixtures/runs/failed.jsonl', 'utf8'));

describe('run events', () => {
  test('parse skips a torn last line', () => {
    const text = fs.readFileSync('test/fixtures/runs/success.jsonl', 'utf8');
    expect(parseEvents(`${text}{"event": "node_st`)).toHaveLength(success.length);
  });

  test('summaries of a successful and a failed run', () => {
    expect(summarize(success)).toMatchObject({ status: 'success', total: 8, done: 8, env: 'local', runner: 'SequentialRunner', pipelines: ['__default__'] });
    expect(summarize(success).duration).toBeGreaterThan(0);
    expect(summarize(failed)).toMatchObject({ status: 'failed', total: 3, done: 1, failedNode: 'train_model_node', error: 'stand-in failure in train_model_node', pipelines: ['data_science'] });
    expect(summarize(success.slice(0, 10))).toMatchObject({ status: 'running' });
  });

  test('profile: every node once, one lane for a sequential run, the critical path follows the data', () => {
    const p = profile(success);
    expect(p.nodes.map((n) => n.name)).toEqual([
      'preprocess_companies_node',
      'preprocess_shuttles_node',
      'compare_passenger_capacity_node',
      'create_model_input_table_node',
      'plot_price_by_shuttle_type_node',
      'split_data_node',
      'train_model_node',
      'evaluate_model_node',
    ]);
    expect(p.lanes).toHaveLength(1);
    expect(p.nodes.every((n) => n.duration > 0 && n.end >= n.start)).toBe(true);
    expect(p.nodes.find((n) => n.name === 'split_data_node')?.loadTime).toBeGreaterThan(0);
    expect(p.criticalPath.slice(-4)).toEqual(['create_model_input_table_node', 'split_data_node', 'train_model_node', 'evaluate_model_node']);
    expect(p.totals.wall).toBeGreaterThan(p.totals.compute);
  });

  test('critical path picks the longest chain, and lanes split per worker', () => {
    const n = (name: string, duration: number, inputs: string[], outputs: string[], worker = '1/main'): NodeProfile => ({ name, start: 0, end: duration, duration, worker, status: 'success', loadTime: 0, saveTime: 0, inputs, outputs });
    expect(criticalPath([n('a', 1, ['raw'], ['x']), n('b', 5, ['raw'], ['y']), n('c', 1, ['x', 'y@pandas'], ['z'])])).toEqual(['b', 'c']);
  });

  test('hook panel lines', () => {
    const lines = success.map(formatEvent);
    expect(lines.find((l) => l.includes('before_node_run  split_data_node'))).toMatch(/▶ before_node_run {2}split_data_node {2}inputs: model_input_table, params:model_options$/);
    expect(lines.at(-1)).toMatch(/✔ after_pipeline_run {2}success$/);
    expect(failed.map(formatEvent).find((l) => l.includes('on_node_error'))).toMatch(/✖ on_node_error {2}train_model_node {2}ValueError: stand-in failure in train_model_node/);
  });
});

// Written by the bundled plugin during real Kedro 1.5.0 runs of the example (../shared/kedro/real-runs/README.md).
const real = (name: string): ReturnType<typeof parseEvents> => parseEvents(fs.readFileSync(`test/fixtures/runs/real/${name}.jsonl`, 'utf8'));

describe('real Kedro 1.5 recordings', () => {
  test.each([
    ['seq-1', 'success', 'SequentialRunner', 8, 8],
    ['thread-1', 'success', 'ThreadRunner', 8, 8],
    ['par-1', 'success', 'ParallelRunner', 8, 8],
    ['async-1', 'success', 'SequentialRunner', 8, 8],
    ['fail-1', 'failed', 'SequentialRunner', 8, 5],
    ['parfail-1', 'failed', 'ParallelRunner', 8, 5],
  ])('%s: %s under %s, %i nodes planned, %i done', (name, status, runner, total, done) => {
    const s = summarize(real(name));
    expect([s.status, s.runner, s.total, s.done, s.env, s.pipelines]).toEqual([status, runner, total, done, undefined, ['__default__']]);
  });

  test('compute time is the sum of node durations (they exclude loads and saves), not ≈ 0', () => {
    for (const name of ['seq-1', 'thread-1', 'par-1', 'async-1', 'fail-1', 'parfail-1']) {
      const p = profile(real(name));
      const durations = p.nodes.reduce((sum, n) => sum + n.duration, 0);
      expect(p.totals.compute).toBeCloseTo(durations, 9);
      expect(p.totals.compute).toBeGreaterThan(0.04);
    }
    const seq = profile(real('seq-1'));
    expect(seq.totals.compute).toBeCloseTo(0.2319, 4);
    expect(seq.totals.load).toBeGreaterThan(0);
    expect(seq.totals.save).toBeGreaterThan(0);
  });

  test('workers: one lane sequentially, two threads or two processes in parallel', () => {
    expect(profile(real('seq-1')).lanes).toHaveLength(1);
    expect(profile(real('thread-1')).lanes.map((l) => l.worker.split('/')[1])).toEqual(expect.arrayContaining(['ThreadPoolExecutor-0_0', 'ThreadPoolExecutor-0_1']));
    expect(new Set(profile(real('par-1')).lanes.map((l) => l.worker.split('/')[0])).size).toBe(2);
  });

  test('the hooks log names the runner class and the failing node', () => {
    const lines = real('seq-1').map(formatEvent);
    expect(lines.find((l) => l.includes('before_pipeline_run'))).toMatch(/▶ before_pipeline_run {2}__default__ {2}nodes: 8 {2}runner: SequentialRunner {2}env: $/);
    expect(lines.find((l) => l.includes('after_catalog_created'))).toMatch(/● after_catalog_created {2}datasets: 18$/);
    expect(real('fail-1').map(formatEvent).find((l) => l.includes('on_node_error'))).toMatch(/✖ on_node_error {2}split_data_node {2}ValueError: /);
  });

  test('runner names from the text form Kedro passes', () => {
    expect(runnerName('<kedro.runner.parallel_runner.ParallelRunner object at 0x7f5777e5b490>')).toBe('ParallelRunner');
    expect(runnerName('my_pkg.runners.MyRunner')).toBe('my_pkg.runners.MyRunner');
  });
});

describe('the Runs view tooltip', () => {
  // Seen with kedro not installed: the status bar said "Kedro run did not start" after 10 s, the Runs view row kept
  // "waiting for Kedro to start (no hook event yet)" until the two-minute limit.
  test('a run the status bar called not started (program not on PATH) is shown so, until it starts after all', () => {
    const why = "'kedro' was not found on this machine's PATH and neither Kedro nor the shell reported a start within 10 s: see the terminal";
    const shown = shownSummary(summarize([]), why);
    expect(shown).toEqual({ ...summarize([]), status: 'not-started', error: why });
    expect(runTooltip('kedro run', shown)).toBe(`\`kedro run\`\n\ndid not start\n\nerror: ${why}`);
    expect(shownSummary(summarize([]))).toEqual(summarize([]));
    // It started after all (the shell's own PATH): its events win over the verdict.
    const running = summarize(parseEvents('{"event":"pipeline_start","t":1,"nodes":["a","b"],"pipelines":["__default__"]}\n'));
    expect(shownSummary(running, why)).toBe(running);
  });


  test('a run Kedro has not reported on says it waits, without "status: unknown" or "0/0 nodes"', () => {
    expect(runTooltip('kedro run', summarize([]))).toBe('`kedro run`\n\nwaiting for Kedro to start (no hook event yet)');
    expect(runTooltip('kedro run', { status: 'not-started', total: 0, done: 0, pipelines: [], error: "'kedro' was not found (exit 127)" })).toBe(
      "`kedro run`\n\ndid not start\n\nerror: 'kedro' was not found (exit 127)",
    );
    expect(runTooltip('kedro run --env=prod', { status: 'failed', total: 3, done: 1, env: 'prod', runner: 'SequentialRunner', pipelines: [], failedNode: 'b', error: 'boom' })).toBe(
      '`kedro run --env=prod`\n\nfailed · env prod · SequentialRunner\n\n1/3 nodes\n\nerror: boom',
    );
  });
});
