import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { commandLine } from '../../../client/src/run/kedroCommand';
import { withPython3 } from '../../helpers/optional';
import { airflowPipelineFlag, deploySteps, detectArgs, missingMessage, parseDetection, ROUTES, type ProjectFacts } from '../../../client/src/lifecycle/deploy';

const facts = (over: Partial<ProjectFacts> = {}): ProjectFacts => ({ packageName: 'spaceflights', pipeline: '__default__', env: 'local', defaultRunEnv: 'local', has: () => false, runners: [], ...over });
const lines = (steps: ReturnType<typeof deploySteps>): string[] => steps.map((s) => commandLine(['kedro', ...s.args]));

describe('detection in the project environment', () => {
  withPython3()('the script reports installed versions and null for missing ones (real python3, no shell)', () => {
    // A distribution of our own on PYTHONPATH: the test needs no Python package installed on the machine.
    const site = fs.mkdtempSync(path.join(os.tmpdir(), 'kl-dist-'));
    fs.mkdirSync(path.join(site, 'kedro_lens_probe-1.2.3.dist-info'));
    fs.writeFileSync(path.join(site, 'kedro_lens_probe-1.2.3.dist-info', 'METADATA'), 'Metadata-Version: 2.1\nName: kedro-lens-probe\nVersion: 1.2.3\n');
    const out = execFileSync('python3', detectArgs(['kedro-lens-probe', 'kedro-airflow-not-a-real-dist', "x'; echo hacked"]), { encoding: 'utf8', env: { ...process.env, PYTHONPATH: site } });
    expect(parseDetection(out)).toEqual({ 'kedro-lens-probe': '1.2.3', 'kedro-airflow-not-a-real-dist': null, "x'; echo hacked": null });
  });

  test('noise before the JSON line is ignored; garbage is undefined', () => {
    expect(parseDetection('Using conf/logging.yml\n{"kedro-airflow": "0.10.0", "distributed": null}\n')).toEqual({ 'kedro-airflow': '0.10.0', distributed: null });
    expect(parseDetection('Traceback (most recent call last):\n  ...')).toBeUndefined();
    expect(parseDetection('{not json')).toBeUndefined();
    expect(parseDetection('[1, 2]')).toBeUndefined();
  });

  test('what is missing is explained with the install line', () => {
    const airflow = ROUTES.find((r) => r.id === 'airflow');
    if (!airflow) throw new Error('no airflow route');
    expect(missingMessage(airflow, { 'kedro-airflow': '0.10.0' })).toBeUndefined();
    expect(missingMessage(airflow, { 'kedro-airflow': null })).toBe("Apache Airflow needs kedro-airflow, which is not installed in the project's Python environment. Install it with: pip install kedro-airflow");
    expect(missingMessage(airflow, undefined)).toMatch(/Could not inspect the project's Python environment/);
  });
});

describe('plugin command lines', () => {
  test('Airflow: kedro airflow create, pipeline and env when not the defaults', () => {
    expect(lines(deploySteps('airflow', facts()))).toEqual(['kedro airflow create']);
    expect(lines(deploySteps('airflow', facts({ pipeline: 'data_science', env: 'prod' })))).toEqual(['kedro airflow create --pipelines=data_science --env=prod']);
    expect(deploySteps('airflow', facts())[0]?.artefacts).toEqual(['airflow_dags/*.py']);
  });

  test('Airflow: the pipeline option of the installed kedro-airflow (0.11.0 on Kedro 1.5.0 refused --pipeline=)', () => {
    // Real run (docs/run-commands.md): kedro-airflow 0.11.0 exits 2 on `kedro airflow create --pipeline=data_science`
    // ("No such option: --pipeline Did you mean --pipelines?"); `--pipelines=data_science` exits 0 and writes
    // airflow_dags/spaceflights_data_science_dag.py. 0.7–0.10 take both spellings, 0.4–0.6 only --pipeline.
    const at = (pluginVersion: string, env = 'local'): string[] => lines(deploySteps('airflow', facts({ pipeline: 'data_science', env, pluginVersion })));
    expect(at('0.11.0')).toEqual(['kedro airflow create --pipelines=data_science']);
    expect(at('0.11.0', 'prod')).toEqual(['kedro airflow create --pipelines=data_science --env=prod']);
    expect(at('0.10.0')).toEqual(['kedro airflow create --pipelines=data_science']);
    expect(at('0.7.0')).toEqual(['kedro airflow create --pipelines=data_science']);
    expect(at('0.6.0')).toEqual(['kedro airflow create --pipeline=data_science']);
    expect(at('1.0.0rc1')).toEqual(['kedro airflow create --pipelines=data_science']);
    expect(at('dev')).toEqual(['kedro airflow create --pipelines=data_science']);
    expect(lines(deploySteps('airflow', facts({ pluginVersion: '0.11.0' })))).toEqual(['kedro airflow create']);
    expect(airflowPipelineFlag('__default__', '0.6.0')).toEqual([]);
  });

  test('Kubeflow: init takes the URL; compile waits for conf/base/kubeflow.yaml', () => {
    const before = deploySteps('kubeflow', facts({ pipeline: 'data_science' }));
    expect(lines(before)).toEqual(['kedro kubeflow init', 'kedro kubeflow compile --pipeline=data_science --output=pipeline.yml']);
    expect(before[0]?.input).toMatch(/URL/);
    expect(before[1]?.blocked).toMatch(/kedro kubeflow init/);
    expect(deploySteps('kubeflow', facts({ has: (f) => f === 'conf/base/kubeflow.yaml' }))[1]?.blocked).toBeUndefined();
  });

  test('Databricks: init, then bundle and deploy once databricks.yml exists', () => {
    const fresh = deploySteps('databricks', facts({ env: 'prod' }));
    expect(lines(fresh)).toEqual(['kedro databricks init', 'kedro databricks bundle --env=prod', 'kedro databricks deploy --env=prod']);
    expect(fresh.map((s) => !!s.blocked)).toEqual([false, true, true]);
    expect(deploySteps('databricks', facts({ has: (f) => f === 'databricks.yml' })).map((s) => !!s.blocked)).toEqual([false, false, false]);
  });

  test("--env: a picked env unless it is what the command runs without it (the project's default_run_env for kedro run, the plugin's own default otherwise)", () => {
    // A project whose settings.py sets default_run_env = "base": picking local must say so.
    const base = (route: 'airflow' | 'databricks' | 'dask', env: string) => lines(deploySteps(route, facts({ env, defaultRunEnv: 'base', has: () => true, runners: ['spaceflights.runner.DaskRunner'] })));
    expect(base('dask', 'local')).toEqual(['kedro run --env=local --runner=spaceflights.runner.DaskRunner']);
    expect(base('dask', 'base')).toEqual(['kedro run --runner=spaceflights.runner.DaskRunner']);
    expect(base('dask', '')).toEqual(['kedro run --runner=spaceflights.runner.DaskRunner']);
    // kedro-airflow's --env defaults to "local" (DEFAULT_RUN_ENV), kedro-databricks' to "dev" (DEFAULT_ENV), whatever settings.py says.
    expect(base('airflow', 'local')).toEqual(['kedro airflow create']);
    expect(base('airflow', 'base')).toEqual(['kedro airflow create --env=base']);
    expect(base('databricks', 'local')).toEqual(['kedro databricks init', 'kedro databricks bundle --env=local', 'kedro databricks deploy --env=local']);
    expect(base('databricks', 'dev')).toEqual(['kedro databricks init', 'kedro databricks bundle', 'kedro databricks deploy']);
    expect(base('databricks', '')).toEqual(['kedro databricks init', 'kedro databricks bundle', 'kedro databricks deploy']);
    // The project's default not known: a picked env is always written for kedro run.
    expect(lines(deploySteps('dask', facts({ env: 'local', defaultRunEnv: undefined, runners: ['spaceflights.runner.DaskRunner'] })))).toEqual(['kedro run --env=local --runner=spaceflights.runner.DaskRunner']);
  });

  test("Dask: kedro run with the project's DaskRunner; without one, the docs' runner is what is missing", () => {
    const ready = deploySteps('dask', facts({ pipeline: 'data_science', runners: ['spaceflights.runner.DaskRunner'] }));
    expect(lines(ready)).toEqual(['kedro run --pipelines=data_science --runner=spaceflights.runner.DaskRunner']);
    expect(ready[0]?.blocked).toBeUndefined();
    const missing = deploySteps('dask', facts());
    expect(lines(missing)).toEqual(['kedro run --runner=spaceflights.runner.DaskRunner']);
    expect(missing[0]?.blocked).toBe("No DaskRunner class in the project: copy the one in Kedro's Dask guide into src/spaceflights/runner/dask_runner.py.");
  });
});
