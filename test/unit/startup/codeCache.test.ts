import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { cacheFile, readCache, runBundle, writeCache } from '../../../server/src/startup/codeCache';
import { pruneNewest } from '../../../server/src/startup/storageFiles';
import { FirstPass } from '../../../server/src/lsp/firstPass';

const req = createRequire(import.meta.url);
let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kl-code-cache-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const KEY = { version: '1.2.3', size: 10, mtimeMs: 5 };

describe('code cache files', () => {
  test('a written cache reads back byte for byte, under code-cache/ with the version in its name', () => {
    const file = cacheFile(dir, KEY);
    expect(path.dirname(file)).toBe(path.join(dir, 'code-cache'));
    expect(path.basename(file)).toMatch(/^server-1\.2\.3-[0-9a-f]{16}\.bin$/);
    const data = Buffer.from('bytecode'.repeat(100));
    expect(writeCache(file, data)).toBe(true);
    expect(readCache(file)?.equals(data)).toBe(true);
    // No temp file is left behind.
    expect(fs.readdirSync(path.dirname(file))).toEqual([path.basename(file)]);
  });

  test('the key changes with the extension version and the bundle', () => {
    const names = new Set([cacheFile(dir, KEY), cacheFile(dir, { ...KEY, version: '1.2.4' }), cacheFile(dir, { ...KEY, size: 11 }), cacheFile(dir, { ...KEY, mtimeMs: 6 })]);
    expect(names.size).toBe(4);
  });

  test('a torn, flipped, foreign or missing file is not handed to V8', () => {
    const file = cacheFile(dir, KEY);
    const data = Buffer.from('x'.repeat(1000));
    writeCache(file, data);
    const whole = fs.readFileSync(file);
    fs.writeFileSync(file, whole.subarray(0, whole.length - 1));
    expect(readCache(file)).toBeUndefined();
    const flipped = Buffer.from(whole);
    flipped.writeUInt8(flipped.readUInt8(flipped.length - 3) ^ 1, flipped.length - 3);
    fs.writeFileSync(file, flipped);
    expect(readCache(file)).toBeUndefined();
    fs.writeFileSync(file, 'not a cache at all, but long enough to have a header');
    expect(readCache(file)).toBeUndefined();
    fs.rmSync(file);
    expect(readCache(file)).toBeUndefined();
  });

  test('pruning keeps the current file and the two newest others, and drops stale temp files only', () => {
    const cc = path.join(dir, 'code-cache');
    fs.mkdirSync(cc);
    const now = Date.now() / 1000;
    const names = ['a.bin', 'b.bin', 'c.bin', 'd.bin', 'current.bin', 'old.tmp', 'fresh.tmp'];
    for (const [i, n] of names.entries()) {
      fs.writeFileSync(path.join(cc, n), 'x');
      // a oldest … d newest; current the oldest of all (kept anyway); old.tmp 2 min old.
      const age = n === 'current.bin' ? 1000 : n === 'old.tmp' ? 120 : n === 'fresh.tmp' ? 0 : 100 - i * 10;
      fs.utimesSync(path.join(cc, n), now - age, now - age);
    }
    pruneNewest(cc, path.join(cc, 'current.bin'), '.bin', 3);
    expect(fs.readdirSync(cc).sort()).toEqual(['c.bin', 'current.bin', 'd.bin', 'fresh.tmp']);
  });
});

describe('runBundle', () => {
  test('runs a CommonJS bundle, writes its code once, and the next start takes it; a rebuilt bundle starts afresh', () => {
    const bundle = path.join(dir, 'main.js');
    fs.writeFileSync(bundle, `const p = require('node:path');\nmodule.exports.ran = (module.exports.ran ?? 0) + 1;\nglobalThis.__klTestRun = [p.basename(__filename), __dirname];\n`);
    const cacheDir = path.join(dir, 'storage');
    const first = runBundle(bundle, cacheDir, '9.9.9', req);
    expect(first.accepted).toBe(false);
    expect((globalThis as Record<string, unknown>)['__klTestRun']).toEqual(['main.js', dir]);
    expect(first.save()).toBe(true);
    expect(first.save()).toBe(false);
    const files = fs.readdirSync(path.join(cacheDir, 'code-cache'));
    expect(files).toHaveLength(1);

    const second = runBundle(bundle, cacheDir, '9.9.9', req);
    expect(second.accepted).toBe(true);
    // Accepted: nothing to write.
    expect(second.save()).toBe(false);

    fs.appendFileSync(bundle, '// rebuilt\n');
    const third = runBundle(bundle, cacheDir, '9.9.9', req);
    expect(third.accepted).toBe(false);
    expect(third.save()).toBe(true);
    expect(fs.readdirSync(path.join(cacheDir, 'code-cache'))).toHaveLength(2);
  });

  test('a corrupt cache file is ignored and replaced; no cache folder means no cache', () => {
    const bundle = path.join(dir, 'main.js');
    fs.writeFileSync(bundle, 'module.exports = 1;\n');
    const cacheDir = path.join(dir, 'storage');
    runBundle(bundle, cacheDir, '1.0.0', req).save();
    const [name] = fs.readdirSync(path.join(cacheDir, 'code-cache'));
    const file = path.join(cacheDir, 'code-cache', name as string);
    fs.writeFileSync(file, Buffer.alloc(64, 7));
    const again = runBundle(bundle, cacheDir, '1.0.0', req);
    expect(again.accepted).toBe(false);
    expect(again.save()).toBe(true);
    expect(readCache(file)?.length).toBeGreaterThan(0);
    expect(runBundle(bundle, cacheDir, '1.0.0', req).accepted).toBe(true);
    const none = runBundle(bundle, undefined, '1.0.0', req);
    expect(none.accepted).toBe(false);
    expect(none.save()).toBe(false);
  });
});

describe('FirstPass', () => {
  test('waiters settle when the first pass finishes, at once afterwards, and after the bound when it never does', async () => {
    const first = new FirstPass(50);
    let settled = false;
    const waiting = first.wait().then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 10));
    expect(settled).toBe(false);
    first.finish();
    await waiting;
    expect(settled).toBe(true);
    await first.wait();
    const never = new FirstPass(30);
    const t0 = Date.now();
    await never.wait();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(25);
  });
});
