import { describe, expect, test } from 'vitest';
import { parseSettings } from '../../../common/settings';
import { analyzeMemoryProject, render } from '../../helpers/analyze';

const CATALOG = `companies:
  type: pandas.CSVDataset
  filepath: data/01_raw/companies.csv
"{name}_raw":
  type: pandas.CSVDataset
  filepath: data/01_raw/{name}.csv
`;

const pipeline = (body: string): string => `from kedro.pipeline import Pipeline, node
from .nodes import clean, train

def create_pipeline(**kwargs):
    return Pipeline([
${body}
    ])
`;

describe('KL001 dataset-not-found', () => {
  test('reports an input nobody provides, with a suggestion', async () => {
    const { result } = await analyzeMemoryProject({
      'conf/base/catalog.yml': CATALOG,
      'src/demo/pipelines/dp/pipeline.py': pipeline('        node(clean, inputs="companys", outputs="clean_companies"),'),
    });
    expect(render(result, 'KL001')).toEqual([
      "src/demo/pipelines/dp/pipeline.py:6:29 KL001 Dataset 'companys' is not in the catalog and no node produces it.",
    ]);
    const p = result.projects[0]?.problems.find((x) => x.code === 'KL001');
    expect(p?.data).toEqual({ name: 'companys', written: 'companys', literal: true, suggestions: ['companies'] });
    expect(p?.related?.[0]?.loc.uri).toBe('file:///proj/conf/base/catalog.yml');
  });

  test('catalog entries, factory patterns, producers and transcoded producers satisfy inputs', async () => {
    const { result } = await analyzeMemoryProject({
      'conf/base/catalog.yml': CATALOG,
      'src/demo/pipelines/dp/pipeline.py': pipeline(`        node(clean, "companies", "clean"),
        node(clean, "shuttles_raw", "orders@pandas"),
        node(train, ["clean", "orders@spark"], "model"),`),
    });
    expect(render(result, 'KL001')).toEqual([]);
  });

  test('an entry only in another environment does not count; selecting that env fixes it', async () => {
    const files = {
      'conf/base/catalog.yml': CATALOG,
      'conf/prod/catalog.yml': 'reviews:\n  type: pandas.CSVDataset\n  filepath: r.csv\n',
      'conf/local/.gitkeep': '',
      'src/demo/pipelines/dp/pipeline.py': pipeline('        node(clean, "reviews", "clean"),'),
    };
    expect(render((await analyzeMemoryProject(files)).result, 'KL001')).toHaveLength(1);
    expect(render((await analyzeMemoryProject(files, { env: 'prod' })).result, 'KL001')).toEqual([]);
  });

  test('inside a namespace the prefixed name is checked; an un-namespaced twin gives KL003 instead', async () => {
    const { result } = await analyzeMemoryProject({
      'conf/base/catalog.yml': CATALOG,
      'src/demo/pipelines/dp/pipeline.py': `from kedro.pipeline import Pipeline, node
from .nodes import clean
def create_pipeline(**kwargs):
    return Pipeline([node(clean, "companies", "out"), node(clean, "nowhere", "out2")], namespace="eu")
`,
    });
    expect(render(result).filter((l) => !l.includes('KL909'))).toEqual([
      "src/demo/pipelines/dp/pipeline.py:4:35 KL003 Dataset 'eu.companies' does not exist, but 'companies' does: the namespace 'eu' renamed it; add inputs={\"companies\"} to the Pipeline(namespace=\"eu\") wrapper.",
      "src/demo/pipelines/dp/pipeline.py:4:68 KL001 Dataset 'eu.nowhere' is not in the catalog and no node produces it.",
    ]);
  });

  test('a pipeline that cannot be evaluated silences KL001 and says so once (KL909)', async () => {
    const { result } = await analyzeMemoryProject({
      'conf/base/catalog.yml': CATALOG,
      'src/demo/pipelines/dp/pipeline.py': `from kedro.pipeline import Pipeline, node
from .nodes import clean
from elsewhere import more_nodes
def create_pipeline(**kwargs):
    return Pipeline([node(clean, "nowhere", "out")] + more_nodes())
`,
    });
    expect(render(result)).toEqual([
      'src/demo/pipelines/dp/pipeline.py:5:55 KL909 This call of more_nodes() cannot be evaluated statically; checks that depend on it are skipped.',
    ]);
  });
});

