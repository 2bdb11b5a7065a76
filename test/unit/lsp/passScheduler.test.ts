import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { PassScheduler } from '../../../server/src/lsp/passScheduler';

/** A pass that stays running until `finish()`, recording whether it was told to stop. */
function passes() {
  const started: { cancelled: () => boolean; finish: () => void }[] = [];
  const pass = (isCancelled: () => boolean): Promise<void> =>
    new Promise((resolve) => {
      started.push({ cancelled: isCancelled, finish: resolve });
    });
  return { started, pass };
}

const fail = (err: unknown): never => {
  throw err;
};

const settle = async (): Promise<void> => {
  // Promise callbacks (then/finally chains) between timer steps.
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

describe('PassScheduler', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  test('a change that finds the server idle runs at once, without the debounce', async () => {
    const { started, pass } = passes();
    const s = new PassScheduler(pass, 40, fail);
    s.schedule();
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toHaveLength(1);
  });

  test('a burst of changes during a pass costs one more pass, after the debounce', async () => {
    const { started, pass } = passes();
    const s = new PassScheduler(pass, 40, fail);
    s.schedule();
    await vi.advanceTimersByTimeAsync(0);
    for (let i = 0; i < 5; i++) {
      s.schedule();
      await vi.advanceTimersByTimeAsync(10);
    }
    expect(started).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(40);
    // The second pass waits for the first: passes never overlap.
    expect(started).toHaveLength(1);
    started[0]?.finish();
    await settle();
    expect(started).toHaveLength(2);
    started[1]?.finish();
    await settle();
    await vi.advanceTimersByTimeAsync(1000);
    expect(started).toHaveLength(2);
  });

  test('a newer change cancels the running pass; the pass after it is not cancelled', async () => {
    const { started, pass } = passes();
    const s = new PassScheduler(pass, 40, fail);
    s.schedule();
    await vi.advanceTimersByTimeAsync(0);
    expect(started[0]?.cancelled()).toBe(false);
    s.schedule();
    expect(started[0]?.cancelled()).toBe(true);
    started[0]?.finish();
    await vi.advanceTimersByTimeAsync(40);
    await settle();
    expect(started[1]?.cancelled()).toBe(false);
  });

  test('a failed pass does not stop the next one', async () => {
    let calls = 0;
    const errors: unknown[] = [];
    const s = new PassScheduler(() => (++calls === 1 ? Promise.reject(new Error('boom')) : Promise.resolve()), 40, (err) => errors.push(err));
    s.schedule();
    await vi.advanceTimersByTimeAsync(0);
    await s.idle();
    expect(errors).toHaveLength(1);
    s.schedule();
    await vi.advanceTimersByTimeAsync(40);
    await settle();
    expect(calls).toBe(2);
  });

  test('after dispose nothing runs and a running pass is told to stop', async () => {
    const { started, pass } = passes();
    const s = new PassScheduler(pass, 40, fail);
    s.schedule();
    await vi.advanceTimersByTimeAsync(0);
    s.schedule();
    s.dispose();
    expect(started[0]?.cancelled()).toBe(true);
    started[0]?.finish();
    await vi.advanceTimersByTimeAsync(1000);
    expect(started).toHaveLength(1);
  });
  test('busy while a pass waits or runs; passEnd settles when the next pass ends, or after its timeout', async () => {
    const { started, pass } = passes();
    const s = new PassScheduler(pass, 40, fail);
    expect(s.busy()).toBe(false);
    s.schedule();
    expect(s.busy()).toBe(true);
    let ended = false;
    void s.passEnd(10_000).then(() => (ended = true));
    await vi.advanceTimersByTimeAsync(0);
    expect([s.busy(), ended]).toEqual([true, false]);
    started[0]?.finish();
    await settle();
    expect([s.busy(), ended]).toEqual([false, true]);
    let timedOut = false;
    void s.passEnd(50).then(() => (timedOut = true));
    await vi.advanceTimersByTimeAsync(49);
    expect(timedOut).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(timedOut).toBe(true);
  });
});
