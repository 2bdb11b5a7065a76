import { execFileSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { commandLine } from '../../../client/src/run/kedroCommand';
import { kedroNewArgs, packageNameOf, pipelineCreateArgs, pipelineNameProblem, projectNameProblem, pytestArgv, repoNameOf, siblingTool } from '../../../client/src/lifecycle/lifecycleArgs';

/** What bash hands the program for this command line (NUL-separated argv). */
const bashArgv = (line: string): string[] => execFileSync('bash', ['-c', `printf '%s\\0' ${line.replace(/^\S+/, '')}`], { encoding: 'utf8' }).split('\0').slice(0, -1);

describe('kedro new', () => {
  test('name, tools and example make a non-interactive command line', () => {
    expect(commandLine(['kedro', ...kedroNewArgs({ name: 'Rocket Sales', tools: ['lint', 'test', 'data'], example: false })])).toBe("kedro new '--name=Rocket Sales' --tools=lint,test,data --example=n");
    expect(commandLine(['/venv/bin/python', '-m', 'kedro', ...kedroNewArgs({ name: 'spaceflights', tools: [], example: true })])).toBe('/venv/bin/python -m kedro new --name=spaceflights --tools=none --example=y');
  });

  test('a name with quotes reaches kedro literally', () => {
    const args = kedroNewArgs({ name: "Bob's $HOME `x` rockets", tools: ['pyspark'], example: false });
    expect(bashArgv(commandLine(['kedro', ...args]))).toEqual(args);
  });

  test("Kedro's project-name rule and derived names", () => {
    expect(projectNameProblem('Rocket Sales')).toBeUndefined();
    expect(projectNameProblem('señal-2')).toBeUndefined();
    expect(projectNameProblem('x')).toMatch(/at least 2/);
    expect(projectNameProblem('a/b')).toMatch(/Letters, digits/);
    expect(projectNameProblem('class')).toBe("The package name 'class' would be a Python keyword.");
    expect(packageNameOf('Rocket Sales-EU')).toBe('rocket_sales_eu');
    expect(repoNameOf('Rocket Sales_EU')).toBe('rocket-sales-eu');
  });
});

describe('kedro pipeline create', () => {
  test("Kedro's pipeline-name rule", () => {
    expect(pipelineNameProblem('feature_engineering')).toBeUndefined();
    expect(pipelineNameProblem('_private2')).toBeUndefined();
    expect(pipelineNameProblem('2stage')).toBe("'2stage' is not a valid Python package name: it must start with a letter or underscore.");
    expect(pipelineNameProblem('a')).toBe("'a' is not a valid Python package name: it must be at least 2 characters long.");
    expect(pipelineNameProblem('data-science')).toBe("'data-science' is not a valid Python package name: it must contain only letters, digits, and/or underscores.");
    expect(pipelineNameProblem("x'; rm -rf ~")).toMatch(/only letters, digits/);
    expect(pipelineNameProblem('import')).toBe("'import' is a Python keyword.");
  });

  test('command line', () => {
    expect(commandLine(['kedro', ...pipelineCreateArgs('feature_engineering')])).toBe('kedro pipeline create feature_engineering');
  });
});

describe('pytest in the environment Kedro runs in', () => {
  test('derived from how Kedro is invoked', () => {
    expect(pytestArgv(['/venv/bin/python', '-m', 'kedro'])).toEqual(['/venv/bin/python', '-m', 'pytest']);
    expect(pytestArgv(['uv', 'run', 'kedro'], 'tests/pipelines/data_science')).toEqual(['uv', 'run', 'pytest', 'tests/pipelines/data_science']);
    expect(pytestArgv(['/home/u/.venv/bin/kedro'])).toEqual(['/home/u/.venv/bin/pytest']);
    expect(pytestArgv(['kedro'])).toEqual(['pytest']);
    expect(pytestArgv(['./run-kedro.sh'], 'tests')).toEqual(['pytest', 'tests']);
    expect(commandLine(pytestArgv(['/my venv/bin/python', '-m', 'kedro'], 'tests/pipelines/data_science'))).toBe("'/my venv/bin/python' -m pytest tests/pipelines/data_science");
  });

  test('the python next to kedro', () => {
    expect(siblingTool(['/venv/bin/python', '-m', 'kedro'], 'python')).toEqual(['/venv/bin/python']);
    expect(siblingTool(['uv', 'run', 'kedro'], 'python')).toEqual(['uv', 'run', 'python']);
    expect(siblingTool(['/venv/bin/kedro'], 'python')).toEqual(['/venv/bin/python']);
    expect(siblingTool(['kedro'], 'python')).toEqual(['python3']);
    expect(siblingTool(['./wrapper'], 'python')).toBeUndefined();
  });
});