describe('KL201 parameter-not-found', () => {
  test('unknown params key is reported with the closest key; nested keys resolve', async () => {
    const { result } = await analyzeMemoryProject({
      'conf/base/catalog.yml': CATALOG,
      'conf/base/parameters.yml': 'model_options:\n  test_size: 0.2\n  features: [a]\n',
      'src/demo/pipelines/ds/pipeline.py': pipeline(`        node(train, ["companies", "params:model_options.test_size", "parameters"], "m"),
        node(train, ["companies", "params:model_option"], "m2"),`),
    });
    expect(render(result, 'KL201')).toEqual([
      "src/demo/pipelines/ds/pipeline.py:7:36 KL201 Parameter 'model_option' is not defined in the parameters of base + local.",
    ]);
  });

  test('destructive merge: a run-env top-level key replaces the base mapping', async () => {
    const { result } = await analyzeMemoryProject(
      {
        'conf/base/parameters.yml': 'model:\n  lr: 0.1\n  depth: 3\n',
        'conf/prod/parameters.yml': 'model:\n  lr: 0.2\n',
        'conf/base/catalog.yml': CATALOG,
        'src/demo/pipelines/ds/pipeline.py': pipeline('        node(train, ["companies", "params:model.depth"], "m"),'),
      },
      { env: 'prod' },
    );
    expect(render(result, 'KL201')).toEqual([
      "src/demo/pipelines/ds/pipeline.py:6:36 KL201 Parameter 'model.depth' is not defined in the parameters of base + prod.",
    ]);
  });

  test("the editor's default environment is the project's default_run_env, as a plain kedro run uses it", async () => {
    const { result } = await analyzeMemoryProject(
      {
        'src/demo/settings.py': 'CONFIG_LOADER_ARGS = {"base_env": "base", "default_run_env": "dev"}\n',
        'conf/base/parameters.yml': 'model:\n  lr: 0.1\n',
        'conf/dev/parameters.yml': 'model:\n  lr: 0.2\n',
        'conf/base/catalog.yml': CATALOG,
        'src/demo/pipelines/ds/pipeline.py': pipeline('        node(train, ["companies", "params:model.depth"], "m"),'),
      },
      { env: parseSettings({}).environment },
    );
    expect(result.projects[0]?.model.envChain).toEqual(['base', 'dev']);
    expect(render(result, 'KL201')).toEqual([
      "src/demo/pipelines/ds/pipeline.py:6:36 KL201 Parameter 'model.depth' is not defined in the parameters of base + dev.",
    ]);
  });

  test('soft merge (merge_strategy parameters: soft) keeps the base keys the run env does not set', async () => {
    const files = {
      'conf/base/parameters.yml': 'model:\n  lr: 0.1\n  depth: 3\n',
      'conf/prod/parameters.yml': 'model:\n  lr: 0.2\n',
      'conf/base/catalog.yml': CATALOG,
      'src/demo/pipelines/ds/pipeline.py': pipeline('        node(train, ["companies", "params:model.depth", "params:model.width"], "m"),'),
    };
    const missingWidth = "src/demo/pipelines/ds/pipeline.py:6:58 KL201 Parameter 'model.width' is not defined in the parameters of base + prod.";
    const soft = 'CONFIG_LOADER_ARGS = {"base_env": "base", "default_run_env": "local", "merge_strategy": {"parameters": "soft"}}\n';
    const { result } = await analyzeMemoryProject({ ...files, 'src/demo/settings.py': soft }, { env: 'prod' });
    expect(render(result, 'KL201')).toEqual([missingWidth]);
    // A strategy that is not a literal may be soft: only what is missing from every merge is reported.
    const computed = 'import os\nCONFIG_LOADER_ARGS = {"base_env": "base", "default_run_env": "local", "merge_strategy": {"parameters": os.environ["M"]}}\n';
    const unknown = await analyzeMemoryProject({ ...files, 'src/demo/settings.py': computed }, { env: 'prod' });
    expect(render(unknown.result, 'KL201')).toEqual([missingWidth]);
  });
});

