import { describe, expect, test } from 'vitest';
import { resolveDatasetType } from '../../../server/src/project/datasetTypes';
import { datasetsForKedro, initVersionRange, pinIn, projectVersions } from '../../../server/src/project/projectVersions';
import { ANY_VERSION, atLeast, parseSpecifier, rangeText } from '../../../server/src/project/versions';
import { analyzeMemoryProject, render } from '../../helpers/analyze';

const spec = (s: string): string => rangeText(parseSpecifier(s));

describe('version specifiers', () => {
  test('PEP 440 and Poetry forms become one interval', () => {
    expect(spec('==0.19.3')).toBe('==0.19.3');
    expect(spec('~=0.19.15')).toBe('>=0.19.15,<0.20');
    expect(spec('~=0.19')).toBe('>=0.19,<1');
    expect(spec('>=0.18,<0.19')).toBe('>=0.18,<0.19');
    expect(spec('==0.18.*')).toBe('>=0.18,<0.19');
    expect(spec('<=1.2.0')).toBe('<=1.2.0');
    expect(spec('^0.19.1')).toBe('>=0.19.1,<0.20');
    expect(spec('^1.2')).toBe('>=1.2,<2');
    expect(spec('!=1.0.0')).toBe('any');
    expect(spec('')).toBe('any');
    // Contradictions say nothing (the project's own problem, not ours to guess).
    expect(spec('>=1,<0.19')).toBe('any');
  });

  test('atLeast is yes only when every version is, no when none is', () => {
    expect(atLeast(parseSpecifier('~=0.19.3'), '0.19.0')).toBe('yes');
    expect(atLeast(parseSpecifier('~=0.18.2'), '0.19.0')).toBe('no');
    expect(atLeast(parseSpecifier('>=0.18'), '0.19.0')).toBe('maybe');
    expect(atLeast(parseSpecifier(''), '0.19.0')).toBe('maybe');
  });
});

describe('where a project says which Kedro it uses', () => {
  test('requirement lines, never kedro-viz or kedro-datasets for kedro', () => {
    const req = 'kedro-viz>=6\nkedro-datasets[pandas-csvdataset]~=3.0  # data\nkedro[pandas]~=0.19.15 ; python_version >= "3.9"\n';
    expect(rangeText(pinIn('requirements.txt', req, 'kedro') ?? {})).toBe('>=0.19.15,<0.20');
    expect(rangeText(pinIn('requirements.txt', req, 'kedro-datasets') ?? {})).toBe('>=3.0,<4');
    expect(pinIn('requirements.txt', 'kedro-viz\n', 'kedro')).toBeUndefined();
    expect(rangeText(pinIn('requirements.txt', 'kedro @ git+https://example.invalid/kedro\n', 'kedro') ?? { min: [9] })).toBe('any');
  });

  test('pyproject dependencies, Poetry tables, setup.py, lock files', () => {
    expect(rangeText(pinIn('pyproject.toml', '[project]\ndependencies = ["kedro>=1.0,<2", "pandas"]\n', 'kedro') ?? {})).toBe('>=1.0,<2');
    expect(rangeText(pinIn('pyproject.toml', '[tool.poetry.dependencies]\nkedro = "^0.18.3"\n', 'kedro') ?? {})).toBe('>=0.18.3,<0.19');
    expect(rangeText(pinIn('pyproject.toml', '[tool.poetry.dependencies]\nkedro = { version = "0.19.2", extras = ["pandas"] }\n', 'kedro') ?? {})).toBe('==0.19.2');
    expect(rangeText(pinIn('setup.py', 'setup(install_requires=["kedro==0.18.14", "kedro-datasets[pandas]>=1.0"])\n', 'kedro') ?? {})).toBe('==0.18.14');
    expect(rangeText(pinIn('uv.lock', '[[package]]\nname = "kedro"\nversion = "1.4.0"\n\n[[package]]\nname = "kedro-datasets"\nversion = "9.1.0"\n', 'kedro-datasets') ?? {})).toBe('==9.1.0');
  });

  test('a lock narrows a requirement range; [tool.kedro] only when no file pins Kedro', () => {
    const v = projectVersions({ files: new Map([['requirements.txt', 'kedro>=0.19\n'], ['uv.lock', '[[package]]\nname = "kedro"\nversion = "0.19.9"\n']]), initVersion: { key: 'kedro_init_version', value: '0.19.1' } });
    expect(rangeText(v.kedro)).toBe('==0.19.9');
    expect(v.kedroSource).toBe('requirements.txt: kedro >=0.19 + uv.lock: kedro ==0.19.9');
    const init = projectVersions({ files: new Map([['requirements.txt', 'pandas\n']]), initVersion: { key: 'project_version', value: '0.18.2' } });
    expect(init.text).toBe('kedro >=0.18,<0.19 · kedro-datasets >=1.0,<2.1');
    expect(init.kedroSource).toBe('pyproject.toml [tool.kedro] project_version = "0.18.2"');
    expect(projectVersions({ files: new Map(), override: '0.19.15' }).kedroSource).toBe('kedro.version setting (0.19.15)');
  });

  test('Kedro refuses another MAJOR.MINOR before 1.x, another MAJOR from 1.1.1', () => {
    expect(rangeText(initVersionRange('0.18.14') ?? {})).toBe('>=0.18,<0.19');
    expect(rangeText(initVersionRange('1.2.0') ?? {})).toBe('>=1,<2');
  });

  test('kedro-datasets releases usable with a Kedro range', () => {
    expect(rangeText(datasetsForKedro(parseSpecifier('~=0.18.2')))).toBe('>=1.0,<2.1');
    expect(rangeText(datasetsForKedro(parseSpecifier('~=0.19.15')))).toBe('>=2.0,<8');
    expect(rangeText(datasetsForKedro(parseSpecifier('')))).toBe('>=1.0');
  });
});

