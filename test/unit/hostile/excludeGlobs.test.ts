import { describe, expect, test } from 'vitest';
import { isBoundedGlob } from '../../../server/src/analysis/workspace';
import { analyzeMemoryProject, render } from '../../helpers/analyze';

// The old behaviour took minutes on these inputs: a regression fails by the test's timeout; times are in bench:hostile.
describe('kedro.exclude globs are bounded in cost', () => {
  test('a glob with many stars in one segment is ignored (68 s on one name before), ordinary ones still apply', async () => {
    const files = Object.fromEntries([...Array(50).keys()].map((i) => [`${'a'.repeat(40)}${i}.py`, 'X = 1\n']));
    const { result } = await analyzeMemoryProject(
      { ...files, 'conf/base/catalog.yml': 'x:\n  type: nope.Nope\n' },
      { exclude: [`${'*a'.repeat(12)}x`, `+(a|aa)${'*(a|aa)'.repeat(10)}x`, 'conf/base/catalog.yml'] },
    );
    expect(render(result, 'KL101')).toEqual([]);
  });

  test('which globs are bounded', () => {
    expect(['src/*/pipelines/legacy/**', '**/test_*.py', '*_old_*', 'conf/**/*.yml'].every(isBoundedGlob)).toBe(true);
    expect([`${'*a'.repeat(4)}x`, 'x'.repeat(257)].some(isBoundedGlob)).toBe(false);
  });
});
