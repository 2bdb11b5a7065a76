import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** A throwaway copy of a project, so tests can edit files on disk. */
export function copyProject(src: string): string {
  const dst = fs.mkdtempSync(path.join(os.tmpdir(), 'kl-proj-'));
  fs.cpSync(src, dst, { recursive: true });
  return dst;
}

export const EXAMPLE = path.resolve('examples/spaceflights');
