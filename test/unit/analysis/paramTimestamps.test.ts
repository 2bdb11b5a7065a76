import { describe, expect, test } from 'vitest';
import { hoverFor } from '../../../server/src/features/hover';
import { positionIndex } from '../../../server/src/features/positions';
import { analyzeMemoryProject, render } from '../../helpers/analyze';

// An unquoted date is read by the project's config loader: OmegaConfigLoader keeps it a str (OmegaConf's YAML loader
// has no timestamp resolver), ConfigLoader and TemplatedConfigLoader (PyYAML's safe loader) make it a datetime.date.
const PARAMS = 'start: 2020-01-01\nstamp: 2020-01-01 10:00:00\nlabel: 2020-01-01\ncount: 2020-01-01\n';
const NODES = 'from datetime import date, datetime\n\ndef f(df, start: date, stamp: datetime, label: str, count: int): ...\n';
const PIPE = `from kedro.pipeline import Pipeline, Node
from .nodes import f

def create_pipeline(**kwargs):
    return Pipeline([
        Node(f, ["df", "params:start", "params:stamp", "params:label", "params:count"], "out"),
    ])
`;

async function project(extra: Record<string, string>) {
  const { result, host } = await analyzeMemoryProject({
    'conf/base/catalog.yml': 'df:\n  type: pandas.CSVDataset\n  filepath: df.csv\n',
    'conf/base/parameters.yml': PARAMS,
    'src/demo/pipelines/p/nodes.py': NODES,
    'src/demo/pipelines/p/pipeline.py': PIPE,
    ...extra,
  });
  const model = result.projects[0]!.model;
  const uri = host.uri('src/demo/pipelines/p/pipeline.py');
  const line = 5;
  const hover = (key: string): string | undefined => {
    const t = positionIndex(model).at(uri, { line, character: (PIPE.split('\n')[line] as string).indexOf(`"params:${key}"`) + 2 });
    return t && hoverFor(model, t);
  };
  return { result, hover };
}