describe('KL201 runtime parameters and pre-0.18 namespaces', () => {
  test('a key the config reads as ${runtime_params:KEY} without default is supplied at run time', async () => {
    const { result } = await analyzeMemoryProject({
      'conf/base/catalog.yml': `${CATALOG}out:\n  type: pandas.CSVDataset\n  filepath: data/\${runtime_params:agent_id}/out.csv\nout2:\n  type: pandas.CSVDataset\n  filepath: data/\${runtime_params:run_tag, dev}/out.csv\n`,
      'conf/base/parameters.yml': 'p: 1\n',
      'src/demo/pipelines/ds/pipeline.py': pipeline(`        node(train, ["companies", "params:agent_id"], "out"),
        node(train, ["companies", "params:run_tag"], "out2"),`),
    });
    // run_tag has a default, so nothing needs to pass it: still missing from the parameters.
    expect(render(result, 'KL201')).toEqual([
      "src/demo/pipelines/ds/pipeline.py:7:36 KL201 Parameter 'run_tag' is not defined in the parameters of base + local.",
    ]);
  });

  const namespaced = (requirements: string) =>
    analyzeMemoryProject({
      'conf/base/catalog.yml': CATALOG,
      'conf/base/parameters.yml': 'p: 1\n',
      'requirements.txt': requirements,
      'src/demo/pipelines/ds/pipeline.py': `from kedro.pipeline import Pipeline, node, pipeline
from .nodes import train

def create_pipeline(**kwargs):
    inner = Pipeline([node(train, ["companies", "params:p"], "m"), node(train, ["companies", "params:q"], "m2")])
    return pipeline(inner, namespace="ns", inputs={"companies"})
`,
    });

  test('from 0.18 a namespace prefixes params: keys', async () => {
    expect(render((await namespaced('kedro~=0.18.0\n')).result, 'KL201')).toEqual([
      "src/demo/pipelines/ds/pipeline.py:5:50 KL201 Parameter 'ns.p' is not defined in the parameters of base + local; 'p' is, so map it with parameters={\"p\"} on the Pipeline(namespace=\"ns\") wrapper or nest it under 'ns'.",
      "src/demo/pipelines/ds/pipeline.py:5:95 KL201 Parameter 'ns.q' is not defined in the parameters of base + local.",
    ]);
  });

  test('before 0.18 it does not; a range that may be older keeps the prefixed key quiet while the plain one exists', async () => {
    expect(render((await namespaced('kedro==0.17.7\n')).result, 'KL201')).toEqual([
      "src/demo/pipelines/ds/pipeline.py:5:95 KL201 Parameter 'q' is not defined in the parameters of base + local.",
    ]);
    expect(render((await namespaced('kedro>=0.17\n')).result, 'KL201')).toEqual([
      "src/demo/pipelines/ds/pipeline.py:5:95 KL201 Parameter 'ns.q' is not defined in the parameters of base + local.",
    ]);
  });

  test('a key mapped by an inner wrapper and prefixed by an outer one: missing from 0.18, fine before it', async () => {
    const nested = (requirements: string) =>
      analyzeMemoryProject({
        'conf/base/catalog.yml': CATALOG,
        'conf/base/parameters.yml': 'opts:\n  a: 1\n',
        'requirements.txt': requirements,
        'src/demo/pipelines/ds/pipeline.py': `from kedro.pipeline import Pipeline, node, pipeline
from .nodes import train

def create_pipeline(**kwargs):
    inner = pipeline(Pipeline([node(train, ["companies", "params:d"], "m")]), namespace="a", inputs={"companies"}, parameters={"params:d": "params:opts.a"})
    return pipeline(inner, namespace="outer", inputs={"companies"})
`,
      });
    expect(render((await nested('kedro==0.17.6\n')).result, 'KL201')).toEqual([]);
    expect(render((await nested('kedro~=0.18.1\n')).result, 'KL201')).toEqual([
      "src/demo/pipelines/ds/pipeline.py:5:59 KL201 Parameter 'outer.opts.a' is not defined in the parameters of base + local.",
    ]);
  });
});

