// User-facing schema: package.json contributes.configuration. This file is the typed, normalised view of it.
export type TraceSetting = 'off' | 'messages' | 'verbose';
export type RuleSeverity = 'error' | 'warning' | 'information' | 'hint' | 'off';
/** Which code lenses pipeline modules get; `auto` is `all` up to LENS_AUTO_MAX_NODES node calls in a module, then `pipelines`. */
export type CodeLensSetting = 'auto' | 'all' | 'pipelines' | 'off';
/** Above this many node calls a module's per-node lenses would double its height: `auto` keeps the pipeline lenses only. */
export const LENS_AUTO_MAX_NODES = 50;

export interface Settings {
  /** Run environment merged over `base`, as `kedro run --env`; '' = the project's own default (`default_run_env`). */
  readonly environment: string;
  /** Per-code severity overrides, e.g. `{ "KL001": "warning" }`. */
  readonly rules: Readonly<Record<string, RuleSeverity>>;
  readonly traceServer: TraceSetting;
  /** Client only: how to invoke Kedro. */
  readonly kedroCommand: string;
  readonly pythonPath: string;
  readonly runner: string;
  /** Globs relative to each project root that the analysis ignores. */
  readonly exclude: readonly string[];
  /** Client only: how many recorded runs to keep. */
  readonly runsRetention: number;
  /** The Kedro release (`0.19.15`) or specifier (`>=0.18,<0.19`) to judge projects by; empty = read from the project. */
  readonly kedroVersion: string;
  readonly codeLens: CodeLensSetting;
}

export const DEFAULTS: Settings = { environment: '', rules: {}, traceServer: 'off', kedroCommand: '', pythonPath: '', runner: 'SequentialRunner', exclude: [], runsRetention: 50, kedroVersion: '', codeLens: 'auto' };

const SEVERITIES: readonly RuleSeverity[] = ['error', 'warning', 'information', 'hint', 'off'];
export const CODE_LENS_SETTINGS: readonly CodeLensSetting[] = ['auto', 'all', 'pipelines', 'off'];
const ENV_NAME = /^[\w.-]*$/;

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
  const str = (k: string, dflt: string): string => (typeof obj[k] === 'string' ? (obj[k] as string).trim() : dflt);
  const runner = str('runner', DEFAULTS.runner);
  const exclude = Array.isArray(obj['exclude']) ? (obj['exclude'] as unknown[]).filter((g): g is string => typeof g === 'string' && g.length > 0) : [];
  return {
    environment: env,
    rules,
    traceServer,
    kedroCommand: str('kedroCommand', ''),
    pythonPath: str('pythonPath', ''),
    runner: /^[\w.]+$/.test(runner) ? runner : DEFAULTS.runner,
    exclude,
    kedroVersion: /^[\d\s.,<>=!~^*]*$/.test(str('version', '')) ? str('version', '') : '',
    codeLens: CODE_LENS_SETTINGS.includes(obj['codeLens'] as CodeLensSetting) ? (obj['codeLens'] as CodeLensSetting) : DEFAULTS.codeLens,
    runsRetention: clampInt((obj['runs'] as Record<string, unknown> | undefined)?.['retention'], 1, 1000, DEFAULTS.runsRetention),
  };
}

function clampInt(v: unknown, min: number, max: number, dflt: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? Math.min(max, Math.max(min, Math.round(v))) : dflt;
}
