import * as fs from 'node:fs';
import { describe, expect, test } from 'vitest';
import { criticalPath, formatEvent, parseEvents, profile, summarize, type NodeProfile } from '../../../client/src/runs/events';

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
