// Extension-host tests in VS Code desktop via @vscode/test-electron, for developers with internet access
// (it downloads VS Code). CI on machines without internet runs the code-server suite instead: test/e2e/run.sh.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'kl-electron-ws-'));
fs.cpSync(path.join(ROOT, 'examples/spaceflights'), workspace, { recursive: true });

try {
  await runTests({
    version: process.env.VSCODE_VERSION ?? '1.100.3',
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: path.join(ROOT, 'test/electron/suite/index.cjs'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
  });
} catch (err) {
  console.error('Extension-host tests failed:', err);
  process.exit(1);
}
