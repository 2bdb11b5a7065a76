// Bookkeeping for runs in flight, without the VS Code API (unit-tested): whose the status bar item is, and which run a
// shell execution in a Kedro terminal is.

/** The parts of a status bar item the run status uses (vscode.StatusBarItem has them). */
export interface StatusItem {
  text: string;
  tooltip: unknown;
  show(): void;
  hide(): void;
}

/**
 * One status bar item for every run: it belongs to the newest run sent. Runs queue in one terminal, so an older run can
 * end after a newer one was sent; its monitor must not overwrite the newer run's status, nor hide it when its own result
 * has been shown long enough.
 */
export class RunStatus {
  private owner: string | undefined;
  private hideTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly item: StatusItem,
    private readonly hideAfterMs = 15000,
  ) {}

  /** `run` was just sent: the item is its own from now on. */
  follow(run: string): void {
    this.owner = run;
    clearTimeout(this.hideTimer);
    this.hideTimer = undefined;
  }

  /** Shows `run`'s state if the item is still its own; false (and nothing shown) otherwise. */
  set(run: string, text: string, tooltip?: string): boolean {
    if (run !== this.owner) return false;
    // A run told "did not start" that starts after all: its progress must not hide on the verdict's timer.
    clearTimeout(this.hideTimer);
    this.hideTimer = undefined;
    this.item.text = text;
    this.item.tooltip = tooltip;
    this.item.show();
    return true;
  }

  /**
   * `run` is over (or its verdict is shown while it is still followed): the result stays a while, then the item hides,
   * unless a newer run took it, or the run showed news, meanwhile.
   */
  done(run: string): void {
    if (run !== this.owner) return;
    clearTimeout(this.hideTimer);
    this.hideTimer = setTimeout(() => {
      if (this.owner === run) this.item.hide();
    }, this.hideAfterMs);
  }

  dispose(): void {
    clearTimeout(this.hideTimer);
  }
}

/**
 * Which of the runs sent to one terminal a shell execution is. The shell runs them one after another in the order sent,
 * so an execution is the oldest waiting run whose command line it is exactly; when the shell could not report the line
 * (empty), the oldest waiting run. Any other line (typed by hand) is none of them: `kedro run` is not the end of
 * `kedro run --nodes=x`, which a substring test took it for, and an empty line is not every run's end at once.
 */
export class TerminalCommands<R> {
  private readonly waiting: { run: R; line: string }[] = [];
  /** Executions seen starting, to the run each is (kept until it ends, also when the run settled from its events). */
  private readonly executing = new Map<object, R>();

  add(run: R, line: string): void {
    this.waiting.push({ run, line: line.trim() });
  }

  /** The run whose command is running now or runs next: nothing can report the start of the ones behind it. */
  get head(): R | undefined {
    for (const r of this.executing.values()) return r;
    return this.waiting[0]?.run;
  }

  get size(): number {
    return this.waiting.length + this.executing.size;
  }

  /** Every run still in the queue (the terminal closed: none of them will report its end). */
  all(): R[] {
    return [...this.executing.values(), ...this.waiting.map((w) => w.run)];
  }

  /** `run` settled while waiting (its events, a timeout): no execution is matched to it any more. */
  forget(run: R): void {
    const i = this.waiting.findIndex((w) => w.run === run);
    if (i >= 0) this.waiting.splice(i, 1);
  }

  /** A command started in the terminal: the run it is, if any. */
  started(execution: object, line: string): R | undefined {
    const run = this.take(line);
    if (run !== undefined) this.executing.set(execution, run);
    return run;
  }

  /** A command ended in the terminal: the run it was (matched at its start, or now if its start was not seen). */
  ended(execution: object, line: string): R | undefined {
    if (this.executing.has(execution)) {
      const run = this.executing.get(execution);
      this.executing.delete(execution);
      return run;
    }
    return this.take(line);
  }

  private take(line: string): R | undefined {
    const ran = line.trim();
    const i = ran ? this.waiting.findIndex((w) => w.line === ran) : this.waiting.length ? 0 : -1;
    return i < 0 ? undefined : this.waiting.splice(i, 1)[0]?.run;
  }
}
