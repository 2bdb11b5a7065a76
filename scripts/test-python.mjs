// Runs the hook plugin's Python tests (python3 -m unittest). Prefers an interpreter that has pluggy (Debian's
// python3-pluggy), so hook argument names are validated against Kedro's specs the way a real run does.
import { spawnSync } from 'node:child_process';

const candidates = ['/usr/bin/python3', 'python3'];
const hasPluggy = (py) => spawnSync(py, ['-c', 'import pluggy'], { stdio: 'ignore' }).status === 0;
const python = candidates.find(hasPluggy) ?? candidates.find((py) => spawnSync(py, ['--version'], { stdio: 'ignore' }).status === 0);
if (!python) {
  // As test/helpers/optional.ts: skipped with the reason on a machine without it, required where .ci/run installed it.
  const full = process.env.KEDRO_LENS_FULL_SUITE === '1';
  console.error(full ? 'python3 not found: the hook plugin tests need it' : '[optional suite skipped] the hook plugin tests need python3 (Debian: python3 python3-pluggy)');
  process.exit(full ? 1 : 0);
}
console.log(`[python tests] ${python}${hasPluggy(python) ? ' (with pluggy)' : ' (without pluggy: spec validation skipped)'}`);
const r = spawnSync(python, ['-m', 'unittest', 'discover', '-s', 'client/python/tests', '-v'], { stdio: 'inherit' });
process.exit(r.status ?? 1);
