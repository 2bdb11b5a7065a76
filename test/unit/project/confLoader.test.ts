import { describe, expect, test } from 'vitest';
import type { WorkspaceAnalysis } from '../../../server/src/analysis/workspace';
import { projectJson } from '../../../server/src/features/pipelineModel';
import { previewRun } from '../../../server/src/features/runPreview';
import { analyzeMemoryProject, editAndAnalyze, ROOT } from '../../helpers/analyze';
import { PipelineEvaluator } from '../../../server/src/project/pipelines/evaluator';
import type { Val } from '../../../server/src/project/pipelines/values';

// Pipelines built from configuration the project's own code loads (a config loader made in register_pipelines() or
// at import), and registries changed in loops over values not known statically.

const NODES = 'def step(x, p):\n    return x\n';

/** Each registered pipeline's node names, and each node's inputs and outputs. */
function registry(r: WorkspaceAnalysis): Record<string, string[]> {
  const p = r.projects[0];
  if (!p) throw new Error('no project');
  const out: Record<string, string[]> = {};
  for (const [name, { pipeline }] of p.model.registry.pipelines) {
    out[name] = pipeline.nodes.map((n) => `${n.name}: ${n.inputs.map((i) => i.name).join(',')} -> ${n.outputs.map((o) => o.name).join(',')}`);
    if (pipeline.open.length) out[name].push('(open)');
  }
  return out;
}

const notes = (r: WorkspaceAnalysis): string[] =>
  (r.projects[0]?.problems ?? [])
    .filter((p) => p.code === 'KL909')
    .map((p) => `${p.loc.uri.replace(`${ROOT}/`, '')}:${p.loc.span.start.line} ${p.message}`)
    .sort();

// register_pipelines() sets one pipeline, then one per key of a parameters mapping, each made from its parameters.
const LOOP_REGISTRY = (loader: string) => `from kedro.config import OmegaConfigLoader
from demo.pipelines.flow.pipeline import create_pipeline


def register_pipelines():
    flows = ${loader}
    pipelines = {}
    pipelines["classic"] = create_pipeline("first")
    for name in list(flows.keys()):
        pipelines[name] = create_pipeline(name)
    return pipelines
`;

const FLOW = `from kedro.pipeline import Pipeline, node
from kedro.config import OmegaConfigLoader
from .nodes import step


def settings_of(key):
    return OmegaConfigLoader(conf_source="conf", base_env="base", default_run_env="local")["parameters"]["flows"][key]


def create_pipeline(key):
    nodes = []
    for stage, params in settings_of(key).items():
        extra = [params["source"][6:]] if isinstance(params.get("source"), str) and params["source"].startswith("input:") else []
        nodes.append(node(step, [f"{key}_in", f"params:flows.{key}.{stage}", *extra], f"{key}__{stage}", name=f"{stage}_node"))
    return Pipeline(nodes, namespace=key, prefix_datasets_with_namespace=False)
`;

const FLOWS_BASE = `flows:
  first:
    clean:
      source: "input:raw_table"
    fit:
      depth: 3
  second: &second
    clean:
      source: 12
`;

