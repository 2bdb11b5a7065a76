// A two-pipeline project for the evaluator's read-recording tests: b reads a module-level constant of demo.shared,
// so a kept create_pipeline() result of b depends on shared.py as well as on b's own module.
export const SRC = 'file:///proj/src';
export const FILES: Readonly<Record<string, string>> = {
  'demo/__init__.py': '',
  'demo/pipeline_registry.py': 'from kedro.framework.project import find_pipelines\n\ndef register_pipelines():\n    return find_pipelines()\n',
  'demo/shared.py': 'PREFIX = "one"\n',
  'demo/pipelines/__init__.py': '',
  'demo/pipelines/a/__init__.py': 'from kedro.pipeline import Pipeline, node\n\ndef create_pipeline():\n    return Pipeline([node(len, "x", "a_out", name="a")])\n',
  'demo/pipelines/b/__init__.py':
    'from kedro.pipeline import Pipeline, node\nfrom demo.shared import PREFIX\n\ndef create_pipeline():\n    return Pipeline([node(len, "a_out", f"{PREFIX}_out", name="b")])\n',
};
