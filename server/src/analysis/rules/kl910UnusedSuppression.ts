import type { Rule } from '../rule';

/**
 * A `# kedro-lens: ignore[...]` comment that hides nothing. Its findings are made by the suppression step
 * (analysis/suppressions.ts), which alone knows what each comment hid; the rule holds the code, docs and severity.
 */
export const unusedSuppression: Rule = {
  code: 'KL910',
  name: 'unused-suppression',
  defaultSeverity: 'hint',
  summary: 'A `# kedro-lens: ignore` comment that hides no finding (fixed since, a wrong code, or a misplaced file-level form).',
  docs: {
    why: `\`# kedro-lens: ignore[KL001]\` hides the findings of the named codes on its line (on a Python call that spans
several lines, on the whole call; in YAML, on the entry under it when the comment stands on a line of its own), the
bare \`# kedro-lens: ignore\` every code there, and \`# kedro-lens: ignore-file[KL001]\` in the first 10 lines a code in
the whole file. A suppression that no longer hides anything outlives the problem it was for and would hide the next
one unseen, so it is reported, like ruff's RUF100. Codes of rules switched off in the settings (or skipped for the project,
see KL909) are not judged, nor is a bare comment while any rule is off.`,
    bad: { lang: 'python', file: 'pipeline.py', code: 'node(split, "model_input_table", "split")  # kedro-lens: ignore[KL001]' },
    good: { lang: 'python', file: 'pipeline.py', code: 'node(split, "model_input_table", "split")' },
  },
  check() {
    // Reported by applySuppressions once every other rule has run.
  },
};