describe('dataset classes by release', () => {
  const v = (kedro: string, datasets?: string) => ({ kedro: parseSpecifier(kedro), datasets: datasets ? parseSpecifier(datasets) : datasetsForKedro(parseSpecifier(kedro)) });
  test('*DataSet: valid on 0.18 and kedro-datasets 1.x, wrong from 2.0; *Dataset: wrong before 1.7.1', () => {
    expect(resolveDatasetType('pandas.CSVDataSet', undefined, v('~=0.18.2')).kind).toBe('known');
    expect(resolveDatasetType('pandas.CSVDataSet', undefined, v('~=0.19.15'))).toEqual({ kind: 'unknown', reason: 'dataset-spelling', suggestions: ['pandas.CSVDataset'] });
    expect(resolveDatasetType('pandas.CSVDataset', undefined, v('~=0.18.2')).kind).toBe('known');
    expect(resolveDatasetType('pandas.CSVDataset', undefined, v('~=0.18.2', '==1.1.0'))).toEqual({ kind: 'unknown', reason: 'dataset-spelling', suggestions: ['pandas.CSVDataSet'] });
    // Unknown release: only what no release has.
    expect(resolveDatasetType('pandas.CSVDataSet').kind).toBe('known');
    expect(resolveDatasetType('pandas.CSVDatset').kind).toBe('unknown');
  });

  test('MatplotlibWriter until kedro-datasets 8.x; kedro.io spellings by Kedro release', () => {
    expect(resolveDatasetType('matplotlib.MatplotlibWriter', undefined, v('~=0.19.15')).kind).toBe('known');
    expect(resolveDatasetType('matplotlib.MatplotlibWriter', undefined, v('~=1.5', '>=9'))).toMatchObject({ kind: 'unknown', reason: 'version', suggestions: ['matplotlib.MatplotlibDataset'], availableIn: 'kedro-datasets 1.0.0–<9.0.0, kedro.extras.datasets (kedro 0.18.0–<0.19.0)' });
    expect(resolveDatasetType('MemoryDataSet', undefined, v('~=0.18.2')).kind).toBe('known');
    expect(resolveDatasetType('MemoryDataSet', undefined, v('>=1,<2'))).toMatchObject({ kind: 'unknown', reason: 'dataset-spelling', suggestions: ['MemoryDataset'] });
    expect(resolveDatasetType('PartitionedDataSet', undefined, v('~=0.18.2')).kind).toBe('opaque');
    expect(resolveDatasetType('PartitionedDataset', undefined, v('~=0.19.1'))).toMatchObject({ kind: 'unknown', reason: 'version' });
  });
});

