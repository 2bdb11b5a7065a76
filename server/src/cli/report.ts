import * as path from 'node:path';
import type { Problem, Severity } from '../core/types';
import { uriToPath } from '../core/uri';
import { RULES } from '../analysis/registry';

export type OutputFormat = 'text' | 'json' | 'sarif';

const VERSION = '0.1.0';
const DOCS = 'https://github.com/kedro-lens/kedro-lens/blob/main/docs/diagnostics.md';

const byLocation = (a: Problem, b: Problem): number =>
  a.loc.uri.localeCompare(b.loc.uri) || a.loc.span.start.line - b.loc.span.start.line || a.loc.span.start.character - b.loc.span.start.character || a.code.localeCompare(b.code);

const SEVERITY_WORD: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'info', hint: 'hint' };

/**
 * Text: `path:line:col severity code message` (1-based, UTF-16 columns), then a summary line.
 * JSON (stable schema v1): { version, problems: [{file, line, column, endLine, endColumn, severity, code, message}], summary }.
 * SARIF 2.1.0 for code-scanning tools.
 */
export function formatProblems(problems: readonly Problem[], format: OutputFormat, cwd: string): string {
  const sorted = [...problems].sort(byLocation);
  const rel = (uri: string): string => (path.relative(cwd, uriToPath(uri)) || '.').split(path.sep).join('/');
  const pos = (p: Problem) => ({
    line: p.loc.span.start.line + 1,
    column: p.loc.span.start.character + 1,
    endLine: p.loc.span.end.line + 1,
    endColumn: p.loc.span.end.character + 1,
  });
  if (format === 'json') {
    const problemsJson = sorted.map((p) => ({ file: rel(p.loc.uri), ...pos(p), severity: SEVERITY_WORD[p.severity], code: p.code, message: p.message }));
    return `${JSON.stringify({ version: 1, problems: problemsJson, summary: summary(sorted) }, null, 2)}\n`;
  }
  if (format === 'sarif') return `${JSON.stringify(sarif(sorted, rel, pos), null, 2)}\n`;
  const lines = sorted.map((p) => `${rel(p.loc.uri)}:${p.loc.span.start.line + 1}:${p.loc.span.start.character + 1} ${SEVERITY_WORD[p.severity]} ${p.code} ${p.message}`);
  const s = summary(sorted);
  lines.push(`${s.errors} error(s), ${s.warnings} warning(s), ${s.infos} info(s)`);
  return `${lines.join('\n')}\n`;
}

function sarif(problems: readonly Problem[], rel: (uri: string) => string, pos: (p: Problem) => { line: number; column: number; endLine: number; endColumn: number }): unknown {
  const level = (s: Severity): string => (s === 'error' ? 'error' : s === 'warning' ? 'warning' : 'note');
  return {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [
      {
        tool: {
          driver: {
            name: 'kedro-lens',
            version: VERSION,
            informationUri: DOCS,
            rules: RULES.map((r) => ({
              id: r.code,
              name: r.name,
              shortDescription: { text: r.summary },
              helpUri: `${DOCS}#${r.code.toLowerCase()}`,
              defaultConfiguration: { level: level(r.defaultSeverity) },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        results: problems.map((p) => {
          const at = pos(p);
          return {
            ruleId: p.code,
            ruleIndex: RULES.findIndex((r) => r.code === p.code),
            level: level(p.severity),
            message: { text: p.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: rel(p.loc.uri), uriBaseId: '%SRCROOT%' },
                  region: { startLine: at.line, startColumn: at.column, endLine: at.endLine, endColumn: at.endColumn },
                },
              },
            ],
          };
        }),
      },
    ],
  };
}

function summary(problems: readonly Problem[]): { errors: number; warnings: number; infos: number } {
  return {
    errors: problems.filter((p) => p.severity === 'error').length,
    warnings: problems.filter((p) => p.severity === 'warning').length,
    infos: problems.filter((p) => p.severity === 'information' || p.severity === 'hint').length,
  };
}
