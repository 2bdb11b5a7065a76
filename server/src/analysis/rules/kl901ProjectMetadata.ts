import type { Rule } from '../rule';

/** `[tool.kedro]` in pyproject.toml is unreadable or lacks what Kedro requires. */
export const projectMetadata: Rule = {
  code: 'KL901',
  name: 'project-metadata',
  defaultSeverity: 'error',
  summary: "'[tool.kedro]' in pyproject.toml is malformed, lacks required keys or has unexpected ones.",
  check(model, report) {
    const py = model.layout.pyproject;
    for (const p of py.problems) report({ uri: py.uri, span: p.span }, p.message);
  },
};
