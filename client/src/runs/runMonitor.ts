import * as fs from 'node:fs';
import { formatEvent, parseEvents, summarize, type RunEvent } from './events';
import { notStartedReason, type RunEnd } from './runStore';
import { programOf } from '../run/runNotices';

export type { RunEnd };

/** Where a monitor writes: the "Kedro Hooks" channel, and the run status item (shown only while the run is the newest). */
export interface RunOutput {
  appendLine(line: string): void;
  status(text: string, tooltip?: string): void;
  /** The status shown is a verdict while the monitor still listens (a late start): let the item hide after a while. */
  rest?(): void;
}

/** A run whose program this machine's PATH lacks gets this long to report its start before the status says it did not. */
export const MISSING_PROGRAM_LIMIT_MS = 10 * 1000;

/**
 * Follows a run's event file while it grows: hook lines to the "Kedro Hooks" channel, progress to the status bar. The
 * journal tells it when its command ended (shell integration, terminal closed) and when it is next in its terminal.
 */
export class RunMonitor {
  private offset = 0;
  private partial = '';
  private readonly events: RunEvent[] = [];
  private readonly timer: NodeJS.Timeout;
  private idleSince = Date.now();
  private finished = false;
  private armed = false;
  private startTimer: NodeJS.Timeout | undefined;
  private missingTimer: NodeJS.Timeout | undefined;
  /** Shell integration saw the command start: its end will be reported. */
  private executing = false;
  /** "did not start" is on show while the monitor still listens for a late start. */
  private toldNotStarted = false;
  /** Why the program was missing (`'kedro' was not found on this machine's PATH`), kept for the run's final reason. */
  private missingProgram: string | undefined;

  constructor(
    private readonly file: string,
    private readonly out: RunOutput,
    private readonly onEnd: (ended?: RunEnd) => void,
    /** `path:line` of a node's function, so failures in the log are clickable. */
    private readonly locate: (node: string) => string | undefined = () => undefined,
    private readonly commandLine = '',
    /** Whether the terminal reports the end of commands (shell integration): then no start limit applies. */
    private readonly reportsEnd: () => boolean = () => false,
    /** Without shell integration nothing reports a command that never started: give up when no event came this long. */
    private readonly startLimitMs = 2 * 60 * 1000,
    /** Give up when nothing arrives for this long. */
    private readonly idleLimitMs = 10 * 60 * 1000,
    /**
     * The program was not found on this machine's PATH (the "not on PATH" notice): without a word from Kedro or the shell
     * within this time the status says the run did not start. The run is still followed until the limits above, since
     * the terminal's shell may find the program on a PATH of its own (conda in .bashrc).
     */
    private readonly missingProgramLimitMs?: number,
  ) {
    this.out.status('$(sync~spin) Kedro run starting…');
    this.timer = setInterval(() => this.poll(), 300);
  }

  get done(): boolean {
    return this.finished;
  }

  /**
   * The run's command is next in its terminal (the commands sent before it ended): from now on a silence means it did
   * not start. A run queued behind a long one is not given up while that one runs.
   */
  arm(): void {
    if (this.armed || this.finished) return;
    this.armed = true;
    this.idleSince = Date.now();
    this.startTimer = setTimeout(() => {
      if (this.events.length || this.reportsEnd()) return;
      const limit = Math.round(this.startLimitMs / 1000);
      // What the run's record keeps (Runs view, profile, hooks log): the cause already known, not only the silence.
      this.commandEnded(undefined, this.missingProgram ? `${this.missingProgram} and no event from Kedro came within ${limit} s (see the terminal)` : `no event from Kedro within ${limit} s: it did not start, or its shell does not report commands (see the terminal)`);
    }, this.startLimitMs);
    const missing = this.missingProgramLimitMs;
    if (missing !== undefined) {
      this.missingTimer = setTimeout(() => {
        this.poll();
        if (this.finished || this.events.length || this.executing) return;
        const program = programOf(this.commandLine) || 'kedro';
        this.toldNotStarted = true;
        const where = /[/\\]/.test(program) ? 'does not exist on this machine' : "was not found on this machine's PATH";
        this.missingProgram = `'${program}' ${where}`;
        this.out.status('$(error) Kedro run did not start', `${this.missingProgram} and neither Kedro nor the shell reported a start within ${Math.round(missing / 1000)} s: see the terminal`);
        this.out.rest?.();
      }, missing);
    }
  }

