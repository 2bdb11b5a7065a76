import { describe, expect, test } from 'vitest';
import { previewRun } from '../../../server/src/features/runPreview';
import { analyzeMemoryProject } from '../../helpers/analyze';

// The user trial's case: summarize_since_node reads prod_only_table, which only conf/prod/catalog.yml defines, while
// base + local is selected; nowhere_table is in no catalog at all; mem is a memory dataset an unselected node writes.
const PIPE = `from kedro.pipeline import Pipeline, Node
from .nodes import f

def create_pipeline(**kwargs):
    return Pipeline([
        Node(f, ["prod_only_table", "params:start_date"], "since_summary", name="summarize_since_node"),
        Node(f, "nowhere_table", "nowhere_out", name="nowhere_node"),
        Node(f, "companies", "mem", name="make_mem_node"),
        Node(f, "mem", "mem_out", name="use_mem_node"),
    ])
`;
const FILES = {
  'conf/base/catalog.yml': 'companies:\n  type: pandas.CSVDataset\n  filepath: data/01_raw/companies.csv\n',
  'conf/base/parameters.yml': 'start_date: 2020-01-01\n',
  'conf/prod/catalog.yml': 'prod_only_table:\n  type: pandas.CSVDataset\n  filepath: data/03_primary/prod_only.csv\n',
  'src/demo/pipelines/p/nodes.py': 'def f(*x):\n    return x\n',
  'src/demo/pipelines/p/pipeline.py': PIPE,
};

describe('missing inputs no node writes: told apart from memory datasets written outside the selection', () => {
  test('a dataset only another environment defines: that environment is named, no fix is offered', async () => {
    const { result } = await analyzeMemoryProject(FILES);
    expect(previewRun(result.projects[0]!.model, { nodeNames: ['summarize_since_node'] })).toEqual({
      nodes: ['summarize_since_node'],
      error: "Pipeline input(s) {'prod_only_table'} not found in the DataCatalogWithCatalogCommandsMixin",
      partial: false,
      missingInputs: ['prod_only_table'],
      unwrittenInputs: [{ dataset: 'prod_only_table', otherEnvs: [{ env: 'prod', dir: 'conf/prod' }] }],
      envChain: ['base', 'local'],
    });
  });

  test('a dataset no catalog defines, and a memory dataset: only the first is unwritten; the memory one keeps its fix', async () => {
    const { result } = await analyzeMemoryProject(FILES);
    const model = result.projects[0]!.model;
    expect(previewRun(model, { nodeNames: ['nowhere_node', 'use_mem_node'] })).toMatchObject({
      missingInputs: ['mem', 'nowhere_table'],
      unwrittenInputs: [{ dataset: 'nowhere_table', otherEnvs: [] }],
    });
    const mem = previewRun(model, { nodeNames: ['use_mem_node'] });
    expect(mem.missingInputs).toEqual(['mem']);
    expect(mem.unwrittenInputs).toBeUndefined();
    expect(mem.fixes?.[0]?.nodes).toEqual(['make_mem_node', 'use_mem_node']);
  });

  test('Kedro before 1.0 prints its DataCatalog class', async () => {
    const { result } = await analyzeMemoryProject({ ...FILES, 'requirements.txt': 'kedro==0.19.5\n' });
    expect(previewRun(result.projects[0]!.model, { nodeNames: ['summarize_since_node'] }).error).toBe("Pipeline input(s) {'prod_only_table'} not found in the DataCatalog");
  });
});

test('under ParallelRunner Kedro 1.x names its SharedMemoryDataCatalog', async () => {
  const { result } = await analyzeMemoryProject(FILES);
  expect(previewRun(result.projects[0]!.model, { nodeNames: ['summarize_since_node'], parallel: true }).error).toBe("Pipeline input(s) {'prod_only_table'} not found in the SharedMemoryDataCatalog");
});

describe("the project's own DATA_CATALOG_CLASS in the quoted error", () => {
  const error = async (settings: string, kedro = '1.0.0', parallel = false, more: Record<string, string> = {}): Promise<string | undefined> => {
    const { result } = await analyzeMemoryProject({ ...FILES, ...more, 'requirements.txt': `kedro${/^\d/.test(kedro) ? '==' : ''}${kedro}\n`, 'src/demo/settings.py': settings });
    return previewRun(result.projects[0]!.model, { nodeNames: ['summarize_since_node'], ...(parallel ? { parallel } : {}) }).error;
  };
  const CLASS = { 'src/demo/catalogs.py': 'from kedro.io import DataCatalog\n\nclass LakeCatalog(DataCatalog):\n    pass\n' };
  const MISSING = "Pipeline input(s) {'prod_only_table'} not found in the";

  test("a class of the project is named by its __name__ from 0.19.9; ParallelRunner's catalog in 1.x whatever the setting", async () => {
    const own = 'from demo.catalogs import LakeCatalog as Lake\n\nDATA_CATALOG_CLASS = Lake\n';
    expect(await error(own, '1.0.0', false, CLASS)).toBe(`${MISSING} LakeCatalog`);
    expect(await error(own, '0.19.10', false, CLASS)).toBe(`${MISSING} LakeCatalog`);
    expect(await error(own, '0.19.10', true, CLASS)).toBe(`${MISSING} LakeCatalog`);
    expect(await error(own, '1.0.0', true, CLASS)).toBe(`${MISSING} SharedMemoryDataCatalog`);
    // Before 0.19.9 Kedro's runner wrote "DataCatalog" into the text whatever the class.
    expect(await error(own, '0.19.5', false, CLASS)).toBe(`${MISSING} DataCatalog`);
  });

  test("Kedro's own classes: DataCatalog gets the CLI mixin in 1.x, KedroDataCatalog keeps its name", async () => {
    expect(await error('from kedro.io import DataCatalog\n\nDATA_CATALOG_CLASS = DataCatalog\n')).toBe(`${MISSING} DataCatalogWithCatalogCommandsMixin`);
    expect(await error('import kedro.io\n\nDATA_CATALOG_CLASS = kedro.io.DataCatalog\n')).toBe(`${MISSING} DataCatalogWithCatalogCommandsMixin`);
    expect(await error('from kedro.io import KedroDataCatalog\n\nDATA_CATALOG_CLASS = KedroDataCatalog\n', '0.19.10')).toBe(`${MISSING} KedroDataCatalog`);
  });

  test('a class not known statically is not named: words that hold for any class', async () => {
    expect(await error('from kedro_lakehouse import LakeCatalog\n\nDATA_CATALOG_CLASS = LakeCatalog\n')).toBe(`${MISSING} catalog`);
    expect(await error('from demo.catalogs import make\n\nDATA_CATALOG_CLASS = make()\n', '1.0.0', false, CLASS)).toBe(`${MISSING} catalog`);
    // 0.19.9 started printing the class: a range across it cannot say which text Kedro prints.
    expect(await error('from demo.catalogs import LakeCatalog\n\nDATA_CATALOG_CLASS = LakeCatalog\n', '>=0.19,<0.20', false, CLASS)).toBe(`${MISSING} catalog`);
  });
});
