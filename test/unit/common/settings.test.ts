import * as fs from 'node:fs';
import { describe, expect, test } from 'vitest';
import { CODE_LENS_SETTINGS, DEFAULTS, LENS_AUTO_MAX_NODES, parseSettings } from '../../../common/settings';

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
    expect(parseSettings({ codeLens: 'pipelines' }).codeLens).toBe('pipelines');
    expect(parseSettings({ codeLens: 'some' }).codeLens).toBe('auto');
  });

  test('package.json contributes the same keys and defaults', () => {
    const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8')) as {
      contributes: { configuration: { properties: Record<string, { default: unknown }> } };
    };
    const props = pkg.contributes.configuration.properties;
    expect(Object.keys(props).sort()).toEqual(['kedro.codeLens', 'kedro.diagnostics.rules', 'kedro.environment', 'kedro.exclude', 'kedro.kedroCommand', 'kedro.pythonPath', 'kedro.runner', 'kedro.runs.retention', 'kedro.trace.server', 'kedro.version']);
    expect(props['kedro.version']?.default).toBe(DEFAULTS.kedroVersion);
    expect(props['kedro.environment']?.default).toBe(DEFAULTS.environment);
    expect(props['kedro.runner']?.default).toBe(DEFAULTS.runner);
    expect(props['kedro.exclude']?.default).toEqual(DEFAULTS.exclude);
    expect(props['kedro.kedroCommand']?.default).toBe(DEFAULTS.kedroCommand);
    expect(props['kedro.pythonPath']?.default).toBe(DEFAULTS.pythonPath);
    expect(props['kedro.runs.retention']?.default).toBe(DEFAULTS.runsRetention);
    expect(props['kedro.diagnostics.rules']?.default).toEqual(DEFAULTS.rules);
    expect(props['kedro.trace.server']?.default).toBe(DEFAULTS.traceServer);
    expect(props['kedro.codeLens']?.default).toBe(DEFAULTS.codeLens);
    expect((props['kedro.codeLens'] as { enum?: unknown }).enum).toEqual(CODE_LENS_SETTINGS);
    expect((props['kedro.codeLens'] as { enumDescriptions?: string[] }).enumDescriptions?.[0]).toContain(`more than ${LENS_AUTO_MAX_NODES} node calls`);
  });
});
