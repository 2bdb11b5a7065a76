// The Kedro activity-bar badge: how many Kedro findings the user should look at. No vscode import (unit-tested).

/** vscode.DiagnosticSeverity.Error / Warning. */
const ERROR = 0;
const WARNING = 1;

export interface Findings {
  readonly errors: number;
  readonly warnings: number;
}

/**
 * Kedro errors and warnings in every file (catalog, parameters and settings ones too, not only those inside a node's
 * call): the count the Problems panel shows for Kedro. Hints and information (an unused catalog entry, a file too large
 * to analyse) are not problems to act on, so they are not counted.
 */
export function countFindings(byFile: readonly (readonly [unknown, readonly { readonly source?: string; readonly severity: number }[]])[]): Findings {
  let errors = 0;
  let warnings = 0;
  for (const [, diagnostics] of byFile) {
    for (const d of diagnostics) {
      if (d.source !== 'kedro') continue;
      if (d.severity === ERROR) errors++;
      else if (d.severity === WARNING) warnings++;
    }
  }
  return { errors, warnings };
}

/** The badge for those findings; none when there are none (a badge that is always there stops being read). */
export function findingsBadge({ errors, warnings }: Findings): { value: number; tooltip: string } | undefined {
  const value = errors + warnings;
  if (!value) return undefined;
  const parts = [...(errors ? [`${errors} error${errors === 1 ? '' : 's'}`] : []), ...(warnings ? [`${warnings} warning${warnings === 1 ? '' : 's'}`] : [])];
  // VS Code shows it after the container's title: "Kedro - 1 error (see the Problems panel)".
  return { value, tooltip: `${parts.join(', ')} (see the Problems panel)` };
}
