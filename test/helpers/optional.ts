import { spawnSync } from 'node:child_process';
import { test } from 'vitest';

/**
 * A test that needs something outside the repository (Debian Python packages). On a machine without it the test is
 * skipped with the reason printed once, so `npm ci && npm test` ends green on a fresh machine; `.ci/run` installs
 * everything and sets KEDRO_LENS_FULL_SUITE=1, where a missing requirement fails instead.
 */
type TestFn = (name: string, fn: () => unknown) => void;

export function needs(available: boolean, what: string): TestFn {
  if (available) return (name, fn) => test(name, fn);
  if (process.env['KEDRO_LENS_FULL_SUITE'] === '1') {
    return (name) =>
      test(name, () => {
        throw new Error(`needs ${what} (KEDRO_LENS_FULL_SUITE=1 requires every optional suite)`);
      });
  }
  console.warn(`[optional suite skipped] needs ${what}`);
  return (name, fn) => test.skip(name, fn);
}

/** Whether `program --version` runs here (python3, patch: on most machines, not on a minimal one). */
export const programRuns = (program: string): boolean => spawnSync(program, ['--version'], { stdio: 'ignore' }).status === 0;

/** For tests that run the generated or parsed Python with a plain python3. */
export const withPython3 = (): TestFn => needs(programRuns('python3'), 'python3 (Debian: python3)');
