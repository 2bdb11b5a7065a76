import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import type { Parser } from 'web-tree-sitter';
import { pythonParser } from '../../server/src/parsing/python/treeSitter';

const require = createRequire(import.meta.url);

/** The same loader the bundles use, fed from node_modules through a temp folder laid out like dist/. */
export function testParser(): Promise<Parser> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kl-wasm-'));
  for (const f of ['web-tree-sitter/web-tree-sitter.wasm', 'tree-sitter-python/tree-sitter-python.wasm']) {
    fs.copyFileSync(require.resolve(f), path.join(dir, path.basename(f)));
  }
  return pythonParser(dir);
}
