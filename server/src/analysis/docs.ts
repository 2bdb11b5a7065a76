import type { Rule } from './rule';

const anchor = (code: string): string => code.toLowerCase();

/** docs/diagnostics.md, rendered from the rules' own metadata so the two cannot drift. */
export function renderDiagnosticsDoc(rules: readonly Rule[]): string {
  const lines: string[] = [
    '# Diagnostics',
    '',
    '<!-- Generated from server/src/analysis/rules/*.ts by `npm run docs`; a test fails when it is stale. -->',
    '',
    'Every diagnostic has a stable code: a retired code is never reused. Bands: `KL0xx` pipelines and nodes, `KL1xx`',
    'catalog, `KL2xx` parameters, `KL3xx` hooks, `KL9xx` configuration and project files. Change a severity or turn a',
    'rule off with the `kedro.diagnostics.rules` setting, e.g. `{ "KL110": "off", "KL001": "warning" }`.',
    '',
    '| Code | Name | Default | Summary |',
    '|---|---|---|---|',
    ...rules.map((r) => `| [${r.code}](#${anchor(r.code)}) | ${r.name} | ${r.defaultSeverity} | ${r.summary} |`),
    '',
  ];
  for (const r of rules) {
    lines.push(
      `## ${r.code}`,
      '',
      `**${r.name}** · default severity: ${r.defaultSeverity}`,
      '',
      r.summary,
      '',
      r.docs.why,
      '',
      `Bad (\`${r.docs.bad.file}\`):`,
      '',
      '```' + r.docs.bad.lang,
      r.docs.bad.code,
      '```',
      '',
      `Good (\`${r.docs.good.file}\`):`,
      '',
      '```' + r.docs.good.lang,
      r.docs.good.code,
      '```',
      '',
    );
  }
  return lines.join('\n');
}
