import { describe, expect, test } from 'vitest';
import { projectJson } from '../../../server/src/features/pipelineModel';
import { analyzeMemoryProject, render } from '../../helpers/analyze';

const NODES = 'def f(x):\n    return x\n\ndef g(x, y):\n    return x\n\ndef h(x, by):\n    return x\n';
const HEAD = 'from kedro.pipeline import Pipeline, node, pipeline\nfrom .nodes import f, g, h\n';

/** Analyses one pipeline package `p` and returns each registered pipeline as node names + open flag. */
async function run(body: string, extra: Record<string, string> = {}) {
  const { result } = await analyzeMemoryProject({
    'src/demo/pipelines/p/nodes.py': NODES,
    'src/demo/pipelines/p/pipeline.py': HEAD + body,
    ...extra,
  });
  const model = result.projects[0]?.model;
  if (!model) throw new Error('no project');
  const pipes = Object.fromEntries(
    [...model.registry.pipelines].map(([name, r]) => [name, { nodes: r.pipeline.nodes.map((n) => n.name).sort(), open: r.pipeline.open.length > 0 }]),
  );
  const node = (name: string) => model.nodes.find((n) => n.name === name);
  return { pipes, node, kl909: render(result, 'KL909'), all: render(result), model };
}

const P = 'src/demo/pipelines/p/pipeline.py';

