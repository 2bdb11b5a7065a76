// Deterministic synthetic Kedro projects for the benchmark: node gen-project.mjs <nodes> <outDir> [seed]
// N nodes over P pipelines (100 nodes each), one nodes module per pipeline, every 4th pipeline wrapped in a namespace,
// a dataset factory for intermediates, params per pipeline, annotated functions, part of the datasets in the catalog.
// extraOutputs: each node also writes that many memory datasets no node reads (a Datasets level of ≥ 10,000 rows at
// 5,000 nodes takes 2: the tree benchmark).
import * as fs from 'node:fs';
import * as path from 'node:path';

export function generate(nodes, out, seed = 42, { extraOutputs = 0 } = {}) {
  let s = seed;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const perPipeline = 100;
  const pipelines = Math.max(1, Math.ceil(nodes / perPipeline));
  fs.rmSync(out, { recursive: true, force: true });
  const pkg = path.join(out, 'src', 'synth');
  const mk = (p, text) => {
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
  };
  mk(path.join(out, 'pyproject.toml'), '[tool.kedro]\npackage_name = "synth"\nproject_name = "Synth"\nkedro_init_version = "1.5.0"\n');
  mk(path.join(pkg, '__init__.py'), '');
  mk(path.join(pkg, 'settings.py'), 'CONFIG_LOADER_ARGS = {"base_env": "base", "default_run_env": "local"}\n');
  mk(path.join(pkg, 'pipeline_registry.py'), 'from kedro.framework.project import find_pipelines\n\n\ndef register_pipelines():\n    pipelines = find_pipelines()\n    pipelines["__default__"] = sum(pipelines.values())\n    return pipelines\n');
  mk(path.join(pkg, 'pipelines', '__init__.py'), '');
  const catalog = ['"{name}_intermediate":\n  type: pandas.ParquetDataset\n  filepath: data/02_intermediate/{name}.parquet\n'];
  const params = [];
  let made = 0;
  for (let p = 0; p < pipelines && made < nodes; p++) {
    const count = Math.min(perPipeline, nodes - made);
    const dir = path.join(pkg, 'pipelines', `p${p}`);
    const ns = p % 4 === 3 ? `ns${p}` : undefined;
    const fns = [];
    const calls = [];
    for (let i = 0; i < count; i++) {
      const returns = extraOutputs ? `tuple[${Array(extraOutputs + 1).fill('pd.DataFrame').join(', ')}]` : 'pd.DataFrame';
      fns.push(`def step_${i}(data: pd.DataFrame, option: float) -> ${returns}:\n    """Step ${i} of pipeline ${p}."""\n    return ${extraOutputs ? Array(extraOutputs + 1).fill('data').join(', ') : 'data'}\n`);
      const input = i === 0 ? `raw_${p}` : i % 7 === 0 ? `p${p}_d${i - 1}_intermediate` : `p${p}_d${i - 1}`;
      const output = i % 7 === 6 ? `p${p}_d${i}_intermediate` : `p${p}_d${i}`;
      const outputs = extraOutputs ? `[${[`"${output}"`, ...Array.from({ length: extraOutputs }, (_, k) => `"p${p}_x${i}_${k}"`)].join(', ')}]` : `"${output}"`;
      calls.push(`            Node(nodes.step_${i}, ["${input}", "params:opts.k${i % 5}"], ${outputs}, name="p${p}_n${i}", tags=["t${i % 3}"]),`);
    }
    mk(path.join(dir, '__init__.py'), 'from .pipeline import create_pipeline\n');
    mk(path.join(dir, 'nodes.py'), `import pandas as pd\n\n\n${fns.join('\n\n')}`);
    const inputs = ns ? `, namespace="${ns}", inputs={"raw_${p}"}` : '';
    mk(path.join(dir, 'pipeline.py'), `from kedro.pipeline import Node, Pipeline\n\nfrom . import nodes\n\n\ndef create_pipeline(**kwargs) -> Pipeline:\n    return Pipeline(\n        [\n${calls.join('\n')}\n        ]${inputs}\n    )\n`);
    catalog.push(`raw_${p}:\n  type: pandas.CSVDataset\n  filepath: data/01_raw/raw_${p}.csv\n`);
    for (let i = 0; i < count; i += 10) {
      const name = ns ? `${ns}.p${p}_d${i}` : `p${p}_d${i}`;
      catalog.push(`${name}:\n  type: pandas.ParquetDataset\n  filepath: data/03_primary/p${p}_d${i}.parquet\n`);
    }
    const block = `opts:\n${[0, 1, 2, 3, 4].map((k) => `  k${k}: ${(rand() * 10).toFixed(2)}`).join('\n')}\n`;
    params.push(ns ? `${ns}:\n${block.replace(/^/gm, '  ').trimEnd()}\n` : (p === 0 ? block : ''));
    made += count;
  }
  mk(path.join(out, 'conf', 'base', 'catalog.yml'), catalog.join('\n'));
  mk(path.join(out, 'conf', 'base', 'parameters.yml'), params.filter(Boolean).join('\n'));
  mk(path.join(out, 'conf', 'local', 'credentials.yml'), 'db:\n  con: sqlite:///local.db\n');
  for (let p = 0; p < pipelines; p++) mk(path.join(out, 'data', '01_raw', `raw_${p}.csv`), 'a\n1\n');
  return { nodes: made, pipelines };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [n = '1000', out = `/tmp/kl-synth-${n}`, seed = '42'] = process.argv.slice(2);
  console.log(JSON.stringify(generate(Number(n), path.resolve(out), Number(seed))));
}
