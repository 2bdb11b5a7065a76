import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { FsSourceHost, MAX_FILE_BYTES } from '../../../server/src/host/fsHost';
import { fileUri } from '../../../server/src/core/uri';

describe('FsSourceHost with watched files', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  const setup = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kl-host-'));
    const file = path.join(dir, 'pipeline.py');
    fs.writeFileSync(file, 'a = 1\n');
    const host = new FsSourceHost();
    return { file, uri: fileUri(file), host };
  };

  test('unwatched files are checked on every read', async () => {
    const { file, uri, host } = setup();
    expect((await host.read(uri))?.text).toBe('a = 1\n');
    fs.writeFileSync(file, 'a = 22\n');
    expect((await host.read(uri))?.text).toBe('a = 22\n');
  });

  test('a watched file is read from the cache until its event (invalidate) or for 5 s at most', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { file, uri, host } = setup();
    host.setWatched((p) => p.endsWith('.py'));
    expect((await host.read(uri))?.text).toBe('a = 1\n');
    fs.writeFileSync(file, 'a = 22\n');
    expect((await host.read(uri))?.text).toBe('a = 1\n');
    host.invalidate(uri);
    expect((await host.read(uri))?.text).toBe('a = 22\n');
    fs.writeFileSync(file, 'a = 333\n');
    vi.advanceTimersByTime(4000);
    expect((await host.read(uri))?.text).toBe('a = 22\n');
    vi.advanceTimersByTime(1001);
    expect((await host.read(uri))?.text).toBe('a = 333\n');
  });

  test('files the watcher does not cover are always checked', async () => {
    const { file, uri, host } = setup();
    host.setWatched((p) => p.endsWith('.yml'));
    await host.read(uri);
    fs.writeFileSync(file, 'a = 22\n');
    expect((await host.read(uri))?.text).toBe('a = 22\n');
  });

  test('real paths are resolved again on every call until file events flow, then after any event or 5 s', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kl-host-')));
    fs.mkdirSync(path.join(dir, 'a'));
    fs.mkdirSync(path.join(dir, 'b'));
    fs.symlinkSync(path.join(dir, 'a'), path.join(dir, 'link'));
    const host = new FsSourceHost();
    const uri = fileUri(path.join(dir, 'link'));
    const retarget = (to: string) => {
      fs.unlinkSync(path.join(dir, 'link'));
      fs.symlinkSync(path.join(dir, to), path.join(dir, 'link'));
    };
    expect(await host.realPath(uri)).toBe(path.join(dir, 'a'));
    retarget('b');
    expect(await host.realPath(uri)).toBe(path.join(dir, 'b'));
    host.setWatched(() => false);
    expect(await host.realPath(uri)).toBe(path.join(dir, 'b'));
    retarget('a');
    // No event yet: the kept answer.
    expect(await host.realPath(uri)).toBe(path.join(dir, 'b'));
    // An event for any path drops every kept real path.
    host.invalidate(fileUri(path.join(dir, 'other.py')));
    expect(await host.realPath(uri)).toBe(path.join(dir, 'a'));
    retarget('b');
    vi.advanceTimersByTime(4000);
    expect(await host.realPath(uri)).toBe(path.join(dir, 'a'));
    vi.advanceTimersByTime(1001);
    expect(await host.realPath(uri)).toBe(path.join(dir, 'b'));
  });
});

describe('FsSourceHost reading through node:fs', () => {
  test('text, version, BOM, binary, too large, a folder and a missing file', async () => {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kl-host-')));
    const put = (name: string, data: string | Buffer): string => {
      fs.writeFileSync(path.join(dir, name), data);
      return fileUri(path.join(dir, name));
    };
    const host = new FsSourceHost({ roots: [dir] });
    const plain = put('a.py', 'x = "é"\n');
    const st = fs.statSync(path.join(dir, 'a.py'));
    expect(await host.read(plain)).toEqual({ uri: plain, version: `${st.mtimeMs}:${st.size}`, text: 'x = "é"\n', checkedAt: expect.any(Number) });
    expect((await host.read(put('bom.py', '\ufeffy = 1\n')))?.text).toBe('y = 1\n');
    expect(await host.read(put('nul.py', Buffer.from([0x61, 0, 0x62])))).toMatchObject({ text: '', skipped: 'binary' });
    expect(await host.read(put('latin.py', Buffer.from([0x61, 0xe9, 0x0a])))).toMatchObject({ text: '', skipped: 'binary' });
    expect(await host.read(put('big.py', Buffer.alloc(MAX_FILE_BYTES + 1, 0x61)))).toMatchObject({ text: '', skipped: 'too-large' });
    fs.mkdirSync(path.join(dir, 'pkg.py'));
    expect(await host.read(fileUri(path.join(dir, 'pkg.py')))).toBeUndefined();
    expect(await host.read(fileUri(path.join(dir, 'missing.py')))).toBeUndefined();
  });
});
