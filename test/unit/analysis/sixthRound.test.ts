import { expect, test } from 'vitest';
import { discoverKedroRoots } from '../../../server/src/project/discovery';
import { analyzeMemoryProject, render, testWorkspace, withProjectScaffold } from '../../helpers/analyze';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileUri } from '../../../server/src/core/uri';
import { FsSourceHost } from '../../../server/src/host/fsHost';

// Sixth real-project round: a namespaced pipeline reads `params:audience_building.id_col`, which the namespace turns
// into `params:scoring.audience_building.id_col`; the parameters give `scoring.audience_building: ${audience_building}`,
// a whole-mapping reference OmegaConf resolves against the merged parameters.
const NAMESPACED = {
  'src/demo/pipelines/audience/nodes.py': 'def pick(df, id_col: str, start: int):\n    return df\n',
  'src/demo/pipelines/audience/pipeline.py': [
    'from kedro.pipeline import Pipeline, node, pipeline',
    'from .nodes import pick',
    '',
    'def create_pipeline(**kwargs):',
    '    template = Pipeline([node(pick, ["orders", "params:audience_building.id_col", "params:start"], "audience")])',
    '    return pipeline(template, namespace="scoring")',
    '',
  ].join('\n'),
  'conf/base/catalog.yml': '"{namespace}.orders":\n  type: pandas.CSVDataset\n  filepath: data/{namespace}/orders.csv\n',
};

test('a parameter mapping aliased by ${...} holds the referenced keys (OmegaConfigLoader)', async () => {
  const { result } = await analyzeMemoryProject({
    ...NAMESPACED,
    'conf/base/parameters.yml': 'audience_building:\n  id_col: seller_id\n',
    'conf/base/parameters_scoring.yml': 'scoring:\n  audience_building: ${audience_building}\n  start: 201701\n',
  });
  expect(render(result, 'KL201')).toEqual([]);
  expect(render(result, 'KL202')).toEqual([]);
});

test('the alias takes the referenced type: KL202 still reads through it', async () => {
  const { result } = await analyzeMemoryProject({
    ...NAMESPACED,
    'conf/base/parameters.yml': 'audience_building:\n  id_col: 12\n',
    'conf/base/parameters_scoring.yml': 'scoring:\n  audience_building: ${audience_building}\n  start: 201701\n',
  });
  expect(render(result, 'KL201')).toEqual([]);
  expect(render(result, 'KL202')).toEqual([
    "src/demo/pipelines/audience/pipeline.py:5:49 KL202 Parameter 'scoring.audience_building.id_col' is an int in YAML, but 'pick' annotates 'id_col' as str.",
  ]);
});

test('an alias of a missing key, or with ConfigLoader (no interpolation), defines nothing', async () => {
  const missing = await analyzeMemoryProject({
    ...NAMESPACED,
    'conf/base/parameters.yml': 'audience:\n  id_col: seller_id\n',
    'conf/base/parameters_scoring.yml': 'scoring:\n  audience_building: ${audience_building}\n  start: 201701\n',
  });
  expect(render(missing.result, 'KL201')).toEqual([
    "src/demo/pipelines/audience/pipeline.py:5:49 KL201 Parameter 'scoring.audience_building.id_col' is not defined in the parameters of base + local.",
  ]);
  const legacy = await analyzeMemoryProject({
    ...NAMESPACED,
    'requirements.txt': 'kedro==0.18.14\n',
    'conf/base/parameters.yml': 'audience_building:\n  id_col: seller_id\n',
    'conf/base/parameters_scoring.yml': 'scoring:\n  audience_building: ${audience_building}\n  start: 201701\n',
  });
  expect(render(legacy.result, 'KL201').map((l) => l.split(' KL201 ')[1]?.split(';')[0])).toEqual([
    "Parameter 'scoring.audience_building.id_col' is not defined in the parameters of base + local",
  ]);
});

