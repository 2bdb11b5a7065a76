import { spawnSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { extractConfFacts } from '../../../server/src/parsing/yaml/confFacts';

// Checks the yamlCompat inputs against the real PyYAML when python3 can import it (Debian python3-yaml); skipped
// otherwise. The loader is OmegaConf's (omegaconf/_utils.py get_yaml_loader) without its duplicate-key check.
const LOADER = `
import json, re, sys, yaml
class L(yaml.SafeLoader):
    pass
L.add_implicit_resolver("tag:yaml.org,2002:float", re.compile(r"""^(?:
 [-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+]?[0-9]+)?
|[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
|\\.[0-9_]+(?:[eE][-+][0-9]+)?
|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*
|[-+]?\\.(?:inf|Inf|INF)
|\\.(?:nan|NaN|NAN))$""", re.X), list("-+0123456789."))
L.yaml_implicit_resolvers = {k: [(t, r) for t, r in v if t != "tag:yaml.org,2002:timestamp"] for k, v in L.yaml_implicit_resolvers.items()}
names = {int: "int", float: "float", str: "str", bool: "bool", type(None): "None", list: "list", dict: "dict"}
out = []
for text in json.load(sys.stdin):
    try:
        d = yaml.load(text, Loader=L)
        out.append({str(k): names.get(type(v), type(v).__name__) for k, v in d.items()} if isinstance(d, dict) else {})
    except yaml.YAMLError:
        out.append(None)
print(json.dumps(out))
`;

const hasPyYaml = spawnSync('python3', ['-c', 'import yaml'], { encoding: 'utf8' }).status === 0;

const INPUTS = [
  "p: 1\nsamples:\n  - 'first line of a long quoted value\n  continued at the dash column'\n",
  'samples:\n  - "first line of a \\\n  continued at the dash column"\n  - x\nafter: 2\n',
  'a: "x\ny"\nc: \'p\n\nq\'\n',
  'a: [1,\n2]\nb: {c: 1,\nd: 2}\n',
  'a: yes\nb: No\nc: on\nd: OFF\ne: y\nf: n\ng: True\nh: "yes"\n',
  'a: 017\nb: 0o17\nc: 1_000\nd: 0x1F\ne: 0b101\nf: 1:30\ng: -12\nh: +7\n',
  'a: .inf\nb: -.Inf\nc: .NaN\nd: 1e3\ne: 1.5E-3\nf: 1_0.5\ng: 1.\nh: inf\n',
  'a: ~\nb: Null\nc:\nd: 2024-01-31\ne: !!str 12\nf: !!float 1\ng: nil\n',
  '_a: &a {x: 1, y: 1}\n_b: &b {y: 2, z: 2}\nc:\n  <<: [*a, *b]\n  z: 3\n',
  '%YAML 1.1\n---\na: yes\n',
  '---\na: yes\n...\n',
  '\ufeffa: yes\n',
  '? a\n: yes\n',
  'a: 1\n---\nb: 2\n',
  'a: "x\\q"\n',
  'a: 1\t# c\nb: 2\n',
  'a:\t1\n',
  'a: 1\n\t\nb: 2\n',
  'a: [1,\t2]\n',
  'a: x\n  y\tz\n',
  'a: "x\ty"\nb: |\n  x\t\nc: 1  # c\td\nd: \'p\n\tq\'\n',
  'a: &x 1\nb: &x 2\n',
  'a: *x\nb: &x 1\n',
  'a: &x\nb: *x\n',
  'a:\n  <<: 1\n',
  'a: !!python/tuple [1]\n',
  'a: !foo 1\n',
  'a: x\u0007y\n',
];

describe.skipIf(!hasPyYaml)('against PyYAML (python3 -c "import yaml")', () => {
  test('what PyYAML accepts parses without problems, and top-level types match', () => {
    const r = spawnSync('python3', ['-c', LOADER], { input: JSON.stringify(INPUTS), encoding: 'utf8' });
    const py = JSON.parse(r.stdout) as (Record<string, string> | null)[];
    const ours = INPUTS.map((text) => {
      const f = extractConfFacts('file:///p.yml', text, 'parameters');
      if (f.problems.length) return null;
      return Object.fromEntries(f.params.filter((p) => !p.path.includes('.')).map((p) => [p.path, p.type]));
    });
    expect(ours).toEqual(py);
  });
});

// PyYAML's safe loader as ConfigLoader and TemplatedConfigLoader use it (anyconfig's loader is a SafeLoader subclass
// that only changes how mappings and strings are built): the timestamp resolver is still there.
const SAFE_TIMESTAMPS = `
import datetime, json, sys, yaml
out = []
for text in json.load(sys.stdin):
    d = yaml.safe_load(text)
    out.append({k: "datetime" if isinstance(v, datetime.datetime) else "date" if isinstance(v, datetime.date) else None for k, v in d.items()})
print(json.dumps(out))
`;

const TIMESTAMPS = [
  'a: 2024-01-31\nb: 2024-01-31 10:00:00\nc: 2024-1-5T10:00:00.5Z\nd: 2024-01-31 10:00:00 +01:00\ne: "2024-01-31"\nf: !!str 2024-01-31\n',
  'g: ! 2024-01-31\nh: 2024-1-31\ni: 2024-01-31T10:00\nj: 2024-01-31t10:00:00\nk: 2024-01-31   10:00:00.123456-5\nl: 2024-01-31 10:00:00Z\n',
];

describe.skipIf(!hasPyYaml)('timestamps against PyYAML safe_load', () => {
  test('the values marked as timestamps are those safe_load makes dates and datetimes of', () => {
    const r = spawnSync('python3', ['-c', SAFE_TIMESTAMPS], { input: JSON.stringify(TIMESTAMPS), encoding: 'utf8' });
    const py = JSON.parse(r.stdout) as Record<string, string | null>[];
    const ours = TIMESTAMPS.map((text) => Object.fromEntries(extractConfFacts('file:///p.yml', text, 'parameters').params.map((p) => [p.path, p.timestamp ?? null])));
    expect(ours).toEqual(py);
    expect(py.flatMap((o) => Object.values(o)).filter(Boolean)).toHaveLength(8);
  });
});
