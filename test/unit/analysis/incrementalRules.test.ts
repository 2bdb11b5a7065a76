import { describe, expect, test } from 'vitest';
import type { Loc } from '../../../server/src/core/types';
import type { WorkspaceAnalysis } from '../../../server/src/analysis/workspace';
import { analyzeMemoryProject, ROOT } from '../../helpers/analyze';

// Node checks are reused across passes while the node object and what the check read stay the same. These edits each
// change a finding of a node whose pipeline is NOT re-evaluated (the edit is in a file its pipeline does not read), so a
// stale reuse would show up as a difference from a fresh analysis.
const MODELS = 'from dataclasses import dataclass\n\n@dataclass\nclass Opts:\n    test_size: float\n    seed: int\n';
const A_NODES =
  'import pandas as pd\nimport polars as pl\n\n' +
  'def load(raw: pd.DataFrame) -> pd.DataFrame:\n    return raw\n\n' +
  'def load_pl(raw: pd.DataFrame) -> pl.DataFrame:\n    return raw\n';
const aPipeline = (fn: string) =>
  `from kedro.pipeline import Pipeline, node\nfrom .nodes import ${fn}\n\ndef create_pipeline(**kwargs):\n    return Pipeline([node(${fn}, "raw", "features", name="load")])\n`;
const B_NODES =
  'import pandas as pd\nfrom demo.models import Opts\n\n' +
  'def train(features: pd.DataFrame, opts: Opts, rate: float) -> pd.DataFrame:\n    return features\n';
const B_PIPELINE =
  'from kedro.pipeline import Pipeline, node\nfrom .nodes import train\n\n' +
  'def create_pipeline(**kwargs):\n    return Pipeline([node(train, ["features", "params:opts", "params:rate"], "model", name="train")])\n';
const CATALOG = 'raw:\n  type: pandas.CSVDataset\n  filepath: data/01_raw/raw.csv\nmodel:\n  type: pandas.ParquetDataset\n  filepath: data/06_models/model.pq\n';
const PARAMS = 'opts:\n  test_size: 0.2\n  seed: 1\nrate: 0.1\n';

const files = (): Record<string, string> => ({
  'src/demo/models.py': MODELS,
  'src/demo/pipelines/a/nodes.py': A_NODES,
  'src/demo/pipelines/a/pipeline.py': aPipeline('load'),
  'src/demo/pipelines/b/nodes.py': B_NODES,
  'src/demo/pipelines/b/pipeline.py': B_PIPELINE,
  // A node no edit below concerns.
  'src/demo/pipelines/c/pipeline.py': 'from kedro.pipeline import Pipeline, node\n\ndef create_pipeline(**kwargs):\n    return Pipeline([node(len, "raw", "c_out", name="c_node")])\n',
  'conf/base/catalog.yml': CATALOG,
  'conf/base/parameters.yml': PARAMS,
  'data/01_raw/raw.csv': 'a\n1\n',
});

const at = (loc: Loc, root: string): string => `${loc.uri.replace(root, '')}:${loc.span.start.line}:${loc.span.start.character}`;

// KL002 (b reads `features`, kept in memory by a) is a pipeline-level finding present throughout: left out.
const problems = (r: WorkspaceAnalysis | undefined, root: string): string[] =>
  (r?.projects[0]?.problems ?? [])
    .filter((p) => p.code !== 'KL002')
    .map((p) => `${p.code} ${at(p.loc, root)} ${p.message}${(p.related ?? []).map((x) => ` [${at(x.loc, root)} ${x.message}]`).join('')}`).sort();

async function fresh(current: Record<string, string>): Promise<string[]> {
  // A new workspace on the same root: it shares no cache with the incremental one.
  return problems((await analyzeMemoryProject(current)).result, ROOT);
}

describe('node checks reused across passes', () => {
  test('each edit gives what a fresh analysis gives, including findings of nodes whose pipeline was kept', async () => {
    const current = files();
    const { result: first, host, ws } = await analyzeMemoryProject(current);
    expect(problems(first, ROOT)).toEqual([]);
    expect(first?.stats.nodeChecks).toEqual({ checked: 3, reused: 0 });

    // [file, new text, expected findings, node checks run / reused (3 nodes)]
    const steps: [string, string, string[], [number, number]][] = [
      // The dataclass lives in a module neither pipeline reads: KL203 on b's node must see the new field list.
      ['src/demo/models.py', MODELS.replace('    seed: int\n', ''), ["KL203 /conf/base/parameters.yml:2:2 'seed' is not a field of Opts."], [1, 2]],
      ['src/demo/models.py', MODELS, [], [1, 2]],
      // a now produces `features` as polars: b's node (kept) reads it in memory as pandas (KL031 through the producer).
      ['src/demo/pipelines/a/pipeline.py', aPipeline('load_pl'), ["KL031 /src/demo/pipelines/b/pipeline.py:4:35 'features' is returned as pl.DataFrame by 'load_pl', but 'train' annotates 'features' as pd.DataFrame."], [2, 1]],
      ['src/demo/pipelines/a/pipeline.py', aPipeline('load'), [], [2, 1]],
      // Parameters only: KL202 on b's node, the only node that reads 'rate'.
      ['conf/base/parameters.yml', PARAMS.replace('rate: 0.1', 'rate: "0.1"'), ["KL202 /src/demo/pipelines/b/pipeline.py:4:62 Parameter 'rate' is a str in YAML, but 'train' annotates 'rate' as float."], [1, 2]],
      ['conf/base/parameters.yml', PARAMS, [], [1, 2]],
      // Catalog only: a's input becomes a polars dataset (KL030 on a's node); the nodes reading 'raw' are checked again.
      ['conf/base/catalog.yml', CATALOG.replace('pandas.CSVDataset', 'polars.CSVDataset'), ["KL030 /src/demo/pipelines/a/pipeline.py:4:33 'raw' is a polars.CSVDataset that loads pl.DataFrame, but 'load' annotates 'raw' as pd.DataFrame."], [2, 1]],
      ['conf/base/catalog.yml', CATALOG, [], [2, 1]],
      // A line inserted above moves every entry: all nodes that looked one up are checked again (related spans move).
      ['conf/base/catalog.yml', `# moved\n${CATALOG.replace('pandas.CSVDataset', 'polars.CSVDataset')}`, ["KL030 /src/demo/pipelines/a/pipeline.py:4:33 'raw' is a polars.CSVDataset that loads pl.DataFrame, but 'load' annotates 'raw' as pd.DataFrame."], [3, 0]],
      ['conf/base/catalog.yml', CATALOG, [], [3, 0]],
      // A factory pattern: only the node whose dataset it now matches ('c_out') is checked again.
      ['conf/base/catalog.yml', `${CATALOG}"{name}_out":\n  type: pandas.CSVDataset\n  filepath: data/02_intermediate/{name}.csv\n`, [], [1, 2]],
    ];
    for (const [file, text, expected, [checked, reused]] of steps) {
      current[file] = text;
      host.set(file, text);
      const r = await ws.analyze();
      const got = problems(r, ROOT);
      expect(got, `after editing ${file}`).toEqual(await fresh(current));
      // The findings this edit is about (related locations are covered by the comparison above).
      expect(got.map((g) => g.split(' [')[0]), `after editing ${file}`).toEqual(expected);
      // Nodes that read the edited file (or whose pipeline did) are checked again; the others' findings are reused.
      expect(r?.stats.nodeChecks, `after editing ${file}`).toEqual({ checked, reused });
    }
  });
});
