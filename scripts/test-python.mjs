// Runs the hook plugin's Python tests (python3 -m unittest). Prefers an interpreter that has pluggy (Debian's
// python3-pluggy), so hook argument names are validated against Kedro's specs the way a real run does.
import { spawnSync } from 'node:child_process';

const candidates = ['/usr/bin/python3', 'python3'];
const hasPluggy = (py) => spawnSync(py, ['-c', 'import pluggy'], { stdio: 'ignore' }).status === 0;
const python = candidates.find(hasPluggy) ?? candidates.find((py) => spawnSync(py, ['--version'], { stdio: 'ignore' }).status === 0);
if (!python) {
  console.error('python3 not found: the hook plugin tests need it');
  process.exit(1);
}
console.log(`[python tests] ${python}${hasPluggy(python) ? ' (with pluggy)' : ' (without pluggy: spec validation skipped)'}`);
const r = spawnSync(python, ['-m', 'unittest', 'discover', '-s', 'client/python/tests', '-v'], { stdio: 'inherit' });
process.exit(r.status ?? 1);
