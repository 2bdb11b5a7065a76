import { describe, expect, test } from 'vitest';
import type { Problem } from '../../server/src/core/types';
import type { WorkspaceAnalysis } from '../../server/src/analysis/workspace';
import { PYPROJECT, testWorkspace } from '../helpers/analyze';
import { MemoryHost } from '../helpers/memoryHost';
import { rng } from './rng';

// Random edit sequences on a multi-pipeline, multi-environment project: Python and conf edits, files created and
// deleted, environment switches. After every step the incremental analysis (reused node checks verified, see
// vitest.config.mts) must equal a fresh analysis of the same files in a workspace that shares nothing with it.
// `npm test` runs a fixed short sequence; `npm run fuzz` (FUZZ_CASES set) a long one from a new seed each run, printed.
const LARGE = process.env['FUZZ_CASES'] !== undefined;
const STEPS = Number(process.env['FUZZ_STEPS'] ?? (LARGE ? 2000 : 150));
const SEED = Number(process.env['FUZZ_SEED'] ?? (LARGE ? Math.floor(Math.random() * 2 ** 31) : 20261202));

interface NodeSpec {
  fn: string;
  inputs: string[];
  outputs: string[];
  name?: string;
  dict?: boolean;
}
interface FnSpec {
  params: { name: string; ann?: string }[];
  returns?: string;
}
interface State {
  pipelines: Record<string, { namespace?: string; nodes: NodeSpec[] }>;
  functions: Record<string, Record<string, FnSpec>>;
  catalog: Record<string, Record<string, string>>;
  params: Record<string, Record<string, string>>;
  modelsSeed: boolean;
  env: string;
  /** A file whose text is broken for one step (a syntax error), then restored. */
  broken?: string;
}

const DATASETS = ['raw', 'raw2', 'clean', 'features', 'model', 'report', 'metrics', 'typo_raw', 'params:rate', 'params:opts', 'params:opts.test_size', 'params:nope', 'parameters'];
const TYPES = ['pandas.CSVDataset', 'polars.CSVDataset', 'pickle.PickleDataset', 'pandas.ParquetDataset', 'matplotlib.MatplotlibDataset', 'pandas.CSVDataSet', 'NoSuchDataset', 'MemoryDataset'];
const PATTERNS = ['{name}_out', '{name}', 'raw{n}', '{a}_{b}'];
const ANNOTATIONS = [undefined, 'pd.DataFrame', 'pl.DataFrame', 'float', 'str', 'dict', 'Opts', 'plt.Figure'];
const VALUES = ['0.1', '"0.1"', '{test_size: 0.2, seed: 1}', '[1, 2]', 'true', '{test_size: "x"}'];
const ENVS = ['base', 'local', 'prod'];

function initial(): State {
  return {
    pipelines: {
      ingest: { nodes: [{ fn: 'load', inputs: ['raw'], outputs: ['clean'], name: 'load_node' }] },
      features: { nodes: [{ fn: 'featurize', inputs: ['clean', 'params:opts'], outputs: ['features'] }] },
      train: { namespace: 'train', nodes: [{ fn: 'fit', inputs: ['features', 'params:rate'], outputs: ['model'], name: 'fit_node' }] },
    },
    functions: {
      ingest: { load: { params: [{ name: 'raw', ann: 'pd.DataFrame' }], returns: 'pd.DataFrame' } },
      features: { featurize: { params: [{ name: 'clean', ann: 'pd.DataFrame' }, { name: 'opts', ann: 'Opts' }], returns: 'pd.DataFrame' } },
      train: { fit: { params: [{ name: 'features' }, { name: 'rate', ann: 'float' }] } },
    },
    catalog: { base: { raw: 'pandas.CSVDataset', features: 'pandas.ParquetDataset' }, local: {}, prod: { model: 'pickle.PickleDataset' } },
    params: { base: { rate: '0.1', opts: '{test_size: 0.2, seed: 1}' }, local: {}, prod: {} },
    modelsSeed: true,
    env: 'local',
  };
}

const q = (s: string): string => JSON.stringify(s);

