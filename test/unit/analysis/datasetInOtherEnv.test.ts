import { describe, expect, test } from 'vitest';
import { codeActionsFor } from '../../../server/src/features/codeActions';
import { hoverFor } from '../../../server/src/features/hover';
import { positionIndex } from '../../../server/src/features/positions';
import { analyzeMemoryProject, render, withProjectScaffold } from '../../helpers/analyze';
import { MemoryHost } from '../../helpers/memoryHost';
import { ROOT, testWorkspace } from '../../helpers/analyze';

const PIPE = `from kedro.pipeline import Pipeline, Node
from .nodes import f

def create_pipeline(**kwargs):
    return Pipeline([
        Node(f, "prod_only", "out", name="a"),
    ])
`;
const FILES = {
  'conf/base/catalog.yml': 'companies:\n  type: pandas.CSVDataset\n  filepath: data/01_raw/companies.csv\n',
  'conf/prod/catalog.yml': '# prod data\nprod_only:\n  type: pandas.CSVDataset\n  filepath: s3://bucket/prod_only.csv\n',
  'src/demo/pipelines/p/nodes.py': 'def f(x):\n    return x\n',
  'src/demo/pipelines/p/pipeline.py': PIPE,
};
const kl001 = (r: Awaited<ReturnType<typeof analyzeMemoryProject>>['result']) => r.projects[0]?.problems.filter((p) => p.code === 'KL001') ?? [];

