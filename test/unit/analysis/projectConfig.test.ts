import { describe, expect, test } from 'vitest';
import { extractPyprojectFacts } from '../../../server/src/parsing/toml/pyproject';
import { locateToml } from '../../../server/src/parsing/toml/locate';
import { effectiveOverrides } from '../../../server/src/analysis/projectConfig';
import { analyzeMemoryProject, PYPROJECT, render } from '../../helpers/analyze';

const facts = (lens: string) => extractPyprojectFacts('file:///p/pyproject.toml', `${PYPROJECT}\n${lens}`);
/** 1-based line:col-line:col of a span, as an editor shows it. */
const at = (s: { start: { line: number; character: number }; end: { line: number; character: number } }) => `${s.start.line + 1}:${s.start.character + 1}-${s.end.line + 1}:${s.end.character + 1}`;

describe('[tool.kedro-lens] in pyproject.toml', () => {
  test('every key is read', () => {
    const f = facts(`[tool.kedro-lens]
select = ["KL0", "KL2"]
extend-select = ["KL110"]
ignore = ["KL012"]
exclude = ["src/*/legacy/**"]
kedro-version = " >=0.19,<1 "

[tool.kedro-lens.severity]
KL001 = "warning"
KL201 = "info"

[tool.kedro-lens.per-file-ignores]
"src/*/pipelines/old/**" = ["KL0", "KL201"]
`);
    expect(f.lens?.problems).toEqual([]);
    expect(f.lens?.config).toEqual({
      select: ['KL0', 'KL2'],
      extendSelect: ['KL110'],
      ignore: ['KL012'],
      exclude: ['src/*/legacy/**'],
      kedroVersion: '>=0.19,<1',
      severity: { KL001: 'warning', KL201: 'information' },
      perFileIgnores: [{ glob: 'src/*/pipelines/old/**', codes: ['KL0', 'KL201'] }],
    });
  });

  test('unknown keys and bad values are problems at their exact place; the rest still applies', () => {
    // Line 6 is `[tool.kedro-lens]` (PYPROJECT has 4 lines, then a blank one).
    const f = facts(`[tool.kedro-lens]
ignores = ["KL110"]
select = ["KL001", 12, "E501"]
severity = { KL001 = "fatal", "KL2" = "hint", KL003 = "off" }
exclude = "conf/**"
"kedro-version" = "latest"  # not a release
per-file-ignores = { "a/**" = "KL001", "b/**" = ["KL1"] }
`);
    expect(f.lens?.problems.map((p) => `${at(p.span)} ${p.message}`)).toEqual([
      "7:1-7:8 Unknown key 'ignores' in [tool.kedro-lens] (did you mean 'ignore'?); known keys: select, extend-select, ignore, severity, exclude, per-file-ignores, kedro-version.",
      "8:20-8:22 'select' items must be strings, not the value 12; this one is ignored.",
      "8:24-8:30 'select': 'E501' is not a rule code or code prefix (KL001, KL1, KL); it is ignored.",
      "10:11-10:20 'exclude' must be an array of strings, not the string \"conf/**\"; it is ignored.",
      `9:22-9:29 'severity.KL001' must be one of "error", "warning", "information", "hint", "off", not the string "fatal"; it is ignored.`,
      "9:31-9:36 'severity': 'KL2' is not a rule code (KL001); it is ignored.",
      `12:31-12:38 'per-file-ignores."a/**"' must be an array of strings, not the string "KL001"; it is ignored.`,
      `11:19-11:27 'kedro-version' must be a Kedro release or specifier ("0.19.15", ">=0.18,<0.19"), not the string "latest"; it is ignored.`,
    ]);
    expect(f.lens?.config).toEqual({ select: ['KL001'], extendSelect: [], ignore: [], exclude: [], severity: { KL003: 'off' }, perFileIgnores: [{ glob: 'b/**', codes: ['KL1'] }] });
  });

  test('a table that is not a table, and one with no header (dotted keys)', () => {
    expect(facts('[tool]\nkedro-lens = "strict"\n').lens?.problems.map((p) => `${at(p.span)} ${p.message}`)).toEqual([
      `7:14-7:22 'tool.kedro-lens' must be a table, not the string "strict"; it is ignored.`,
    ]);
    const dotted = facts('[tool]\nkedro-lens.ignore = ["KL110"]\nkedro-lens.colour = true\n').lens;
    expect(dotted?.config.ignore).toEqual(['KL110']);
    expect(dotted?.problems.map((p) => `${at(p.span)} ${p.message.slice(0, 28)}`)).toEqual(["8:1-8:18 Unknown key 'colour' in [too"]);
  });

  test('the locator follows multi-line arrays, comments, quoted keys and multi-line strings', () => {
    const text = `a = """x = 1
[not.a.header]
"""
[t."q.k"]
arr = [ # c
  'one', "t\\"wo",
  [1, 2],
]
inl = { x.y = 1, z = [3] }
`;
    const loc = locateToml(text);
    expect(loc.headers.map((h) => h.path)).toEqual([['t', 'q.k']]);
    expect(loc.entries.map((e) => [e.path.join('|'), text.slice(e.valueStart, e.valueEnd), (e.items ?? []).map((i) => text.slice(i.start, i.end))])).toEqual([
      ['a', '"""x = 1\n[not.a.header]\n"""', []],
      ['t|q.k|arr', `[ # c\n  'one', "t\\"wo",\n  [1, 2],\n]`, ["'one'", '"t\\"wo"', '[1, 2]']],
      ['t|q.k|inl|x|y', '1', []],
      ['t|q.k|inl|z', '[3]', ['3']],
      ['t|q.k|inl', '{ x.y = 1, z = [3] }', []],
    ]);
  });
});