function render(state: State): Record<string, string> {
  const files: Record<string, string> = {
    'pyproject.toml': PYPROJECT,
    'src/demo/__init__.py': '',
    'src/demo/settings.py': '',
    'src/demo/pipeline_registry.py':
      'from kedro.framework.project import find_pipelines\n\n\ndef register_pipelines():\n    pipelines = find_pipelines()\n    pipelines["__default__"] = sum(pipelines.values())\n    return pipelines\n',
    'src/demo/models.py': `from dataclasses import dataclass\n\n\n@dataclass\nclass Opts:\n    test_size: float\n${state.modelsSeed ? '    seed: int\n' : ''}`,
    'data/01_raw/raw.csv': 'a\n1\n',
  };
  for (const [name, p] of Object.entries(state.pipelines)) {
    const fns = state.functions[name] ?? {};
    files[`src/demo/pipelines/${name}/__init__.py`] = 'from .pipeline import create_pipeline\n';
    files[`src/demo/pipelines/${name}/nodes.py`] =
      'import pandas as pd\nimport polars as pl\nimport matplotlib.pyplot as plt\nfrom demo.models import Opts\n\n' +
      Object.entries(fns)
        .map(([fn, f]) => `def ${fn}(${f.params.map((x) => (x.ann ? `${x.name}: ${x.ann}` : x.name)).join(', ')})${f.returns ? ` -> ${f.returns}` : ''}:\n    return ${f.params[0]?.name ?? 'None'}\n`)
        .join('\n');
    const nodes = p.nodes.map((n) => {
      const fnSpec = fns[n.fn];
      const inputs = n.dict && fnSpec ? `{${n.inputs.map((d, i) => `${q(fnSpec.params[i]?.name ?? `extra${i}`)}: ${q(d)}`).join(', ')}}` : n.inputs.length === 1 ? q(n.inputs[0] as string) : `[${n.inputs.map(q).join(', ')}]`;
      const outputs = n.outputs.length === 1 ? q(n.outputs[0] as string) : `[${n.outputs.map(q).join(', ')}]`;
      return `            node(${n.fn}, ${inputs}, ${outputs}${n.name ? `, name=${q(n.name)}` : ''}),\n`;
    });
    const imports = Object.keys(fns).join(', ');
    files[`src/demo/pipelines/${name}/pipeline.py`] =
      `from kedro.pipeline import Pipeline, node\n${imports ? `from .nodes import ${imports}\n` : ''}\n\ndef create_pipeline(**kwargs):\n    return Pipeline(\n        [\n${nodes.join('')}        ]${p.namespace ? `,\n        namespace=${q(p.namespace)}` : ''}\n    )\n`;
  }
  for (const env of ENVS) {
    const entries = Object.entries(state.catalog[env] ?? {});
    files[`conf/${env}/catalog.yml`] = entries.map(([name, type]) => `${q(name)}:\n  type: ${type}\n  filepath: data/02_intermediate/${name.replace(/[{}]/g, '')}.bin\n`).join('\n');
    const params = Object.entries(state.params[env] ?? {});
    if (params.length || env === 'base') files[`conf/${env}/parameters.yml`] = params.map(([k, v]) => `${k}: ${v}\n`).join('');
  }
  if (state.broken && files[state.broken] !== undefined) files[state.broken] = `${files[state.broken]}\n(((: [\n`;
  return files;
}