describe('config loaders the project makes itself', () => {
  test('a registry filled in a loop over the keys of OmegaConfigLoader(...)["parameters"], with the run env over base', async () => {
    const { result } = await analyzeMemoryProject({
      'src/demo/pipeline_registry.py': LOOP_REGISTRY('OmegaConfigLoader(conf_source="conf", base_env="base", default_run_env="local")["parameters"]["flows"]'),
      'src/demo/pipelines/flow/nodes.py': NODES,
      'src/demo/pipelines/flow/pipeline.py': FLOW,
      'conf/base/parameters.yml': FLOWS_BASE,
      // local replaces the whole top-level key (OmegaConfigLoader's destructive merge across environments).
      'conf/local/parameters.yml': `${FLOWS_BASE}  third:\n    <<: *second\n    fit: {depth: 1}\n`,
    });
    expect(registry(result)).toEqual({
      classic: ['first.clean_node: first_in,params:flows.first.clean,raw_table -> first__clean', 'first.fit_node: first_in,params:flows.first.fit -> first__fit'],
      first: ['first.clean_node: first_in,params:flows.first.clean,raw_table -> first__clean', 'first.fit_node: first_in,params:flows.first.fit -> first__fit'],
      second: ['second.clean_node: second_in,params:flows.second.clean -> second__clean'],
      third: ['third.fit_node: third_in,params:flows.third.fit -> third__fit', 'third.clean_node: third_in,params:flows.third.clean -> third__clean'],
    });
    expect(notes(result)).toEqual([]);
  });

  test('Kedro 0.19+: a loader without environments reads the conf folder itself, int keys stay ints (str(k) of them)', async () => {
    const pipeline = `from kedro.pipeline import Pipeline, node
from kedro.config import OmegaConfigLoader
from .nodes import step


def create_pipeline(**kwargs):
    params = OmegaConfigLoader(conf_source="conf").get("parameters")
    ids = [str(k) for k in params["datasets"].keys()]
    return Pipeline([node(step, [f"{i}_raw", f"params:datasets.{i}"], f"{i}_clean", name=f"clean_{i}") for i in ids])
`;
    const files = {
      'requirements.txt': 'kedro==0.19.10\n',
      'src/demo/pipelines/prep/nodes.py': NODES,
      'src/demo/pipelines/prep/pipeline.py': pipeline,
      'conf/base/parameters.yml': 'datasets:\n  46014: a\n  "77": b\n',
      'conf/local/parameters_other.yml': 'threshold: 2\n',
    };
    const { result } = await analyzeMemoryProject(files);
    expect(registry(result)['prep']).toEqual(['clean_46014: 46014_raw,params:datasets.46014 -> 46014_clean', 'clean_77: 77_raw,params:datasets.77 -> 77_clean']);
    expect(notes(result)).toEqual([]);
    // The pass over the conf folder reads every environment's parameters: a key in two of them stops Kedro.
    const twice = await analyzeMemoryProject({ ...files, 'conf/local/parameters_other.yml': 'datasets:\n  1: c\n' });
    expect(registry(twice.result)['prep']).toEqual(['(open)']);
    expect(notes(twice.result)).toEqual([
      "src/demo/pipelines/prep/pipeline.py:6 This parameters read by OmegaConfigLoader ('datasets' is in two files of the conf folder) cannot be evaluated statically; checks that depend on it are skipped.",
    ]);
  });

  test('Kedro 0.18: ConfigLoader(settings.CONF_SOURCE) at import, its parameters giving a namespace', async () => {
    const pipeline = `from kedro.pipeline import Pipeline, node, pipeline
from kedro.config import ConfigLoader
from demo import settings
from .nodes import step

conf_loader = ConfigLoader(conf_source=settings.CONF_SOURCE)


def create_pipeline(**kwargs):
    model = conf_loader["parameters"]["model"].lower()
    return pipeline([node(step, ["features", "params:shared"], "fitted", name="fit")], namespace=model, inputs={"features"})
`;
    const { result } = await analyzeMemoryProject({
      'requirements.txt': 'kedro==0.18.14\n',
      'src/demo/settings.py': 'import os\nfrom demo.paths import root\n\nCONF_SOURCE = os.path.join(root(), "conf")\n',
      'src/demo/paths.py': 'def root():\n    return "."\n',
      'src/demo/pipelines/train/nodes.py': NODES,
      'src/demo/pipelines/train/pipeline.py': pipeline,
      'conf/base/parameters.yml': 'model: EBM\nshared: 1\n',
      'conf/base/parameters/other.yml': 'note: "${not.interpolated}"\n',
      'conf/local/parameters.yml': 'model: Ordered\n',
    });
    expect(registry(result)['train']).toEqual(['ordered.fit: features,params:ordered.shared -> ordered.fitted']);
    expect(notes(result)).toEqual([]);
  });

  test('values only where the YAML decides them: references and globals resolved, runtime params and resolvers unknown', async () => {
    const { result } = await analyzeMemoryProject({
      'requirements.txt': 'kedro==1.5.0\n',
      'src/demo/values.py': [
        'from kedro.config import OmegaConfigLoader',
        'P = OmegaConfigLoader("./conf/", base_env="base", default_run_env="local")["parameters"]',
        'OTHER = OmegaConfigLoader("other_conf", base_env="base", default_run_env="local")',
        'DEFAULTS = OmegaConfigLoader("conf")["parameters"]',
        'CATALOG = OmegaConfigLoader("conf", base_env="base", default_run_env="local")["catalog"]',
        '',
      ].join('\n'),
      'conf/base/globals.yml': 'out_name: from_globals\n',
      'conf/base/parameters.yml': [
        'direct: plain',
        'global: ${globals:out_name}',
        'runtime: ${runtime_params:out}',
        'ref: ${direct}',
        'mixed: x_${direct}',
        'num: 3',
        'ratio: 0.5',
        'whole: 1.0',
        'items: [a, 2, true]',
        'nested: {k: [1, {x: 1}]}',
        '',
      ].join('\n'),
    });
    const model = result.projects[0]?.model;
    if (!model) throw new Error('no model');
    const mod = model.python.module('demo.values');
    if (!mod) throw new Error('no module');
    const ev = new PipelineEvaluator(model.python, 'demo', [], undefined, 'hash', { rootUri: ROOT, confSource: 'conf', kedro: model.versions.kedro, files: model.confFiles });
    const show = (v: Val): unknown =>
      v.kind === 'dict'
        ? Object.fromEntries(v.entries.map(([k, x]) => [k, show(x)]))
        : v.kind === 'list'
          ? v.items.map(show)
          : v.kind === 'unknown'
            ? `? ${v.why.what}`
            : v.kind === 'str' || v.kind === 'num' || v.kind === 'bool'
              ? v.value
              : v.kind;
    expect(show(ev.moduleValue(mod, 'P'))).toEqual({
      direct: 'plain',
      global: 'from_globals',
      runtime: "? parameter 'runtime' read by OmegaConfigLoader (${runtime_params:out})",
      ref: 'plain',
      mixed: "? parameter 'mixed' read by OmegaConfigLoader (x_${direct})",
      num: 3,
      ratio: 0.5,
      whole: "? parameter 'whole' read by OmegaConfigLoader (a float with an integral value)",
      items: ['a', 2, true],
      // A list with a mapping in it: its items are not kept one by one.
      nested: { k: ["? parameter 'nested.k[0]' read by OmegaConfigLoader", "? parameter 'nested.k[1]' read by OmegaConfigLoader"] },
    });
    expect(show(ev.moduleValue(mod, 'OTHER'))).toBe("? OmegaConfigLoader(...) (a conf_source other than the project's conf folder)");
    // Kedro 1.5: no environments given, the conf folder itself: base/parameters.yml through **/parameters*.
    expect(show(ev.moduleValue(mod, 'DEFAULTS'))).toMatchObject({ direct: 'plain', num: 3 });
    expect(show(ev.moduleValue(mod, 'CATALOG'))).toBe('? OmegaConfigLoader["catalog"] (only the parameters are read statically)');
  });

  test('a loader whose environments differ between the Kedro releases the project allows is unknown', async () => {
    const { result } = await analyzeMemoryProject({
      'requirements.txt': 'kedro>=0.18,<0.20\n',
      'src/demo/pipelines/p/nodes.py': NODES,
      'src/demo/pipelines/p/pipeline.py':
        'from kedro.pipeline import Pipeline, node\nfrom kedro.config import OmegaConfigLoader\nfrom .nodes import step\n\n\ndef create_pipeline(**kwargs):\n    return Pipeline([node(step, "a", f"{k}_out", name=f"n_{k}") for k in OmegaConfigLoader("conf")["parameters"]])\n',
      'conf/base/parameters.yml': 'one: 1\n',
    });
    expect(registry(result)['p']).toEqual(['(open)']);
    expect(notes(result)).toEqual([
      'src/demo/pipelines/p/pipeline.py:6 This OmegaConfigLoader(...) (its environments differ between Kedro releases) cannot be evaluated statically; checks that depend on it are skipped.',
    ]);
  });
});