describe('KL901 and KL101 judge the project by its own release', () => {
  test('project_version: accepted up to 0.18, an error from 0.19', async () => {
    const py = (pin: string, recorded: string) => ({ 'pyproject.toml': `[tool.kedro]\npackage_name = "demo"\nproject_name = "Demo"\nproject_version = "${recorded}"\n`, 'requirements.txt': pin });
    expect(render((await analyzeMemoryProject(py('kedro~=0.18.2\n', '0.18.2'))).result, 'KL901')).toEqual([]);
    expect(render((await analyzeMemoryProject(py('kedro~=0.19.3\n', '0.19.3'))).result, 'KL901')).toEqual([
      "pyproject.toml:1:1 KL901 '[tool.kedro]' lacks required keys [kedro_init_version] and has keys Kedro 0.19.2–0.19.x rejects [project_version] (it accepts package_name, project_name, kedro_init_version, source_dir, tools, example_pipeline, micropkg). (Kedro >=0.19.3,<0.20, from requirements.txt: kedro >=0.19.3,<0.20)",
    ]);
  });

  test('an old spelling in a 0.18 project is fine; the same catalog on 0.19 is an error with the releases named', async () => {
    const files = (pin: string) => ({ 'requirements.txt': pin, 'conf/base/catalog.yml': 'companies:\n  type: pandas.CSVDataSet\n  filepath: data/01_raw/companies.csv\n' });
    expect(render((await analyzeMemoryProject(files('kedro==0.18.14\n'))).result, 'KL101')).toEqual([]);
    expect(render((await analyzeMemoryProject(files('kedro==0.19.15\n'))).result, 'KL101')).toEqual([
      "conf/base/catalog.yml:2:9 KL101 Dataset type 'pandas.CSVDataSet' does not exist in the releases this project uses (kedro ==0.19.15 · kedro-datasets >=2.0,<8, from requirements.txt: kedro ==0.19.15): since kedro-datasets 2.0 classes are spelt 'Dataset'. Did you mean 'pandas.CSVDataset'?",
    ]);
  });
});

describe('config loaders and node tags by release', () => {
  const SETTINGS = 'CONFIG_LOADER_ARGS = {"config_patterns": {"spark": ["spark*"]}}\n';
  const files = (pin: string) => ({
    'requirements.txt': pin,
    'src/demo/settings.py': SETTINGS,
    'src/demo/pipelines/a/pipeline.py': 'from kedro.pipeline import Pipeline, node\n\ndef create_pipeline(**kwargs):\n    return Pipeline([node(len, "raw", "out", name="n", tags=["bad tag"])])\n',
    'conf/base/catalog.yml': 'raw:\n  type: pandas.CSVDataset\n  filepath: data/01_raw/raw.csv\n',
    'data/01_raw/raw.csv': 'a\n',
  });

  test('0.18 loaders default to base/local when CONFIG_LOADER_ARGS omits them; 0.19 uses empty strings (KL903)', async () => {
    const old = (await analyzeMemoryProject(files('kedro==0.18.14\n'))).result;
    expect(old.projects[0]?.model.envChain).toEqual(['base', 'local']);
    expect(render(old, 'KL903')).toEqual([]);
    expect(render(old, 'KL001')).toEqual([]);
    const next = (await analyzeMemoryProject(files('kedro==0.19.3\n'))).result;
    expect(next.projects[0]?.model.envChain).toEqual(['']);
    expect(render(next, 'KL903')).toEqual([
      "src/demo/settings.py:1:1 KL903 CONFIG_LOADER_ARGS lacks 'base_env' and 'default_run_env'; Kedro then uses '' for them: both the base and the run environment are the conf folder itself, which reads the files of every environment folder together (a key in two of them stops the run with \"Duplicate keys found\").",
    ]);
  });

  test('node tags are validated from 0.19.0 on, names always', async () => {
    expect(render((await analyzeMemoryProject(files('kedro==0.18.14\n'))).result, 'KL022')).toEqual([]);
    expect(render((await analyzeMemoryProject(files('kedro==0.19.3\n'))).result, 'KL022')).toEqual([
      "src/demo/pipelines/a/pipeline.py:4:22 KL022 'bad tag' is not a valid node tag: use only letters, digits, '_', '-' and '.'.",
    ]);
  });

  test('a Jinja2 catalog is rendered by TemplatedConfigLoader (0.18): one KL909, no syntax errors, existence checks off; on 0.19 it is broken YAML', async () => {
    const jinja = {
      'src/demo/pipelines/a/pipeline.py': 'from kedro.pipeline import Pipeline, node\n\ndef create_pipeline(**kwargs):\n    return Pipeline([node(len, "ns.x", "out", name="n")])\n',
      'conf/base/catalog.yml': "{% for n in ['x', 'y'] %}\nns.{{ n }}:\n  type: pickle.PickleDataSet\n  filepath: data/{{ n }}.pkl\n{% endfor %}\n",
    };
    const old = (await analyzeMemoryProject({ ...jinja, 'requirements.txt': 'kedro~=0.18.2\n' })).result;
    expect(render(old).filter((l) => !l.includes('KL104'))).toEqual([
      'conf/base/catalog.yml:1:1 KL909 This catalog file is a Jinja2 template (TemplatedConfigLoader renders it before reading the YAML); it is not analysed, and checks of what it defines are skipped.',
    ]);
    const next = (await analyzeMemoryProject({ ...jinja, 'requirements.txt': 'kedro~=0.19.2\n' })).result;
    expect(render(next, 'KL900').length).toBeGreaterThan(0);
    expect(render(next, 'KL909')).toEqual([]);
  });

  test('a 0.17 project: the 0.18 spellings are taken to exist before 0.18', () => {
    expect(resolveDatasetType('pandas.CSVDataSet', undefined, { kedro: parseSpecifier('==0.17.6'), datasets: datasetsForKedro(parseSpecifier('==0.17.6')) }).kind).toBe('known');
  });
});

