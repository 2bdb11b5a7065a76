import { spawnSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { HEAP_GROWING_PERCENT, heapGrowthFlag } from '../../../server/src/host/heapGrowth';

describe('heap growth of the server process', () => {
  test('set unless the user chose a factor in node arguments or NODE_OPTIONS', () => {
    expect(heapGrowthFlag([], undefined)).toBe(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
    expect(heapGrowthFlag(['--inspect=6010', '--max-old-space-size=4096'], '--enable-source-maps')).toBe('--heap-growing-percent=100');
    expect(heapGrowthFlag(['--heap-growing-percent=30'], undefined)).toBeUndefined();
    expect(heapGrowthFlag([], '--trace-gc  --heap_growing_percent=300')).toBeUndefined();
    // Another flag that merely starts alike is not a choice of this one.
    expect(heapGrowthFlag(['--heap-growing-percentage-typo'], undefined)).toBe('--heap-growing-percent=100');
  });

  test('node accepts the flag at run time (an unknown flag would make setFlagsFromString print an error)', () => {
    const flag = heapGrowthFlag([], undefined) ?? '';
    const r = spawnSync(process.execPath, ['-e', `require('v8').setFlagsFromString(${JSON.stringify(flag)}); require('v8').setFlagsFromString('--no-such-flag-kl')`], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    // The control flag is reported as unknown; ours is not.
    expect(r.stderr).toContain('no-such-flag-kl');
    expect(r.stderr).not.toContain('heap-growing-percent');
  });
});
