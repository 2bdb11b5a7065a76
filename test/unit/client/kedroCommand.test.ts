import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { commandLine, commaProblem, dialectProblem, findProgram, kedroRunArgs, previewFilter, quoteForShell, terminalLineProblem, withSelection } from '../../../client/src/run/kedroCommand';
import { runDialect } from '../../../server/src/project/projectVersions';
import { MODERN_RUN } from '../../../common/pipelineModel';
import { parseSpecifier } from '../../../server/src/project/versions';

describe('kedro run command lines', () => {
  test('every filter and option', () => {
    expect(kedroRunArgs({ nodes: ['split_data_node'] })).toEqual(['run', '--nodes=split_data_node']);
    expect(kedroRunArgs({ pipelines: ['__default__'], env: 'local', runner: 'SequentialRunner' }, MODERN_RUN, 'local')).toEqual(['run']);
    expect(
      kedroRunArgs({
        pipelines: ['data_science', 'reporting'],
        fromNodes: ['a'],
        toNodes: ['b', 'c'],
        fromInputs: ['raw'],
        toOutputs: ['model'],
        tags: ['training'],
        namespaces: ['eu'],
        env: 'prod',
        runner: 'ParallelRunner',
        async: true,
        params: { 'model_options.test_size': '0.3', seed: '1' },
        loadVersions: { regressor: '2026-11-25T10.00.00.000Z' },
        onlyMissingOutputs: true,
      }),
    ).toEqual([
      'run',
      '--pipelines=data_science,reporting',
      '--from-nodes=a',
      '--to-nodes=b,c',
      '--from-inputs=raw',
      '--to-outputs=model',
      '--tags=training',
      '--namespaces=eu',
      '--env=prod',
      '--runner=ParallelRunner',
      '--async',
      '--params=model_options.test_size=0.3,seed=1',
      '--load-versions=regressor:2026-11-25T10.00.00.000Z',
      '--only-missing-outputs',
    ]);
    expect(kedroRunArgs({ runner: 'my_pkg.runners.DaskRunner' })).toEqual(['run', '--runner=my_pkg.runners.DaskRunner']);
    expect(commandLine(['kedro', ...kedroRunArgs({ nodes: ['eu.clean'] })])).toBe('kedro run --nodes=eu.clean');
    expect(commandLine(['kedro', ...kedroRunArgs({ nodes: ['my node'] })])).toBe("kedro run '--nodes=my node'");
  });

  test("each project's Kedro gets the option forms it accepts", () => {
    const options = { nodes: ['a', 'b'], tags: ['t1', 't2'], namespaces: ['eu'], params: { rate: '0.1' }, loadVersions: { m: 'v1' }, pipelines: ['dp'] };
    const dialect = (spec: string) => runDialect(parseSpecifier(spec));
    // 0.18.0–0.18.4: repeated singular flags, key:value params, one --pipeline, no --namespace.
    expect(kedroRunArgs({ ...options, namespaces: [] }, dialect('==0.18.2'))).toEqual(['run', '--pipeline=dp', '--node=a', '--node=b', '--tag=t1', '--tag=t2', '--params=rate:0.1', '--load-version=m:v1']);
    // The whole 0.18 line: only the forms 0.18.0 and 0.18.14 share.
    expect(kedroRunArgs(options, dialect('~=0.18.0'))).toEqual(['run', '--pipeline=dp', '--node=a', '--node=b', '--tag=t1', '--tag=t2', '--params=rate:0.1', '--load-version=m:v1']);
    expect(dialectProblem(options, dialect('~=0.18.0'), '>=0.18,<0.19')).toBe('Kedro >=0.18,<0.19 has no --namespace option (it came in 0.18.5).');
    // 0.19: plural lists, one --namespace, --pipeline.
    expect(kedroRunArgs(options, dialect('~=0.19.3'))).toEqual(['run', '--pipeline=dp', '--nodes=a,b', '--tags=t1,t2', '--namespace=eu', '--params=rate=0.1', '--load-versions=m:v1']);
    expect(dialectProblem({ pipelines: ['a', 'b'] }, dialect('~=0.19.3'), '>=0.19.3,<0.20')).toBe('Kedro >=0.19.3,<0.20 runs one pipeline at a time (--pipelines came in 1.2.0): run a, b one by one.');
    expect(dialectProblem({ onlyMissingOutputs: true }, dialect('~=0.19.3'), '0.19')).toMatch(/no --only-missing-outputs/);
    // 1.2+: today's forms.
    expect(kedroRunArgs(options, dialect('>=1.2,<2'))).toEqual(['run', '--pipelines=dp', '--nodes=a,b', '--tags=t1,t2', '--namespaces=eu', '--params=rate=0.1', '--load-versions=m:v1']);
    expect(dialectProblem(options, dialect('>=1.2,<2'), '>=1.2,<2')).toBeUndefined();
  });

  test('values with commas are refused', () => {
    expect(commaProblem({ tags: ['a,b'] })).toMatch(/a,b/);
    expect(commaProblem({ tags: ['a', 'b'] })).toBeUndefined();
  });

  test('hostile names reach the program literally in bash and sh', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kl-argv-'));
    const printer = path.join(dir, 'printargv');
    fs.writeFileSync(printer, `#!/usr/bin/env node\nprocess.stdout.write(JSON.stringify(process.argv.slice(2)))\n`, { mode: 0o755 });
    const nasty = ['a b', "it's", 'x"y', '$(touch pwned)', '`id`', 'a;b', 'a && b', 'line1\nline2', '', '*', '~user', 'é😀', '\\back'];
    for (const shell of ['bash', 'sh']) {
      const line = commandLine([printer, ...nasty]);
      const out = execFileSync(shell, ['-c', line], { cwd: dir, encoding: 'utf8' });
      expect(JSON.parse(out)).toEqual(nasty);
    }
    expect(fs.existsSync(path.join(dir, 'pwned'))).toBe(false);
    expect(quoteForShell('plain_name.v2')).toBe('plain_name.v2');
  });
});

