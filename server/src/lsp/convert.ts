import { DiagnosticSeverity, DiagnosticTag, type Diagnostic, type DiagnosticRelatedInformation } from 'vscode-languageserver/node';
import { maskSecretText } from '../core/secrets';
import type { Problem, Severity } from '../core/types';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export const DOCS_BASE = 'https://github.com/kedro-lens/kedro-lens/blob/main/docs/diagnostics.md#';

/** Positions are already LSP-shaped; only severity, code and the docs link are added. */
export function toDiagnostic(p: Problem, withRelated: boolean): Diagnostic {
  const related: DiagnosticRelatedInformation[] | undefined =
    withRelated && p.related?.length ? p.related.map((r) => ({ location: { uri: r.loc.uri, range: r.loc.span }, message: maskSecretText(r.message) })) : undefined;
  return {
    range: p.loc.span,
    severity: SEVERITY[p.severity],
    code: p.code,
    codeDescription: { href: `${DOCS_BASE}${p.code.toLowerCase()}` },
    source: 'kedro',
    // Messages quote catalog values (paths, URLs); the masking is here so no rule has to remember it.
    message: maskSecretText(p.message),
    ...(related ? { relatedInformation: related } : {}),
    ...(p.data ? { data: p.data } : {}),
    // An unused suppression is dead text: editors grey it out, as they do unused code.
    ...(p.code === 'KL910' ? { tags: [DiagnosticTag.Unnecessary] } : {}),
  };
}