describe('registry evaluation', () => {
  test('hand-written registry with + and a dict literal; only registered pipelines are checked', async () => {
    const { result } = await analyzeMemoryProject({
      'conf/base/catalog.yml': CATALOG,
      'src/demo/pipeline_registry.py': `from demo.pipelines import ingest as ingest_pipe
from .pipelines.train import pipeline as train_pipe

def register_pipelines():
    ingest = ingest_pipe.create_pipeline()
    train = train_pipe.create_pipeline()
    return {"ingest": ingest, "train": train, "__default__": ingest + train}
`,
      'src/demo/pipelines/ingest/pipeline.py': pipeline('        node(clean, "companies", "clean"),'),
      'src/demo/pipelines/train/pipeline.py': pipeline('        node(train, "clean", "model"),\n        node(train, "nope", "model2"),'),
      'src/demo/pipelines/unused/pipeline.py': pipeline('        node(train, "not_registered_so_not_checked", "x"),'),
    });
    expect(render(result)).toEqual([
      "src/demo/pipelines/train/pipeline.py:6:22 KL002 'clean' is a free input of pipeline 'train' but exists only in memory while another pipeline runs; `kedro run --pipelines=train` fails unless it is in the catalog.",
      "src/demo/pipelines/train/pipeline.py:7:22 KL001 Dataset 'nope' is not in the catalog and no node produces it.",
    ]);
    const model = result.projects[0]?.model;
    expect([...(model?.registry.pipelines.keys() ?? [])]).toEqual(['ingest', 'train', '__default__']);
    expect(model?.registry.pipelines.get('__default__')?.pipeline.nodes.map((n) => n.name)).toEqual(['clean__' + expect.any(String), expect.any(String), expect.any(String)].map(() => expect.any(String)));
  });

  test('comprehensions over literal lists, helper functions and f-strings build nodes', async () => {
    const { result } = await analyzeMemoryProject({
      'conf/base/catalog.yml': CATALOG,
      'src/demo/pipelines/dp/pipeline.py': `from kedro.pipeline import Pipeline, node
from .nodes import clean

REGIONS = ["eu", "us"]

def _make(region, suffix="raw"):
    return node(clean, f"{region}_{suffix}", f"{region}_clean", name=f"clean_{region}")

def create_pipeline(**kwargs):
    nodes = [_make(r) for r in REGIONS]
    nodes.append(node(clean, ["eu_clean", "us_clean"], "all_clean", name="combine"))
    return Pipeline(nodes)
`,
    });
    const model = result.projects[0]?.model;
    expect(model?.nodes.map((n) => [n.name, n.inputs.map((i) => i.name), n.outputs.map((o) => o.name)])).toEqual([
      ['clean_eu', ['eu_raw'], ['eu_clean']],
      ['clean_us', ['us_raw'], ['us_clean']],
      ['combine', ['eu_clean', 'us_clean'], ['all_clean']],
    ]);
    expect(render(result)).toEqual([]);
  });
});

describe('KL900 config-syntax-error and KL901 project-metadata', () => {
  test('broken YAML in a loaded file is reported; files outside the env chain are not', async () => {
    const { result } = await analyzeMemoryProject({
      'conf/base/catalog.yml': 'companies:\n  type: [unclosed\n',
      'conf/staging/catalog.yml': 'x: [\n',
    });
    const lines = render(result, 'KL900');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^conf\/base\/catalog\.yml:\d+:\d+ KL900 /);
  });

  test('missing required [tool.kedro] keys are reported on the table header', async () => {
    const { result } = await analyzeMemoryProject({ 'pyproject.toml': '[tool.kedro]\npackage_name = "demo"\n' });
    expect(render(result, 'KL901')).toEqual([
      "pyproject.toml:1:1 KL901 '[tool.kedro]' lacks required keys [project_name, kedro_init_version]. (every Kedro release)",
    ]);
  });
});