describe('KL001 for a dataset defined only in another environment', () => {
  test('a project whose loader has no base_env: the conf folder itself is the environment, said so', async () => {
    // Kedro 0.19's OmegaConfigLoader with CONFIG_LOADER_ARGS that set neither base_env nor default_run_env.
    const settings = 'from kedro.config import OmegaConfigLoader\n\nCONFIG_LOADER_CLASS = OmegaConfigLoader\nCONFIG_LOADER_ARGS = {"config_patterns": {"catalog": ["catalog*"]}}\n';
    const { result } = await analyzeMemoryProject({ ...FILES, 'requirements.txt': 'kedro==0.19.5\n', 'src/demo/settings.py': settings, 'conf/base/catalog.yml': 'prod_only:\n  type: MemoryDataset\n', 'conf/prod/catalog.yml': '' });
    expect(render(result, 'KL001')).toEqual([
      "src/demo/pipelines/p/pipeline.py:6:18 KL001 Dataset 'prod_only' is not in the catalog and no node produces it: it is defined in conf/base only, and the current environment is the conf folder itself.",
    ]);
  });

  test('says where it is defined, points at the entry, and offers that environment', async () => {
    const { result, host } = await analyzeMemoryProject(FILES);
    expect(render(result, 'KL001')).toEqual([
      "src/demo/pipelines/p/pipeline.py:6:18 KL001 Dataset 'prod_only' is not in the catalog and no node produces it: it is defined in conf/prod only, and the current environment is base + local.",
    ]);
    const [p] = kl001(result);
    expect(p?.severity).toBe('error');
    expect(p?.related).toEqual([{ loc: { uri: host.uri('conf/prod/catalog.yml'), span: { start: { line: 1, character: 0 }, end: { line: 1, character: 9 } } }, message: "'prod_only' in environment 'prod'" }]);
    expect(p?.data?.['otherEnvs']).toEqual(['prod']);

    const model = result.projects[0]!.model;
    const actions = codeActionsFor(model, p!.loc.uri, PIPE, p!.loc.span, [{ code: 'KL001', span: p!.loc.span, data: p!.data! }]);
    expect(actions.find((a) => a.command)).toEqual({ title: "Switch to environment 'prod', which defines 'prod_only'", kind: 'quickfix', edits: [], command: { command: 'kedro.selectEnvironment', arguments: ['prod'] }, fixes: 0 });

    const t = positionIndex(model).at(p!.loc.uri, { line: 5, character: PIPE.split('\n')[5]!.indexOf('"prod_only"') + 1 });
    expect(t && hoverFor(model, t)).toBe(
      ['**`prod_only`** — not found', '', 'No catalog entry in base + local, no dataset factory and no node output has this name.', '', 'Defined in `conf/prod` only: another environment.', '', 'read by `a`'].join('\n'),
    );
  });

  test('several other environments; none when the defining one is selected; a pattern there is not a definition', async () => {
    const two = await analyzeMemoryProject({ ...FILES, 'conf/staging/catalog/data.yml': 'prod_only:\n  type: pandas.CSVDataset\n  filepath: x.csv\n' });
    expect(kl001(two.result).map((p) => p.message)).toEqual([
      "Dataset 'prod_only' is not in the catalog and no node produces it: it is defined in conf/prod and conf/staging only, and the current environment is base + local.",
    ]);
    expect(kl001(two.result)[0]?.related?.map((r) => r.message)).toEqual(["'prod_only' in environment 'prod'", "'prod_only' in environment 'staging'"]);
    const selected = await analyzeMemoryProject(FILES, { env: 'prod' });
    expect(kl001(selected.result)).toEqual([]);
    const pattern = await analyzeMemoryProject({ ...FILES, 'conf/prod/catalog.yml': '"{name}_only":\n  type: pandas.CSVDataset\n  filepath: "{name}.csv"\n' });
    expect(kl001(pattern.result).map((p) => p.message)).toEqual(["Dataset 'prod_only' is not in the catalog and no node produces it."]);
  });

  test('a project whose default_run_env is empty reads every environment folder over base; a custom CONF_SOURCE is named as it is', async () => {
    // The run environment's pass is the conf folder itself: `**/catalog*` reaches conf/prod (emptyEnvironment.test.ts).
    const bare = await analyzeMemoryProject({ ...FILES, 'requirements.txt': 'kedro==1.0.0\n', 'src/demo/settings.py': 'CONFIG_LOADER_ARGS = {"base_env": "base"}\n' });
    expect(bare.result.projects[0]?.model.envChain).toEqual(['base', '']);
    expect(kl001(bare.result)).toEqual([]);
    const moved = await analyzeMemoryProject({
      'settings/base/catalog.yml': FILES['conf/base/catalog.yml'],
      'settings/base/.gitkeep': '',
      'settings/local/.gitkeep': '',
      'settings/prod/catalog.yml': FILES['conf/prod/catalog.yml'],
      'src/demo/settings.py': 'CONF_SOURCE = "settings"\n',
      'src/demo/pipelines/p/nodes.py': FILES['src/demo/pipelines/p/nodes.py'],
      'src/demo/pipelines/p/pipeline.py': PIPE,
    });
    expect(kl001(moved.result).map((p) => p.message)).toEqual([
      "Dataset 'prod_only' is not in the catalog and no node produces it: it is defined in settings/prod only, and the current environment is base + local.",
    ]);
  });

  test('editing the other environment updates the finding of an unchanged node', async () => {
    const host = new MemoryHost(ROOT, withProjectScaffold(FILES));
    const ws = await testWorkspace(host);
    await ws.discover([ROOT]);
    const messages = async () => ((await ws.analyze())?.projects[0]?.problems ?? []).filter((p) => p.code === 'KL001').map((p) => p.message);
    expect(await messages()).toEqual(["Dataset 'prod_only' is not in the catalog and no node produces it: it is defined in conf/prod only, and the current environment is base + local."]);
    host.set('conf/prod/catalog.yml', 'other:\n  type: pandas.CSVDataset\n  filepath: x.csv\n');
    expect(await messages()).toEqual(["Dataset 'prod_only' is not in the catalog and no node produces it."]);
    host.set('conf/prod/catalog.yml', FILES['conf/prod/catalog.yml']);
    expect(await messages()).toEqual(["Dataset 'prod_only' is not in the catalog and no node produces it: it is defined in conf/prod only, and the current environment is base + local."]);
  });
});
