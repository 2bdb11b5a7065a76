import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { withPython3 } from '../../helpers/optional';
import { listTarGz, listZip, packageReport, packageWarnings } from '../../../client/src/lifecycle/archives';

let dir: string;

const write = (rel: string, text: string): void => {
  fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  fs.writeFileSync(path.join(dir, rel), text);
};

// A wheel as `python -m build` lays it out, written by Python's zipfile (deflated), with a data file packaged by mistake.
const WHEEL = `
import sys, zipfile
files = {
  "demo/__init__.py": "__version__ = '0.1'\\n",
  "demo/pipelines/data_science/nodes.py": "def f(x):\\n    return x\\n" * 40,
  "demo/data/01_raw/iris.csv": "a,b\\n1,2\\n",
  "demo/data/__init__.py": "",
  "demo-0.1.dist-info/METADATA": "Metadata-Version: 2.1\\nName: demo\\nVersion: 0.1\\n",
  "demo-0.1.dist-info/RECORD": "",
}
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    for name, text in files.items():
        z.writestr(name, text)
with zipfile.ZipFile(sys.argv[1]) as z:
    for i in z.infolist():
        print(f"{i.filename}\\t{i.file_size}")
`;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kl-archives-'));
  write('conf/base/catalog.yml', 'companies:\n  type: pandas.CSVDataset\n');
  write('conf/base/parameters.yml', 'x: 1\n');
  write('conf/local/credentials.yml', 'db:\n  password: hunter2\n');
  write('conf/local/.gitkeep', '');
  write('conf/local/secrets.yaml', 'api_key: abc\n');
  write('conf/prod/credentials.json', '{}\n');
  write(`conf/base/${'deeply_nested_folder/'.repeat(6)}catalog.yml`, 'x:\n  type: pandas.CSVDataset\n');
  fs.mkdirSync(path.join(dir, 'dist'));
});

describe('the conf archive kedro package builds', () => {
  test('listed exactly as tar lists it; Kedro keeps local/ files that are not *.yml', () => {
    // Kedro 1.x: tar --exclude=local/*.yml -czf dist/conf-<pkg>.tar.gz --directory=<root> conf
    execFileSync('tar', ['--exclude=local/*.yml', '-czf', 'dist/conf-demo.tar.gz', `--directory=${dir}`, 'conf'], { cwd: dir });
    const archive = fs.readFileSync(path.join(dir, 'dist/conf-demo.tar.gz'));
    const expected = execFileSync('tar', ['-tzf', 'dist/conf-demo.tar.gz'], { cwd: dir, encoding: 'utf8' }).trim().split('\n');
    const entries = listTarGz(archive);
    expect(entries.map((e) => e.path).sort()).toEqual(expected.sort());
    expect(entries.map((e) => e.path)).not.toContain('conf/local/credentials.yml');
    expect(entries.find((e) => e.path === 'conf/local/secrets.yaml')).toEqual({ path: 'conf/local/secrets.yaml', size: 13, dir: false });
    // The >100-character path goes through GNU tar's long-name record.
    expect(entries.some((e) => e.path.endsWith('deeply_nested_folder/catalog.yml') && e.path.length > 100)).toBe(true);
    // conf/local/.gitkeep is packaged too, and harmless.
    expect(packageWarnings('conf-demo.tar.gz', entries).sort((a, b) => a.path.localeCompare(b.path))).toEqual([
      { archive: 'conf-demo.tar.gz', path: 'conf/local/secrets.yaml', reason: 'conf/local file (machine-specific, often secrets)' },
      { archive: 'conf-demo.tar.gz', path: 'conf/prod/credentials.json', reason: 'credentials file' },
    ]);
  });

  withPython3()('pax headers (non-ASCII names, as Python tarfile writes them)', () => {
    const out = path.join(dir, 'dist/pax.tar.gz');
    execFileSync('python3', ['-c', 'import sys, tarfile, io\nwith tarfile.open(sys.argv[1], "w:gz", format=tarfile.PAX_FORMAT) as t:\n    data = b"k: v\\n"\n    info = tarfile.TarInfo("conf/base/paramètres_données.yml"); info.size = len(data); t.addfile(info, io.BytesIO(data))', out]);
    expect(listTarGz(fs.readFileSync(out))).toEqual([{ path: 'conf/base/paramètres_données.yml', size: 5, dir: false }]);
  });
});

describe('the wheel', () => {
  withPython3()('central directory listed with the sizes zipfile reports; packaged data is flagged', () => {
    const file = path.join(dir, 'dist/demo-0.1-py3-none-any.whl');
    const listed = execFileSync('python3', ['-c', WHEEL, file], { encoding: 'utf8' }).trim().split('\n').map((l) => l.split('\t'));
    const entries = listZip(fs.readFileSync(file));
    expect(entries.map((e) => [e.path, String(e.size)])).toEqual(listed);
    expect(packageWarnings('demo-0.1-py3-none-any.whl', entries)).toEqual([{ archive: 'demo-0.1-py3-none-any.whl', path: 'demo/data/01_raw/iris.csv', reason: 'file under a data/ folder' }]);
  });

  test('not a zip: a clear error', () => {
    expect(() => listZip(Buffer.from('PK but not really'))).toThrow(/not a zip archive/);
  });
});

test('the report lists warnings first, then every file', () => {
  const report = packageReport([
    { name: 'dist/demo-0.1-py3-none-any.whl', entries: [{ path: 'demo/__init__.py', size: 20, dir: false }] },
    { name: 'dist/conf-demo.tar.gz', entries: [{ path: 'conf/', size: 0, dir: true }, { path: 'conf/local/creds.json', size: 2048, dir: false }] },
  ]);
  expect(report).toBe(
    [
      '# What `kedro package` built',
      '',
      '## \u26a0 1 file that should not be shared',
      '',
      '- `dist/conf-demo.tar.gz`: `conf/local/creds.json` \u2014 conf/local file (machine-specific, often secrets)',
      '',
      'Kedro excludes only `local/*.yml` from the conf archive; move secrets to `conf/local/*.yml` or environment variables.',
      '',
      '## dist/demo-0.1-py3-none-any.whl',
      '',
      '1 file, 20 B uncompressed',
      '',
      '```',
      '      20 B  demo/__init__.py',
      '```',
      '',
      '## dist/conf-demo.tar.gz',
      '',
      '1 file, 2.0 KiB uncompressed',
      '',
      '```',
      '   2.0 KiB  conf/local/creds.json',
      '```',
      '',
    ].join('\n'),
  );
});