describe('pipeline evaluation keeps what it knows and says what it does not', () => {
  test('`+` and sum() with an unknown operand keep the known nodes, open, one KL909 at the unknown', async () => {
    const r = await run(`from elsewhere import more
def create_pipeline(**kwargs):
    a = Pipeline([node(f, "i", "a", name="a")])
    b = Pipeline([node(f, "a", "b", name="b")])
    return a + b + more()
`);
    expect(r.pipes['p']).toEqual({ nodes: ['a', 'b'], open: true });
    expect(r.pipes['__default__']).toEqual({ nodes: ['a', 'b'], open: true });
    expect(r.kl909).toEqual([`${P}:7:20 KL909 This call of more() cannot be evaluated statically; checks that depend on it are skipped.`]);
  });

  test('a known value that is not a pipeline where one is expected: KL909 says so in words', async () => {
    const r = await run(`def create_pipeline(**kwargs):
    a = Pipeline([node(f, "i", "a", name="a")])
    return [a, 42]
`);
    expect(r.pipes['p']).toEqual({ nodes: ['a'], open: true });
    expect(r.kl909).toEqual([
      "src/demo/pipeline_registry.py:6:32 KL909 This '+' expression cannot be evaluated statically; checks that depend on it are skipped.",
      `${P}:3:5 KL909 This value where a pipeline is expected cannot be evaluated statically; checks that depend on it are skipped.`,
    ]);
  });

  test('sum() over a list with an unknown item and Pipeline([known, unknown])', async () => {
    const r = await run(`from elsewhere import more
def create_pipeline(**kwargs):
    a = Pipeline([node(f, "i", "a", name="a"), more()])
    return sum([a, Pipeline([node(f, "a", "b", name="b")]), more()])
`);
    expect(r.pipes['p']).toEqual({ nodes: ['a', 'b'], open: true });
    expect(r.kl909).toEqual([
      `${P}:5:48 KL909 This call of more() cannot be evaluated statically; checks that depend on it are skipped.`,
      `${P}:6:61 KL909 This call of more() cannot be evaluated statically; checks that depend on it are skipped.`,
    ]);
  });

  test('`-` with an unknown or open right side stays unknown; `&` keeps the nodes known on both sides', async () => {
    const r = await run(`from elsewhere import more
def create_pipeline(**kwargs):
    a = Pipeline([node(f, "i", "a", name="a"), node(f, "a", "b", name="b")])
    return {"minus": a - more(), "and": a & (Pipeline([node(f, "i", "a", name="a")]) + more())}
`, { 'src/demo/pipeline_registry.py': 'from demo.pipelines.p.pipeline import create_pipeline\n\ndef register_pipelines():\n    d = create_pipeline()\n    return {"minus": d["minus"], "and": d["and"]}\n' });
    expect(r.pipes['minus']).toEqual({ nodes: [], open: true });
    expect(r.pipes['and']).toEqual({ nodes: ['a'], open: true });
  });

  test('a dict comprehension in a namespaced wrapper is evaluated; an unknown mapping drops the refs it could rename', async () => {
    const r = await run(`from elsewhere import NAMES
def create_pipeline(**kwargs):
    base = Pipeline([node(f, "raw", "clean", name="c"), node(g, ["clean", "params:k"], "out", name="o")])
    known = pipeline(base, namespace="eu", inputs={k: k for k in ["raw"]})
    unknown_in = pipeline(base, namespace="us", inputs={k: k for k in NAMES})
    unknown_params = pipeline(base, namespace="jp", parameters={k: k for k in NAMES})
    return known + unknown_in + unknown_params
`);
    const eu = r.node('eu.c');
    expect(eu?.inputs.map((x) => x.name)).toEqual(['raw']);
    expect(eu?.partial).toBe(false);
    // inputs= unknown: no input survives with a guessed name; outputs keep the namespace prefix.
    expect(r.node('us.c')?.inputs.map((x) => x.name)).toEqual([]);
    expect(r.node('us.c')?.outputs.map((x) => x.name)).toEqual(['us.clean']);
    expect(r.node('us.o')?.partial).toBe(true);
    // parameters= unknown: only the params: input goes.
    expect(r.node('jp.o')?.inputs.map((x) => x.name)).toEqual(['jp.clean']);
    expect(r.kl909).toEqual([
      `${P}:7:18 KL909 This Pipeline() renaming (inputs/outputs/parameters/namespace) cannot be evaluated statically; checks that depend on it are skipped.`,
      `${P}:8:22 KL909 This Pipeline() renaming (inputs/outputs/parameters/namespace) cannot be evaluated statically; checks that depend on it are skipped.`,
    ]);
  });

  test('an unknown namespace= or prefix flag drops every ref instead of prefixing with a guess', async () => {
    const r = await run(`from elsewhere import NS, FLAG
def create_pipeline(**kwargs):
    base = Pipeline([node(f, "raw", "clean", name="c")])
    return pipeline(base, namespace=NS) + pipeline(base, namespace="x", prefix_datasets_with_namespace=FLAG)
`);
    const nodes = r.model.nodes.filter((n) => n.partial);
    expect(nodes.map((n) => [n.name, n.inputs.length, n.outputs.length, n.nameUncertain])).toEqual([
      ['c', 0, 0, true],
      ['x.c', 0, 0, true],
    ]);
  });

  test('project Node subclasses build nodes, also through a constructor that only adds keywords; another __init__ is unknown', async () => {
    const r = await run(`from demo.argo import ArgoNode, Custom, Renaming
def create_pipeline(**kwargs):
    return Pipeline([ArgoNode(func=f, inputs="i", outputs="a", name="argo"), Custom(f, "a", "b", name="custom", size=3), Renaming(f, "b")])
`, {
      'src/demo/argo.py':
        'from kedro.pipeline import Node\n\nclass ArgoNode(Node):\n    machine = "big"\n\nclass Deeper(ArgoNode):\n    pass\n\n' +
        'class Custom(Deeper):\n    def __init__(self, *a, size=None, **k):\n        self.size = size\n        super().__init__(*a, **k)\n\n' +
        'class Renaming(Node):\n    def __init__(self, func, data):\n        super().__init__(func, data, data + "_out")\n',
    });
    expect(r.pipes['p']).toEqual({ nodes: ['argo', 'custom'], open: true });
    expect(r.kl909).toEqual([`${P}:5:122 KL909 This Renaming() (a Node subclass with its own __init__) cannot be evaluated statically; checks that depend on it are skipped.`]);
  });

  test('pipeline filters: only_nodes, tags, namespaces, from_inputs/to_outputs/from_nodes/to_nodes', async () => {
    const r = await run(`def create_pipeline(**kwargs):
    full = Pipeline([
        node(f, "raw", "a", name="n1", tags=["t1"]),
        node(f, "a", "b", name="n2"),
        node(f, "b", "c", name="n3", tags="t1"),
        node(f, "x", "y", name="n4", namespace="ns.sub"),
    ])
    return {
        "only": full.only_nodes("n2", "n3"),
        "tags": full.only_nodes_with_tags("t1"),
        "ns": full.only_nodes_with_namespace("ns"),
        "from_inputs": full.from_inputs("a"),
        "to_outputs": full.to_outputs("b"),
        "from_nodes": full.from_nodes("n2"),
        "to_nodes": full.to_nodes("n2"),
        "missing": full.only_nodes("nope"),
        "other": full.filter(node_names=["n1"]),
    }
`, { 'src/demo/pipeline_registry.py': 'from demo.pipelines.p.pipeline import create_pipeline\n\ndef register_pipelines():\n    return create_pipeline()\n' });
    expect(r.pipes).toEqual({
      only: { nodes: ['n2', 'n3'], open: false },
      tags: { nodes: ['n1', 'n3'], open: false },
      ns: { nodes: ['ns.sub.n4'], open: false },
      from_inputs: { nodes: ['n2', 'n3'], open: false },
      to_outputs: { nodes: ['n1', 'n2'], open: false },
      from_nodes: { nodes: ['n2', 'n3'], open: false },
      to_nodes: { nodes: ['n1', 'n2'], open: false },
      missing: { nodes: [], open: true },
      other: { nodes: [], open: true },
    });
  });

  test('if/else: a known condition picks its branch; an unknown one unions the branches, one-branch nodes marked conditional', async () => {
    const r = await run(`from elsewhere import FLAG
MODE = "fast"
def create_pipeline(**kwargs):
    if MODE == "fast":
        nodes = [node(f, "i", "a", name="fast")]
    else:
        nodes = [node(f, "i", "a", name="slow")]
    if FLAG:
        extra = node(f, "a", "b", name="x")
    elif MODE != "fast":
        extra = node(g, ["a", "i"], "b", name="x")
    else:
        extra = Pipeline([node(f, "a", "b", name="y")]) + FLAG()
    return Pipeline(nodes + [extra])
`);
    expect(r.pipes['p']).toEqual({ nodes: ['fast', 'x', 'y'], open: true });
    expect(r.node('fast')?.conditional).toBeFalsy();
    expect(r.node('x')?.conditional).toBe(true);
    // The CLI's pipelines JSON says so too (real Kedro leaves such a node out when the config says so).
    const json = projectJson(r.model).nodes;
    expect(json.filter((n) => n.conditional).map((n) => n.name).sort()).toEqual(['x', 'y']);
    expect(json.find((n) => n.name === 'fast')).not.toHaveProperty('conditional');
    // Two nodes write `b` on different branches: not a duplicate output.
    expect(r.all.filter((l) => l.includes('KL010') || l.includes('KL012'))).toEqual([]);
  });

  test('an if that returns on one branch merges with the return after it', async () => {
    const r = await run(`from elsewhere import FLAG
def create_pipeline(**kwargs):
    if FLAG:
        return Pipeline([node(f, "i", "a", name="one")])
    return Pipeline([node(f, "i", "b", name="two")])
`);
    expect(r.pipes['p']).toEqual({ nodes: ['one', 'two'], open: false });
  });

  test('for loops over literals with append/extend/+= and f-strings; an unknown loop keeps the nodes before it, open', async () => {
    const r = await run(`from elsewhere import REGIONS
def create_pipeline(**kwargs):
    nodes = []
    for region in ["eu", "us"]:
        nodes.append(node(f, f"raw_{region}", f"clean_{region}", name=f"clean_{region}"))
    for k, v in {"a": "x", "b": "y"}.items():
        nodes.extend([node(f, v, f"{k}_out", name=f"n_{k}")])
    p = Pipeline(nodes)
    for t in ("t1",):
        p += Pipeline([node(f, "z", t, name=t)])
    rest = [node(f, "q", "r", name="before")]
    for region in REGIONS:
        rest.append(node(f, region, "s", name=region))
    return p + Pipeline(rest)
`);
    expect(r.pipes['p']).toEqual({ nodes: ['before', 'clean_eu', 'clean_us', 'n_a', 'n_b', 't1'], open: true });
    expect(r.kl909).toEqual([`${P}:14:5 KL909 The value of 'rest' (changed in a loop over values not known statically) cannot be evaluated statically; checks that depend on it are skipped.`]);
  });

  test('filtered comprehensions over find_pipelines() and `*p.nodes`', async () => {
    const r = await run(`def create_pipeline(**kwargs):
    return Pipeline([node(f, "i", "a", name="a")])
`, {
      'src/demo/pipelines/q/pipeline.py': 'from kedro.pipeline import Pipeline, node\nfrom demo.pipelines.p.nodes import f\nfrom demo.pipelines.p.pipeline import create_pipeline as base\n\ndef create_pipeline(**kwargs):\n    return Pipeline([*base().nodes, node(f, "a", "b", name="b")])\n',
      'src/demo/pipeline_registry.py':
        'from kedro.framework.project import find_pipelines\n\ndef register_pipelines():\n    pipelines = find_pipelines()\n' +
        '    pipelines["__default__"] = sum(v for k, v in pipelines.items() if k not in ("q", "__default__"))\n' +
        '    pipelines["all"] = sum(v for k, v in pipelines.items() if k != "__default__")\n    return pipelines\n',
    });
    expect(r.pipes['__default__']).toEqual({ nodes: ['a'], open: false });
    expect(r.pipes['q']).toEqual({ nodes: ['a', 'b'], open: false });
    expect(r.pipes['all']).toEqual({ nodes: ['a', 'b'], open: false });
  });

  test('lambda, functools.partial / update_wrapper and bound methods as node functions', async () => {
    const r = await run(`from functools import partial, update_wrapper
from demo.helpers import Steps
steps = Steps()
def create_pipeline(**kwargs):
    return Pipeline([
        node(lambda x: x, "i", "a"),
        node(partial(h, by=2), "a", "b"),
        node(update_wrapper(partial(h, by=2), h), "b", "c"),
        node(steps.run, "c", "d"),
    ])
`, { 'src/demo/helpers.py': 'class Steps:\n    def run(self, x):\n        return x\n' });
    const names = r.model.nodes.map((n) => [n.name.replace(/__[0-9a-f]{8}$/, '__#'), n.nameUncertain, n.func?.target?.fn.params.map((p) => `${p.name}:${p.kind}`)]);
    expect(names).toEqual([
      ['<lambda>__#', false, undefined],
      ['<partial>', true, ['x:positional', 'by:keyword-only']],
      ['h__#', false, ['x:positional', 'by:keyword-only']],
      ['run__#', false, ['x:positional']],
    ]);
    // The bound argument is not a missing input (KL020).
    expect(r.all.filter((l) => l.includes('KL020'))).toEqual([]);
  });

  test('find_pipelines(pipelines_to_find=...), kedro-mlflow pipeline_ml_factory and llm_context_node', async () => {
    const r = await run(`from kedro_mlflow.pipeline import pipeline_ml_factory
from kedro.pipeline.llm_context import llm_context_node
def create_pipeline(**kwargs):
    training = Pipeline([node(f, "i", "model", name="train")])
    inference = Pipeline([node(f, "model", "pred", name="predict")])
    ctx = llm_context_node(outputs="ctx", llm="llm", prompts=["system_prompt"], name="ctx")
    return pipeline_ml_factory(training=training, inference=inference, input_name="i") + Pipeline([ctx])
`, {
      'src/demo/pipelines/q/pipeline.py': 'from kedro.pipeline import Pipeline\n\ndef create_pipeline(**kwargs):\n    return Pipeline([])\n',
      'src/demo/pipeline_registry.py': 'from kedro.framework.project import find_pipelines\n\ndef register_pipelines():\n    return find_pipelines(raise_errors=True, pipelines_to_find=["p"])\n',
    });
    expect(Object.keys(r.pipes).sort()).toEqual(['__default__', 'p']);
    expect(r.pipes['p']).toEqual({ nodes: ['ctx', 'train'], open: false });
    expect(r.node('ctx')?.inputs.map((x) => x.name)).toEqual(['llm', 'system_prompt']);
  });

  test("llm_context_node reads each tool()'s inputs once, after llm and the prompts (Kedro 1.2+)", async () => {
    const r = await run(`from kedro.pipeline import llm_context_node, tool
from elsewhere import tools_from_config
def build_a(engine):
    return engine
def build_b(docs, k):
    return docs
def create_pipeline(**kwargs):
    return Pipeline([
        llm_context_node(outputs="ctx", llm="llm", prompts=["sys", "user"], name="ctx",
                         tools=[tool(build_a, "db"), tool(build_b, "docs", "params:k"), tool(build_a, "db")]),
        llm_context_node(outputs="ctx2", llm="llm", prompts=["sys"], name="ctx2", tools=[]),
        llm_context_node(outputs="ctx3", llm="llm", prompts=["sys"], name="ctx3", tools=tools_from_config()),
    ])
`);
    expect(r.node('ctx')?.inputs.map((x) => x.name)).toEqual(['llm', 'sys', 'user', 'db', 'docs', 'params:k']);
    expect(r.node('ctx')?.nameUncertain).toBe(false);
    expect(r.node('ctx2')?.inputs.map((x) => x.name)).toEqual(['llm', 'sys']);
    // Tools not known statically: that node's inputs are incomplete (one KL909 at it); its name is still exact.
    expect(r.pipes['p']).toEqual({ nodes: ['ctx', 'ctx2', 'ctx3'], open: false });
    expect(r.kl909).toEqual(['src/demo/pipelines/p/pipeline.py:14:9 KL909 This node inputs/outputs cannot be evaluated statically; checks that depend on it are skipped.']);
  });

  test('KL015: indexing find_pipelines() with a name no pipeline package provides (not KL909)', async () => {
    const r = await run('def create_pipeline(**kwargs):\n    return Pipeline([node(f, "i", "a", name="a")])\n', {
      'src/demo/pipeline_registry.py':
        'from kedro.framework.project import find_pipelines\n\ndef register_pipelines():\n    pipelines = find_pipelines()\n' +
        '    pipelines["__default__"] = pipelines["p"] + pipelines["missing"]\n    pipelines["opt"] = pipelines.get("other", pipelines["p"])\n    return pipelines\n',
    });
    expect(render((await analyzeMemoryProject({})).result, 'KL015')).toEqual([]);
    expect(r.all.filter((l) => l.includes('KL015') || l.includes('KL909'))).toEqual([
      "src/demo/pipeline_registry.py:5:49 KL015 No pipeline 'missing' in find_pipelines(): there is no pipelines/missing/ package with create_pipeline(), so this raises KeyError.",
    ]);
    expect(r.pipes['__default__']).toEqual({ nodes: ['a'], open: true });
  });

  test('dict union `|` and `|=` of pipeline registries (Python 3.9): the right side wins, keys keep their first place', async () => {
    const r = await run(`def create_pipeline(**kwargs):
    return {"one": Pipeline([node(f, "i", "a", name="a")]), "two": Pipeline([node(f, "a", "b", name="b")])}
`, {
      'src/demo/pipeline_registry.py':
        'from kedro.framework.project import find_pipelines\nfrom kedro.pipeline import Pipeline, node\nfrom demo.pipelines.p.pipeline import create_pipeline\nfrom demo.pipelines.p.nodes import f\n\n' +
        'def register_pipelines():\n    extra = {"one": Pipeline([node(f, "b", "c", name="c")])}\n    pipes = {"first": Pipeline([])} | create_pipeline() | extra\n' +
        '    pipes |= {"again": pipes["two"]}\n    found = find_pipelines() | pipes\n    pipes["all"] = found["one"] + found["missing"]\n    return pipes\n',
    });
    expect(Object.keys(r.pipes)).toEqual(['first', 'one', 'two', 'again', 'all']);
    expect(r.pipes['one']).toEqual({ nodes: ['c'], open: false });
    expect(r.pipes['two']).toEqual({ nodes: ['b'], open: false });
    expect(r.pipes['again']).toEqual({ nodes: ['b'], open: false });
    expect(r.pipes['all']).toEqual({ nodes: ['c'], open: true });
    // A union with find_pipelines() still knows which names no package provides.
    expect(r.all.filter((l) => l.includes('KL015') || l.includes('KL909'))).toEqual([
      "src/demo/pipeline_registry.py:11:35 KL015 No pipeline 'missing' in find_pipelines(): there is no pipelines/missing/ package with create_pipeline(), so this raises KeyError.",
    ]);
  });
});

