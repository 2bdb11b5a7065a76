import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { fileUri } from '../../server/src/core/uri';
import { FsSourceHost, type FsCalls } from '../../server/src/host/fsHost';
import { PYPROJECT, REGISTRY, testWorkspace } from '../helpers/analyze';
import { needs } from '../helpers/optional';
import { rng } from './rng';

// The workspace is a boundary (docs/workspace-boundary.md): on hostile layouts and random mixes of them, the analysis
// never opens, lists or stats a path outside the project root. Evidence at the file-system level: every fs call of the
// disk host is recorded (in process), and the CLI runs under strace (whole process).
const CASES = Number(process.env['FUZZ_CASES'] ? 200 : 16);
const SEED = Number(process.env['FUZZ_SEED'] ?? 20261203);

const PIPE = (inputs: string) => `from kedro.pipeline import Node, Pipeline\n\n\ndef f(*a):\n    return a\n\n\ndef create_pipeline(**kwargs):\n    return Pipeline([Node(f, ${inputs}, "out", name="n")])\n`;

/** The files outside the project that hostile settings and links point at. */
const OUTSIDE: Record<string, string> = {
  'catalog.yml': 'leaked:\n  type: pandas.CSVDataset\n  filepath: data/leaked.csv\n',
  'conf/base/catalog.yml': 'leaked_conf:\n  type: pandas.CSVDataset\n  filepath: data/leaked.csv\n',
  'conf/base/parameters.yml': 'leaked_param: 1\n',
  'demo/__init__.py': '',
  'demo/pipeline_registry.py': REGISTRY,
  'demo/pipelines/p/__init__.py': 'from .pipeline import create_pipeline\n',
  'demo/pipelines/p/pipeline.py': PIPE('"leaked"'),
  'data/x.csv': 'a\n',
  'req.txt': 'kedro==0.19.0\n',
  'nb.ipynb': JSON.stringify({ cells: [{ cell_type: 'code', source: ['catalog.load("leaked")\n'] }], metadata: {}, nbformat: 4, nbformat_minor: 5 }),
  'script.py': 'catalog.load("leaked")\n',
};

type Variation = (abs: string) => Record<string, string>;

/** Hostile pieces, each a set of files (a value `-> target` is a symlink); a case mixes some of them. */
const VARIATIONS: Record<string, Variation> = {
  'source_dir ..': () => ({ 'pyproject.toml': `${PYPROJECT}source_dir = "../outside"\n` }),
  'source_dir absolute': (abs) => ({ 'pyproject.toml': `${PYPROJECT}source_dir = "${abs}"\n` }),
  'source_dir ../../..': () => ({ 'pyproject.toml': `${PYPROJECT}source_dir = "src/../../../.."\n` }),
  'CONF_SOURCE ..': () => ({ 'src/demo/settings.py': 'CONF_SOURCE = "../outside/conf"\n' }),
  'CONF_SOURCE absolute': (abs) => ({ 'src/demo/settings.py': `CONF_SOURCE = "${abs}/conf"\n` }),
  'CONF_SOURCE os.path.join': () => ({ 'src/demo/settings.py': 'import os\n\nCONF_SOURCE = os.path.join("..", "outside", "conf")\n' }),
  'CONF_SOURCE Path(__file__)': () => ({ 'src/demo/settings.py': 'from pathlib import Path\n\nCONF_SOURCE = str(Path(__file__).parents[2] / ".." / "outside" / "conf")\n' }),
  'base_env and run env climbing out': () => ({ 'src/demo/settings.py': 'CONFIG_LOADER_ARGS = {"base_env": "../../outside/conf/base", "default_run_env": "../.."}\n' }),
  'config_patterns climbing out': () => ({ 'src/demo/settings.py': 'CONFIG_LOADER_ARGS = {"config_patterns": {"catalog": ["../../outside/**", "../../../outside/*.yml", "catalog*"], "parameters": ["../../../outside/conf/base/parameters*"]}}\n' }),
  'linked conf file': () => ({ 'conf/base/linked.yml': '-> ../../../outside/catalog.yml' }),
  'linked conf folder': () => ({ 'conf/base/linked_dir': '-> ../../../outside/conf/base' }),
  'linked env folder': () => ({ 'conf/local': '-> ../../outside/conf/base' }),
  'linked conf root': () => ({ conf: '-> ../outside/conf' }),
  'linked pipeline package (absolute)': (abs) => ({ 'src/demo/pipelines/evil': `-> ${abs}/demo/pipelines/p` }),
  'linked data folder': () => ({ data: '-> ../outside/data', 'conf/base/catalog.yml': 'x:\n  type: pandas.CSVDataset\n  filepath: data/x.csv\n', 'src/demo/pipelines/q/pipeline.py': PIPE('"x"') }),
  'catalog filepath outside': () => ({ 'conf/base/catalog.yml': 'y:\n  type: pandas.CSVDataset\n  filepath: ../outside/data/x.csv\n', 'src/demo/pipelines/q/pipeline.py': PIPE('"y"') }),
  'linked requirements': () => ({ 'requirements.txt': '-> ../outside/req.txt' }),
  'linked notebooks folder': () => ({ notebooks: '-> ../outside' }),
  'linked notebook and script': () => ({ 'notebooks/nb.ipynb': '-> ../../outside/nb.ipynb', 'scripts/s.py': '-> ../../outside/script.py' }),
  'notebook inside': () => ({ 'notebooks/ok.ipynb': OUTSIDE['nb.ipynb'] as string }),
  'linked pyproject': () => ({ 'src/pyproject.toml': '-> ../../outside/req.txt' }),
};