describe("--env: a picked environment against the project's default_run_env", () => {
  test('left out only when none was picked or the pick is the default_run_env the server read', () => {
    // None picked ('' = kedro.environment's default): the project's own default, whatever it is.
    expect(kedroRunArgs({ env: '' }, MODERN_RUN, 'prod')).toEqual(['run']);
    expect(kedroRunArgs({ env: '' })).toEqual(['run']);
    expect(kedroRunArgs({ env: 'local' }, MODERN_RUN, 'local')).toEqual(['run']);
    expect(kedroRunArgs({ env: 'prod' }, MODERN_RUN, 'prod')).toEqual(['run']);
    // `local` picked where settings.py makes another env the default: plain `kedro run` would not use local.
    expect(kedroRunArgs({ env: 'local' }, MODERN_RUN, 'base')).toEqual(['run', '--env=local']);
    expect(kedroRunArgs({ env: 'local' }, MODERN_RUN, 'prod')).toEqual(['run', '--env=local']);
    // CONFIG_LOADER_ARGS without default_run_env (0.19+): no run env at all.
    expect(kedroRunArgs({ env: 'local' }, MODERN_RUN, '')).toEqual(['run', '--env=local']);
    // The default not known (settings.py computes it, an older server): a pick is always written.
    expect(kedroRunArgs({ env: 'local' })).toEqual(['run', '--env=local']);
    expect(kedroRunArgs({ env: 'local', nodes: ['a'] }, runDialect(parseSpecifier('==0.18.14')), 'local')).toEqual(['run', '--nodes=a']);
  });

  test('the whole command line, quoted for the shell', () => {
    expect(commandLine(['kedro', ...kedroRunArgs({ env: 'local', pipelines: ['dp'] }, MODERN_RUN, 'base')])).toBe('kedro run --pipelines=dp --env=local');
    expect(commandLine(['kedro', ...kedroRunArgs({ env: "qa env's" }, MODERN_RUN, 'local')])).toBe("kedro run '--env=qa env'\\''s'");
    expect(commandLine(['kedro', ...kedroRunArgs({ env: '$(id)' }, MODERN_RUN, 'local')])).toBe("kedro run '--env=$(id)'");
  });
});

describe('previews and the selections they offer', () => {
  test('run options → the preview filter: every pipeline of the union, __default__ dropped', () => {
    expect(previewFilter({ pipelines: ['__default__'], nodes: ['a'], env: 'prod', runner: 'ThreadRunner' })).toEqual({ nodeNames: ['a'] });
    expect(previewFilter({ nodes: ['a'], runner: 'ParallelRunner' })).toEqual({ nodeNames: ['a'], parallel: true });
    expect(previewFilter({ pipelines: ['data_science', 'reporting'], tags: ['t'], onlyMissingOutputs: true })).toEqual({ pipelines: ['data_science', 'reporting'], tags: ['t'], onlyMissingOutputs: true });
  });

  test('a fix replaces the selection and keeps runner, env, params', () => {
    const asked = { tags: ['training'], pipelines: ['data_science'], env: 'prod', runner: 'ThreadRunner', params: { seed: '1' } };
    const fixed = withSelection(asked, { pipelines: ['data_science'], nodeNames: ['split_data_node', 'train_model_node', 'evaluate_model_node'] });
    expect(kedroRunArgs(fixed)).toEqual(['run', '--pipelines=data_science', '--nodes=split_data_node,train_model_node,evaluate_model_node', '--env=prod', '--runner=ThreadRunner', '--params=seed=1']);
  });
});

describe('finding the program a command line starts with', () => {
  const files = new Set(['/usr/local/bin/kedro', '/venv/bin/python']);
  const exists = (p: string): boolean => files.has(p);
  test('bare names are looked up in PATH folders, paths are checked as they are', () => {
    expect(findProgram('kedro', '/usr/bin:/usr/local/bin', exists)).toBe(true);
    expect(findProgram('kedro', '/usr/bin::/opt/bin', exists)).toBe(false);
    expect(findProgram('/venv/bin/python', '', exists)).toBe(true);
    expect(findProgram('/venv/bin/kedro', '/usr/local/bin', exists)).toBe(false);
  });
});

describe('terminal lines', () => {
  test('a line with any control character is refused with the character named; a plain quoted line is sent', () => {
    expect(terminalLineProblem(commandLine(['kedro', 'run', "--nodes=a b'c"]))).toBeUndefined();
    expect(terminalLineProblem(commandLine(['kedro', 'run', '--nodes=x\u0015touch /tmp/p'])))
      .toBe("Kedro Lens did not send this command to the terminal: it contains a control character (U+0015), which a shell's line editor would act on. Rename what contains it (a node, pipeline or dataset name, a path) and try again.");
    expect(['\t', '\n', '\r', '\u001b[201~', '\u007f', '\u009b', '\u2028'].filter((c) => !terminalLineProblem(commandLine(['kedro', 'run', `--nodes=a${c}`])))).toEqual([]);
  });
});
