import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { RunStore } from '../../../client/src/runs/runStore';

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
      ['b', 'unknown'],
      ['a', 'unknown'],
    ]);
    expect(list[0]?.summary.failedNode).toBe('train_model_node');
    expect(store.prune(2)).toBe(1);
    expect(store.list().map((r) => r.meta.id)).toEqual(['c', 'b']);
    store.delete('c');
    expect(fs.readdirSync(dir).sort()).toEqual(['b.meta.json']);
    expect(store.newId(new Date('2026-11-25T10:00:00.000Z'))).toMatch(/^run-2026-11-25T10-00-00-000Z-[a-z0-9]{1,4}$/);
  });
});
