import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { decode, DiskFactStore, encode } from '../../../server/src/host/factStore';
import { extractModuleFacts } from '../../../server/src/parsing/python/moduleFacts';
import { testParser } from '../../helpers/parser';

const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'kl-facts-'));
const store = (dir: string, salt = 's1', maxBytes?: number): DiskFactStore => new DiskFactStore(dir, { salt, flushDelayMs: 60_000, ...(maxBytes ? { maxBytes } : {}) });

const SOURCE = `from kedro.pipeline import Pipeline, node
from .nodes import f


def create_pipeline(**kwargs) -> Pipeline:
    """Docs."""
    return Pipeline([node(f, ["a", "params:x"], "b", name="n", tags=["t"]), node(lambda x: x, "b", None)])


def gen(a, /, b: int = 1e999, *args, c, **kw):
    if a:
        return
    yield a
    return a


class P(BaseModel):
    x: int = 3
    y: "str"
# kedro-lens: ignore[KL001]
`;

describe('facts entries', () => {
  test('encode/decode gives back the facts exactly: spans, keys set to undefined, every number', async () => {
    const facts = extractModuleFacts(await testParser(), 'file:///p/m.py', SOURCE);
    const again = decode(encode({ ...facts, uri: '' })) as typeof facts;
    expect(again).toStrictEqual({ ...facts, uri: '' });
    // `return` without a value is undefined in returnExprs; toStrictEqual tells undefined from a missing key.
    expect(facts.functions[1]?.returnExprs).toContain(undefined);
    // 1e999 is Infinity: JSON (the old format) could not carry it.
    expect(JSON.stringify(again.functions[1]?.defaults)).toContain('"type":"num"');
  });

  test("a function's return value is one object in its body and in returnExprs, and stays one after a round trip", async () => {
    const facts = extractModuleFacts(await testParser(), 'file:///p/m.py', SOURCE);
    const fn = facts.functions[0];
    const ret = fn?.body.find((s) => s.type === 'return');
    expect(ret?.type === 'return' && ret.value?.type).toBe('call');
    expect(ret?.type === 'return' && ret.value).toBe(fn?.returnExprs[0]);
    const again = decode(encode(facts)) as typeof facts;
    const ret2 = again.functions[0]?.body.find((s) => s.type === 'return');
    expect(ret2?.type === 'return' && ret2.value).toBe(again.functions[0]?.returnExprs[0]);
    expect(again).toStrictEqual(facts);
  });

  test('values of every kind come back as they were; what it cannot carry is refused, not stored wrong', () => {
    const shared = { k: 'x', items: [1, 2] };
    const value = {
      nums: [0, 1, 127, 128, 16383, 2 ** 31, 2 ** 53 - 1, -1, -0, 0.5, -1e300, Infinity, -Infinity, NaN],
      strs: ['', 'é', '\u{1F600}', 'a\0b'],
      lits: [true, false, null, undefined],
      empty: {},
      nested: [[[]], { a: { b: {} } }],
      notSpan: { start: { line: -1, character: 0 }, end: { line: 0, character: 0 } },
      span: { start: { line: 1, character: 2 }, end: { line: 300, character: 4 } },
      twice: [shared, shared],
      own: JSON.parse('{"__proto__": 1, "b": 2}') as unknown,
    };
    const again = decode(encode(value)) as typeof value;
    expect(again).toStrictEqual(value);
    expect(Object.is(again.nums[8], -0)).toBe(true);
    expect(again.twice[0]).toBe(again.twice[1]);
    expect(Object.getPrototypeOf(again.own)).toBe(Object.prototype);
    expect(Object.keys(again.own as object)).toEqual(['__proto__', 'b']);
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(() => encode(cyclic)).toThrow(/cycle/);
    expect(() => encode({ f: () => 1 })).toThrow(/function/);
    expect(() => encode({ d: new Date(0) })).toThrow(/plain/);
  });

  test('objects come back with their own keys in order, whatever the keys say, however many there are', () => {
    // Keys that look like code, integer-like keys (stored first by JS), a long key list, `__proto__` last.
    const odd = { 'a"}; throw new Error("x"); //': 1, "b'\n\u2028`${1}`": 2, '\\': 3, '10': 4, '2': 5, constructor: 6, '': 7 };
    const wide = Object.fromEntries(Array.from({ length: 70 }, (_, i) => [`k${i}`, i]));
    const value = { odd, wide, again: [odd, { ...odd }], protoLast: JSON.parse('{"a": 1, "__proto__": [2]}') as unknown };
    const back = decode(encode(value)) as typeof value;
    expect(back).toStrictEqual(value);
    expect(Object.keys(back.odd)).toEqual(Object.keys(odd));
    expect(Object.keys(back.wide)).toEqual(Object.keys(wide));
    expect(Object.keys(back.protoLast as object)).toEqual(['a', '__proto__']);
    expect(Object.getPrototypeOf(back.protoLast)).toBe(Object.prototype);
    expect((back.protoLast as Record<string, unknown>)['__proto__']).toEqual([2]);
  });

  test('any damaged byte, a truncated entry or another format decodes to nothing', () => {
    const data = encode({ a: [1, 2], span: { start: { line: 1, character: 2 }, end: { line: 3, character: 4 } } });
    expect(decode(data)).toStrictEqual({ a: [1, 2], span: { start: { line: 1, character: 2 }, end: { line: 3, character: 4 } } });
    for (let i = 0; i < data.length; i++) {
      const bad = Buffer.from(data);
      bad[i] = (bad[i] as number) ^ 0x10;
      expect(decode(bad), `byte ${i}`).toBeUndefined();
    }
    expect(decode(data.subarray(0, data.length - 1))).toBeUndefined();
    expect(decode(Buffer.from('{"a":1}'))).toBeUndefined();
    // An entry of the previous format (KLF1: JSON), checksum and all, is not read.
    const payload = Buffer.from('{"a":[1,2]}');
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(zlib.crc32(payload));
    expect(decode(Buffer.concat([Buffer.from('KLF1'), sum, payload]))).toBeUndefined();
  });
});