describe('a registry dict changed in a loop over values not known statically', () => {
  const registryWith = (loop: string) => `from kedro.framework.project import find_pipelines
from demo.pipelines.a.pipeline import create_pipeline as make_a
from demo.names import names


def register_pipelines():
    pipelines = {"__default__": make_a(), "a": make_a()}
    for name in names():
${loop}
    return pipelines
`;
  const A = 'from kedro.pipeline import Pipeline, node\nfrom .nodes import step\n\n\ndef create_pipeline(**kwargs):\n    return Pipeline([node(step, ["x", "params:p"], "y", name="a_node")])\n';
  const files = (loop: string) => ({
    'src/demo/pipeline_registry.py': registryWith(loop),
    'src/demo/names.py': 'import os\n\n\ndef names():\n    return os.listdir(".")\n',
    'src/demo/pipelines/a/nodes.py': NODES,
    'src/demo/pipelines/a/pipeline.py': A,
  });

  test('an unknown key: the known pipelines are kept, marked as possibly replaced, and one KL909 at the loop', async () => {
    const { result } = await analyzeMemoryProject(files('        pipelines[name] = make_a()'));
    expect(registry(result)).toEqual({ __default__: ['a_node: x,params:p -> y', '(open)'], a: ['a_node: x,params:p -> y', '(open)'] });
    expect(result.projects[0]?.model.registry.incomplete).toBeDefined();
    expect(result.projects[0]?.model.unknownProducers).toBe(true);
    // The run preview: a known pipeline runs its known nodes (maybe more); another name may be registered too.
    const model = result.projects[0]?.model;
    if (!model) throw new Error('no model');
    expect(previewRun(model, { pipeline: 'a' })).toMatchObject({ nodes: ['a_node'], partial: true });
    expect(previewRun(model, { pipeline: 'from_the_loop' })).toEqual({ nodes: [], partial: true });
    expect(notes(result)).toEqual([
      "src/demo/pipeline_registry.py:7 The value of 'pipelines' (changed in a loop over values not known statically) cannot be evaluated statically; checks that depend on it are skipped.",
    ]);
  });

  test('literal keys it already has: the other pipelines keep their exact contents', async () => {
    const { result } = await analyzeMemoryProject(files('        pipelines["a"] = make_a() + make_a()'));
    expect(registry(result)).toEqual({ __default__: ['a_node: x,params:p -> y'], a: ['a_node: x,params:p -> y', '(open)'] });
    expect(result.projects[0]?.model.registry.incomplete).toBeUndefined();
  });

  test('anything else done to the dict in the loop: unknown as before', async () => {
    const { result } = await analyzeMemoryProject(files('        pipelines.pop(name)'));
    expect(registry(result)).toEqual({});
    expect(notes(result)).toEqual([
      "src/demo/pipeline_registry.py:7 The value of 'pipelines' (changed in a loop over values not known statically) cannot be evaluated statically; checks that depend on it are skipped.",
    ]);
  });
});

