import { describe, expect, test } from 'vitest';
import { hoverFor } from '../../../server/src/features/hover';
import { positionIndex } from '../../../server/src/features/positions';
import { resolvedConfig } from '../../../server/src/features/resolvedConfig';
import { statusEnvironment } from '../../../client/src/statusText';
import { analyzeMemoryProject, render } from '../../helpers/analyze';

// A 0.19 project whose CONFIG_LOADER_ARGS name default_run_env but not base_env: Kedro's base is the conf folder
// itself. Every message naming the environments reads it as KL001 does, never as `environment ''`.
const PIPE = `from kedro.pipeline import Pipeline, Node
from .nodes import f

def create_pipeline(**kwargs):
    return Pipeline([
        Node(f, ["params:model.depth", "companies"], "out", name="a"),
    ])
`;
const SCRIPT = `from kedro.framework.session import KedroSession

with KedroSession.create() as session:
    catalog = session.load_context().catalog
    a = catalog.load("companys")
    b = catalog.load("params:model.lrr")
`;
const FILES = {
  'requirements.txt': 'kedro==0.19.5\n',
  'src/demo/settings.py': 'CONFIG_LOADER_ARGS = {"default_run_env": "local"}\n',
  'conf/local/catalog.yml': 'companies:\n  type: pandas.SQLTableDataset\n  table_name: t\n  credentials: warehous\n',
  'conf/local/parameters.yml': 'model:\n  lr: 0.1\n',
  'src/demo/pipelines/p/nodes.py': 'def f(x, y):\n    return x\n',
  'src/demo/pipelines/p/pipeline.py': PIPE,
  'scripts/explore.py': SCRIPT,
};

describe('an empty environment (the conf folder itself) reads the same in every message', () => {
  test('KL004, KL104, KL201, the hover and the resolved config view', async () => {
    const { result } = await analyzeMemoryProject(FILES);
    const model = result.projects[0]!.model;
    expect(model.envChain).toEqual(['', 'local']);
    expect(render(result, 'KL004')).toEqual([
      "scripts/explore.py:5:23 KL004 Dataset 'companys' is not in the catalog of the conf folder itself + local.",
      "scripts/explore.py:6:23 KL004 Parameter 'model.lrr' is not defined in the parameters of the conf folder itself + local.",
    ]);
    expect(render(result, 'KL201')).toEqual([
      "src/demo/pipelines/p/pipeline.py:6:19 KL201 Parameter 'model.depth' is not defined in the parameters of the conf folder itself + local.",
    ]);
    expect(result.projects[0]!.problems.filter((p) => p.code === 'KL104').map((p) => p.message)).toEqual([
      "Credentials 'warehous' cannot be checked: no credentials file in the conf folder itself + local (usually git-ignored conf/local/credentials.yml).",
    ]);
    const withCreds = await analyzeMemoryProject({ ...FILES, 'conf/local/credentials.yml': 'warehouse:\n  con: x\n' });
    expect(render(withCreds.result, 'KL104')).toEqual([
      "conf/local/catalog.yml:4:16 KL104 Credentials 'warehous' are not defined in the credentials of the conf folder itself + local.",
    ]);

    const at = (file: string, text: string, line: number, needle: string) => {
      const t = positionIndex(model).at(result.projects[0]!.model.layout.rootUri + '/' + file, { line, character: text.split('\n')[line]!.indexOf(needle) + 1 });
      return t && hoverFor(model, t);
    };
    expect(at('scripts/explore.py', SCRIPT, 4, '"companys"')).toBe(
      ['**`companys`** — not found', '', 'No catalog entry in the conf folder itself + local, no dataset factory and no node output has this name.', '', 'Did you mean `companies`?', '', 'read by —'].join('\n'),
    );
    expect(at('src/demo/pipelines/p/pipeline.py', PIPE, 5, '"params:model.depth"')).toBe('**`params:model.depth`** — not defined in the conf folder itself + local');
    expect(resolvedConfig(model, 'parameters').split('\n')[0]).toBe('# Resolved parameters of Demo — the conf folder itself + local');
  });

  test('the usual project keeps its names; the status bar shows the environment merged last', async () => {
    const { result } = await analyzeMemoryProject({ ...FILES, 'src/demo/settings.py': '', 'conf/base/parameters.yml': 'x: 1\n' });
    expect(resolvedConfig(result.projects[0]!.model, 'parameters').split('\n')[0]).toBe('# Resolved parameters of Demo — base + local');
    expect(statusEnvironment({ envChain: ['base', 'local'] })).toEqual({ text: 'local', chain: 'base + local' });
    expect(statusEnvironment({ envChain: ['base'] })).toEqual({ text: 'base', chain: 'base' });
    expect(statusEnvironment({ envChain: [''] })).toEqual({ text: 'the conf folder itself', chain: 'the conf folder itself' });
    expect(statusEnvironment({ envChain: ['', 'local'] })).toEqual({ text: 'local', chain: 'the conf folder itself + local' });
  });
});
