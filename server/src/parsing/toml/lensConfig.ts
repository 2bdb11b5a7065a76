import type { LineIndex } from '../../core/lineIndex';
import type { Severity, Span } from '../../core/types';
import { isBoundedGlob, MAX_EXCLUDE_GLOBS } from '../../core/glob';
import { locateToml, type TomlEntry } from './locate';

export type ConfigSeverity = Severity | 'off';

/** `[tool.kedro-lens]` in pyproject.toml, read and checked (docs/configuration.md). */
export interface LensConfig {
  /** Code prefixes (`KL`, `KL0`, `KL001`) of the rules to run; undefined = every rule. */
  readonly select?: readonly string[];
  readonly extendSelect: readonly string[];
  readonly ignore: readonly string[];
  /** Per code (a full code): the severity its findings get, or `off`. */
  readonly severity: Readonly<Record<string, ConfigSeverity>>;
  /** Globs relative to the project root that the analysis skips. */
  readonly exclude: readonly string[];
  /** Glob → code prefixes whose findings in matching files are dropped. */
  readonly perFileIgnores: readonly { readonly glob: string; readonly codes: readonly string[] }[];
  readonly kedroVersion?: string;
}

/** A code prefix as written, where it is: the rule reporting config problems tells an unknown one. */
export interface CodeRef {
  readonly code: string;
  readonly span: Span;
  /** `severity` keys are full codes, not prefixes. */
  readonly exact: boolean;
}

export interface LensConfigFacts {
  readonly config: LensConfig;
  /** What is wrong, where: the offending key or value is left out of `config`. */
  readonly problems: readonly { readonly message: string; readonly span: Span }[];
  readonly codes: readonly CodeRef[];
  /** The `[tool.kedro-lens]` header (or the first key of the table). */
  readonly span: Span;
}

export const TABLE = 'kedro-lens';
export const EMPTY_CONFIG: LensConfig = { extendSelect: [], ignore: [], severity: {}, exclude: [], perFileIgnores: [] };

const KEYS = ['select', 'extend-select', 'ignore', 'severity', 'exclude', 'per-file-ignores', 'kedro-version'] as const;
const SEVERITIES: readonly string[] = ['error', 'warning', 'information', 'info', 'hint', 'off'];
const CODE_PREFIX = /^KL\d{0,3}$/;
const FULL_CODE = /^KL\d{3}$/;
// The same shape `kedro.version` accepts: a release or a specifier.
const VERSION_SPEC = /^[\d\s.,<>=!~^*]+$/;

const describe = (v: unknown): string => (Array.isArray(v) ? 'an array' : v === null ? 'null' : typeof v === 'object' ? 'a table' : `${typeof v === 'string' ? 'the string' : 'the value'} ${JSON.stringify(v)}`);

