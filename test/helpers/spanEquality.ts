// Vitest setup: a CompactSpan (stored facts' spans: server/src/core/compactSpan.ts) has no own keys, so the default
// deep equality would see `{}`. It equals any span with the same four numbers, as a plain span does.
import { expect } from 'vitest';
import { isCompactSpan, isSpanLike, sameSpan } from '../../server/src/core/compactSpan';

expect.addEqualityTesters([
  (a: unknown, b: unknown): boolean | undefined => {
    if (!isCompactSpan(a) && !isCompactSpan(b)) return undefined;
    return isSpanLike(a) && isSpanLike(b) && sameSpan(a, b);
  },
]);
