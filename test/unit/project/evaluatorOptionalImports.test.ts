import { describe, expect, test } from 'vitest';
import { analyzeMemoryProject, render } from '../../helpers/analyze';

// Fifth real-project round: a registry that imports each pipeline module inside `try:`/`except ImportError:` (setting
// the factory to None when the import fails), registers what `if factory:` finds, and chains the parts with
// `for part in parts[1:]`. Every pipeline of it was unknown (KL909 at the registry).

const NODES = 'def f(x):\n    return x\n';
const PIPE = (name: string) => `from kedro.pipeline import Pipeline, node\nfrom .nodes import f\n\ndef create_pipeline(**kwargs):\n    return Pipeline([node(f, "${name}_in", "${name}_out", name="${name}")])\n`;

async function run(registry: string, extra: Record<string, string> = {}) {
  const { result } = await analyzeMemoryProject({
    'src/demo/pipelines/__init__.py': '',
    'src/demo/pipelines/clean/nodes.py': NODES,
    'src/demo/pipelines/clean/pipeline.py': PIPE('clean'),
    'src/demo/pipelines/train/nodes.py': NODES,
    'src/demo/pipelines/train/pipeline.py': PIPE('train'),
    'src/demo/pipeline_registry.py': registry,
    ...extra,
  });
  const model = result.projects[0]?.model;
  if (!model) throw new Error('no project');
  const pipes = Object.fromEntries([...model.registry.pipelines].map(([name, r]) => [name, { nodes: r.pipeline.nodes.map((n) => n.name).sort(), open: r.pipeline.open.length > 0 }]));
  return { pipes, kl909: render(result, 'KL909') };
}

const GUARDED = `import logging
from kedro.pipeline import Pipeline

log = logging.getLogger(__name__)

try:
    from demo.pipelines.clean import create_pipeline as make_clean
    log.info("clean imported")
    HAVE_CLEAN = True
except ImportError as err:
    log.error(f"clean: {err}")
    make_clean = None
    HAVE_CLEAN = False

try:
    from demo.pipelines.train import create_pipeline as make_train
except Exception:
    make_train = None

try:
    from demo.pipelines.report import create_pipeline as make_report
except (ValueError, ModuleNotFoundError):
    make_report = None


def register_pipelines():
    pipelines = {}
    parts = []
    if HAVE_CLEAN and make_clean:
        pipelines["clean"] = make_clean()
        parts.append(pipelines["clean"])
    if make_train:
        pipelines["train"] = make_train()
        parts.append(pipelines["train"])
    if make_report:
        pipelines["report"] = make_report()
        parts.append(pipelines["report"])
    if parts:
        total = parts[0]
        for more in parts[1:]:
            total = total + more
        pipelines["__default__"] = total
    return pipelines
`;

