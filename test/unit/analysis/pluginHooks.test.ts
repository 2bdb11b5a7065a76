import { describe, expect, test } from 'vitest';
import { analyzeMemoryProject, PYPROJECT, render } from '../../helpers/analyze';

// Fifth real-project round: a repository that is both a Kedro project and a Kedro plugin. Its hooks module, named by
// a `kedro.hooks` entry point, loads a dataset the plugin adds to the catalog of the runs it serves; KL004 called it
// missing from this project's catalog (an error).

const HOOKS = `from kedro.framework.hooks import hook_impl


class RunRecorder:
    def record(self, catalog):
        meta = catalog.load("plugin_meta")
        catalog.save("plugin_meta", meta)

    @hook_impl
    def before_pipeline_run(self, run_params, pipeline, catalog):
        self.record(catalog)


recorder = RunRecorder()
`;

const SCRIPT = 'catalog.load("plugin_meta")\n';

describe('hooks a project ships as a plugin', () => {
  test('catalog calls in a module a kedro.hooks entry point names are not checked against this catalog', async () => {
    const entryPoint = `${PYPROJECT}\n[project.entry-points."kedro.hooks"]\nrecorder = "demo.plugin_hooks:recorder"\n`;
    const { result } = await analyzeMemoryProject({ 'pyproject.toml': entryPoint, 'src/demo/plugin_hooks.py': HOOKS, 'scripts/look.py': SCRIPT });
    expect(render(result, 'KL004')).toEqual(["scripts/look.py:1:15 KL004 Dataset 'plugin_meta' is not in the catalog of base + local."]);
  });

  test('without the entry point the same module is the project\'s own, and checked', async () => {
    const { result } = await analyzeMemoryProject({ 'src/demo/plugin_hooks.py': HOOKS });
    expect(render(result, 'KL004')).toEqual(["src/demo/plugin_hooks.py:6:30 KL004 Dataset 'plugin_meta' is not in the catalog of base + local."]);
  });

  test('Poetry plugins name them the same way', async () => {
    const poetry = `${PYPROJECT}\n[tool.poetry.plugins."kedro.hooks"]\nrecorder = "demo.plugin_hooks:recorder"\n`;
    const { result } = await analyzeMemoryProject({ 'pyproject.toml': poetry, 'src/demo/plugin_hooks.py': HOOKS });
    expect(render(result, 'KL004')).toEqual([]);
  });
});