describe('rule overrides', () => {
  test('off silences a rule, a severity replaces the default', async () => {
    const files = {
      'conf/base/catalog.yml': CATALOG,
      'src/demo/pipelines/dp/pipeline.py': pipeline('        node(clean, "nope", "x"),'),
    };
    expect(render((await analyzeMemoryProject(files, { ruleOverrides: { KL001: 'off' } })).result, 'KL001')).toEqual([]);
    const { result } = await analyzeMemoryProject(files, { ruleOverrides: { KL001: 'warning' } });
    expect(result.projects[0]?.problems.find((p) => p.code === 'KL001')?.severity).toBe('warning');
  });
});

describe('KL004 catalog-call-not-found', () => {
  test('catalog.load in scripts: unknown dataset, memory dataset, unknown parameter; valid calls pass', async () => {
    const { result } = await analyzeMemoryProject({
      'conf/base/catalog.yml': CATALOG,
      'conf/base/parameters.yml': 'model:\n  lr: 0.1\n',
      'src/demo/pipelines/dp/pipeline.py': pipeline('        node(clean, "companies", "clean_companies"),'),
      'scripts/explore.py': `from kedro.framework.session import KedroSession

with KedroSession.create() as session:
    catalog = session.load_context().catalog
    a = catalog.load("companys")
    b = catalog.load("clean_companies")
    c = catalog.load("params:model.lrr")
    d = catalog.load("companies"), catalog.load("eu_raw"), catalog.load("params:model.lr")
    catalog.save("new_output", a)
`,
    });
    expect(render(result, 'KL004')).toEqual([
      "scripts/explore.py:5:23 KL004 Dataset 'companys' is not in the catalog of base + local.",
      "scripts/explore.py:6:23 KL004 'clean_companies' is a MemoryDataset (not in the catalog): it only exists during a run and cannot be loaded here.",
      "scripts/explore.py:7:23 KL004 Parameter 'model.lrr' is not defined in the parameters of base + local.",
    ]);
  });
});

describe('KL004 only judges the project catalog', () => {
  test("the .catalog of an object the code makes is that object's; a context from load_context() is the project's", async () => {
    const { result } = await analyzeMemoryProject({
      'conf/base/catalog.yml': CATALOG,
      'src/tests/test_model.py': `from kedro.framework.session import KedroSession
from demo.model import KedroModel

def test_model(pipeline, catalog):
    model = KedroModel(pipeline, catalog)
    assert model.catalog.load("model") is not None

def test_context():
    with KedroSession.create() as session:
        context = session.load_context()
        context.catalog.load("typo_four")
`,
    });
    expect(render(result, 'KL004')).toEqual(["src/tests/test_model.py:11:31 KL004 Dataset 'typo_four' is not in the catalog of base + local."]);
  });

  test('a catalog the code builds or imports is not the project catalog; hook arguments, context.catalog and self._catalog are', async () => {
    const { result } = await analyzeMemoryProject({
      'conf/base/catalog.yml': CATALOG,
      'src/demo/my_catalog.py': `from kedro.io import DataCatalog, MemoryDataset
catalog = DataCatalog({"mine": MemoryDataset(1)})

def use():
    return catalog.load("mine")
`,
      'scripts/uses_import.py': 'from demo.my_catalog import catalog\n\ncatalog.load("mine")\n',
      'scripts/from_config.py': 'from kedro.io import DataCatalog\n\nwith open("c.yml") as f:\n    catalog = DataCatalog.from_config({})\ncatalog.exists("other")\n',
      'src/demo/hooks.py': `from kedro.framework.hooks import hook_impl

class H:
    @hook_impl
    def after_catalog_created(self, catalog):
        self._catalog = catalog
        catalog.load("typo_one")

    @hook_impl
    def after_context_created(self, context):
        context.catalog.load("typo_two")
        self._catalog.load("typo_three")
`,
    });
    expect(render(result, 'KL004')).toEqual([
      "src/demo/hooks.py:11:31 KL004 Dataset 'typo_two' is not in the catalog of base + local.",
      "src/demo/hooks.py:12:29 KL004 Dataset 'typo_three' is not in the catalog of base + local.",
      "src/demo/hooks.py:7:23 KL004 Dataset 'typo_one' is not in the catalog of base + local.",
    ]);
  });
});
