import { describe, expect, test } from 'vitest';
import { RestartPolicy } from '../../../client/src/restartPolicy';

describe('server restart policy', () => {
  test('restarts up to the budget within the window, announces only the first restart and the give-up', () => {
    const p = new RestartPolicy(3, 60_000);
    expect(p.onCrash(0)).toEqual({ restart: true, announce: true });
    expect(p.onCrash(1_000)).toEqual({ restart: true, announce: false });
    expect(p.onCrash(2_000)).toEqual({ restart: true, announce: false });
    expect(p.onCrash(3_000)).toEqual({ restart: false, announce: true });
  });

  test('crashes older than the window no longer count', () => {
    const p = new RestartPolicy(2, 60_000);
    p.onCrash(0);
    p.onCrash(10_000);
    expect(p.onCrash(61_000).restart).toBe(true);
    expect(p.onCrash(62_000).restart).toBe(false);
  });

  test('a manual restart resets the budget but not the "already told" flag', () => {
    const p = new RestartPolicy(1, 60_000);
    p.onCrash(0);
    expect(p.onCrash(1).restart).toBe(false);
    p.reset();
    expect(p.onCrash(2)).toEqual({ restart: true, announce: false });
  });
});