/** Writes <tmp>/proj (the scaffold plus `files`) next to <tmp>/outside. */
function writeLayout(files: (abs: string) => Record<string, string>): { tmp: string; root: string; outside: string } {
  const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kl-outside-')));
  const root = path.join(tmp, 'proj');
  const outside = path.join(tmp, 'outside');
  const write = (base: string, all: Record<string, string>): void => {
    for (const [rel, text] of Object.entries(all)) {
      const p = path.join(base, rel);
      fs.mkdirSync(path.dirname(p), { recursive: true });
      fs.rmSync(p, { recursive: true, force: true });
      if (text.startsWith('-> ')) fs.symlinkSync(text.slice(3), p);
      else fs.writeFileSync(p, text);
    }
  };
  write(outside, OUTSIDE);
  write(root, {
    'pyproject.toml': PYPROJECT,
    'src/demo/__init__.py': '',
    'src/demo/pipeline_registry.py': REGISTRY,
    'src/demo/pipelines/p/__init__.py': 'from .pipeline import create_pipeline\n',
    'src/demo/pipelines/p/pipeline.py': PIPE('"a"'),
    'conf/base/catalog.yml': 'a:\n  type: pandas.CSVDataset\n  filepath: data/a.csv\n',
    'conf/local/.gitkeep': '',
  });
  const extra = files(outside);
  // A file in `extra` under a path that is a link in the scaffold, or the reverse, replaces it.
  for (const rel of Object.keys(extra).sort((a, b) => a.length - b.length)) {
    if (rel.endsWith('/q/pipeline.py')) extra[rel.replace('pipeline.py', '__init__.py')] ??= 'from .pipeline import create_pipeline\n';
  }
  write(root, extra);
  return { tmp, root, outside };
}

/** node:fs/promises, recording the path of every call the disk host makes. */
function recordingFs(): { calls: [string, string][]; fs: FsCalls } {
  const calls: [string, string][] = [];
  const rec =
    <A extends unknown[], R>(name: string, f: (p: string, ...rest: A) => R) =>
    (p: string, ...rest: A): R => {
      calls.push([name, String(p)]);
      return f(p, ...rest);
    };
  return {
    calls,
    fs: {
      stat: rec('stat', fsp.stat as (p: string) => ReturnType<typeof fsp.stat>),
      readFile: rec('readFile', fsp.readFile as (p: string) => ReturnType<typeof fsp.readFile>),
      realpath: rec('realpath', fsp.realpath as (p: string) => ReturnType<typeof fsp.realpath>),
      readdir: rec('readdir', fsp.readdir as unknown as (p: string, o: unknown) => Promise<unknown>),
    } as unknown as FsCalls,
  };
}

const under = (root: string, p: string): boolean => p === root || p.startsWith(`${root}/`);

