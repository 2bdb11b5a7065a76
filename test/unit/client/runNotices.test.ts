import { describe, expect, test } from 'vitest';
import { commandLine } from '../../../client/src/run/kedroCommand';
import { programOf, RunNotices } from '../../../client/src/run/runNotices';
import { notStartedReason } from '../../../client/src/runs/runStore';

const notFound = (program: string) => ({ reason: notStartedReason(127, program), exitCode: 127 });

describe('RunNotices: one notice per cause that keeps a Kedro command from starting', () => {
  test('kedro missing from PATH: the warning before the run is the only notice; its exit 127 adds none', () => {
    const notices = new RunNotices();
    const before = notices.beforeRun('kedro', false, false);
    expect(before).toEqual({
      cause: 'missing\0kedro',
      severity: 'warning',
      message: `'kedro' was not found on this machine's PATH, so the Kedro terminal will likely answer "command not found": select the project's Python interpreter (one with Kedro installed), or set kedro.kedroCommand or kedro.pythonPath.`,
      actions: ['Select Interpreter', 'Open Settings'],
    });
    expect(notices.runEnded('kedro', 'not-started', notFound('kedro'), true)).toBeUndefined();
    // The next run of the same command: neither notice again.
    expect(notices.beforeRun('kedro', false, false)).toBeUndefined();
    expect(notices.runEnded('kedro', 'not-started', notFound('kedro'), true)).toBeUndefined();
    // Without shell integration the run ends with no exit code: still the missing program.
    expect(notices.runEnded('kedro', 'not-started', { reason: 'no event from Kedro within 120 s' }, true)).toBeUndefined();
  });

  test('found on PATH but the terminal answers 127 (e.g. another PATH in the shell): the did-not-start error, once, with its fixes', () => {
    const notices = new RunNotices();
    expect(notices.beforeRun('kedro', true, false)).toBeUndefined();
    expect(notices.runEnded('kedro', 'not-started', notFound('kedro'), true)).toEqual({
      cause: 'missing\0kedro',
      severity: 'error',
      message: `Kedro run did not start: 'kedro' was not found (exit 127): set kedro.kedroCommand or kedro.pythonPath, or select the project's Python interpreter.`,
      actions: ['Select Interpreter', 'Open Settings', 'Show Terminal'],
    });
    expect(notices.runEnded('kedro', 'not-started', notFound('kedro'), true)).toBeUndefined();
  });

  test('a different cause after the PATH warning is news: exit 1 of the same program, or another program', () => {
    const notices = new RunNotices();
    expect(notices.beforeRun('kedro', false, true)?.message).toContain('kedro.pythonPath (in a remote window: the Remote settings).');
    const exit1 = { reason: notStartedReason(1, 'kedro'), exitCode: 1 };
    expect(notices.runEnded('kedro', 'not-started', exit1, false)?.actions).toEqual(['Select Interpreter', 'Open Settings']);
    expect(notices.runEnded('kedro', 'not-started', exit1, false)).toBeUndefined();
    const venv = notices.beforeRun('/venv/bin/python', false, false);
    expect(venv?.cause).toBe('missing\0/venv/bin/python');
    // A path is not looked up on PATH: it does not exist.
    expect(venv?.message).toBe(
      `'/venv/bin/python' does not exist on this machine, so the Kedro terminal will answer "No such file or directory": check kedro.kedroCommand and kedro.pythonPath, or select the project's Python interpreter (one with Kedro installed).`,
    );
  });

  test('a run that starts clears its causes: the same breakage later is told again', () => {
    const notices = new RunNotices();
    expect(notices.beforeRun('kedro', false, false)).toBeDefined();
    expect(notices.runEnded('kedro', 'not-started', notFound('kedro'), true)).toBeUndefined();
    expect(notices.runEnded('kedro', 'success', undefined, true)).toBeUndefined();
    expect(notices.beforeRun('kedro', false, false)?.severity).toBe('warning');
    // A run cut off mid-pipeline started too.
    expect(notices.runEnded('kedro', 'failed', { reason: 'the command ended with exit code 1 before the pipeline finished', exitCode: 1 }, true)).toBeUndefined();
    expect(notices.runEnded('kedro', 'not-started', notFound('kedro'), true)?.severity).toBe('error');
  });

  test('programOf reads the program back from the command line sent, quoted or not', () => {
    expect(programOf(commandLine(['kedro', 'run', '--env=local']))).toBe('kedro');
    expect(programOf(commandLine(["/home/me/my env/it's/python", '-m', 'kedro', 'run']))).toBe("/home/me/my env/it's/python");
  });
});
