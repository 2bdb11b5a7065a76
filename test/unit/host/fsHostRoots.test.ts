import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { fileUri } from '../../../server/src/core/uri';
import { FsSourceHost } from '../../../server/src/host/fsHost';

/** <tmp>/root (with links leading out and in) next to <tmp>/outside. */
function layout(): { tmp: string; root: string } {
  const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kl-fsroots-')));
  const root = path.join(tmp, 'root');
  fs.mkdirSync(path.join(tmp, 'outside', 'dir'), { recursive: true });
  fs.writeFileSync(path.join(tmp, 'outside', 'secret.yml'), 'secret: 1\n');
  fs.writeFileSync(path.join(tmp, 'outside', 'dir', 'a.yml'), 'a: 1\n');
  fs.mkdirSync(path.join(root, 'conf'), { recursive: true });
  fs.writeFileSync(path.join(root, 'conf', 'ok.yml'), 'ok: 1\n');
  fs.symlinkSync('../../outside/secret.yml', path.join(root, 'conf', 'linked.yml'));
  fs.symlinkSync('../../outside/dir', path.join(root, 'conf', 'linked_dir'));
  fs.symlinkSync('ok.yml', path.join(root, 'conf', 'inner.yml'));
  return { tmp, root };
}

describe('FsSourceHost confined to its roots (defence in depth)', () => {
  test('paths outside the roots, by .. or by a link, are refused as if missing; inside ones are read', async () => {
    const { tmp, root } = layout();
    const refused: string[] = [];
    const host = new FsSourceHost({ roots: [fileUri(root)], onRefused: (p) => refused.push(path.relative(tmp, p)) });
    const text = async (rel: string): Promise<string | undefined> => (await host.read(fileUri(path.join(root, rel))))?.text;
    expect(await text('conf/ok.yml')).toBe('ok: 1\n');
    expect(await text('conf/inner.yml')).toBe('ok: 1\n');
    expect(await text('conf/linked.yml')).toBeUndefined();
    expect(await text('../outside/secret.yml')).toBeUndefined();
    expect(await host.read(`${fileUri(root)}/conf/../../outside/secret.yml`)).toBeUndefined();
    expect(await host.readDir(fileUri(path.join(root, 'conf', 'linked_dir')))).toBeUndefined();
    expect(await host.readDir(fileUri(path.join(tmp, 'outside')))).toBeUndefined();
    expect(await host.realPath(fileUri(path.join(tmp, 'outside', 'secret.yml')))).toBeUndefined();
    // Inside: listed (links classified by their target, for the boundary to judge) and resolved.
    expect((await host.readDir(fileUri(path.join(root, 'conf'))))?.map((e) => `${e.name}:${e.kind}${e.link ? ':link' : ''}`).sort()).toEqual(['inner.yml:file:link', 'linked.yml:file:link', 'linked_dir:dir:link', 'ok.yml:file']);
    expect(await host.realPath(fileUri(path.join(root, 'conf', 'linked.yml')))).toBe(path.join(tmp, 'outside', 'secret.yml'));
    expect(refused.sort()).toEqual(['outside', 'outside/secret.yml', 'root/conf/linked.yml', 'root/conf/linked_dir']);
  });

  test('no roots: nothing is refused (tests and one-off tools); empty roots: everything is', async () => {
    const { tmp } = layout();
    expect((await new FsSourceHost().read(fileUri(path.join(tmp, 'outside', 'secret.yml'))))?.text).toBe('secret: 1\n');
    expect(await new FsSourceHost({ roots: [] }).read(fileUri(path.join(tmp, 'outside', 'secret.yml')))).toBeUndefined();
  });
});
