// User-facing schema: package.json contributes.configuration. This file is the typed, normalised view of it.
export type TraceSetting = 'off' | 'messages' | 'verbose';
export type RuleSeverity = 'error' | 'warning' | 'information' | 'hint' | 'off';

export interface Settings {
  /** Run environment merged over `base`, as `kedro run --env`. */
  readonly environment: string;
  /** Per-code severity overrides, e.g. `{ "KL001": "warning" }`. */
  readonly rules: Readonly<Record<string, RuleSeverity>>;
  readonly traceServer: TraceSetting;
}

export const DEFAULTS: Settings = { environment: 'local', rules: {}, traceServer: 'off' };

const SEVERITIES: readonly RuleSeverity[] = ['error', 'warning', 'information', 'hint', 'off'];
const ENV_NAME = /^[\w.-]+$/;

/** Never trust raw settings: every field is clamped to a valid value or its default. */
export function parseSettings(raw: unknown): Settings {
  const obj = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const env = typeof obj['environment'] === 'string' && ENV_NAME.test(obj['environment']) ? obj['environment'] : DEFAULTS.environment;
  const rulesRaw = (obj['diagnostics'] as Record<string, unknown> | undefined)?.['rules'] ?? obj['rules'];
  const rules: Record<string, RuleSeverity> = {};
  if (typeof rulesRaw === 'object' && rulesRaw !== null) {
    for (const [code, sev] of Object.entries(rulesRaw)) {
      if (/^KL\d{3}$/.test(code) && SEVERITIES.includes(sev as RuleSeverity)) rules[code] = sev as RuleSeverity;
    }
  }
  const traceRaw = (obj['trace'] as Record<string, unknown> | undefined)?.['server'];
  const traceServer: TraceSetting = traceRaw === 'messages' || traceRaw === 'verbose' ? traceRaw : 'off';
  return { environment: env, rules, traceServer };
}
