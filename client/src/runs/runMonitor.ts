import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { formatEvent, parseEvents, summarize, type RunEvent } from './events';
import { notStartedReason, type RunEnd } from './runStore';

export type { RunEnd };

/** Follows a run's event file while it grows: hook lines to the "Kedro Hooks" channel, progress to the status bar. */
export class RunMonitor implements vscode.Disposable {
  private offset = 0;
  private partial = '';
  private readonly events: RunEvent[] = [];
  private readonly timer: NodeJS.Timeout;
  private idleSince = Date.now();
  private finished = false;

  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly startTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly file: string,
    private readonly hooks: vscode.OutputChannel,
    private readonly status: vscode.StatusBarItem,
    private readonly onEnd: (ended?: RunEnd) => void,
    /** `path:line` of a node's function, so failures in the log are clickable. */
    private readonly locate: (node: string) => string | undefined = () => undefined,
    /** The terminal the command was sent to, and the command: its end (shell integration) or closing ends the run. */
    private readonly terminal?: vscode.Terminal,
    private readonly commandLine = '',
    /** Without shell integration nothing reports a command that never started: give up when no event came this long. */
    startLimitMs = 2 * 60 * 1000,
    /** Give up when nothing arrives for this long. */
    private readonly idleLimitMs = 10 * 60 * 1000,
  ) {
    this.status.text = '$(sync~spin) Kedro run starting…';
    this.status.command = 'kedro.showHooks';
    this.status.show();
    this.timer = setInterval(() => this.poll(), 300);
    if (terminal) {
      this.subscriptions.push(
        vscode.window.onDidCloseTerminal((t) => {
          if (t === terminal) this.commandEnded(t.exitStatus?.code, 'the terminal was closed before Kedro ran its first hook');
        }),
        vscode.window.onDidEndTerminalShellExecution((e) => {
          // Another terminal, or another command (empty when the shell could not report the line: then it is ours).
          const ran = e.execution.commandLine.value;
          if (e.terminal === terminal && (!ran || !this.commandLine || ran.includes(this.commandLine))) this.commandEnded(e.exitCode);
        }),
      );
    }
    this.startTimer = setTimeout(() => {
      if (!this.events.length && !terminal?.shellIntegration) this.commandEnded(undefined, `no event from Kedro within ${Math.round(startLimitMs / 1000)} s: it did not start, or its shell does not report commands (see the terminal)`);
    }, startLimitMs);
  }

  /** The command is over: read what it wrote last, then settle a run Kedro did not finish. */
  private commandEnded(exitCode: number | undefined, why?: string): void {
    if (this.finished) return;
    this.poll();
    if (this.finished) return;
    const s = summarize(this.events);
    const program = this.commandLine.split(' ')[0] ?? 'kedro';
    if (s.status === 'unknown' || !this.events.some((e) => e.event === 'pipeline_start')) {
      const reason = why ?? notStartedReason(exitCode, program);
      this.status.text = '$(error) Kedro run did not start';
      this.status.tooltip = reason;
      this.finish({ reason, ...(exitCode !== undefined ? { exitCode } : {}) });
      return;
    }
    const reason = `the command ended${exitCode !== undefined ? ` with exit code ${exitCode}` : ''} before the pipeline finished`;
    this.status.text = `$(error) Kedro run ended at ${s.done}/${s.total}`;
    this.status.tooltip = reason;
    this.finish({ reason, ...(exitCode !== undefined ? { exitCode } : {}) });
  }

  private poll(): void {
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
      if (Date.now() - this.idleSince > this.idleLimitMs) this.finish(this.events.length ? undefined : { reason: 'no event was recorded: Kedro never reached its first hook' });
      return;
    }
    this.idleSince = Date.now();
    const text = this.partial + chunk;
    const cut = text.lastIndexOf('\n');
    this.partial = text.slice(cut + 1);
    const fresh = parseEvents(text.slice(0, cut + 1));
    for (const e of fresh) {
      const where = e.event === 'node_end' && e['status'] === 'failed' && e.node ? this.locate(e.node) : undefined;
      this.hooks.appendLine(where ? `${formatEvent(e)}  at ${where}` : formatEvent(e));
    }
    this.events.push(...fresh);
    const s = summarize(this.events);
    const current = this.events.findLast((e) => e.event === 'node_start')?.node;
    this.status.text = `$(sync~spin) Kedro ${s.done}/${s.total}${current ? ` · ${current}` : ''}`;
    if (s.status === 'success' || s.status === 'failed') {
      this.status.text = s.status === 'success' ? `$(pass) Kedro run: ${s.done}/${s.total} nodes` : `$(error) Kedro run failed${s.failedNode ? ` at ${s.failedNode}` : ''}`;
      this.finish();
    }
  }

  private finish(ended?: RunEnd): void {
    if (this.finished) return;
    this.finished = true;
    clearInterval(this.timer);
    clearTimeout(this.startTimer);
    this.subscriptions.forEach((d) => d.dispose());
    setTimeout(() => this.status.hide(), 15000);
    this.onEnd(ended);
  }

  dispose(): void {
    clearInterval(this.timer);
    clearTimeout(this.startTimer);
    this.subscriptions.forEach((d) => d.dispose());
  }
}