// Sixth round (a 0.19.12 Spark lakehouse): package_name 'x_y' while the package folder is 'src/X_Y'. Nothing of the
// package was read, so settings.py's custom resolver looked unregistered (337 KL905 errors), find_pipelines() gave an
// empty __default__ and every catalog entry looked unused (209 KL110 hints); the real defect was not reported.
test('a package_name without its folder is KL901, and the checks that need the package stay quiet', async () => {
  const files = {
    'pyproject.toml': '[tool.kedro]\npackage_name = "lake_house"\nproject_name = "Lake"\nkedro_init_version = "0.19.12"\n',
    'src/Lake_House/__init__.py': '',
    'src/Lake_House/settings.py': 'import os\nCONFIG_LOADER_ARGS = {"base_env": "base", "default_run_env": "local", "custom_resolvers": {"env": lambda v: os.getenv(v)}}\n',
    'src/Lake_House/pipeline_registry.py': 'from kedro.pipeline import Pipeline\n\ndef register_pipelines():\n    return {"__default__": Pipeline([])}\n',
    'conf/base/catalog.yml': 'raw:\n  type: pandas.CSVDataset\n  filepath: ${env:DATA}/raw.csv\n',
  };
  const { result } = await analyzeMemoryProject(files);
  expect(render(result, 'KL901')).toEqual([
    "pyproject.toml:2:1 KL901 package_name 'lake_house' is not a folder in src/ ('src/Lake_House' differs in case, and Python imports are case-sensitive): Kedro cannot import the project (\"No module named 'lake_house'\"), and its settings and pipelines are not read.",
  ]);
  expect(render(result, 'KL905')).toEqual([]);
  expect(render(result, 'KL110')).toEqual([]);
  expect(result.projects[0]?.model?.registry.pipelines.size).toBe(0);

  const renamed = await analyzeMemoryProject({ ...files, 'pyproject.toml': files['pyproject.toml'].replace('lake_house', 'Lake_House') });
  expect(render(renamed.result, 'KL901')).toEqual([]);
  expect(renamed.result.projects[0]?.model?.registry.pipelines.size).toBe(1);

  const absent = await analyzeMemoryProject({ ...files, 'pyproject.toml': files['pyproject.toml'].replace('lake_house', 'warehouse') });
  expect(render(absent.result, 'KL901')).toEqual([
    "pyproject.toml:2:1 KL901 package_name 'warehouse' is not a folder in src/: Kedro cannot import the project (\"No module named 'warehouse'\"), and its settings and pipelines are not read.",
  ]);
});

// Sixth round (a Kedro 1.1.1 library that ships a project starter): the starter's
// `templates/project/{{ cookiecutter.repo_name }}/pyproject.toml` was taken for a project root, and its unrendered
// Jinja2 keys were a KL901 "Failed to parse" error.
test('a folder named with a template placeholder is not searched for projects', async () => {
  const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kl-template-')));
  const files: Record<string, string> = {
    ...withProjectScaffold({}),
    'src/demo/templates/project/{{ cookiecutter.repo_name }}/pyproject.toml': '[tool.kedro]\npackage_name = "{{ cookiecutter.python_package }}"\n{{ cookiecutter.extra }} = 1\n',
    'src/demo/templates/project/{{ cookiecutter.repo_name }}/notebooks/start.py': 'catalog.load("not_in_this_catalog")\n',
  };
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(tmp, rel)), { recursive: true });
    fs.writeFileSync(path.join(tmp, rel), text);
  }
  const root = fileUri(tmp);
  const host = new FsSourceHost();
  expect(await discoverKedroRoots(host, root)).toEqual([root]);
  const ws = await testWorkspace(host);
  await ws.discover(await discoverKedroRoots(host, root));
  const result = await ws.analyze({});
  if (!result) throw new Error('cancelled');
  expect(result.projects.length).toBe(1);
  expect(result.projects.flatMap((p) => p.problems).filter((p) => p.code !== 'KL110' && p.code !== 'KL111').map((p) => p.code)).toEqual([]);
  fs.rmSync(tmp, { recursive: true, force: true });
});

