// Stored facts decode their spans as CompactSpans (one object per span, positions built on read): for every Python
// module of the fixtures and examples they must read, serialise and store again exactly as the extracted facts.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { CompactSpan } from '../../../server/src/core/compactSpan';
import { decode, encode } from '../../../server/src/host/factStore';
import { extractModuleFacts } from '../../../server/src/parsing/python/moduleFacts';
import { testParser } from '../../helpers/parser';

const REPO = path.resolve(__dirname, '../../..');
const pyFiles = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? pyFiles(path.join(dir, e.name)) : e.name.endsWith('.py') ? [path.join(dir, e.name)] : []));

/** Every span of a value, by where it is, as its four numbers; `kinds` counts plain and compact spans. */
function spans(v: unknown, at: string, out: Map<string, string>, kinds: { plain: number; compact: number }): void {
  if (v instanceof CompactSpan) {
    kinds.compact++;
    out.set(at, `${v.start.line}:${v.start.character}-${v.end.line}:${v.end.character}`);
    return;
  }
  if (typeof v !== 'object' || v === null) return;
  const o = v as Record<string, unknown>;
  if (Object.keys(o).join() === 'start,end') {
    kinds.plain++;
    const s = o as unknown as CompactSpan;
    out.set(at, `${s.start.line}:${s.start.character}-${s.end.line}:${s.end.character}`);
    return;
  }
  for (const k of Object.keys(o)) spans(o[k], `${at}.${k}`, out, kinds);
}

describe('spans of stored facts', () => {
  const files = [...pyFiles(path.join(REPO, 'test/fixtures')), ...pyFiles(path.join(REPO, 'examples'))];

  test('every fixture module: each span decodes as a CompactSpan with the extracted numbers; JSON and a second encoding are identical', async () => {
    const parser = await testParser();
    expect(files.length).toBeGreaterThan(20);
    let total = 0;
    for (const file of files) {
      const facts = { ...extractModuleFacts(parser, 'file:///m.py', fs.readFileSync(file, 'utf8')), uri: '' };
      const entry = encode(facts);
      const stored = decode(entry);
      const want = new Map<string, string>();
      const got = new Map<string, string>();
      const fresh = { plain: 0, compact: 0 };
      const back = { plain: 0, compact: 0 };
      spans(facts, '', want, fresh);
      spans(stored, '', got, back);
      expect({ file, spans: [...got] }).toEqual({ file, spans: [...want] });
      // Extraction makes CompactSpans too (spanOfNode), and plain ones where it builds a span from positions.
      expect(back).toEqual({ plain: 0, compact: fresh.plain + fresh.compact });
      expect(JSON.stringify(stored)).toBe(JSON.stringify(facts));
      // Facts decoded from a parse worker are stored again (encode reads a CompactSpan's numbers).
      expect(encode(stored).equals(entry)).toBe(true);
      expect(stored).toStrictEqual(facts);
      total += fresh.plain + fresh.compact;
    }
    expect(total).toBeGreaterThan(1000);
  });
});
