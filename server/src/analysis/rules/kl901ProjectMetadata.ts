import type { Rule } from '../rule';

/** `[tool.kedro]` in pyproject.toml is unreadable or lacks what Kedro requires. */
export const projectMetadata: Rule = {
  code: 'KL901',
  name: 'project-metadata',
  defaultSeverity: 'error',
  summary: "'[tool.kedro]' in pyproject.toml is malformed, lacks required keys or has unexpected ones.",
  docs: {
    why: `Every Kedro command starts by reading \`[tool.kedro]\`. Kedro requires \`package_name\`, \`project_name\` and
\`kedro_init_version\`, accepts \`source_dir\`, \`tools\` and \`example_pipeline\`, and rejects any other key (for example a
leftover \`[tool.kedro.micropkg]\` table from 0.19). Invalid TOML fails with "Failed to parse 'pyproject.toml' file."`,
    bad: { lang: 'toml', file: 'pyproject.toml', code: '[tool.kedro]\npackage_name = "spaceflights"' },
    good: { lang: 'toml', file: 'pyproject.toml', code: '[tool.kedro]\npackage_name = "spaceflights"\nproject_name = "Spaceflights"\nkedro_init_version = "1.5.0"' },
  },
  check(model, report) {
    const py = model.layout.pyproject;
    for (const p of py.problems) report({ uri: py.uri, span: p.span }, p.message);
  },
};