/** One random edit of the state; returns what it did, for the failure message. */
function edit(state: State, r: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const pipelineNames = Object.keys(state.pipelines);
  const pipeline = pick(pipelineNames);
  const p = state.pipelines[pipeline];
  const fns = (state.functions[pipeline] ??= {});
  const node = p?.nodes.length ? pick(p.nodes) : undefined;
  state.broken = undefined;
  switch (Math.floor(r() * 16)) {
    case 0:
      if (!node) return 'noop';
      node.inputs[Math.floor(r() * node.inputs.length)] = pick(DATASETS);
      return `${pipeline}: input of ${node.fn} → ${node.inputs.join(',')}`;
    case 1:
      if (!node) return 'noop';
      node.outputs = r() < 0.8 ? [pick(DATASETS.slice(0, 8))] : [pick(DATASETS.slice(0, 8)), pick(DATASETS.slice(0, 8))];
      return `${pipeline}: outputs of ${node.fn} → ${node.outputs.join(',')}`;
    case 2: {
      const fn = `f${Math.floor(r() * 4)}`;
      fns[fn] ??= { params: [{ name: 'x', ann: pick(ANNOTATIONS) }], returns: pick(ANNOTATIONS) };
      p?.nodes.push({ fn, inputs: [pick(DATASETS)], outputs: [pick(DATASETS.slice(0, 8))], ...(r() < 0.5 ? { name: `${fn}_${pipeline}` } : {}) });
      return `${pipeline}: add node ${fn}`;
    }
    case 3:
      if (!p || !node) return 'noop';
      p.nodes.splice(p.nodes.indexOf(node), 1);
      return `${pipeline}: remove node ${node.fn}`;
    case 4: {
      const f = fns[node?.fn ?? ''];
      if (!f) return 'noop';
      const param = f.params.length ? pick(f.params) : undefined;
      if (param && r() < 0.7) param.ann = pick(ANNOTATIONS);
      else f.returns = pick(ANNOTATIONS);
      return `${pipeline}: annotations of ${node?.fn}`;
    }
    case 5: {
      const f = fns[node?.fn ?? ''];
      if (!f) return 'noop';
      if (r() < 0.5 || !f.params.length) f.params.push({ name: `p${f.params.length}`, ann: pick(ANNOTATIONS) });
      else f.params.pop();
      return `${pipeline}: parameters of ${node?.fn} → ${f.params.length}`;
    }
    case 6:
      if (!p) return 'noop';
      p.namespace = p.namespace ? undefined : pipeline;
      return `${pipeline}: namespace ${p.namespace ?? 'off'}`;
    case 7: {
      const env = pick(ENVS);
      const name = r() < 0.2 ? pick(PATTERNS) : pick(DATASETS.slice(0, 8));
      const cat = (state.catalog[env] ??= {});
      if (cat[name] && r() < 0.4) delete cat[name];
      else cat[name] = pick(TYPES);
      return `catalog ${env}: ${name} → ${cat[name] ?? 'deleted'}`;
    }
    case 8: {
      const env = pick(ENVS);
      const key = pick(['rate', 'opts', 'other']);
      const params = (state.params[env] ??= {});
      if (params[key] && r() < 0.3) delete params[key];
      else params[key] = pick(VALUES);
      return `parameters ${env}: ${key} → ${params[key] ?? 'deleted'}`;
    }
    case 9:
      if (state.pipelines['extra']) {
        delete state.pipelines['extra'];
        return 'delete pipeline package extra';
      }
      state.pipelines['extra'] = { nodes: [{ fn: 'g', inputs: [pick(DATASETS)], outputs: [pick(DATASETS.slice(0, 8))] }] };
      state.functions['extra'] = { g: { params: [{ name: 'x', ann: pick(ANNOTATIONS) }], returns: pick(ANNOTATIONS) } };
      return 'create pipeline package extra';
    case 10:
      state.modelsSeed = !state.modelsSeed;
      return `models.py: seed ${state.modelsSeed ? 'added' : 'removed'}`;
    case 11:
      state.env = pick(['local', 'prod', 'base', 'staging']);
      return `switch env to ${state.env}`;
    case 12:
      state.broken = pick([`src/demo/pipelines/${pipeline}/pipeline.py`, `src/demo/pipelines/${pipeline}/nodes.py`, 'conf/base/catalog.yml', 'conf/base/parameters.yml', 'src/demo/models.py']);
      return `break ${state.broken} for one step`;
    case 13:
      if (!node) return 'noop';
      node.name = r() < 0.3 ? undefined : pick(['a', 'b', 'fit_node', 'bad name', `n${Math.floor(r() * 3)}`]);
      return `${pipeline}: node name → ${node.name ?? 'none'}`;
    case 14:
      if (!node) return 'noop';
      node.dict = !node.dict;
      return `${pipeline}: ${node.fn} inputs as ${node.dict ? 'dict' : 'list'}`;
    default: {
      // Several edits at once, as after a save-all or a branch switch.
      const a = edit(state, r);
      const b = edit(state, r);
      return `${a} + ${b}`;
    }
  }
}

