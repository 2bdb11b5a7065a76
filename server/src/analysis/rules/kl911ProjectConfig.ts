import type { Rule } from '../rule';
import { RULES } from '../registry';

/** `[tool.kedro-lens]` in pyproject.toml has an unknown key, a bad value or a code no rule has. */
export const projectConfig: Rule = {
  code: 'KL911',
  name: 'project-config',
  defaultSeverity: 'warning',
  summary: "'[tool.kedro-lens]' in pyproject.toml has an unknown key, a value of the wrong kind, or a code no rule has.",
  docs: {
    why: `Kedro Lens reads its project configuration (rule selection, severities, excludes, per-file ignores, the Kedro
version to judge by; docs/configuration.md) from \`[tool.kedro-lens]\`. A misspelt key or a wrong value would
otherwise be dropped silently and the team would lint with settings it did not mean: each one is reported where it is
written, and the rest of the table still applies.`,
    bad: { lang: 'toml', file: 'pyproject.toml', code: '[tool.kedro-lens]\nignores = ["KL110"]\nseverity = { KL001 = "fatal" }' },
    good: { lang: 'toml', file: 'pyproject.toml', code: '[tool.kedro-lens]\nignore = ["KL110"]\nseverity = { KL001 = "warning" }' },
  },
  check(model, report) {
    const py = model.layout.pyproject;
    const lens = py.lens;
    if (!lens) return;
    for (const p of lens.problems) report({ uri: py.uri, span: p.span }, p.message);
    const known = RULES.map((r) => r.code);
    for (const ref of lens.codes) {
      const hit = ref.exact ? known.includes(ref.code) : known.some((c) => c.startsWith(ref.code));
      if (!hit) report({ uri: py.uri, span: ref.span }, `No Kedro Lens rule has the code ${ref.exact ? '' : 'prefix '}'${ref.code}' (docs/diagnostics.md lists them).`);
    }
  },
};