describe('precedence', () => {
  test('select/extend-select/ignore and severity, then the user setting per code', () => {
    const config = { select: ['KL0'], extendSelect: ['KL110'], ignore: ['KL01'], severity: { KL001: 'warning' as const, KL201: 'hint' as const }, exclude: [], perFileIgnores: [] };
    const o = effectiveOverrides(config, { KL012: 'error' }) ?? {};
    expect([o['KL001'], o['KL004'], o['KL010'], o['KL012'], o['KL110'], o['KL111'], o['KL201'], o['KL901']]).toEqual(['warning', undefined, 'off', 'error', undefined, 'off', 'off', 'off']);
    expect(effectiveOverrides(undefined, { KL001: 'hint' })).toEqual({ KL001: 'hint' });
  });

  test('in a project: ignore, per-file-ignores, exclude and kedro-version apply; KL911 reports an unknown code; the user wins', async () => {
    const files = {
      'pyproject.toml': `${PYPROJECT}
[tool.kedro-lens]
ignore = ["KL110", "KL111", "KL99"]
exclude = ["src/demo/pipelines/skip/**"]
kedro-version = "0.18.14"
per-file-ignores = { "src/demo/pipelines/b/*.py" = ["KL001"] }
`,
      'conf/base/catalog.yml': 'x:\n  type: pandas.CSVDataset\n  filepath: data/x.csv\n',
      'src/demo/pipelines/a/pipeline.py': 'from kedro.pipeline import node, pipeline\n\ndef create_pipeline(**kwargs):\n    return pipeline([node(len, "missing_a", "out_a")])\n',
      'src/demo/pipelines/b/pipeline.py': 'from kedro.pipeline import node, pipeline\n\ndef create_pipeline(**kwargs):\n    return pipeline([node(len, "missing_b", "out_b")])\n',
      'src/demo/pipelines/skip/pipeline.py': 'from kedro.pipeline import node, pipeline\n\ndef create_pipeline(**kwargs):\n    return pipeline([node(len, "missing_c", "out_c")])\n',
    };
    const { result } = await analyzeMemoryProject(files);
    const all = result.projects.flatMap((p) => p.problems).map((p) => p.code);
    expect(all).not.toContain('KL110');
    expect(render(result, 'KL911')).toEqual(["pyproject.toml:7:29 KL911 No Kedro Lens rule has the code prefix 'KL99' (docs/diagnostics.md lists them)."]);
    expect(render(result, 'KL001').map((l) => l.split(' ')[0])).toEqual(['src/demo/pipelines/a/pipeline.py:4:33']);
    expect(result.projects[0]?.model.versions.text).toContain('0.18.14');
    // The user's setting names KL110 and wins over the project's ignore; the user's version wins too.
    const user = await analyzeMemoryProject(files, { ruleOverrides: { KL110: 'error' }, kedroVersion: '1.0.0' });
    expect(render(user.result, 'KL110')).toEqual(["conf/base/catalog.yml:1:1 KL110 Catalog entry 'x' is not used by any registered pipeline."]);
    expect(user.result.projects[0]?.problems.find((p) => p.code === 'KL110')?.severity).toBe('error');
    expect(user.result.projects[0]?.model.versions.text).toContain('1.0.0');
  });
});