const rel = (root: string, uri: string): string => uri.replace(`${root}/`, '');
const problemText = (root: string) => (p: Problem): string =>
  `${p.code} ${p.severity} ${rel(root, p.loc.uri)}:${p.loc.span.start.line}:${p.loc.span.start.character}-${p.loc.span.end.line}:${p.loc.span.end.character} ${p.message}${(p.related ?? []).map((x) => ` [${rel(root, x.loc.uri)}:${x.loc.span.start.line}:${x.loc.span.start.character} ${x.message}]`).join('')}`;

function summary(result: WorkspaceAnalysis | undefined, root: string): { problems: string[]; pipelines: string[] } {
  const project = result?.projects[0];
  return {
    problems: (project?.problems ?? []).map(problemText(root)).sort(),
    pipelines: [...(project?.model.registry.pipelines.entries() ?? [])].map(([name, p]) => `${name}: ${p.pipeline.nodes.map((n) => n.name).sort().join(' ')}${p.pipeline.open.length ? ' (open)' : ''}`).sort(),
  };
}

async function analyseFresh(files: Record<string, string>, root: string, env: string) {
  const host = new MemoryHost(root, files);
  const ws = await testWorkspace(host);
  await ws.discover([root]);
  return summary(await ws.analyze({ env }), root);
}

describe(`edit sequences (${STEPS} steps, seed ${SEED}; replay with FUZZ_SEED=${SEED} FUZZ_STEPS=${STEPS})`, () => {
  test(
    'after every step the incremental analysis equals a fresh one',
    async () => {
      // Every reused node check is checked again (vitest.config.mts switches verify mode on for the whole run).
      expect(process.env['KEDRO_LENS_VERIFY_REUSE']).toBe('1');
      const r = rng(SEED);
      const state = initial();
      const root = 'file:///proj';
      let files = render(state);
      const host = new MemoryHost(root, files);
      const ws = await testWorkspace(host);
      await ws.discover([root]);
      await ws.analyze({ env: state.env });
      const log: string[] = [];
      let reused = 0;
      for (let step = 0; step < STEPS; step++) {
        log.push(`${step}: ${edit(state, r)}`);
        const next = render(state);
        let created = false;
        for (const [path, text] of Object.entries(next)) {
          if (files[path] === text) continue;
          if (files[path] === undefined) created = true;
          host.set(path, text);
        }
        for (const path of Object.keys(files)) {
          if (next[path] !== undefined) continue;
          host.delete(path);
          created = true;
        }
        // What the language server does on a watched-file create/delete event.
        if (created) ws.invalidateLayouts();
        files = next;
        let incremental;
        try {
          const result = await ws.analyze({ env: state.env });
          reused += result?.stats.nodeChecks.reused ?? 0;
          incremental = summary(result, root);
        } catch (err) {
          throw new Error(`step ${step} (seed ${SEED}) failed: ${(err as Error).message}\nedits:\n${log.slice(-8).join('\n')}`, { cause: err });
        }
        // Same root, new workspace: the caches are the workspace's, so this one starts from nothing.
        const fresh = await analyseFresh(files, root, state.env);
        expect(incremental, `step ${step} (seed ${SEED}), last edits:\n${log.slice(-8).join('\n')}`).toEqual(fresh);
      }
      console.log(`edit sequences: seed ${SEED}, ${STEPS} steps, ${reused} node checks reused and verified (replay: FUZZ_SEED=${SEED} FUZZ_STEPS=${STEPS})`);
      // The sequence must exercise reuse, or it verifies nothing.
      expect(reused).toBeGreaterThan(STEPS / 2);
    },
    // Sized by steps, not time: a loaded 2-core machine runs the default 150 steps in a few seconds.
    600_000,
  );
});
