import { beforeAll, describe, expect, test } from 'vitest';
import type { Parser } from 'web-tree-sitter';
import { extractModuleFacts } from '../../../server/src/parsing/python/moduleFacts';
import { extractConfFacts } from '../../../server/src/parsing/yaml/confFacts';
import { toDiagnostic } from '../../../server/src/lsp/convert';
import { codeActionsFor } from '../../../server/src/features/codeActions';
import { analyzeMemoryProject, render, ROOT } from '../../helpers/analyze';
import { testParser } from '../../helpers/parser';

let parser: Parser;
beforeAll(async () => {
  parser = await testParser();
});

const lines = (s: { fromLine: number; toLine: number; codes: readonly string[]; file: boolean }) => [s.fromLine, s.toLine, s.codes.join(','), s.file];

describe('suppression comments in the facts', () => {
  test('Python: a comment covers its line; on the first line of a multi-line call, the whole call; strings are not comments', () => {
    const f = extractModuleFacts(
      parser,
      'file:///m.py',
      `# kedro-lens: ignore-file[kl201]
x = "# kedro-lens: ignore[KL001]"
nodes = [
    node(f, "a", "b"),  # kedro-lens: ignore[KL001, KL002]
    node(  # kedro-lens: ignore
        f,
        "c",
        "d",
    ),
]
`,
    );
    expect(f.suppressions.map(lines)).toEqual([
      [0, Number.MAX_SAFE_INTEGER, 'KL201', true],
      [3, 3, 'KL001,KL002', false],
      [4, 8, '', false],
    ]);
    // Where an unused one is reported: the directive itself, UTF-16 columns.
    expect(f.suppressions[1]?.span).toEqual({ start: { line: 3, character: 26 }, end: { line: 3, character: 58 } });
    expect(extractModuleFacts(parser, 'file:///m.py', 'x = 1  # noqa\n').suppressions).toEqual([]);
  });

  test('YAML: a trailing comment covers its line and what is indented under it; one on its own line, the entry below', () => {
    const text = `a:
  type: pandas.CSVDatset  # kedro-lens: ignore[KL101]
  filepath: "a.csv # kedro-lens: ignore"

# kedro-lens: ignore[KL110]
b:
  type: pandas.CSVDataset
  load_args:
    sep: ","
c:  # kedro-lens: ignore
  type: x
d: 1
`;
    const f = extractConfFacts('file:///c.yml', text, 'catalog');
    expect(f.suppressions?.map(lines)).toEqual([
      [1, 1, 'KL101', false],
      [5, 8, 'KL110', false],
      [9, 10, '', false],
    ]);
    // Entry by entry (and from the last version) the same as the whole parse: the comments are read from the whole text.
    expect(extractConfFacts('file:///c.yml', text, 'catalog', { whole: true })).toEqual(f);
    expect(extractConfFacts('file:///c.yml', text, 'catalog', { previous: extractConfFacts('file:///c.yml', text.replace('d: 1', 'd: 2'), 'catalog') })).toEqual(f);
    expect(extractConfFacts('file:///c.yml', 'a: 1  # plain\n', 'catalog').suppressions).toBeUndefined();
  });
});

const PIPELINE = `from kedro.pipeline import Pipeline, node
from .nodes import f

def create_pipeline(**kwargs):
    return Pipeline(
        [
            node(f, "missing_a", "b", name="one"),  # kedro-lens: ignore[KL001]
            node(  # kedro-lens: ignore
                f,
                "missing_c",
                "d",
                name="two",
            ),
            node(f, "missing_e", "e2", name="three"),  # kedro-lens: ignore[KL201, KL999]
            node(f, "missing_f", "f2", name="four"),
        ]
    )
`;