describe('KL202 and unquoted dates, by config loader', () => {
  test('Kedro 1.x (OmegaConfigLoader): a str, so date/datetime annotations are wrong and str is right', async () => {
    const { result, hover } = await project({ 'requirements.txt': 'kedro==1.0.0\n' });
    expect(render(result, 'KL202')).toEqual([
      "src/demo/pipelines/p/pipeline.py:6:25 KL202 Parameter 'start' in YAML is a str under OmegaConfigLoader, but 'f' annotates 'start' as date.",
      "src/demo/pipelines/p/pipeline.py:6:41 KL202 Parameter 'stamp' in YAML is a str under OmegaConfigLoader, but 'f' annotates 'stamp' as datetime.",
      "src/demo/pipelines/p/pipeline.py:6:73 KL202 Parameter 'count' in YAML is a str under OmegaConfigLoader, but 'f' annotates 'count' as int.",
    ]);
    expect(hover('start')?.split('\n')[0]).toBe('**`params:start`** = `2020-01-01` (str under OmegaConfigLoader)');
  });

  test('Kedro 0.18 (ConfigLoader): a datetime.date / datetime.datetime, so date annotations are right and str is wrong', async () => {
    const { result, hover } = await project({ 'requirements.txt': 'kedro==0.18.14\n' });
    expect(render(result, 'KL202')).toEqual([
      "src/demo/pipelines/p/pipeline.py:6:57 KL202 Parameter 'label' in YAML is a date under ConfigLoader, but 'f' annotates 'label' as str.",
      "src/demo/pipelines/p/pipeline.py:6:73 KL202 Parameter 'count' in YAML is a date under ConfigLoader, but 'f' annotates 'count' as int.",
    ]);
    expect(hover('start')?.split('\n')[0]).toBe('**`params:start`** = `2020-01-01` (date under ConfigLoader)');
    expect(hover('stamp')?.split('\n')[0]).toBe('**`params:stamp`** = `2020-01-01 10:00:00` (datetime under ConfigLoader)');
  });

  test('Kedro 0.18 with TemplatedConfigLoader reads like ConfigLoader; with OmegaConfigLoader like 1.x', async () => {
    const templated = await project({ 'requirements.txt': 'kedro==0.18.14\n', 'src/demo/settings.py': 'from kedro.config import TemplatedConfigLoader\n\nCONFIG_LOADER_CLASS = TemplatedConfigLoader\n' });
    expect(render(templated.result, 'KL202').map((l) => l.replace(/^.* KL202 /, ''))).toEqual([
      "Parameter 'label' in YAML is a date under TemplatedConfigLoader, but 'f' annotates 'label' as str.",
      "Parameter 'count' in YAML is a date under TemplatedConfigLoader, but 'f' annotates 'count' as int.",
    ]);
    const omega = await project({ 'requirements.txt': 'kedro==0.18.14\n', 'src/demo/settings.py': 'from kedro.config import OmegaConfigLoader\n\nCONFIG_LOADER_CLASS = OmegaConfigLoader\n' });
    expect(render(omega.result, 'KL202').map((l) => l.replace(/^.* KL202 /, ''))).toEqual([
      "Parameter 'start' in YAML is a str under OmegaConfigLoader, but 'f' annotates 'start' as date.",
      "Parameter 'stamp' in YAML is a str under OmegaConfigLoader, but 'f' annotates 'stamp' as datetime.",
      "Parameter 'count' in YAML is a str under OmegaConfigLoader, but 'f' annotates 'count' as int.",
    ]);
  });

  test('loader not known (Kedro range across 0.19, or a custom CONFIG_LOADER_CLASS): only what is wrong under both', async () => {
    const range = await project({ 'requirements.txt': 'kedro>=0.18,<1.0\n' });
    expect(render(range.result, 'KL202').map((l) => l.replace(/^.* KL202 /, ''))).toEqual([
      "Parameter 'count' in YAML is a date under ConfigLoader, str under OmegaConfigLoader, but 'f' annotates 'count' as int.",
    ]);
    expect(range.hover('start')?.split('\n')[0]).toBe('**`params:start`** = `2020-01-01` (date under ConfigLoader, str under OmegaConfigLoader)');
    const custom = await project({ 'requirements.txt': 'kedro==1.0.0\n', 'src/demo/settings.py': 'from demo.loader import MyLoader\n\nCONFIG_LOADER_CLASS = MyLoader\n', 'src/demo/loader.py': 'class MyLoader: ...\n' });
    expect(render(custom.result, 'KL202').map((l) => l.replace(/^.* KL202 /, ''))).toEqual([
      "Parameter 'count' in YAML is a date or str, by the custom CONFIG_LOADER_CLASS, but 'f' annotates 'count' as int.",
    ]);
  });
});

describe('KL203 and unquoted dates', () => {
  test('a dataclass field gets the str OmegaConfigLoader reads; pydantic parses the ISO text into a date', async () => {
    const { result } = await analyzeMemoryProject({
      'requirements.txt': 'kedro==1.3.0\n',
      'conf/base/catalog.yml': 'df:\n  type: pandas.CSVDataset\n  filepath: df.csv\n',
      'conf/base/parameters.yml': 'dc:\n  start: 2020-01-01\n  label: 2020-01-01\npd:\n  start: 2020-01-01\n  stamp: 2020-01-01\n',
      'src/demo/pipelines/p/nodes.py': `from dataclasses import dataclass
from datetime import date, datetime
from pydantic import BaseModel

@dataclass
class Window:
    start: date
    label: str

class Period(BaseModel):
    start: date
    stamp: datetime

def f(df, dc: Window, pd: Period): ...
`,
      'src/demo/pipelines/p/pipeline.py': PIPE.replace('"params:start", "params:stamp", "params:label", "params:count"', '"params:dc", "params:pd"'),
    });
    expect(render(result).filter((l) => /KL20[23]/.test(l))).toEqual([
      "conf/base/parameters.yml:2:3 KL203 'dc.start' is a str under OmegaConfigLoader, but Window.start is annotated as date.",
    ]);
  });
});
