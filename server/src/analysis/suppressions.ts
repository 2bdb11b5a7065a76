import type { Problem, Severity } from '../core/types';
import type { ProjectModel } from '../project/model';
import type { Suppression } from '../parsing/suppressions';
import { FILE_DIRECTIVE_LINES } from '../parsing/suppressions';
import { RULES } from './registry';
import { unusedSuppression } from './rules/kl910UnusedSuppression';

const KNOWN = new Set(RULES.map((r) => r.code));

/**
 * Drops the findings hidden by `# kedro-lens: ignore` comments and reports the comments that hid nothing (KL910).
 * A step after the rules, so no rule knows about suppressions and cached node findings stay the same. `ran`: the codes
 * whose rules ran; a comment naming any other code is not judged unused (the rule was off, not the problem gone).
 */
export function applySuppressions(model: ProjectModel, problems: readonly Problem[], ran: ReadonlySet<string>, severity: Severity | 'off' | undefined): Problem[] {
  const byUri = new Map<string, readonly Suppression[]>();
  for (const f of [...model.modules, ...model.confFiles]) if (f.suppressions?.length) byUri.set(f.uri, f.suppressions);
  if (byUri.size === 0) return [...problems];
  const used = new Map<Suppression, Set<string>>();
  const kept = problems.filter((p) => {
    const line = p.loc.span.start.line;
    // An unused-suppression finding is never hidden: it would hide itself.
    if (p.code === unusedSuppression.code) return true;
    const hit = byUri.get(p.loc.uri)?.find((s) => line >= s.fromLine && line <= s.toLine && (s.codes.length === 0 || s.codes.includes(p.code)));
    if (!hit) return true;
    const codes = used.get(hit) ?? new Set<string>();
    codes.add(p.code);
    used.set(hit, codes);
    return false;
  });
  if (severity === 'off' || !ran.has(unusedSuppression.code)) return kept;
  for (const [uri, list] of byUri) {
    for (const s of list) {
      const message = unusedMessage(s, used.get(s), ran);
      if (message) kept.push({ code: unusedSuppression.code, severity: severity ?? unusedSuppression.defaultSeverity, message, loc: { uri, span: s.span }, data: { unused: s.codes.filter((c) => !used.get(s)?.has(c)) } });
    }
  }
  return kept;
}

function unusedMessage(s: Suppression, used: ReadonlySet<string> | undefined, ran: ReadonlySet<string>): string | undefined {
  if (s.misplaced) return `A file-level suppression must be in the first ${FILE_DIRECTIVE_LINES} lines; this one hides nothing.`;
  // The bare form may be for a rule that is off or quieted: judged only when every rule ran.
  if (s.codes.length === 0) return used?.size || RULES.some((r) => !ran.has(r.code)) ? undefined : 'Unused suppression: no finding here to hide.';
  const unknown = s.codes.filter((c) => !KNOWN.has(c));
  const unused = s.codes.filter((c) => KNOWN.has(c) && ran.has(c) && !used?.has(c));
  const parts = [...(unused.length ? [`no ${unused.join(', ')} finding here`] : []), ...(unknown.length ? [`unknown code ${unknown.join(', ')}`] : [])];
  return parts.length ? `Unused suppression: ${parts.join('; ')}.` : undefined;
}
