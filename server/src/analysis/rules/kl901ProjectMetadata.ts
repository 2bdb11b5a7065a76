import type { Rule } from '../rule';
import { isAny, overlapsRange, rangeText, type VersionRange } from '../../project/versions';
import type { KedroToolConfig } from '../../parsing/toml/pyproject';

/** What `[tool.kedro]` must and may hold, per Kedro release line (kedro/framework/startup.py at each tag). */
interface Era {
  readonly range: VersionRange;
  readonly label: string;
  readonly required: readonly (readonly string[])[];
  readonly optional: readonly string[];
}

const ERAS: readonly Era[] = [
  { range: { min: [0, 18], max: [0, 18, 5] }, label: '0.18.0–0.18.4', required: [['package_name'], ['project_name'], ['project_version']], optional: ['source_dir', 'pipeline'] },
  { range: { min: [0, 18, 5], max: [0, 19] }, label: '0.18.5–0.18.14', required: [['package_name'], ['project_name'], ['kedro_init_version', 'project_version']], optional: ['source_dir', 'micropkg'] },
  { range: { min: [0, 19], max: [0, 19, 2] }, label: '0.19.0–0.19.1', required: [['package_name'], ['project_name'], ['kedro_init_version']], optional: ['source_dir', 'tools', 'micropkg'] },
  { range: { min: [0, 19, 2], max: [1] }, label: '0.19.2–0.19.x', required: [['package_name'], ['project_name'], ['kedro_init_version']], optional: ['source_dir', 'tools', 'example_pipeline', 'micropkg'] },
  { range: { min: [1] }, label: '1.x', required: [['package_name'], ['project_name'], ['kedro_init_version']], optional: ['source_dir', 'tools', 'example_pipeline'] },
];

/** The problem Kedro of `era` has with the table, if any. */
function problemIn(era: Era, t: KedroToolConfig): string | undefined {
  const keys = new Set(t.keys);
  const missing = era.required.filter((alts) => !alts.some((k) => keys.has(k))).map((alts) => alts.join(' or '));
  const allowed = new Set([...era.required.flat(), ...era.optional]);
  const unexpected = t.keys.filter((k) => !allowed.has(k));
  const parts = [
    missing.length ? `lacks required keys [${missing.join(', ')}]` : '',
    unexpected.length ? `has keys Kedro ${era.label} rejects [${unexpected.join(', ')}] (it accepts ${[...allowed].join(', ')})` : '',
  ].filter(Boolean);
  return parts.length ? `'[tool.kedro]' ${parts.join(' and ')}.` : undefined;
}

/** `[tool.kedro]` in pyproject.toml is unreadable or lacks what Kedro requires. */
export const projectMetadata: Rule = {
  code: 'KL901',
  name: 'project-metadata',
  defaultSeverity: 'error',
  summary: "'[tool.kedro]' in pyproject.toml is malformed, lacks required keys, has unexpected ones or names a package folder that does not exist.",
  docs: {
    why: `Every Kedro command starts by reading \`[tool.kedro]\`. Which keys it requires depends on the release: up to 0.18.4
\`package_name\`, \`project_name\` and \`project_version\`; 0.18.5–0.18.14 either \`kedro_init_version\` or
\`project_version\`; from 0.19.0 \`kedro_init_version\` (and \`project_version\` is rejected). \`tools\` is accepted from
0.19.0, \`example_pipeline\` from 0.19.2, and a leftover \`[tool.kedro.micropkg]\` table fails from 1.0.0. Any other key
fails with "Found unexpected keys in 'pyproject.toml'". Only what is wrong in every Kedro release the project may use
(docs/kedro-versions.md) is reported. A pinned Kedro that cannot run the recorded version (Kedro compares MAJOR.MINOR
before 1.1.1, MAJOR after) is an error too. Invalid TOML fails with "Failed to parse 'pyproject.toml' file." So does a
\`package_name\` with no folder of that name in \`source_dir\` (a folder whose name differs only in case does not count:
imports are case-sensitive on every system): Kedro cannot import the project's settings or pipelines, and neither are
read, so the checks that need them stay quiet.`,
    bad: { lang: 'toml', file: 'pyproject.toml', code: '[tool.kedro]\npackage_name = "spaceflights"' },
    good: { lang: 'toml', file: 'pyproject.toml', code: '[tool.kedro]\npackage_name = "spaceflights"\nproject_name = "Spaceflights"\nkedro_init_version = "1.5.0"' },
  },
  check(model, report) {
    const py = model.layout.pyproject;
    for (const p of py.problems) report({ uri: py.uri, span: p.span }, p.message);
    const table = py.kedro;
    if (!table) return;
    const missing = model.layout.packageMissing;
    if (missing && model.layout.packageName) {
      const pkg = model.layout.packageName;
      const src = missing.sourceDir ? `${missing.sourceDir}/` : 'the project root';
      const variant = missing.caseVariant ? ` ('${missing.sourceDir ? `${missing.sourceDir}/` : ''}${missing.caseVariant}' differs in case, and Python imports are case-sensitive)` : '';
      report(
        { uri: py.uri, span: table.packageNameSpan ?? table.headerSpan },
        `package_name '${pkg}' is not a folder in ${src}${variant}: Kedro cannot import the project ("No module named '${pkg.split('/')[0]}'"), and its settings and pipelines are not read.`,
      );
    }
    if (model.versions.conflict) report({ uri: py.uri, span: table.headerSpan }, `${model.versions.conflict}.`);
    const eras = ERAS.filter((e) => overlapsRange(model.versions.kedro, e.range));
    const problems = eras.map((e) => problemIn(e, table));
    // Only what every release the project may use rejects; the newest release's words.
    if (!eras.length || problems.some((p) => !p)) return;
    const judged = isAny(model.versions.kedro) ? 'every Kedro release' : `Kedro ${rangeText(model.versions.kedro)}, from ${model.versions.kedroSource}`;
    report({ uri: py.uri, span: table.headerSpan }, `${problems[problems.length - 1]} (${judged})`);
  },
};
