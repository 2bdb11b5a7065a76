import * as path from 'node:path';
import type { Problem } from '../core/types';
import { uriToPath } from '../core/uri';

export type OutputFormat = 'text' | 'json';

const byLocation = (a: Problem, b: Problem): number =>
  a.loc.uri.localeCompare(b.loc.uri) || a.loc.span.start.line - b.loc.span.start.line || a.loc.span.start.character - b.loc.span.start.character || a.code.localeCompare(b.code);

/** `path:line:col severity code message` with 1-based positions, or a JSON document. */
export function formatProblems(problems: readonly Problem[], format: OutputFormat, cwd: string): string {
  const sorted = [...problems].sort(byLocation);
  const rel = (uri: string): string => path.relative(cwd, uriToPath(uri)) || '.';
  if (format === 'json') {
    return `${JSON.stringify(
      {
        problems: sorted.map((p) => ({
          file: rel(p.loc.uri),
          line: p.loc.span.start.line + 1,
          column: p.loc.span.start.character + 1,
          endLine: p.loc.span.end.line + 1,
          endColumn: p.loc.span.end.character + 1,
          severity: p.severity,
          code: p.code,
          message: p.message,
        })),
        summary: summary(sorted),
      },
      null,
      2,
    )}\n`;
  }
  const lines = sorted.map((p) => `${rel(p.loc.uri)}:${p.loc.span.start.line + 1}:${p.loc.span.start.character + 1} ${p.severity} ${p.code} ${p.message}`);
  const s = summary(sorted);
  lines.push(`${s.errors} error(s), ${s.warnings} warning(s), ${s.infos} info(s)`);
  return `${lines.join('\n')}\n`;
}

function summary(problems: readonly Problem[]): { errors: number; warnings: number; infos: number } {
  return {
    errors: problems.filter((p) => p.severity === 'error').length,
    warnings: problems.filter((p) => p.severity === 'warning').length,
    infos: problems.filter((p) => p.severity === 'information' || p.severity === 'hint').length,
  };
}