describe('`from m import *`', () => {
  const body = 'def create_pipeline(**kwargs):\n    return Pipeline([node(f, "i", "a", name="a"), node(g, ["a", "i"], "b", name="b"), node(_p, "b", "c", name="c")])\n';
  const target = (r: Awaited<ReturnType<typeof run>>, name: string) => r.node(name)?.func?.target?.fn;

  test("binds the module's public names: node functions resolve to their definitions", async () => {
    const r = await run(body, {
      'src/demo/pipelines/p/pipeline.py': 'from kedro.pipeline import Pipeline, node\nfrom .nodes import *\n' + body,
      'src/demo/pipelines/p/nodes.py': NODES + '\ndef _p(x):\n    return x\n',
    });
    expect(target(r, 'a')?.name).toBe('f');
    expect(target(r, 'b')?.name).toBe('g');
    // A leading underscore is not exported by `*`.
    expect(target(r, 'c')).toBeUndefined();
  });

  test('a literal __all__ decides; an __all__ that cannot be read binds nothing', async () => {
    const files = (all: string) => ({
      'src/demo/pipelines/p/pipeline.py': 'from kedro.pipeline import Pipeline, node\nfrom .nodes import *\n' + body,
      'src/demo/pipelines/p/nodes.py': `${all}\n` + NODES,
    });
    const listed = await run(body, files('__all__ = ["f"]'));
    expect(target(listed, 'a')?.name).toBe('f');
    expect(target(listed, 'b')).toBeUndefined();
    const computed = await run(body, files('__all__ = [n for n in dir() if n[0] != "_"]'));
    expect(target(computed, 'a')).toBeUndefined();
  });
});