describe('incremental: the parameters a loader read', () => {
  test('editing, adding and deleting a parameters file re-evaluates the registry, as a fresh analysis does', async () => {
    const current: Record<string, string> = {
      'src/demo/pipeline_registry.py': LOOP_REGISTRY('OmegaConfigLoader(conf_source="conf", base_env="base", default_run_env="local")["parameters"]["flows"]'),
      'src/demo/pipelines/flow/nodes.py': NODES,
      'src/demo/pipelines/flow/pipeline.py': FLOW,
      'conf/base/parameters.yml': FLOWS_BASE,
      'conf/base/catalog.yml': 'raw_table:\n  type: pandas.CSVDataset\n  filepath: data/raw.csv\n',
    };
    const snapshot = (r: WorkspaceAnalysis): unknown => {
      const p = r.projects[0];
      if (!p) throw new Error('no project');
      return JSON.parse(JSON.stringify({ json: projectJson(p.model), problems: p.problems.map((x) => `${x.code} ${x.loc.uri}:${x.loc.span.start.line} ${x.message}`).sort() }));
    };
    const { result, host, ws } = await analyzeMemoryProject(current);
    expect(Object.keys(registry(result))).toEqual(['classic', 'first', 'second']);
    const edits: [string, string | undefined, string[]][] = [
      ['conf/base/parameters.yml', FLOWS_BASE.replace('second: &second', 'renamed: &second'), ['classic', 'first', 'renamed']],
      ['conf/local/parameters.yml', 'flows:\n  only:\n    fit: {}\n', ['classic', 'only']],
      ['conf/local/parameters.yml', undefined, ['classic', 'first', 'renamed']],
      // A catalog edit reads no parameters: the registry is the same object.
      ['conf/base/catalog.yml', 'raw_table:\n  type: pandas.ParquetDataset\n  filepath: data/raw.pq\n', ['classic', 'first', 'renamed']],
    ];
    let before = result;
    for (const [rel, text, names] of edits) {
      const after = await editAndAnalyze({ current, host, ws }, rel, text);
      expect(Object.keys(registry(after)), rel).toEqual(names);
      expect(snapshot(after), `after editing ${rel}`).toEqual(snapshot((await analyzeMemoryProject(current)).result));
      if (rel.endsWith('catalog.yml')) expect(after.projects[0]?.model.registry).toBe(before.projects[0]?.model.registry);
      before = after;
    }
  });
});
