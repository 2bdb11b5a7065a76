import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseEvents, summarize } from '../../../client/src/runs/events';
import { notStartedReason, RunStore, settle } from '../../../client/src/runs/runStore';

describe('RunStore (run journal on disk)', () => {
  test('saves, lists newest first with summaries, prunes and deletes', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kl-runs-'));
    const store = new RunStore(dir);
    const ids = ['a', 'b', 'c'];
    ids.forEach((id, i) => store.saveMeta({ id, rootUri: 'file:///p', commandLine: `kedro run #${i}`, options: {}, started: 1000 + i }));
    fs.copyFileSync('test/fixtures/runs/failed.jsonl', store.eventsPath('c'));
    const list = store.list();
    expect(list.map((r) => [r.meta.id, r.summary.status])).toEqual([
      ['c', 'failed'],
      // Started long ago with no event: never started (not a "?" forever).
      ['b', 'not-started'],
      ['a', 'not-started'],
    ]);
    expect(list[0]?.summary.failedNode).toBe('train_model_node');
    expect(store.prune(2)).toBe(1);
    expect(store.list().map((r) => r.meta.id)).toEqual(['c', 'b']);
    store.delete('c');
    expect(fs.readdirSync(dir).sort()).toEqual(['b.meta.json']);
    expect(store.newId(new Date('2026-11-25T10:00:00.000Z'))).toMatch(/^run-2026-11-25T10-00-00-000Z-[a-z0-9]{1,4}$/);
  });
});

describe('runs that never started do not stay "?" or "starting…"', () => {
  const meta = { id: 'r', rootUri: 'file:///p', commandLine: 'kedro run', options: {}, started: 1000 };

  test('no event and the command ended: did not start, with the reason', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kl-runs-'));
    const store = new RunStore(dir);
    store.saveMeta({ ...meta, ended: { reason: notStartedReason(127, 'kedro'), exitCode: 127 } });
    expect(store.read('r', 1001)?.summary).toMatchObject({
      status: 'not-started',
      error: "'kedro' was not found (exit 127): set kedro.kedroCommand or kedro.pythonPath, or select the project's Python interpreter",
    });
  });

  test('no event for 15 minutes and nobody following: did not start; events that come later win', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kl-runs-'));
    const store = new RunStore(dir);
    store.saveMeta(meta);
    expect(store.read('r', 1000 + 60)?.summary.status).toBe('unknown');
    expect(store.read('r', 1000 + 15 * 60 + 1)?.summary).toMatchObject({ status: 'not-started', error: 'no event was recorded: Kedro never reached its first hook' });
    fs.copyFileSync('test/fixtures/runs/real/seq-1.jsonl', store.eventsPath('r'));
    expect(store.read('r', 1000 + 15 * 60 + 1)?.summary.status).toBe('success');
  });

  test('started, then the command ended without the pipeline end: failed with the reason', () => {
    const started = parseEvents(fs.readFileSync('test/fixtures/runs/real/seq-1.jsonl', 'utf8')).slice(0, 10);
    expect(settle({ ...meta, ended: { reason: 'the command ended with exit code 137 before the pipeline finished', exitCode: 137 } }, summarize(started), 1001)).toMatchObject({
      status: 'failed',
      error: 'the command ended with exit code 137 before the pipeline finished',
    });
  });

  test('reasons by exit code', () => {
    expect(notStartedReason(126, '/venv/bin/python')).toBe("'/venv/bin/python' could not be executed (exit 126)");
    expect(notStartedReason(2, 'kedro')).toBe('Kedro refused the command line (exit 2; outside a Kedro project it has no run command): see the terminal');
    expect(notStartedReason(1, 'kedro')).toBe('the command exited with code 1 before Kedro ran its first hook (wrong interpreter, missing dependency?): see the terminal');
  });

  test('each run sent to a terminal leaves its own id, in the order sent, with its command line', () => {
    // With one `<token>.next` slot, a run sent while the previous one was still starting replaced its id: in the e2e
    // suite the first of three queued runs claimed the third's id and the other two went unrecorded.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kl-runs-'));
    const store = new RunStore(dir);
    const ids = [new Date('2026-12-02T07:39:11.094Z'), new Date('2026-12-02T07:39:12.853Z'), new Date('2026-12-02T07:39:13.493Z')].map((d) => store.newId(d));
    ids.forEach((id, i) => store.setPending('tok', id, ['kedro run --nodes=split_data_node', 'kedro run --nodes=split_data_node,train_model_node', 'kedro run'][i] ?? ''));
    const files = fs.readdirSync(dir).sort();
    expect(files).toEqual(ids.map((id) => `tok.${id}.next`));
    expect(fs.readFileSync(store.pendingPath('tok', ids[2] ?? ''), 'utf8')).toBe(`${ids[2]}\nkedro run\n`);
    // A run that ended unclaimed takes only its own id away.
    store.dropPending('tok', ids[0] ?? '');
    store.dropPending('tok', ids[0] ?? '');
    expect(fs.readdirSync(dir).sort()).toEqual(files.slice(1));
  });

});
