import { describe, expect, test } from 'vitest';
import { analyzeMemoryProject, render } from '../../helpers/analyze';

const CATALOG = `companies:
  type: pandas.CSVDataset
  filepath: companies.csv
table:
  type: pandas.ParquetDataset
  filepath: table.pq
plot:
  type: matplotlib.MatplotlibDataset
  filepath: plot.png
query:
  type: pandas.SQLQueryDataset
  sql: select 1
  credentials: db
pl_table:
  type: polars.CSVDataset
  filepath: pl.csv
"stored_{name}":
  type: pickle.PickleDataset
  filepath: data/{name}.pkl
`;

const NODES = `import pandas as pd
import polars as pl
from pandas import DataFrame
from typing import Optional, Any, Dict

def pl_in(companies: pl.DataFrame) -> pl.DataFrame: ...
def pd_in(companies: "pd.DataFrame") -> DataFrame: ...
def opt_in(companies: Optional[pd.DataFrame]) -> dict: ...
def any_in(companies: Any) -> dict[str, float]: ...
def to_frame(x) -> pd.DataFrame: ...
def to_polars(x) -> pl.DataFrame: ...
def wants_pandas(df: pd.DataFrame): ...
def union_in(df: pd.DataFrame | pl.DataFrame) -> tuple[pd.DataFrame, dict]: ...
def series_in(df: pd.Series) -> tuple[pd.DataFrame, dict]: ...
def frames_in(parts: Dict[str, pd.DataFrame]) -> pd.DataFrame: ...
`;

const analyze = async (body: string) =>
  (
    await analyzeMemoryProject({
        'conf/base/catalog.yml': CATALOG,
        'conf/local/credentials.yml': 'db:\n  con: x\n',
        'src/demo/pipelines/p/nodes.py': NODES,
        'src/demo/pipelines/p/pipeline.py': `from kedro.pipeline import Pipeline, Node
from .nodes import *
from .nodes import pl_in, pd_in, opt_in, any_in, to_frame, to_polars, wants_pandas, union_in, series_in, frames_in

def create_pipeline(**kwargs):
    return Pipeline([
${body}
    ])
`,
    })
  ).result;
const run = async (body: string) => render(await analyze(body)).filter((l) => /KL03\d/.test(l));
const severities = async (body: string) =>
  (await analyze(body)).projects.flatMap((p) => p.problems.filter((x) => /KL03\d/.test(x.code)).map((x) => `${x.loc.span.start.line + 1}:${x.loc.span.start.character + 1} ${x.severity}`)).sort();

describe('KL030 dataset-type-mismatch', () => {
  test('polars parameter reading a pandas.CSVDataset: a warning; a DataFrame return annotation on a Figure dataset: information; dict into a ParquetDataset: a hint', async () => {
    const body = '        Node(pl_in, "companies", "x1"),\n        Node(opt_in, "companies", "table"),\n        Node(to_frame, "companies", "plot"),';
    expect(await run(body)).toEqual([
      "src/demo/pipelines/p/pipeline.py:7:22 KL030 'companies' is a pandas.CSVDataset that loads pd.DataFrame, but 'pl_in' annotates 'companies' as pl.DataFrame.",
      "src/demo/pipelines/p/pipeline.py:8:36 KL030 'opt_in' returns dict, but 'table' is a pandas.ParquetDataset that saves pd.DataFrame.",
      "src/demo/pipelines/p/pipeline.py:9:38 KL030 'to_frame' returns pd.DataFrame, but 'plot' is a matplotlib.MatplotlibDataset that saves matplotlib.figure.Figure | list | dict.",
    ]);
    expect(await severities(body)).toEqual(['7:22 warning', '8:36 hint', '9:38 information']);
  });

  test('annotation nits of one library or a builtin collection (Series for a DataFrame, tuple[...] on one output, Dict[str, DataFrame]) are hints', async () => {
    const body = '        Node(series_in, "companies", "table"),\n        Node(frames_in, "companies", "x5"),';
    expect(await run(body)).toEqual([
      "src/demo/pipelines/p/pipeline.py:7:26 KL030 'companies' is a pandas.CSVDataset that loads pd.DataFrame, but 'series_in' annotates 'df' as pd.Series.",
      "src/demo/pipelines/p/pipeline.py:7:39 KL030 'series_in' returns tuple[pd.DataFrame, dict], but 'table' is a pandas.ParquetDataset that saves pd.DataFrame.",
      "src/demo/pipelines/p/pipeline.py:8:26 KL030 'companies' is a pandas.CSVDataset that loads pd.DataFrame, but 'frames_in' annotates 'parts' as Dict[str, pd.DataFrame].",
    ]);
    expect(await severities(body)).toEqual(['7:26 hint', '7:39 hint', '8:26 hint']);
  });

  test('aliases, string annotations, Optional, Any, unions and tuple returns that match are fine', async () => {
    expect(
      await run(`        Node(pd_in, "companies", "table"),
        Node(any_in, "companies", "x2"),
        Node(union_in, "pl_table", ["x3", "x4"]),`),
    ).toEqual([]);
  });
});

describe('KL031 memory-type-mismatch and KL032 unsupported operation', () => {
  test('polars returned in memory into a pandas parameter', async () => {
    expect(await run('        Node(to_polars, "companies", "mem"),\n        Node(wants_pandas, "mem", "x5"),')).toEqual([
      "src/demo/pipelines/p/pipeline.py:8:29 KL031 'mem' is returned as pl.DataFrame by 'to_polars', but 'wants_pandas' annotates 'df' as pd.DataFrame.",
    ]);
    expect(await run('        Node(to_frame, "companies", "mem"),\n        Node(wants_pandas, "mem", "x5"),')).toEqual([]);
  });

  test('a dataset matched by a factory pattern is saved and loaded, not passed in memory: no KL031', async () => {
    expect(await run('        Node(to_polars, "companies", "stored_mem"),\n        Node(wants_pandas, "stored_mem", "x5"),')).toEqual([]);
  });

  test('reading a MatplotlibDataset, writing a SQLQueryDataset', async () => {
    expect(await run('        Node(to_frame, "plot", "x6"),\n        Node(to_frame, "companies", "query"),')).toEqual([
      "src/demo/pipelines/p/pipeline.py:7:25 KL032 'plot' is a matplotlib.MatplotlibDataset, which can only be saved; no node can load it.",
      "src/demo/pipelines/p/pipeline.py:8:38 KL032 'query' is a pandas.SQLQueryDataset, which can only be loaded; no node can save it.",
    ]);
  });
});