describe('applying suppressions', () => {
  test('hidden findings are dropped; unused and unknown codes are reported as KL910 hints', async () => {
    const { result } = await analyzeMemoryProject({
      'src/demo/pipelines/p/pipeline.py': PIPELINE,
      'src/demo/pipelines/p/nodes.py': 'def f(x):\n    return x\n',
      'conf/base/catalog.yml': '# kedro-lens: ignore[KL110]\nkept:\n  type: pandas.CSVDataset\n  filepath: k.csv\nshown:  # kedro-lens: ignore[KL101]\n  type: pandas.CSVDataset\n  filepath: s.csv\n',
    });
    expect(render(result).filter((l) => /KL001|KL910/.test(l))).toEqual([
      'conf/base/catalog.yml:5:11 KL910 Unused suppression: no KL101 finding here.',
      "src/demo/pipelines/p/pipeline.py:14:22 KL001 Dataset 'missing_e' is not in the catalog and no node produces it.",
      'src/demo/pipelines/p/pipeline.py:14:58 KL910 Unused suppression: no KL201 finding here; unknown code KL999.',
      "src/demo/pipelines/p/pipeline.py:15:22 KL001 Dataset 'missing_f' is not in the catalog and no node produces it.",
    ]);
    expect(render(result, 'KL110')).toEqual(["conf/base/catalog.yml:5:1 KL110 Catalog entry 'shown' is not used by any registered pipeline."]);
    const unused = result.projects[0]?.problems.find((p) => p.code === 'KL910');
    expect(unused?.severity).toBe('hint');
    expect(unused && toDiagnostic(unused, false).tags).toEqual([1]); // DiagnosticTag.Unnecessary: shown faded
  });

  test('file-level form; a misplaced one says so; codes of rules switched off are not judged', async () => {
    const files = {
      'src/demo/pipelines/p/pipeline.py': `# kedro-lens: ignore-file[KL001]\n${PIPELINE.replace(/ {2}# kedro-lens: [^\n]*/g, '')}${'\n'.repeat(12)}# kedro-lens: ignore-file\n`,
      'src/demo/pipelines/p/nodes.py': 'def f(x):\n    return x\n',
    };
    const { result } = await analyzeMemoryProject(files);
    expect(render(result).filter((l) => /KL001|KL910/.test(l))).toEqual(['src/demo/pipelines/p/pipeline.py:31:3 KL910 A file-level suppression must be in the first 10 lines; this one hides nothing.']);
    const off = await analyzeMemoryProject({ ...files, 'src/demo/pipelines/p/pipeline.py': `# kedro-lens: ignore-file[KL001]\nx = 1\n` }, { ruleOverrides: { KL001: 'off' } });
    expect(render(off.result, 'KL910')).toEqual([]);
    const quiet = await analyzeMemoryProject({ ...files, 'src/demo/pipelines/p/pipeline.py': `# kedro-lens: ignore-file[KL001]\nx = 1\n` }, { ruleOverrides: { KL910: 'off' } });
    expect(render(quiet.result, 'KL910')).toEqual([]);
    // A bare one is judged only when every rule ran: it may be for the rule that is off.
    const bare = { ...files, 'src/demo/pipelines/p/extra.py': 'x = 1  # kedro-lens: ignore\n' };
    expect(render((await analyzeMemoryProject(bare)).result, 'KL910')).toContain('src/demo/pipelines/p/extra.py:1:10 KL910 Unused suppression: no finding here to hide.');
    expect(render((await analyzeMemoryProject(bare, { ruleOverrides: { KL001: 'off' } })).result, 'KL910').filter((l) => l.includes('extra.py'))).toEqual([]);
    // A catalog too large to read quiets KL001 for the project (KL909): a KL001 suppression is not judged unused then.
    const levels = ['l0: &l0 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]', ...[1, 2, 3, 4, 5].map((k) => `l${k}: &l${k} [${Array(10).fill(`*l${k - 1}`).join(', ')}]`)];
    const unread = await analyzeMemoryProject({ ...files, 'src/demo/pipelines/p/pipeline.py': PIPELINE, 'conf/base/catalog.yml': `${levels.join('\n')}\n` });
    expect(render(unread.result).filter((l) => /KL001|KL909|KL910/.test(l))).toEqual([
      'conf/base/catalog.yml:1:1 KL909 This catalog file is too large once its aliases are expanded (over 100,000 nodes); it is not analysed, and checks of what it defines are skipped.',
      'src/demo/pipelines/p/pipeline.py:14:58 KL910 Unused suppression: no KL201 finding here; unknown code KL999.',
    ]);
  });
});

describe('quick fix: suppress on this line', () => {
  test('appends a directive, or adds the code to the one there; the fixed file has neither the finding nor KL910', async () => {
    const files = {
      'src/demo/pipelines/p/pipeline.py': PIPELINE,
      'src/demo/pipelines/p/nodes.py': 'def f(x):\n    return x\n',
      'conf/base/catalog.yml': 'shown:  # kedro-lens: ignore[KL101]\n  type: pandas.CSVDataset\n  filepath: s.csv\n',
    };
    const { result, host } = await analyzeMemoryProject(files);
    const project = result.projects[0]!;
    const fix = (code: string, line: number) => {
      const p = project.problems.find((x) => x.code === code && x.loc.span.start.line === line)!;
      const text = host.files.get(p.loc.uri)!;
      const actions = codeActionsFor(project.model, p.loc.uri, text, p.loc.span, [{ code, span: p.loc.span }]).filter((a) => a.title.startsWith('Suppress'));
      return actions.map((a) => [a.title, a.edits.map((e) => [e.span.start.line, e.span.start.character, e.span.end.character, e.newText])]);
    };
    expect(fix('KL001', 13)).toEqual([['Suppress KL001 on this line', [[13, 88, 88, ', KL001']]]]);
    expect(fix('KL001', 14)).toEqual([['Suppress KL001 on this line', [[14, 52, 52, '  # kedro-lens: ignore[KL001]']]]]);
    expect(fix('KL110', 0)).toEqual([['Suppress KL110 on this line', [[0, 34, 34, ', KL110']]]]);
    const fixed = PIPELINE.replace('name="four"),', 'name="four"),  # kedro-lens: ignore[KL001]').replace('[KL201, KL999]', '[KL201, KL999, KL001]');
    const again = await analyzeMemoryProject({ ...files, 'src/demo/pipelines/p/pipeline.py': fixed });
    expect(render(again.result).filter((l) => /KL001|KL910/.test(l) && l.includes('pipeline.py'))).toEqual(['src/demo/pipelines/p/pipeline.py:14:58 KL910 Unused suppression: no KL201 finding here; unknown code KL999.']);
  });

  test('no fix where a `#` would not be a comment, nor for KL910 itself', async () => {
    const catalog = 'a:\n  type: pandas.CSVDataset\n  filepath: a.csv\n  metadata: |\n    b\n';
    const { result } = await analyzeMemoryProject({ 'conf/base/catalog.yml': catalog });
    const model = result.projects[0]!.model;
    const uri = `${ROOT}/conf/base/catalog.yml`;
    const inBlock = { start: { line: 4, character: 4 }, end: { line: 4, character: 5 } };
    expect(codeActionsFor(model, uri, catalog, inBlock, [{ code: 'KL101', span: inBlock }])).toEqual([]);
    expect(codeActionsFor(model, uri, catalog, inBlock, [{ code: 'KL910', span: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } }])).toEqual([]);
  });
});
