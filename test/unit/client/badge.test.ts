import { describe, expect, test } from 'vitest';
import { countFindings, findingsBadge } from '../../../client/src/views/badge';

const ERROR = 0;
const WARNING = 1;
const INFORMATION = 2;
const HINT = 3;

describe('the Kedro activity-bar badge counts findings to act on', () => {
  test('Kedro errors and warnings in every file count, a catalog one too; hints, information and other tools do not', () => {
    const findings = countFindings([
      ['file:///p/conf/base/catalog.yml', [{ source: 'kedro', severity: ERROR }, { source: 'kedro', severity: HINT }]],
      ['file:///p/src/p/pipelines/ds/pipeline.py', [{ source: 'kedro', severity: ERROR }, { source: 'kedro', severity: WARNING }, { source: 'Pylance', severity: ERROR }]],
      ['file:///p/src/p/big.py', [{ source: 'kedro', severity: INFORMATION }]],
    ]);
    expect(findings).toEqual({ errors: 2, warnings: 1 });
    expect(findingsBadge(findings)).toEqual({ value: 3, tooltip: '2 errors, 1 warning (see the Problems panel)' });
  });

  test('one kind alone is named alone; nothing to act on shows no badge', () => {
    expect(findingsBadge({ errors: 1, warnings: 0 })).toEqual({ value: 1, tooltip: '1 error (see the Problems panel)' });
    expect(findingsBadge({ errors: 0, warnings: 2 })).toEqual({ value: 2, tooltip: '2 warnings (see the Problems panel)' });
    expect(findingsBadge(countFindings([['file:///p/conf/base/catalog.yml', [{ source: 'kedro', severity: HINT }]]]))).toBeUndefined();
  });
});
