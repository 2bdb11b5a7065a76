import * as fs from 'node:fs';
import { describe, expect, test } from 'vitest';
import { DEFAULTS, parseSettings } from '../../../common/settings';

describe('parseSettings', () => {
  test('defaults for garbage, clamps bad values, keeps good ones', () => {
    expect(parseSettings(undefined)).toEqual(DEFAULTS);
    expect(parseSettings({ environment: 'rm -rf /', diagnostics: { rules: { KL001: 'loud', KL201: 'off', nope: 'error' } }, trace: { server: 'verbose' } })).toEqual({
      environment: 'local',
      rules: { KL201: 'off' },
      traceServer: 'verbose',
    });
    expect(parseSettings({ environment: 'prod' }).environment).toBe('prod');
  });

  test('package.json contributes the same keys and defaults', () => {
    const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8')) as {
      contributes: { configuration: { properties: Record<string, { default: unknown }> } };
    };
    const props = pkg.contributes.configuration.properties;
    expect(Object.keys(props).sort()).toEqual(['kedro.diagnostics.rules', 'kedro.environment', 'kedro.trace.server']);
    expect(props['kedro.environment']?.default).toBe(DEFAULTS.environment);
    expect(props['kedro.diagnostics.rules']?.default).toEqual(DEFAULTS.rules);
    expect(props['kedro.trace.server']?.default).toBe(DEFAULTS.traceServer);
  });
});
