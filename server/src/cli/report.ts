import * as path from 'node:path';
import { createHash } from 'node:crypto'; // hashing only, no I/O
import type { Problem, Severity } from '../core/types';
import { escapeControls } from '../core/escape';
import { maskSecretText } from '../core/secrets';
import { uriToPath } from '../core/uri';
import { RULES } from '../analysis/registry';

export type OutputFormat = 'text' | 'json' | 'sarif' | 'github' | 'gitlab' | 'junit';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['text', 'json', 'sarif', 'github', 'gitlab', 'junit'];

const VERSION = '0.1.0';
const DOCS = 'https://github.com/kedro-lens/kedro-lens/blob/main/docs/diagnostics.md';

const byLocation = (a: Problem, b: Problem): number =>
  a.loc.uri.localeCompare(b.loc.uri) || a.loc.span.start.line - b.loc.span.start.line || a.loc.span.start.character - b.loc.span.start.character || a.code.localeCompare(b.code);

const SEVERITY_WORD: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'info', hint: 'hint' };

/**
 * Text: `path:line:col severity code message` (1-based, UTF-16 columns), then a summary line.
 * JSON (stable schema v1): { version, problems: [{file, line, column, endLine, endColumn, severity, code, message}], summary }.
 * SARIF 2.1.0 for code-scanning tools; github (workflow-command annotations), gitlab (Code Quality JSON), junit (XML).
 */
export function formatProblems(problems: readonly Problem[], format: OutputFormat, cwd: string): string {
  // Messages quote catalog values; masked once here for every format.
  const sorted = [...problems].map((p) => ({ ...p, message: maskSecretText(p.message) })).sort(byLocation);
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
  if (format === 'github') return sorted.map((p) => `${github(p, rel(p.loc.uri), pos(p))}\n`).join('');
  if (format === 'gitlab') return `${JSON.stringify(gitlab(sorted, rel), null, 2)}\n`;
  if (format === 'junit') return junit(sorted, rel);
  // One problem per line: a name holding a newline must not forge another.
  const lines = sorted.map((p) => `${escapeControls(rel(p.loc.uri))}:${p.loc.span.start.line + 1}:${p.loc.span.start.character + 1} ${SEVERITY_WORD[p.severity]} ${p.code} ${escapeControls(p.message)}`);
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

type Pos = { line: number; column: number; endLine: number; endColumn: number };

// GitHub workflow commands, escaped as actions/toolkit's command.ts does: data escapes %, CR, LF; properties also ':' and ','.
const ghData = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const ghProp = (s: string): string => ghData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
const GH_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'notice', hint: 'notice' };

function github(p: Problem, file: string, at: Pos): string {
  const props = `file=${ghProp(file)},line=${at.line},col=${at.column},endLine=${at.endLine},endColumn=${at.endColumn},title=${ghProp(p.code)}`;
  return `::${GH_LEVEL[p.severity]} ${props}::${ghData(p.message)}`;
}

// GitLab Code Quality: severity is one of info/minor/major/critical/blocker. The fingerprint leaves the line out so an
// unchanged finding keeps it when code above moves; an occurrence index keeps identical findings in one file distinct.
const GL_SEVERITY: Record<Severity, string> = { error: 'major', warning: 'minor', information: 'info', hint: 'info' };

function gitlab(problems: readonly Problem[], rel: (uri: string) => string): unknown[] {
  const seen = new Map<string, number>();
  return problems.map((p) => {
    const file = rel(p.loc.uri);
    const key = `${file}\0${p.code}\0${p.message}`;
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    return {
      description: p.message,
      check_name: p.code,
      fingerprint: createHash('sha256').update(`${key}\0${n}`, 'utf8').digest('hex').slice(0, 32),
      severity: GL_SEVERITY[p.severity],
      location: { path: file, lines: { begin: p.loc.span.start.line + 1 } },
    };
  });
}

const xml = (s: string): string =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    // Characters XML 1.0 cannot carry at all, even as references.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd');

// JUnit XML as CI test reporters read it: one testsuite per file, one failing testcase per finding.
function junit(problems: readonly Problem[], rel: (uri: string) => string): string {
  const byFile = new Map<string, Problem[]>();
  for (const p of problems) {
    const file = rel(p.loc.uri);
    byFile.set(file, [...(byFile.get(file) ?? []), p]);
  }
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="kedro-lens" tests="${problems.length}" failures="${problems.length}" errors="0">`];
  for (const [file, list] of byFile) {
    out.push(`  <testsuite name="${xml(file)}" tests="${list.length}" failures="${list.length}" errors="0" skipped="0">`);
    for (const p of list) {
      const at = `${file}:${p.loc.span.start.line + 1}:${p.loc.span.start.character + 1}`;
      out.push(`    <testcase name="${xml(`${p.code} ${at}`)}" classname="${xml(file)}" file="${xml(file)}" line="${p.loc.span.start.line + 1}">`);
      out.push(`      <failure message="${xml(p.message)}" type="${xml(p.code)}">${xml(`${at} ${SEVERITY_WORD[p.severity]} ${p.code} ${p.message}`)}</failure>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}

/** `--statistics`: findings per code, most frequent first (ties by code), like ruff's. */
export function statistics(problems: readonly Problem[]): string {
  const counts = new Map<string, number>();
  for (const p of problems) counts.set(p.code, (counts.get(p.code) ?? 0) + 1);
  const rows = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const width = String(rows[0]?.[1] ?? 0).length;
  return rows.map(([code, n]) => `${String(n).padStart(width)} ${code} ${RULES.find((r) => r.code === code)?.name ?? ''}`.trimEnd() + '\n').join('');
}

function summary(problems: readonly Problem[]): { errors: number; warnings: number; infos: number } {
  return {
    errors: problems.filter((p) => p.severity === 'error').length,
    warnings: problems.filter((p) => p.severity === 'warning').length,
    infos: problems.filter((p) => p.severity === 'information' || p.severity === 'hint').length,
  };
}
