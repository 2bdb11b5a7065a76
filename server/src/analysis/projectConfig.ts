import type { Problem } from '../core/types';
import { globMatcher } from '../core/glob';
import { relativeUri } from '../core/uri';
import { matchesCode, type LensConfig } from '../parsing/toml/lensConfig';
import { RULES } from './registry';
import type { RuleOverrides } from './runRules';

/**
 * The rule settings a project runs with: `[tool.kedro-lens]` select/extend-select/ignore and severity, then the
 * user's `kedro.diagnostics.rules` on top (a user setting names one code and wins for it; docs/configuration.md).
 */
export function effectiveOverrides(config: LensConfig | undefined, user: RuleOverrides | undefined): RuleOverrides | undefined {
  if (!config) return user;
  const out: Record<string, RuleOverrides[string]> = {};
  for (const { code } of RULES) {
    const selected = (config.select ? matchesCode(code, config.select) : true) || matchesCode(code, config.extendSelect);
    if (!selected || matchesCode(code, config.ignore)) out[code] = 'off';
    else if (config.severity[code]) out[code] = config.severity[code];
  }
  // A severity for an unselected code does not select it: `ignore` and `select` say what runs.
  for (const [code, sev] of Object.entries(config.severity)) if (out[code] === undefined) out[code] = sev;
  return { ...out, ...user };
}

/** Drops findings in files matched by a `per-file-ignores` glob (root-relative) whose code the entry names. */
export function applyPerFileIgnores(rootUri: string, config: LensConfig | undefined, problems: readonly Problem[]): readonly Problem[] {
  if (!config?.perFileIgnores.length) return problems;
  const entries = config.perFileIgnores.map((e) => ({ match: globMatcher([e.glob]), codes: e.codes }));
  const cache = new Map<string, string[]>();
  const codesFor = (uri: string): string[] => {
    let hit = cache.get(uri);
    if (!hit) {
      const rel = relativeUri(rootUri, uri);
      hit = rel === undefined ? [] : entries.filter((e) => e.match(rel)).flatMap((e) => e.codes);
      cache.set(uri, hit);
    }
    return hit;
  };
  return problems.filter((p) => !matchesCode(p.code, codesFor(p.loc.uri)));
}