describe("Kedro 0.17's register_pipelines hook", () => {
  const body = 'def create_pipeline(**kwargs):\n    return Pipeline([node(f, "i", "a", name="a")])\n\ndef other():\n    return Pipeline([node(f, "a", "b", name="b")])\n';
  const hooks =
    'from kedro.framework.hooks import hook_impl\nfrom demo.pipelines.p.pipeline import create_pipeline, other\n\n' +
    'class ProjectHooks:\n    @hook_impl\n    def register_pipelines(self):\n        p = create_pipeline()\n        return {"p": p, "both": other(), "__default__": p}\n\n    def unmarked(self):\n        return {}\n';
  const settings = 'from demo.hooks import ProjectHooks\n\nHOOKS = (ProjectHooks(),)\n';
  const registry = 'from demo.pipelines.p.pipeline import create_pipeline\n\ndef register_pipelines():\n    return {"reg": create_pipeline(), "both": create_pipeline()}\n';

  test('is the registry on 0.17.1 (no pipeline_registry.py yet)', async () => {
    const r = await run(body, { 'requirements.txt': 'kedro==0.17.1\n', 'src/demo/hooks.py': hooks, 'src/demo/settings.py': settings, 'src/demo/pipeline_registry.py': '' });
    expect(r.pipes).toEqual({ p: { nodes: ['a'], open: false }, both: { nodes: ['b'], open: false }, __default__: { nodes: ['a'], open: false } });
    expect(r.kl909).toEqual([]);
  });

  test("updates pipeline_registry.py's dict on 0.17.2+ (the hook's entries win, keys keep their first place)", async () => {
    const r = await run(body, { 'requirements.txt': 'kedro==0.17.7\n', 'src/demo/hooks.py': hooks, 'src/demo/settings.py': settings, 'src/demo/pipeline_registry.py': registry });
    expect(Object.keys(r.pipes)).toEqual(['reg', 'both', 'p', '__default__']);
    expect(r.pipes['both']).toEqual({ nodes: ['b'], open: false });
    expect(r.pipes['reg']).toEqual({ nodes: ['a'], open: false });
  });

  test('is not called from 0.18.0, nor when HOOKS lists the class itself', async () => {
    const r18 = await run(body, { 'requirements.txt': 'kedro==0.18.14\n', 'src/demo/hooks.py': hooks, 'src/demo/settings.py': settings, 'src/demo/pipeline_registry.py': registry });
    expect(Object.keys(r18.pipes)).toEqual(['reg', 'both']);
    expect(r18.pipes['both']).toEqual({ nodes: ['a'], open: false });
    const cls = await run(body, { 'requirements.txt': 'kedro==0.17.7\n', 'src/demo/hooks.py': hooks, 'src/demo/settings.py': 'from demo.hooks import ProjectHooks\n\nHOOKS = (ProjectHooks,)\n', 'src/demo/pipeline_registry.py': registry });
    expect(Object.keys(cls.pipes)).toEqual(['reg', 'both']);
  });
});