/** Reads the table from the parsed document `data`, placing every problem at its key or value in `text`. */
export function readLensConfig(data: Record<string, unknown>, text: string, lines: LineIndex): LensConfigFacts | undefined {
  const raw = (data['tool'] as Record<string, unknown> | undefined)?.[TABLE];
  if (raw === undefined) return undefined;
  const loc = locateToml(text);
  const prefix = ['tool', TABLE];
  const at = (path: readonly string[]): TomlEntry | undefined => loc.entries.find((e) => e.path.length === path.length && e.path.every((p, k) => p === path[k]));
  const header = loc.headers.find((h) => h.path.length === 2 && h.path[0] === 'tool' && h.path[1] === TABLE);
  const first = loc.entries.find((e) => e.path[0] === 'tool' && e.path[1] === TABLE);
  const tableSpan = header ? lines.span(header.start, header.end) : first ? lines.span(first.keyStart, first.keyEnd) : lines.span(0, 0);
  const problems: { message: string; span: Span }[] = [];
  const codes: CodeRef[] = [];
  const keySpan = (path: readonly string[]): Span => {
    const e = at(path);
    if (e) return lines.span(e.keyStart, e.keyEnd);
    // A sub-table written as a header (`[tool.kedro-lens.severity]`).
    const h = loc.headers.find((x) => x.path.length === path.length && x.path.every((p, k) => p === path[k]));
    return h ? lines.span(h.start, h.end) : tableSpan;
  };
  const valueSpan = (path: readonly string[]): Span => {
    const e = at(path);
    return e ? lines.span(e.valueStart, e.valueEnd) : keySpan(path);
  };
  const itemSpan = (path: readonly string[], k: number): Span => {
    const item = at(path)?.items?.[k];
    return item ? lines.span(item.start, item.end) : valueSpan(path);
  };
  const bad = (span: Span, message: string): void => void problems.push({ message, span });

  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    bad(valueSpan(prefix), `'tool.${TABLE}' must be a table, not ${describe(raw)}; it is ignored.`);
    return { config: EMPTY_CONFIG, problems, codes, span: tableSpan };
  }
  const t = raw as Record<string, unknown>;
  for (const key of Object.keys(t)) {
    if (!(KEYS as readonly string[]).includes(key)) {
      // Spelling slips: `extend_select`, `Ignore`, `ignores`.
      const norm = (k: string): string => k.replace(/[-_]/g, '').toLowerCase();
      const near = KEYS.find((k) => norm(k) === norm(key) || (norm(key).length > 3 && (norm(key).startsWith(norm(k)) || norm(k).startsWith(norm(key)))));
      bad(keySpan([...prefix, key]), `Unknown key '${key}' in [tool.${TABLE}]${near ? ` (did you mean '${near}'?)` : ''}; known keys: ${KEYS.join(', ')}.`);
    }
  }

  /** An array of strings, each checked by `ok`; wrong items are reported and dropped. */
  const strings = (key: string, ok: (s: string, span: Span) => string | undefined, path: readonly string[] = [...prefix, key], name = key): string[] | undefined => {
    const v = path.reduce<unknown>((o, p, k) => (k < 2 ? o : (o as Record<string, unknown>)?.[p]), t);
    if (v === undefined) return undefined;
    if (!Array.isArray(v)) {
      bad(valueSpan(path), `'${name}' must be an array of strings, not ${describe(v)}; it is ignored.`);
      return undefined;
    }
    const out: string[] = [];
    v.forEach((item, k) => {
      const span = itemSpan(path, k);
      if (typeof item !== 'string') return bad(span, `'${name}' items must be strings, not ${describe(item)}; this one is ignored.`);
      const why = ok(item, span);
      if (why) bad(span, why);
      else out.push(item);
    });
    return out;
  };
  const codePrefix =
    (key: string) =>
    (s: string, span: Span): string | undefined => {
      if (!CODE_PREFIX.test(s)) return `'${key}': '${s}' is not a rule code or code prefix (KL001, KL1, KL); it is ignored.`;
      codes.push({ code: s, span, exact: false });
      return undefined;
    };
  const glob =
    (key: string) =>
    (s: string): string | undefined =>
      s.length === 0 ? `'${key}': an empty glob matches nothing; it is ignored.` : isBoundedGlob(s) ? undefined : `'${key}': the glob '${s.slice(0, 60)}' is too costly to match (over 256 characters or 3 '*' in one path segment); it is ignored.`;

  const select = strings('select', codePrefix('select'));
  const extendSelect = strings('extend-select', codePrefix('extend-select')) ?? [];
  const ignore = strings('ignore', codePrefix('ignore')) ?? [];
  let exclude = strings('exclude', glob('exclude')) ?? [];
  if (exclude.length > MAX_EXCLUDE_GLOBS) {
    bad(valueSpan([...prefix, 'exclude']), `'exclude' has ${exclude.length} globs; only the first ${MAX_EXCLUDE_GLOBS} are used.`);
    exclude = exclude.slice(0, MAX_EXCLUDE_GLOBS);
  }

  const severity: Record<string, ConfigSeverity> = {};
  const sev = t['severity'];
  if (sev !== undefined) {
    if (typeof sev !== 'object' || sev === null || Array.isArray(sev)) bad(valueSpan([...prefix, 'severity']), `'severity' must be a table of code = "error" | "warning" | "information" | "hint" | "off", not ${describe(sev)}; it is ignored.`);
    else {
      for (const [code, value] of Object.entries(sev as Record<string, unknown>)) {
        const path = [...prefix, 'severity', code];
        if (!FULL_CODE.test(code)) {
          bad(keySpan(path), `'severity': '${code}' is not a rule code (KL001); it is ignored.`);
          continue;
        }
        if (typeof value !== 'string' || !SEVERITIES.includes(value)) {
          bad(valueSpan(path), `'severity.${code}' must be one of "error", "warning", "information", "hint", "off", not ${describe(value)}; it is ignored.`);
          continue;
        }
        codes.push({ code, span: keySpan(path), exact: true });
        severity[code] = value === 'info' ? 'information' : (value as ConfigSeverity);
      }
    }
  }

  const perFileIgnores: { glob: string; codes: string[] }[] = [];
  const pfi = t['per-file-ignores'];
  if (pfi !== undefined) {
    if (typeof pfi !== 'object' || pfi === null || Array.isArray(pfi)) bad(valueSpan([...prefix, 'per-file-ignores']), `'per-file-ignores' must be a table of "glob" = ["KL001", …], not ${describe(pfi)}; it is ignored.`);
    else {
      for (const g of Object.keys(pfi)) {
        const path = [...prefix, 'per-file-ignores', g];
        const why = glob('per-file-ignores')(g);
        if (why) {
          bad(keySpan(path), why);
          continue;
        }
        const list = strings(g, codePrefix(`per-file-ignores."${g}"`), path, `per-file-ignores."${g}"`);
        if (list?.length) perFileIgnores.push({ glob: g, codes: list });
      }
    }
  }

  let kedroVersion: string | undefined;
  const kv = t['kedro-version'];
  if (kv !== undefined) {
    if (typeof kv !== 'string' || !VERSION_SPEC.test(kv.trim())) bad(valueSpan([...prefix, 'kedro-version']), `'kedro-version' must be a Kedro release or specifier ("0.19.15", ">=0.18,<0.19"), not ${describe(kv)}; it is ignored.`);
    else kedroVersion = kv.trim();
  }

  return {
    config: { ...(select ? { select } : {}), extendSelect, ignore, severity, exclude, perFileIgnores, ...(kedroVersion ? { kedroVersion } : {}) },
    problems,
    codes,
    span: tableSpan,
  };
}

/** Whether `code` is one of `prefixes` (`KL` matches every code, `KL1` KL1xx, `KL101` itself). */
export const matchesCode = (code: string, prefixes: readonly string[]): boolean => prefixes.some((p) => code.startsWith(p));
