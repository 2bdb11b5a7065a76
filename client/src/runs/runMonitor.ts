import * as fs from 'node:fs';
import type * as vscode from 'vscode';
import { formatEvent, parseEvents, summarize, type RunEvent } from './events';

/** Follows a run's event file while it grows: hook lines to the "Kedro Hooks" channel, progress to the status bar. */
export class RunMonitor implements vscode.Disposable {
  private offset = 0;
  private partial = '';
  private readonly events: RunEvent[] = [];
  private readonly timer: NodeJS.Timeout;
  private idleSince = Date.now();
  private finished = false;

  constructor(
    private readonly file: string,
    private readonly hooks: vscode.OutputChannel,
    private readonly status: vscode.StatusBarItem,
    private readonly onEnd: () => void,
    /** `path:line` of a node's function, so failures in the log are clickable. */
    private readonly locate: (node: string) => string | undefined = () => undefined,
    /** Give up when nothing arrives for this long (e.g. kedro was not found and never started). */
    private readonly idleLimitMs = 10 * 60 * 1000,
  ) {
    this.status.text = '$(sync~spin) Kedro run starting…';
    this.status.command = 'kedro.showHooks';
    this.status.show();
    this.timer = setInterval(() => this.poll(), 300);
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
      if (Date.now() - this.idleSince > this.idleLimitMs) this.finish();
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

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    clearInterval(this.timer);
    setTimeout(() => this.status.hide(), 15000);
    this.onEnd();
  }

  dispose(): void {
    clearInterval(this.timer);
  }
}
