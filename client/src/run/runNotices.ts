// Which notice a Kedro command's failure to start deserves. Pure (no vscode import) so the policy is unit-tested.
import type { RunStatus } from '../runs/events';
import type { RunEnd } from '../runs/runStore';

/** The buttons a notice offers; the extension maps each to its command. */
export type FixAction = 'Select Interpreter' | 'Open Settings' | 'Show Terminal';

export interface Notice {
  /** One notice per cause: a second one for the same cause is not shown. */
  readonly cause: string;
  readonly severity: 'warning' | 'error';
  readonly message: string;
  readonly actions: readonly FixAction[];
}

/** The program is missing: the PATH check before a command and the terminal's exit 127 after it are this one cause. */
const missingCause = (program: string): string => `missing\0${program}`;

/**
 * Decides the notices of commands that may not start. Before this, a missing `kedro` showed a "not on PATH" warning and
 * then the run's "did not start" error: two notices for one cause. Now each cause is told once, with its fixes, until a
 * command with the same program starts (the user fixed it; a later breakage is news again).
 */
export class RunNotices {
  private readonly shown = new Set<string>();

  /** Before a command is sent to the terminal: its program was (not) found on this machine's PATH. */
  beforeRun(program: string, found: boolean, remote: boolean): Notice | undefined {
    if (found) return undefined;
    const where = remote ? ' (in a remote window: the Remote settings)' : '';
    return this.claim({
      cause: missingCause(program),
      severity: 'warning',
      // A path (kedro.kedroCommand, kedro.pythonPath, an interpreter) is not looked up on PATH: it does not exist.
      message: /[/\\]/.test(program)
        ? `'${program}' does not exist on this machine, so the Kedro terminal will answer "No such file or directory": check kedro.kedroCommand and kedro.pythonPath${where}, or select the project's Python interpreter (one with Kedro installed).`
        : `'${program}' was not found on this machine's PATH, so the Kedro terminal will likely answer "command not found": select the project's Python interpreter (one with Kedro installed), or set kedro.kedroCommand or kedro.pythonPath${where}.`,
      actions: ['Select Interpreter', 'Open Settings'],
    });
  }

  /** A recorded run's command ended (`ended` is undefined when Kedro finished the pipeline). */
  runEnded(program: string, status: RunStatus, ended: RunEnd | undefined, terminalOpen: boolean): Notice | undefined {
    if (status !== 'not-started' || !ended) {
      // Kedro started: whatever kept this program from starting is fixed.
      for (const cause of [...this.shown]) if (cause === missingCause(program) || cause.startsWith(`${missingCause(program)}\0`)) this.shown.delete(cause);
      return undefined;
    }
    // Exit 127 is "command not found"; no exit code (no shell integration, or the terminal closed) after a missing
    // program was reported is most likely the same cause.
    const missing = ended.exitCode === 127 || (ended.exitCode === undefined && this.shown.has(missingCause(program)));
    return this.claim({
      cause: missing ? missingCause(program) : `${missingCause(program)}\0${ended.reason}`,
      severity: 'error',
      message: `Kedro run did not start: ${ended.reason}.`,
      actions: ['Select Interpreter', 'Open Settings', ...(terminalOpen ? (['Show Terminal'] as const) : [])],
    });
  }

  private claim(notice: Notice): Notice | undefined {
    if (this.shown.has(notice.cause)) return undefined;
    this.shown.add(notice.cause);
    return notice;
  }
}

/** The program a command line starts with, unquoted (commandLine() single-quotes words with spaces or quotes). */
export function programOf(commandLine: string): string {
  const m = /^'((?:[^']|'\\'')*)'/.exec(commandLine);
  return m ? (m[1] as string).replace(/'\\''/g, "'") : (commandLine.split(' ')[0] ?? '');
}
