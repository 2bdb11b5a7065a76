// Command lines of the project lifecycle (kedro new, kedro pipeline create, pytest) and Kedro's name rules.
// Pure (no vscode import): unit-tested; the commands only prompt and send these argv to the terminal.

/** `kedro new --tools` values in Kedro 1.x (SPEC §10: numbers 1–6; `viz` is no longer a tool in 1.x). */
export const KEDRO_TOOLS = [
  { value: 'lint', label: 'Linting', detail: 'ruff configuration and requirements' },
  { value: 'test', label: 'Testing', detail: 'pytest, a tests/ folder and coverage settings' },
  { value: 'log', label: 'Custom Logging', detail: 'conf/logging.yml' },
  { value: 'docs', label: 'Documentation', detail: 'a docs/ folder for Sphinx' },
  { value: 'data', label: 'Data Structure', detail: 'the data/01_raw … 08_reporting layer folders' },
  { value: 'pyspark', label: 'PySpark', detail: 'Spark configuration and a SparkSession hook' },
] as const;

export type KedroTool = (typeof KEDRO_TOOLS)[number]['value'];

// Python keywords: Kedro rejects package names that are keywords (its own check runs anyway; this one answers while typing).
const PY_KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(' '),
);

/** `kedro new` derives the package name: lower-cased, spaces and hyphens → `_`. */
export const packageNameOf = (projectName: string): string => projectName.trim().toLowerCase().replace(/[ -]/g, '_');
/** …and the folder (repo) name: lower-cased, spaces and underscores → `-`. */
export const repoNameOf = (projectName: string): string => projectName.trim().toLowerCase().replace(/[ _]/g, '-');

/** Kedro's project-name rule (`^[\w -]{2,}$`) plus the keyword check of 1.5; undefined when fine. */
export function projectNameProblem(name: string): string | undefined {
  if (!/^[\p{L}\p{N}_ -]{2,}$/u.test(name)) return 'Letters, digits, spaces, - and _ only, at least 2 characters (Kedro\u2019s rule).';
  if (PY_KEYWORDS.has(packageNameOf(name))) return `The package name '${packageNameOf(name)}' would be a Python keyword.`;
  return undefined;
}

/** Kedro's pipeline-name rule (`kedro pipeline create`): a Python identifier-like package name, not a keyword. */
export function pipelineNameProblem(name: string): string | undefined {
  if (!/^[\p{L}_]/u.test(name)) return `'${name}' is not a valid Python package name: it must start with a letter or underscore.`;
  if (name.length < 2) return `'${name}' is not a valid Python package name: it must be at least 2 characters long.`;
  if (!/^[\p{L}\p{N}_]+$/u.test(name)) return `'${name}' is not a valid Python package name: it must contain only letters, digits, and/or underscores.`;
  if (PY_KEYWORDS.has(name)) return `'${name}' is a Python keyword.`;
  return undefined;
}

export interface NewProjectOptions {
  readonly name: string;
  readonly tools: readonly KedroTool[];
  readonly example: boolean;
}

/**
 * argv after the kedro executable. Name, tools and example are all given, so `kedro new` asks nothing; it creates
 * `<cwd>/<repo name>` (the terminal starts in the chosen parent folder).
 */
export function kedroNewArgs(o: NewProjectOptions): string[] {
  return ['new', `--name=${o.name}`, `--tools=${o.tools.length ? o.tools.join(',') : 'none'}`, `--example=${o.example ? 'y' : 'n'}`];
}

/** `kedro pipeline create NAME` (the name was validated with `pipelineNameProblem`). */
export const pipelineCreateArgs = (name: string): string[] => ['pipeline', 'create', name];

/**
 * Another tool of the environment Kedro is invoked from: `<python> -m kedro` → `<python> -m pytest` (or `<python>`),
 * `uv run kedro` → `uv run pytest`, `/venv/bin/kedro` → `/venv/bin/pytest`, `kedro` → `pytest`. Undefined when the
 * Kedro command is something else (a wrapper script): the caller falls back to the tool on PATH.
 */
export function siblingTool(kedroArgv: readonly string[], tool: 'pytest' | 'python'): string[] | undefined {
  const n = kedroArgv.length;
  if (n >= 3 && kedroArgv[n - 2] === '-m' && kedroArgv[n - 1] === 'kedro') {
    const python = kedroArgv.slice(0, n - 2);
    return tool === 'python' ? python : [...python, '-m', tool];
  }
  const last = kedroArgv[n - 1];
  if (!last || !/(^|\/)kedro$/.test(last)) return undefined;
  const dir = last.slice(0, last.length - 'kedro'.length);
  // A bare `kedro` on PATH: Debian-like systems have only `python3`.
  const name = tool === 'python' && !dir && n === 1 ? 'python3' : tool;
  return [...kedroArgv.slice(0, n - 1), `${dir}${name}`];
}

/** pytest for the whole project, or for one pipeline's tests folder (Kedro's template: `tests/pipelines/<name>`). */
export function pytestArgv(kedroArgv: readonly string[], testsPath?: string): string[] {
  return [...(siblingTool(kedroArgv, 'pytest') ?? ['pytest']), ...(testsPath ? [testsPath] : [])];
}