describe('functools.reduce and lambdas', () => {
  test('reduce(lambda a, b: a + b, pipelines.values(), Pipeline([])) in the registry sums the pipelines', async () => {
    const r = await run(`def create_pipeline(**kwargs):
    return Pipeline([node(f, "i", "a", name="a")])
`, {
      'src/demo/pipelines/q/pipeline.py': HEAD + 'def create_pipeline(**kwargs):\n    return Pipeline([node(f, "a", "b", name="b")])\n',
      'src/demo/pipeline_registry.py':
        'from functools import reduce\nimport operator\nfrom kedro.framework.project import find_pipelines\nfrom kedro.pipeline import Pipeline\n\n' +
        'def register_pipelines():\n    pipelines = find_pipelines()\n    pipelines["__default__"] = reduce(lambda a, b: a + b, pipelines.values(), Pipeline([]))\n' +
        '    pipelines["no_start"] = reduce(lambda a, b: a + b, [pipelines["p"], pipelines["q"]])\n    pipelines["add"] = reduce(operator.add, [pipelines["q"]], Pipeline([]))\n    return pipelines\n',
    });
    expect(r.pipes['__default__']).toEqual({ nodes: ['a', 'b'], open: false });
    expect(r.pipes['no_start']).toEqual({ nodes: ['a', 'b'], open: false });
    expect(r.pipes['add']).toEqual({ nodes: ['b'], open: false });
    expect(r.kl909).toEqual([]);
  });

  test('a lambda that builds nodes is called with its closure; one with a default, or calling itself, is not evaluated', async () => {
    const r = await run(`def create_pipeline(**kwargs):
    suffix = "_x"
    make = lambda src, dst: node(f, src + suffix, dst, name=dst)
    dflt = lambda src, dst="d": node(f, src, dst, name=dst)
    loop = lambda n: loop(n)
    return {"made": Pipeline([make("i", "a"), make("j", "b")]), "dflt": Pipeline([dflt("i")]), "loop": Pipeline([loop(1)])}
`, { 'src/demo/pipeline_registry.py': 'from demo.pipelines.p.pipeline import create_pipeline\n\ndef register_pipelines():\n    return create_pipeline()\n' });
    expect(r.pipes['made']).toEqual({ nodes: ['a', 'b'], open: false });
    expect(r.node('a')?.inputs.map((x) => x.name)).toEqual(['i_x']);
    expect(r.pipes['dflt']).toEqual({ nodes: [], open: true });
    expect(r.pipes['loop']).toEqual({ nodes: [], open: true });
    expect(r.kl909).toEqual([
      `${P}:7:22 KL909 This recursive or too deep call of a lambda cannot be evaluated statically; checks that depend on it are skipped.`,
      `${P}:8:83 KL909 This call of dflt() cannot be evaluated statically; checks that depend on it are skipped.`,
    ]);
  });
});