  /** Shell integration saw the run's command start (its end will be reported): a slow start is not a missing program. */
  commandStarted(): void {
    this.executing = true;
    clearTimeout(this.missingTimer);
  }

  /** The command is over: read what it wrote last, then settle a run Kedro did not finish. */
  commandEnded(exitCode: number | undefined, why?: string): void {
    if (this.finished) return;
    this.poll();
    if (this.finished) return;
    const s = summarize(this.events);
    const program = this.commandLine.split(' ')[0] ?? 'kedro';
    if (s.status === 'unknown' || !this.events.some((e) => e.event === 'pipeline_start')) {
      const reason = why ?? notStartedReason(exitCode, program);
      // Already told (and hidden since): showing it again minutes later would only bring the item back.
      if (!this.toldNotStarted) this.out.status('$(error) Kedro run did not start', reason);
      this.finish({ reason, ...(exitCode !== undefined ? { exitCode } : {}) });
      return;
    }
    const reason = `the command ended${exitCode !== undefined ? ` with exit code ${exitCode}` : ''} before the pipeline finished`;
    this.out.status(`$(error) Kedro run ended at ${s.done}/${s.total}`, reason);
    this.finish({ reason, ...(exitCode !== undefined ? { exitCode } : {}) });
  }

  poll(): void {
    if (this.finished) return;
    let chunk = '';
    try {
      const size = fs.existsSync(this.file) ? fs.statSync(this.file).size : 0;
      if (size > this.offset) {
        const fd = fs.openSync(this.file, 'r');
        const buf = Buffer.alloc(size - this.offset);
        fs.readSync(fd, buf, 0, buf.length, this.offset);
        fs.closeSync(fd);
        this.offset = size;
        chunk = buf.toString('utf8');
      }
    } catch {
      return;
    }
    if (!chunk) {
      if (this.armed && Date.now() - this.idleSince > this.idleLimitMs) this.finish(this.events.length ? undefined : { reason: 'no event was recorded: Kedro never reached its first hook' });
      return;
    }
    this.idleSince = Date.now();
    this.toldNotStarted = false;
    const text = this.partial + chunk;
    const cut = text.lastIndexOf('\n');
    this.partial = text.slice(cut + 1);
    const fresh = parseEvents(text.slice(0, cut + 1));
    for (const e of fresh) {
      const where = e.event === 'node_end' && e['status'] === 'failed' && e.node ? this.locate(e.node) : undefined;
      this.out.appendLine(where ? `${formatEvent(e)}  at ${where}` : formatEvent(e));
    }
    this.events.push(...fresh);
    const s = summarize(this.events);
    const current = this.events.findLast((e) => e.event === 'node_start')?.node;
    if (s.status === 'success' || s.status === 'failed') {
      this.out.status(s.status === 'success' ? `$(pass) Kedro run: ${s.done}/${s.total} nodes` : `$(error) Kedro run failed${s.failedNode ? ` at ${s.failedNode}` : ''}`);
      this.finish();
      return;
    }
    this.out.status(`$(sync~spin) Kedro ${s.done}/${s.total}${current ? ` · ${current}` : ''}`);
  }

  private finish(ended?: RunEnd): void {
    if (this.finished) return;
    this.finished = true;
    this.dispose();
    this.onEnd(ended);
  }

  dispose(): void {
    clearInterval(this.timer);
    clearTimeout(this.startTimer);
    clearTimeout(this.missingTimer);
  }
}