/** The recorded calls that leave `root`: by their path, or (for what is opened or listed) by their real path. */
function escapes(root: string, calls: readonly [string, string][]): string[] {
  return calls
    .filter(([what, p]) => {
      const resolved = path.resolve(p);
      if (!under(root, resolved)) return true;
      if (what !== 'readFile' && what !== 'readdir') return false;
      try {
        return !under(root, fs.realpathSync(resolved));
      } catch {
        return false;
      }
    })
    .map(([what, p]) => `${what} ${p}`);
}

async function analyseRecorded(root: string, env: string | undefined, guarded: boolean): Promise<{ escaped: string[]; calls: number }> {
  const { calls, fs: recorded } = recordingFs();
  // Unguarded: the analysis alone must stay inside; guarded, as the CLI and the server run it.
  const host = new FsSourceHost({ fs: recorded, ...(guarded ? { roots: [root] } : {}) });
  const ws = await testWorkspace(host);
  await ws.discover([fileUri(root)]);
  await ws.analyze(env ? { env } : {});
  return { escaped: [...new Set(escapes(root, calls))], calls: calls.length };
}

const ENVS = [undefined, 'local', '../outside', '../../outside/conf/base', '/etc'];

describe(`never read outside the workspace (${CASES} random layouts, seed ${SEED}; replay with FUZZ_SEED=${SEED})`, () => {
  test('each hostile piece alone: no fs call of the analysis leaves the root', { timeout: 120_000 }, async () => {
    for (const [name, files] of Object.entries(VARIATIONS)) {
      const { root } = writeLayout(files);
      const r = await analyseRecorded(root, undefined, false);
      expect(r.escaped, name).toEqual([]);
      expect(r.calls, name).toBeGreaterThan(5);
    }
  });

  test('random mixes of hostile pieces and run environments, unguarded and guarded host', { timeout: 60_000 + CASES * 3000 }, async () => {
    const r = rng(SEED);
    const names = Object.keys(VARIATIONS);
    for (let i = 0; i < CASES; i++) {
      const chosen = names.filter(() => r() < 0.3);
      const env = ENVS[Math.floor(r() * ENVS.length)];
      const { root } = writeLayout((abs) => Object.assign({}, ...chosen.map((n) => (VARIATIONS[n] as Variation)(abs))) as Record<string, string>);
      for (const guarded of [false, true]) {
        const res = await analyseRecorded(root, env, guarded);
        expect(res.escaped, `case ${i} [${chosen.join(', ')}] env=${env} guarded=${guarded}`).toEqual([]);
      }
    }
    console.log(`never-outside: seed ${SEED}, ${CASES} layouts`);
  });

  const strace = spawnSync('strace', ['-V']).status === 0;
  needs(strace, 'strace')('the CLI under strace: no syscall opens, lists or stats a path outside (only link resolution reads their names)', () => {
    const all = (abs: string): Record<string, string> => Object.assign({}, ...Object.entries(VARIATIONS).filter(([n]) => !n.startsWith('linked conf root') && !n.startsWith('linked env')).map(([, v]) => v(abs)));
    for (const files of [all, VARIATIONS['linked conf root'] as Variation, VARIATIONS['linked env folder'] as Variation]) {
      const { tmp, root, outside } = writeLayout(files);
      const log = path.join(tmp, 'strace.log');
      const run = spawnSync('strace', ['-f', '-e', 'trace=%file,%desc', '-o', log, process.execPath, path.resolve('dist/cli.js'), 'check', root, '--format', 'json'], { encoding: 'utf8', timeout: 60_000 });
      expect(run.status, run.stderr).not.toBeNull();
      expect([0, 1]).toContain(run.status);
      const lines = fs.readFileSync(log, 'utf8').split('\n');
      expect(lines.some((l) => l.includes(`${root}/`))).toBe(true);
      // realpath(3) reads the link chain with readlink: names only, never contents or listings. With several threads
      // strace may split a call into "readlink(… <unfinished …>" and "<... readlink resumed>…": both halves are readlink.
      const touched = lines.filter((l) => l.includes(outside) && !/^\d+\s+(readlink\(|<\.\.\. readlink resumed>)/.test(l));
      expect(touched).toEqual([]);
      expect(run.stdout).not.toContain('leaked');
    }
  });
});