// Sixth round (the same library): it is also a Kedro plugin (`kedro.hooks` entry point) whose after_catalog_created
// adds a dataset per view and algorithm; a notebook loading one of them was a KL004 error.
const ADDING_HOOK = `from kedro.framework.hooks import hook_impl


class ViewHooks:
    @hook_impl
    def after_catalog_created(self, catalog, conf_creds):
        for view in ["admissions", "patients"]:
            if view:
                catalog[f"{view}.model"] = None
`;
const LOGGING_HOOK = `import logging
from kedro.framework.hooks import hook_impl


class ViewHooks:
    @hook_impl
    def after_catalog_created(self, catalog, conf_creds):
        logging.info("catalog has %d entries", len(catalog.list()))
`;

test('KL004 says nothing of dataset names when a hook of the project adds datasets to the catalog', async () => {
  const base = {
    'pyproject.toml': '[project]\nname = "demo"\n\n[project.entry-points."kedro.hooks"]\nviews = "demo.plugin:hooks"\n\n[tool.kedro]\npackage_name = "demo"\nproject_name = "Demo"\nkedro_init_version = "1.1.1"\n',
    'src/demo/plugin/__init__.py': 'from .views import ViewHooks\n\nhooks = ViewHooks()\n',
    'scripts/explore.py': 'model = catalog.load("admissions.model")\nseed = catalog.load("params:seed")\n',
  };
  const adding = await analyzeMemoryProject({ ...base, 'src/demo/plugin/views.py': ADDING_HOOK });
  expect(render(adding.result, 'KL004')).toEqual(["scripts/explore.py:2:22 KL004 Parameter 'seed' is not defined in the parameters of base + local."]);
  // The check being off is said once, at the hook, with how many calls it leaves unchecked (not the parameter's).
  expect(render(adding.result, 'KL909')).toEqual([
    'src/demo/plugin/views.py:6:9 KL909 ViewHooks.after_catalog_created adds datasets to the catalog, and which ones cannot be known statically: KL004 does not check the dataset name of 1 catalog call (parameters are still checked).',
  ]);
  const two = await analyzeMemoryProject({ ...base, 'src/demo/plugin/views.py': ADDING_HOOK, 'scripts/more.py': 'a = catalog.load("x")\ncatalog.save("y", a)\ncatalog.exists("z")\n' });
  expect(render(two.result, 'KL909').map((l) => l.split(': KL004 ')[1])).toEqual(['does not check the dataset names of 3 catalog calls (parameters are still checked).']);
  expect(two.result.projects[0]!.problems.find((p) => p.code === 'KL909')?.severity).toBe('information');
  // No call to check: nothing to say.
  const none = await analyzeMemoryProject({ ...base, 'src/demo/plugin/views.py': ADDING_HOOK, 'scripts/explore.py': 'seed = catalog.load("params:seed")\n' });
  expect(render(none.result, 'KL909')).toEqual([]);

  const logging = await analyzeMemoryProject({ ...base, 'src/demo/plugin/views.py': LOGGING_HOOK });
  expect(render(logging.result, 'KL909')).toEqual([]);
  expect(render(logging.result, 'KL004')).toEqual([
    "scripts/explore.py:1:23 KL004 Dataset 'admissions.model' is not in the catalog of base + local.",
    "scripts/explore.py:2:22 KL004 Parameter 'seed' is not defined in the parameters of base + local.",
  ]);

  // The same hook registered in settings.py HOOKS, in a project that is not a plugin.
  const registered = await analyzeMemoryProject({
    'src/demo/hooks.py': ADDING_HOOK,
    'src/demo/settings.py': 'from demo.hooks import ViewHooks\n\nHOOKS = (ViewHooks(),)\n',
    'scripts/explore.py': base['scripts/explore.py'],
  });
  expect(render(registered.result, 'KL004')).toEqual(["scripts/explore.py:2:22 KL004 Parameter 'seed' is not defined in the parameters of base + local."]);
});