describe('a module-level name rebound after its import', () => {
  test('`pipeline = pipeline([...])` is the pipeline from then on; its right side is still the import', async () => {
    const registry =
      'from kedro.pipeline import Pipeline, node, pipeline\n\ndef f():\n    return 1\n\nn = node(f, inputs=None, outputs="a", name="a")\npipeline = pipeline([n])\n\n' +
      'def register_pipelines():\n    return {"__default__": pipeline, "again": pipeline}\n';
    const r = await run('def create_pipeline(**kwargs):\n    return Pipeline([])\n', { 'src/demo/pipeline_registry.py': registry });
    expect(r.pipes).toEqual({ __default__: { nodes: ['a'], open: false }, again: { nodes: ['a'], open: false } });
    expect(r.kl909).toEqual([]);
  });
});

describe('packages beside the project package under source_dir', () => {
  // Kedro puts source_dir on sys.path, so `src/shared/` is importable as `shared` (and `src/general/` without __init__.py).
  const registry =
    'from shared import make_pipeline\nfrom general.more import other\n\ndef register_pipelines():\n    return {"shared": make_pipeline(), "general": other(), "t": helper()}\n\nfrom tests.helpers import helper\n';
  const files = {
    'src/demo/pipeline_registry.py': registry,
    'src/shared/__init__.py': 'from kedro.pipeline import Pipeline, node\n\ndef f(x):\n    return x\n\ndef make_pipeline():\n    return Pipeline([node(f, "i", "a", name="a")])\n',
    'src/general/more.py': 'from kedro.pipeline import Pipeline, node\nfrom shared import f\n\ndef other():\n    return Pipeline([node(f, "a", "b", name="b")])\n',
    'src/tests/helpers.py': 'from kedro.pipeline import Pipeline, node\n\ndef helper():\n    return Pipeline([node(len, "a", "c", name="c")])\n',
  };

  test('are importable by their own names; tests/ is not project code', async () => {
    const r = await run('def create_pipeline(**kwargs):\n    return Pipeline([])\n', files);
    expect(r.pipes).toEqual({ shared: { nodes: ['a'], open: false }, general: { nodes: ['b'], open: false }, t: { nodes: [], open: true } });
    expect(r.node('b')?.func?.target?.fn.name).toBe('f');
    expect(r.kl909).toEqual(['src/demo/pipeline_registry.py:5:65 KL909 This call of helper() cannot be evaluated statically; checks that depend on it are skipped.']);
  });

  test('a module directly under source_dir too: settings.py registers hooks from src/hooks.py', async () => {
    const r = await run('def create_pipeline(**kwargs):\n    return Pipeline([])\n', {
      'src/hooks.py': 'from kedro.framework.hooks import hook_impl\n\nclass H:\n    @hook_impl\n    def before_node_runs(self, node):\n        pass\n',
      'src/demo/settings.py': 'from hooks import H\n\nHOOKS = (H,)\n',
    });
    expect(r.all.filter((l) => /KL30\d/.test(l))).toEqual([
      "src/demo/settings.py:3:10 KL301 'H' is a class; register an instance: H().",
      "src/hooks.py:5:9 KL300 'before_node_runs' is not a Kedro hook, so it is never called. Did you mean 'before_node_run'?",
    ]);
  });

  test('not when source_dir is the project root', async () => {
    const flat = Object.fromEntries(Object.entries(files).map(([k, v]) => [k.replace(/^src\//, ''), v]));
    const r = await run('def create_pipeline(**kwargs):\n    return Pipeline([])\n', {
      ...flat,
      'demo/pipelines/p/nodes.py': NODES,
      'demo/pipelines/p/pipeline.py': HEAD + 'def create_pipeline(**kwargs):\n    return Pipeline([])\n',
      'pyproject.toml': '[tool.kedro]\npackage_name = "demo"\nproject_name = "demo"\nkedro_init_version = "0.19.9"\nsource_dir = "."\n',
    });
    expect(r.pipes['shared']).toEqual({ nodes: [], open: true });
  });
});

describe('conditional expressions', () => {
  test('`a if flag else b` with a known flag is the chosen value; with an unknown one, what both sides agree on', async () => {
    const r = await run(`from elsewhere import FLAG
def make(categorical: bool = False):
    return Pipeline([
        node(f, "x" if categorical else "y", "a", name="a"),
        node(f, "x" if FLAG else "x", "b", name="b"),
        node(f, "x" if FLAG else "y", "c", name="c"),
    ])

def create_pipeline(**kwargs):
    return make(categorical=True)
`);
    expect(r.node('a')?.inputs.map((i) => i.name)).toEqual(['x']);
    expect(r.node('a')?.partial).toBe(false);
    expect(r.node('b')?.inputs.map((i) => i.name)).toEqual(['x']);
    expect(r.node('c')?.partial).toBe(true);
    expect(r.kl909).toEqual([`${P}:8:9 KL909 This node inputs/outputs cannot be evaluated statically; checks that depend on it are skipped.`]);
  });
});

describe('loops with guards and counting builtins', () => {
  test('`for i in range(len(xs))` with `if ...: break` / `continue` is unrolled', async () => {
    const r = await run(`MONTHS = ["jan", "feb", "mar", "apr"]

def create_pipeline(**kwargs):
    nodes = []
    for i in range(len(MONTHS)):
        if i + 1 >= len(MONTHS):
            break
        if MONTHS[i] == "feb":
            continue
        nodes.append(node(f, MONTHS[i], MONTHS[i + 1], name=MONTHS[i]))
    for n, m in enumerate(MONTHS, 1):
        if n > 1:
            break
        nodes.append(node(f, m, "first", name=f"{m}{n}"))
    return Pipeline(nodes)
`);
    expect(r.pipes['p']).toEqual({ nodes: ['jan', 'jan1', 'mar'], open: false });
    expect(r.kl909).toEqual([]);
  });

  test('a guard whose condition is not known leaves the loop unevaluated, as before', async () => {
    const r = await run(`from elsewhere import STOP

def create_pipeline(**kwargs):
    nodes = [node(f, "i", "a", name="a")]
    for m in ["x", "y"]:
        if m == STOP:
            break
        nodes.append(node(f, m, m + "_out", name=m))
    return Pipeline(nodes)
`);
    expect(r.pipes['p']).toEqual({ nodes: ['a'], open: true });
  });
});

describe('helpers whose body is not read', () => {
  test('a helper that computes a value without building pipelines returns an unknown value, not None', async () => {
    const r = await run(`import random

def make_name(n=3):
    return "".join(random.choice("ab") for _ in range(n))

def create_pipeline(**kwargs):
    ns = [make_name() for _ in range(2)]
    nodes = [node(f, ns[0], "b", name="one")]
    for i in range(len(ns) - 1):
        nodes.append(node(f, ns[i], ns[i + 1], name="two"))
    return Pipeline(nodes)
`);
    expect(r.node('one')?.partial).toBe(true);
    expect(r.node('two')?.partial).toBe(true);
    expect(r.all.filter((l) => l.includes('KL020'))).toEqual([]);
  });
});