describe('a pin that contradicts [tool.kedro]', () => {
  test('the pin narrows the recorded version when both hold; Kedro refuses the project when they cannot (KL901)', async () => {
    const narrowed = projectVersions({ files: new Map([['requirements.txt', 'kedro>=0.18\n']]), initVersion: { key: 'kedro_init_version', value: '0.19.3' } });
    expect(rangeText(narrowed.kedro)).toBe('>=0.19,<0.20');
    const old = { 'pyproject.toml': '[tool.kedro]\npackage_name = "demo"\nproject_name = "Demo"\nproject_version = "0.17.0"\n', 'src/requirements.txt': 'kedro==0.18.14\n' };
    const { result } = await analyzeMemoryProject(old);
    expect(result.projects[0]?.model.versions.text).toBe('kedro any · kedro-datasets >=1.0');
    expect(render(result, 'KL901')).toEqual([
      'pyproject.toml:1:1 KL901 pyproject.toml [tool.kedro] project_version = "0.17.0" cannot run on the pinned kedro ==0.18.14 (src/requirements.txt): Kedro refuses a project recorded with another MAJOR.MINOR version.',
    ]);
  });
});

describe('dependency files that disagree with each other', () => {
  test('the pin [tool.kedro] agrees with is taken; KL901 only when no file agrees with it', async () => {
    const files = {
      'pyproject.toml': '[tool.kedro]\npackage_name = "demo"\nproject_name = "Demo"\nkedro_init_version = "0.19.5"\n\n[project]\nname = "demo"\ndependencies = ["kedro==0.19.8"]\n',
      'src/requirements.txt': 'kedro~=0.18.4\n',
    };
    const { result } = await analyzeMemoryProject(files);
    expect(render(result, 'KL901')).toEqual([]);
    expect(result.projects[0]?.model.versions.kedroSource).toBe('pyproject.toml: kedro ==0.19.8 (src/requirements.txt disagrees)');
    expect(rangeText(result.projects[0]?.model.versions.kedro ?? ANY_VERSION)).toBe('==0.19.8');
    const none = await analyzeMemoryProject({ ...files, 'pyproject.toml': files['pyproject.toml'].replace('0.19.8', '0.18.14') });
    expect(render(none.result, 'KL901')).toEqual([
      'pyproject.toml:1:1 KL901 pyproject.toml [tool.kedro] kedro_init_version = "0.19.5" cannot run on the pinned kedro ==0.18.14 (src/requirements.txt): Kedro refuses a project recorded with another MAJOR.MINOR version.',
    ]);
  });
});

describe('default node names by release', () => {
  test("0.18 writes f([a,b]) -> [c], 0.19 f([a;b]) -> [c], 1.x f__<hash>; a range spanning them leaves the name uncertain", async () => {
    const names = async (pin: string) => {
      const { result } = await analyzeMemoryProject({
        'requirements.txt': pin,
        'src/demo/pipelines/a/nodes.py': 'def split(data, options):\n    return data, data\n',
        'src/demo/pipelines/a/pipeline.py':
          'from kedro.pipeline import Pipeline, node, pipeline\nfrom .nodes import split\n\ndef create_pipeline(**kwargs):\n    return pipeline(Pipeline([node(split, ["raw", "params:o"], ["x", "y"]), node(len, "x", None)]), namespace="ns", inputs={"raw"})\n',
      });
      return result.projects[0]?.model.nodes.map((n) => `${n.name}${n.nameUncertain ? ' (uncertain)' : ''}`);
    };
    expect(await names('kedro==0.18.14\n')).toEqual(['ns.split([raw,params:ns.o]) -> [ns.x,ns.y]', 'ns.len([ns.x]) -> None']);
    expect(await names('kedro==0.19.3\n')).toEqual(['ns.split([raw;params:ns.o]) -> [ns.x;ns.y]', 'ns.len([ns.x]) -> None']);
    expect((await names('kedro==1.5.0\n'))?.[0]).toMatch(/^ns\.split__[0-9a-f]{8}$/);
    expect((await names('kedro>=0.18\n'))?.[0]).toMatch(/^ns\.split__[0-9a-f]{8} \(uncertain\)$/);
  });
});
