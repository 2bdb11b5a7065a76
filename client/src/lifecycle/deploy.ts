// Deployment routes Kedro documents (Airflow, Kubeflow, Databricks, Dask): what each needs installed in the project's
// Python environment, the real plugin command to run, and what it generates. Pure: unit-tested; no scheduler of ours.
import { envArgs, kedroRunArgs } from '../run/kedroCommand';

export type RouteId = 'airflow' | 'kubeflow' | 'databricks' | 'dask';

export interface DeployStep {
  readonly label: string;
  readonly detail: string;
  /** argv after the kedro executable. */
  readonly args: readonly string[];
  /** Project-relative globs of what the step writes; the newest match is opened afterwards. */
  readonly artefacts: readonly string[];
  /** Shown instead of running when the step cannot run yet. */
  readonly blocked?: string;
  /** A value the user types, appended as the last argument (e.g. the Kubeflow URL). */
  readonly input?: string;
}

export interface DeployRoute {
  readonly id: RouteId;
  readonly label: string;
  /** The distribution that must be importable in the project's environment. */
  readonly requires: string;
  readonly install: string;
  readonly docs: string;
}

export const ROUTES: readonly DeployRoute[] = [
  { id: 'airflow', label: 'Apache Airflow', requires: 'kedro-airflow', install: 'pip install kedro-airflow', docs: 'https://docs.kedro.org/en/stable/deploy/supported-platforms/airflow/' },
  { id: 'kubeflow', label: 'Kubeflow Pipelines', requires: 'kedro-kubeflow', install: 'pip install kedro-kubeflow', docs: 'https://docs.kedro.org/en/stable/deploy/supported-platforms/kubeflow/' },
  { id: 'databricks', label: 'Databricks (Asset Bundles)', requires: 'kedro-databricks', install: 'pip install kedro-databricks', docs: 'https://docs.kedro.org/en/stable/deploy/supported-platforms/databricks/' },
  { id: 'dask', label: 'Dask cluster', requires: 'distributed', install: 'pip install "dask[distributed]"', docs: 'https://docs.kedro.org/en/stable/deploy/supported-platforms/dask/' },
];

/**
 * Python run with `-c` and the distribution names as arguments (execFile, no shell): prints one JSON object
 * name → installed version or null. importlib.metadata reads the environment without importing the plugins.
 */
export const DETECT_SCRIPT = [
  'import importlib.metadata as m, json, sys',
  'out = {}',
  'for name in sys.argv[1:]:',
  '    try:',
  '        out[name] = m.version(name)',
  '    except m.PackageNotFoundError:',
  '        out[name] = None',
  'print(json.dumps(out))',
].join('\n');

export const detectArgs = (names: readonly string[]): string[] => ['-c', DETECT_SCRIPT, ...names];

/** The detection output (the last JSON line: site hooks may print before it) → versions; undefined when unreadable. */
export function parseDetection(stdout: string): Record<string, string | null> | undefined {
  const line = stdout.split(/\r?\n/).reverse().find((l) => l.trim().startsWith('{'));
  if (!line) return undefined;
  try {
    const raw: unknown = JSON.parse(line);
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
    const out: Record<string, string | null> = {};
    for (const [k, v] of Object.entries(raw)) out[k] = typeof v === 'string' ? v : null;
    return out;
  } catch {
    return undefined;
  }
}

export interface ProjectFacts {
  readonly packageName: string;
  readonly pipeline: string;
  /** The picked environment; '' = none (each command's own default). */
  readonly env: string;
  /** The project's default_run_env when known (ProjectJson.defaultRunEnv): what `kedro run` uses without --env. */
  readonly defaultRunEnv?: string;
  /** Project-relative files that exist (plugin configuration decides the next step). */
  readonly has: (relPath: string) => boolean;
  /** Custom runner classes of the project (dotted paths), from the analysis. */
  readonly runners: readonly string[];
  /** The installed version of the route's plugin (detection), when known: some flags changed between versions. */
  readonly pluginVersion?: string;
}

const pipelineFlag = (p: string): string[] => (p && p !== '__default__' ? [`--pipeline=${p}`] : []);
/**
 * kedro-airflow's pipeline option: `--pipeline` up to 0.6, `--pipeline`/`--pipelines` from 0.7 to 0.10, only
 * `--pipelines` from 0.11 (the one for Kedro 1.x: `--pipeline=x` exits 2 with "No such option"). `-p` is every
 * version's short form; a version that does not read as x.y gets `--pipelines`.
 */
