import * as fs from 'node:fs';
import { describe, expect, test } from 'vitest';
import { DEFAULTS, parseSettings } from '../../../common/settings';

describe('parseSettings', () => {
  test('defaults for garbage, clamps bad values, keeps good ones', () => {
    expect(parseSettings(undefined)).toEqual(DEFAULTS);
    expect(parseSettings({ environment: 'rm -rf /', diagnostics: { rules: { KL001: 'loud', KL201: 'off', nope: 'error' } }, trace: { server: 'verbose' }, runner: 'x; rm', exclude: ['a/**', 3] })).toEqual({
      ...DEFAULTS,
      rules: { KL201: 'off' },
      traceServer: 'verbose',
      exclude: ['a/**'],
    });
    expect(parseSettings({ environment: 'prod' }).environment).toBe('prod');
    expect(parseSettings({ runs: { retention: 5000 } }).runsRetention).toBe(1000);
  });

  test('package.json contributes the same keys and defaults', () => {
    const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8')) as {
      contributes: { configuration: { properties: Record<string, { default: unknown }> } };
    };
    const props = pkg.contributes.configuration.properties;
    expect(Object.keys(props).sort()).toEqual(['kedro.diagnostics.rules', 'kedro.environment', 'kedro.exclude', 'kedro.kedroCommand', 'kedro.pythonPath', 'kedro.runner', 'kedro.runs.retention', 'kedro.trace.server', 'kedro.version']);
    expect(props['kedro.version']?.default).toBe(DEFAULTS.kedroVersion);
    expect(props['kedro.environment']?.default).toBe(DEFAULTS.environment);
    expect(props['kedro.runner']?.default).toBe(DEFAULTS.runner);
    expect(props['kedro.exclude']?.default).toEqual(DEFAULTS.exclude);
    expect(props['kedro.kedroCommand']?.default).toBe(DEFAULTS.kedroCommand);
    expect(props['kedro.pythonPath']?.default).toBe(DEFAULTS.pythonPath);
    expect(props['kedro.runs.retention']?.default).toBe(DEFAULTS.runsRetention);
    expect(props['kedro.diagnostics.rules']?.default).toEqual(DEFAULTS.rules);
    expect(props['kedro.trace.server']?.default).toBe(DEFAULTS.traceServer);
  });
});
