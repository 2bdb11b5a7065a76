import type { Logger, Problem, Severity } from '../core/types';
import type { ProjectModel } from '../project/model';
import { RULES } from './registry';
import type { Rule } from './rule';

/** `{ "KL001": "warning", "KL201": "off" }` from settings. */
export type RuleOverrides = Readonly<Record<string, Severity | 'off'>>;

/** Runs every enabled rule; a rule that throws is logged and skipped, never fatal. */
export function runRules(model: ProjectModel, overrides: RuleOverrides = {}, log?: Logger, rules: readonly Rule[] = RULES): Problem[] {
  const out: Problem[] = [];
  for (const rule of rules) {
    const override = overrides[rule.code];
    if (override === 'off') continue;
    try {
      rule.check(model, (loc, message, extra) => {
        out.push({
          code: rule.code,
          severity: override ?? extra?.severity ?? rule.defaultSeverity,
          message,
          loc,
          ...(extra?.related?.length ? { related: extra.related } : {}),
          ...(extra?.data ? { data: extra.data } : {}),
        });
      });
    } catch (err) {
      log?.error(`rule_failed code=${rule.code}`, err);
    }
  }
  return out;
}