describe('DiskFactStore', () => {
  test('a put is readable by another store of the same salt; another salt (version) has other keys', async () => {
    const dir = tmp();
    const a = store(dir);
    const key = a.key('py', 'x = 1\n');
    a.put(key, { statements: [] });
    await a.flush();
    expect(await store(dir).get(key)).toStrictEqual({ statements: [] });
    expect(store(dir, 's2').key('py', 'x = 1\n')).not.toBe(key);
    expect(a.key('yaml', 'x = 1\n')).not.toBe(key);
    expect(await store(dir, 's2').get(store(dir, 's2').key('py', 'x = 1\n'))).toBeUndefined();
  });

  test('a damaged entry is a miss, and a put rewrites it', async () => {
    const dir = tmp();
    const a = store(dir);
    const key = a.key('py', 'x = 1\n');
    a.put(key, { v: 1 });
    await a.flush();
    const file = path.join(dir, key);
    const data = fs.readFileSync(file);
    data[data.length - 2] = 0x30;
    fs.writeFileSync(file, data);
    const b = store(dir);
    expect(await b.get(key)).toBeUndefined();
    b.put(key, { v: 1 });
    await b.flush();
    expect(await store(dir).get(key)).toStrictEqual({ v: 1 });
  });

  test('concurrent writers of the same entries: every entry whole, no temporary file left, readers never see a partial one', async () => {
    const dir = tmp();
    const writers = Array.from({ length: 6 }, () => store(dir));
    const keys = Array.from({ length: 20 }, (_, i) => writers[0]!.key('py', `x = ${i}\n`));
    const big = (i: number) => ({ i, items: Array.from({ length: 2000 }, (_, j) => `item ${i} ${j}`) });
    for (const w of writers) for (const [i, k] of keys.entries()) w.put(k, big(i));
    const reader = store(dir);
    const reads: Promise<unknown>[] = [];
    const flushing = Promise.all(writers.map((w) => w.flush()));
    for (let r = 0; r < 5; r++) for (const k of keys) reads.push(reader.get(k));
    await flushing;
    for (const [n, got] of (await Promise.all(reads)).entries()) if (got !== undefined) expect(got).toStrictEqual(big(n % keys.length));
    for (const [i, k] of keys.entries()) expect(await store(dir).get(k)).toStrictEqual(big(i));
    expect(fs.readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  test('past its size bound the least recently used entries go; a read counts as a use', async () => {
    const dir = tmp();
    const s = store(dir);
    const payload = (i: number) => ({ i, pad: 'x'.repeat(10_000) });
    const keys = Array.from({ length: 10 }, (_, i) => s.key('py', `${i}`));
    for (const [i, k] of keys.entries()) s.put(k, payload(i));
    await s.flush();
    const size = fs.statSync(path.join(dir, keys[0]!)).size;
    // Oldest first: entry i was last used at t0 + i; then entry 0 is read, which makes it the newest.
    const t0 = Date.now() / 1000 - 1000;
    for (const [i, k] of keys.entries()) fs.utimesSync(path.join(dir, k), t0 + i, t0 + i);
    const reader = store(dir);
    expect(await reader.get(keys[0]!)).toStrictEqual(payload(0));
    await reader.flush();
    const bounded = store(dir, 's1', size * 5 + 100);
    bounded.put(bounded.key('py', 'new'), payload(99));
    await bounded.flush();
    const left = new Set(fs.readdirSync(dir));
    // At most 80% of the bound after eviction: 4 entries of 5; the new one and entry 0 (just read) are among them.
    expect(left.size).toBe(4);
    expect(left.has(keys[0]!)).toBe(true);
    expect(left.has(bounded.key('py', 'new'))).toBe(true);
    expect([...keys.slice(1)].filter((k) => left.has(k))).toEqual([keys[8], keys[9]]);
  });

  test('a temporary file a crashed writer left behind is removed once stale', async () => {
    const dir = tmp();
    const s = store(dir);
    fs.writeFileSync(path.join(dir, 'abc.123.ff.tmp'), 'partial');
    const old = Date.now() / 1000 - 3600;
    fs.utimesSync(path.join(dir, 'abc.123.ff.tmp'), old, old);
    s.put(s.key('py', 'a'), { a: 1 });
    await s.flush();
    expect(fs.readdirSync(dir)).toEqual([s.key('py', 'a')]);
  });
});
