import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { AnalysedVersions } from '../../../server/src/lsp/analysedVersions';

const diag = (code: string) => ({ range: { start: { line: 1, character: 2 }, end: { line: 1, character: 5 } }, message: code, code, source: 'kedro' });

describe('AnalysedVersions', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  test('a request about a newer version waits for the pass that read it, then sees its diagnostics', async () => {
    const open = new Map([['file:///a.py', 3]]);
    const av = new AnalysedVersions((uri) => open.get(uri), 3000);
    av.published(new Map([['file:///a.py', 2]]), new Map());
    let fresh: boolean | undefined;
    void av.whenFresh('file:///a.py').then((f) => (fresh = f));
    await Promise.resolve();
    expect(fresh).toBeUndefined();
    // A pass that started before the edit does not answer it.
    av.published(new Map([['file:///a.py', 2]]), new Map([['file:///a.py', [diag('KL002')]]]));
    await Promise.resolve();
    expect(fresh).toBeUndefined();
    av.published(new Map([['file:///a.py', 3]]), new Map([['file:///a.py', [diag('KL001')]]]));
    await Promise.resolve();
    expect(fresh).toBe(true);
    expect(av.diagnosticsFor('file:///a.py').map((d) => d.code)).toEqual(['KL001']);
    // Cleared when a later pass publishes none for it; a closed document is always fresh.
    av.published(new Map([['file:///a.py', 3]]), new Map());
    expect(av.diagnosticsFor('file:///a.py')).toEqual([]);
    expect(await av.whenFresh('file:///closed.py')).toBe(true);
  });

  test('never stalls: without a pass the wait ends with false after the timeout', async () => {
    const av = new AnalysedVersions(() => 5, 3000);
    const p = av.whenFresh('file:///a.py');
    vi.advanceTimersByTime(3000);
    expect(await p).toBe(false);
    const q = av.whenFresh('file:///a.py');
    av.dispose();
    expect(await q).toBe(false);
  });
});