export function airflowPipelineFlag(p: string, version?: string): string[] {
  if (!p || p === '__default__') return [];
  const m = /^(\d+)\.(\d+)/.exec(version ?? '');
  const old = !!m && Number(m[1]) === 0 && Number(m[2]) < 7;
  return [`${old ? '--pipeline' : '--pipelines'}=${p}`];
}
// What each plugin runs without --env: its own constant, not the project's default_run_env (kedro-airflow's
// DEFAULT_RUN_ENV = "local"; kedro-databricks' DEFAULT_ENV = "dev", also its Databricks target).
const AIRFLOW_DEFAULT_ENV = 'local';
const DATABRICKS_DEFAULT_ENV = 'dev';

/** The steps of a route in order, for this project's state. */
export function deploySteps(route: RouteId, f: ProjectFacts): DeployStep[] {
  switch (route) {
    case 'airflow':
      // kedro-airflow (≥ 0.9) writes airflow_dags/<package>[_<env> unless local][_<pipeline> unless __default__]_dag.py;
      // the newest match of the glob is the file just written (checked with kedro-airflow 0.11.0 on Kedro 1.5.0).
      return [{ label: 'kedro airflow create', detail: 'generate the Airflow DAG file', args: ['airflow', 'create', ...airflowPipelineFlag(f.pipeline, f.pluginVersion), ...envArgs(f.env, AIRFLOW_DEFAULT_ENV)], artefacts: ['airflow_dags/*.py'] }];
    case 'kubeflow': {
      const configured = f.has('conf/base/kubeflow.yaml') || f.has('conf/base/kubeflow.yml');
      return [
        { label: 'kedro kubeflow init', detail: 'write conf/base/kubeflow.yaml for a Kubeflow Pipelines URL', args: ['kubeflow', 'init'], artefacts: ['conf/base/kubeflow.y*ml'], input: 'Kubeflow Pipelines URL, e.g. https://kubeflow.example.com/pipeline' },
        {
          label: 'kedro kubeflow compile',
          detail: 'translate the pipeline into a Kubeflow pipeline.yml',
          args: ['kubeflow', 'compile', ...pipelineFlag(f.pipeline), '--output=pipeline.yml'],
          artefacts: ['pipeline.yml'],
          ...(configured ? {} : { blocked: 'Run "kedro kubeflow init" first: compile reads conf/base/kubeflow.yaml.' }),
        },
      ];
    }
    case 'databricks': {
      const initialised = f.has('databricks.yml');
      const blocked = initialised ? {} : { blocked: 'Run "kedro databricks init" first: it writes databricks.yml.' };
      return [
        { label: 'kedro databricks init', detail: 'turn the project into a Databricks Asset Bundle', args: ['databricks', 'init'], artefacts: ['databricks.yml', 'conf/base/databricks.yml'] },
        { label: 'kedro databricks bundle', detail: 'generate the job resources from the pipelines', args: ['databricks', 'bundle', ...envArgs(f.env, DATABRICKS_DEFAULT_ENV)], artefacts: ['resources/*.yml'], ...blocked },
        { label: 'kedro databricks deploy', detail: 'deploy the jobs (needs the Databricks CLI, configured)', args: ['databricks', 'deploy', ...envArgs(f.env, DATABRICKS_DEFAULT_ENV)], artefacts: [], ...blocked },
      ];
    }
    case 'dask': {
      // Kedro's Dask route is a DaskRunner class copied into the project from the docs, run with `kedro run --runner`.
      const runner = f.runners.find((r) => /(^|\.)DaskRunner$/.test(r));
      return [
        {
          label: 'kedro run --runner=…DaskRunner',
          detail: runner ? `run on the Dask cluster with ${runner}` : 'needs the DaskRunner class from the Kedro docs in the project',
          args: kedroRunArgs({ pipelines: [f.pipeline], env: f.env, runner: runner ?? `${f.packageName}.runner.DaskRunner` }, undefined, f.defaultRunEnv),
          artefacts: [],
          ...(runner ? {} : { blocked: `No DaskRunner class in the project: copy the one in Kedro's Dask guide into src/${f.packageName}/runner/dask_runner.py.` }),
        },
      ];
    }
  }
}

/** What to tell the user when the route's plugin is missing (the install line is offered for copying, never run). */
export function missingMessage(route: DeployRoute, versions: Record<string, string | null> | undefined): string | undefined {
  if (!versions) return `Could not inspect the project's Python environment: check kedro.pythonPath or the selected interpreter. ${route.label} needs ${route.requires}.`;
  if (versions[route.requires]) return undefined;
  return `${route.label} needs ${route.requires}, which is not installed in the project's Python environment. Install it with: ${route.install}`;
}
