import { beforeAll, describe, expect, test } from 'vitest';
import type { Parser } from 'web-tree-sitter';
import { extractNotebookFacts } from '../../../server/src/parsing/python/notebook';
import { selectedEnv } from '../../../server/src/parsing/python/selectedEnv';
import { analyzeMemoryProject, render, ROOT, testWorkspace, withProjectScaffold } from '../../helpers/analyze';
import { MemoryHost } from '../../helpers/memoryHost';
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

  // Seen on a project whose catalog is `{namespace}.raw_{name}` factories: its notebooks still load `raw_customers`.
  test('KL004 on a name the pipelines read only inside namespaces names those datasets and offers them', async () => {
    const { result } = await analyzeMemoryProject({
      'conf/base/catalog.yml': '"{namespace}.raw_{name}":\n  type: pandas.ParquetDataset\n  filepath: data/01_raw/{namespace}/{name}.parquet\n',
      'src/demo/pipelines/p/nodes.py': 'def f(x):\n    return x\n',
      'src/demo/pipelines/p/pipeline.py': 'from kedro.pipeline import Pipeline, Node, pipeline\nfrom .nodes import f\n\ndef create_pipeline(**kwargs):\n    t = Pipeline([Node(f, "raw_customers", "out", name="n")])\n    return pipeline(t, namespace="scoring") + pipeline(t, namespace="modeling")\n',
      'notebooks/explore.ipynb': notebook([{ source: ['df = catalog.load("raw_customers")\n', 'ok = catalog.load("modeling.raw_customers")'] }]),
    });
    expect(render(result, 'KL004')).toEqual([
      "notebooks/explore.ipynb:9:26 KL004 Dataset 'raw_customers' is not in the catalog of base + local; did you mean 'modeling.raw_customers' or 'scoring.raw_customers'? The pipelines read it inside these namespaces.",
    ]);
    const p = result.projects[0]!.problems.find((x) => x.code === 'KL004')!;
    expect(p.data?.['suggestions']).toEqual(['modeling.raw_customers', 'scoring.raw_customers']);
  });

  test('a closed notebook of the project gets KL004 at the name in the file; an excluded or open one does not', async () => {
    const files = {
      'conf/base/catalog.yml': 'companies:\n  type: pandas.CSVDataset\n  filepath: data/companies.csv\n',
      'notebooks/explore.ipynb': notebook([{ source: ['df = catalog.load("companys")\n', 'ok = catalog.load("companies")'] }]),
    };
    const { result } = await analyzeMemoryProject(files);
    expect(render(result, 'KL004')).toEqual(["notebooks/explore.ipynb:9:26 KL004 Dataset 'companys' is not in the catalog of base + local."]);
    const excluded = await analyzeMemoryProject(files, { exclude: ['notebooks/**'] });
    expect(render(excluded.result, 'KL004')).toEqual([]);
    // Open in the editor, its cells are analysed (here an empty one) and the file on disk is not.
    const cell = 'vscode-notebook-cell:/proj/notebooks/explore.ipynb#W0sZmlsZQ';
    const open = await analyzeMemoryProject(files, { extraDocuments: [{ uri: cell, ownerUri: `${ROOT}/notebooks/explore.ipynb` }] });
    expect(render(open.result, 'KL004')).toEqual([]);
  });
});

describe("a notebook's own environment", () => {
  test('selectedEnv: magics and KedroSession.create, literal or not', () => {
    expect(selectedEnv('%load_ext kedro.ipython\n%reload_kedro --env databricks\n')).toBe('databricks');
    expect(selectedEnv('  %reload_kedro ../proj -e=prod')).toBe('prod');
    expect(selectedEnv("%reload_kedro --env='staging'")).toBe('staging');
    expect(selectedEnv('%reload_kedro --env $ENV')).toBe('?');
    expect(selectedEnv('with KedroSession.create(project_path, env="test") as s:\n  pass')).toBe('test');
    expect(selectedEnv('KedroSession.create(env=os.environ["E"])')).toBe('?');
    expect(selectedEnv('KedroSession.create(env=None)')).toBeUndefined();
    expect(selectedEnv('%reload_kedro\ncatalog.load("x")')).toBeUndefined();
    expect(selectedEnv('# reload_kedro --env prod (a comment, not a magic)')).toBeUndefined();
  });

  const files = {
    'conf/base/catalog.yml': 'companies:\n  type: pandas.CSVDataset\n  filepath: data/companies.csv\n',
    'conf/databricks/catalog.yml': 'companies_raw:\n  type: pandas.CSVDataset\n  filepath: data/companies_raw.csv\n',
    'notebooks/explore.ipynb': notebook([{ source: ['%load_ext kedro.ipython\n', '%reload_kedro --env databricks'] }, { source: ['df = catalog.load("companies_raw")\n', 'x = catalog.load("companys")'] }]),
  };

  test('a closed notebook that selects another environment is checked only while that one is selected', async () => {
    // Its session reads the databricks catalog: judged by base + local, 'companies_raw' would be a false KL004.
    expect(render((await analyzeMemoryProject(files)).result, 'KL004')).toEqual([]);
    expect(render((await analyzeMemoryProject(files, { env: 'databricks' })).result, 'KL004')).toEqual([
      "notebooks/explore.ipynb:20:25 KL004 Dataset 'companys' is not in the catalog of base + databricks.",
    ]);
  });

  test("an open notebook: the environment one cell selects holds for the other cells", async () => {
    const owner = `${ROOT}/notebooks/explore.ipynb`;
    const cells = ['vscode-notebook-cell:/proj/notebooks/explore.ipynb#W0', 'vscode-notebook-cell:/proj/notebooks/explore.ipynb#W1'];
    const host = new MemoryHost(ROOT, withProjectScaffold(files));
    host.files.set(cells[0]!, '%reload_kedro --env databricks\n');
    host.files.set(cells[1]!, 'df = catalog.load("companies_raw")\nx = catalog.load("companys")\n');
    const ws = await testWorkspace(host);
    await ws.discover([ROOT]);
    const extraDocuments = cells.map((uri) => ({ uri, ownerUri: owner }));
    const local = await ws.analyze({ extraDocuments });
    expect(local && render(local, 'KL004')).toEqual([]);
    const databricks = await ws.analyze({ extraDocuments, env: 'databricks' });
    expect(databricks && render(databricks, 'KL004')).toEqual([`${cells[1]}:2:19 KL004 Dataset 'companys' is not in the catalog of base + databricks.`]);
  });
});