describe('optional imports in try/except', () => {
  test('imports of project modules succeed, one of a module missing from a project package runs its handler', async () => {
    const r = await run(GUARDED);
    expect(r.pipes).toEqual({
      clean: { nodes: ['clean'], open: false },
      train: { nodes: ['train'], open: false },
      __default__: { nodes: ['clean', 'train'], open: false },
    });
    expect(r.kl909).toEqual([]);
  });

  test('an import from outside the project may fail: what the try binds stays unknown, as before', async () => {
    const r = await run(`from kedro.pipeline import Pipeline

try:
    from somewhere_else import create_pipeline as make_extra
except ImportError:
    make_extra = None

from demo.pipelines.clean import create_pipeline as make_clean


def register_pipelines():
    pipelines = {"clean": make_clean()}
    if make_extra:
        pipelines["extra"] = make_extra()
    pipelines["__default__"] = make_clean()
    return pipelines
`);
    expect(r.pipes).toEqual({});
    expect(r.kl909).toEqual(["src/demo/pipeline_registry.py:15:5 KL909 This 'pipelines[...]' assignment cannot be evaluated statically; checks that depend on it are skipped."]);
  });

  test('a handler that does not catch ImportError leaves the names unknown; a try body doing more is read as before', async () => {
    const r = await run(`from kedro.pipeline import Pipeline

try:
    from demo.pipelines.gone import create_pipeline as make_gone
except KeyError:
    make_gone = None

try:
    from demo.pipelines.clean import create_pipeline as make_clean
    make_clean = make_clean.__wrapped__
except ImportError:
    make_clean = None


def register_pipelines():
    return {"__default__": make_gone() + make_clean()}
`);
    // The second try is not the idiom (it rebinds through an attribute): its import is taken, as for any try before.
    expect(r.pipes).toEqual({ __default__: { nodes: ['clean'], open: true } });
    expect(r.kl909).toEqual(["src/demo/pipeline_registry.py:3:1 KL909 The value of 'make_gone' (assigned inside try) cannot be evaluated statically; checks that depend on it are skipped."]);
  });

  test('a folder without __init__.py is a namespace package, not a missing module: its import is not judged', async () => {
    const r = await run(`from kedro.pipeline import Pipeline

try:
    from demo.pipelines.extra import steps as extra_module
except ImportError:
    extra_module = None

from demo.pipelines.clean import create_pipeline as make_clean


def register_pipelines():
    pipelines = {"__default__": make_clean()}
    if extra_module is None:
        pipelines["fallback"] = make_clean()
    return pipelines
`, { 'src/demo/pipelines/extra/steps.py': NODES });
    // Python imports it; whether the registry then has 'fallback' is left unknown rather than guessed.
    expect(r.pipes).toEqual({});
  });
});

describe('slices', () => {
  test('`xs[a:b:c]` of a known list with known bounds, negative ones included', async () => {
    const r = await run(`from kedro.pipeline import Pipeline
from demo.pipelines.clean import create_pipeline as make_clean
from demo.pipelines.train import create_pipeline as make_train

PARTS = [make_clean(), make_train()]
NAMES = ["a", "b", "c", "d", "e"]


def register_pipelines():
    return {
        "rest": sum(PARTS[1:], Pipeline([])),
        "first": sum(PARTS[:-1], Pipeline([])),
        "none": sum(PARTS[5:], Pipeline([])),
        "back": sum(PARTS[::-1], Pipeline([])),
        NAMES[1:4:2][1]: PARTS[0],
        "abcde"[-2:]: PARTS[1],
        "__default__": sum(PARTS, Pipeline([])),
    }
`);
    expect(r.pipes).toEqual({
      rest: { nodes: ['train'], open: false },
      first: { nodes: ['clean'], open: false },
      none: { nodes: [], open: false },
      back: { nodes: ['clean', 'train'], open: false },
      d: { nodes: ['clean'], open: false },
      de: { nodes: ['train'], open: false },
      __default__: { nodes: ['clean', 'train'], open: false },
    });
    expect(r.kl909).toEqual([]);
  });
});

describe('find_pipelines() imports any folder name', () => {
  test('pipeline folders whose names start with a digit are registered, as importlib imports them', async () => {
    const { result } = await analyzeMemoryProject({
      'src/demo/pipelines/__init__.py': '',
      'src/demo/pipelines/01_clean/nodes.py': NODES,
      'src/demo/pipelines/01_clean/pipeline.py': PIPE('clean'),
      'src/demo/pipelines/02_train/nodes.py': NODES,
      'src/demo/pipelines/02_train/pipeline.py': PIPE('train'),
    });
    const model = result.projects[0]?.model;
    const pipes = Object.fromEntries([...(model?.registry.pipelines ?? [])].map(([name, r]) => [name, r.pipeline.nodes.map((n) => n.name).sort()]));
    expect(pipes).toEqual({ __default__: ['clean', 'train'], '01_clean': ['clean'], '02_train': ['train'] });
    expect(render(result, 'KL909')).toEqual([]);
  });
});
