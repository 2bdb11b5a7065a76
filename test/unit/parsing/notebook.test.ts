import { beforeAll, describe, expect, test } from 'vitest';
import type { Parser } from 'web-tree-sitter';
import { extractNotebookFacts } from '../../../server/src/parsing/python/notebook';
import { analyzeMemoryProject, render, ROOT } from '../../helpers/analyze';
import { testParser } from '../../helpers/parser';
import { notebook } from '../../helpers/notebook';

let parser: Parser;
beforeAll(async () => {
  parser = await testParser();
});

/** The text a span covers, and where it is (1-based line:col). */
const at = (text: string, s: { start: { line: number; character: number }; end: { line: number; character: number } }) => {
  const lines = text.split('\n');
  return `${s.start.line + 1}:${s.start.character + 1} ${(lines[s.start.line] ?? '').slice(s.start.character, s.start.line === s.end.line ? s.end.character : undefined)}`;
};

describe('notebooks on disk', () => {
  test("code cells' catalog calls, placed in the .ipynb text; escapes, magics, markdown and cell magics", () => {
    const text = notebook([
      { source: ['%matplotlib inline\n', 'df = catalog.load("companies")\n', "x = catalog.load('shut\\u00e9ttles')"] },
      { type: 'markdown', source: ['catalog.load("not_code")'] },
      { source: '!pip list\ncatalog.save("model_input_table", df)\ncatalog.exists("a\\"b")' },
      { source: ['%%bash\n', 'catalog.load("in_bash")\n'] },
      { source: ['catalog.load(\n', '    "params:model_options"\n', ')'] },
    ]);
    const f = extractNotebookFacts(parser, 'file:///p/nb.ipynb', text);
    // Names written with a JSON escape inside (a\"b, \u00e9) have no exact place in the file: left out. Jupyter
    // writes non-ASCII as is, so only a quote or a backslash in a name meets this.
    expect(f.catalogCalls.map((c) => [c.method, c.name.value, at(text, c.name.span)])).toEqual([
      ['load', 'companies', '10:26 companies'],
      ['save', 'model_input_table', '28:41 model_input_table'],
      ['load', 'params:model_options', '47:12 params:model_options'],
    ]);
  });

  test('another kernel language, or not a notebook at all: nothing read, never a throw', () => {
    expect(extractNotebookFacts(parser, 'file:///p/r.ipynb', notebook([{ source: ['catalog.load("x")'] }], 'R')).catalogCalls).toEqual([]);
    expect(extractNotebookFacts(parser, 'file:///p/b.ipynb', '{"cells": [').hasSyntaxError).toBe(true);
    expect(extractNotebookFacts(parser, 'file:///p/c.ipynb', '[1, 2]').catalogCalls).toEqual([]);
    // Outputs nested deeper than the call stack goes: read without recursion.
    const deep = `${'['.repeat(100000)}${']'.repeat(100000)}`;
    const text = `{"cells": [{"cell_type": "code", "outputs": ${deep}, "source": ["catalog.load(\\"x\\")"]}], "metadata": {}}`;
    expect(extractNotebookFacts(parser, 'file:///p/d.ipynb', text).catalogCalls.map((c) => [c.name.value, c.name.span.start.character])).toEqual([['x', text.indexOf('x\\"')]]);
  });

  test('a closed notebook of the project gets KL004 at the name in the file; an excluded or open one does not', async () => {
    const files = {
      'conf/base/catalog.yml': 'companies:\n  type: pandas.CSVDataset\n  filepath: data/companies.csv\n',
      'notebooks/explore.ipynb': notebook([{ source: ['df = catalog.load("companys")\n', 'ok = catalog.load("companies")'] }]),
    };
    const { result } = await analyzeMemoryProject(files);
    expect(render(result, 'KL004')).toEqual(["notebooks/explore.ipynb:9:26 KL004 Dataset 'companys' is not in the catalog of environment 'base + local'."]);
    const excluded = await analyzeMemoryProject(files, { exclude: ['notebooks/**'] });
    expect(render(excluded.result, 'KL004')).toEqual([]);
    // Open in the editor, its cells are analysed (here an empty one) and the file on disk is not.
    const cell = 'vscode-notebook-cell:/proj/notebooks/explore.ipynb#W0sZmlsZQ';
    const open = await analyzeMemoryProject(files, { extraDocuments: [{ uri: cell, ownerUri: `${ROOT}/notebooks/explore.ipynb` }] });
    expect(render(open.result, 'KL004')).toEqual([]);
  });
});
