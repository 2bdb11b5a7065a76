/**
 * When analysis passes run: one at a time, a change that finds the server idle at once (typing is slower than a
 * pass), changes during a pending or running pass debounced into one more pass, and a running pass told to stop
 * early once a newer change is waiting ("a newer edit wins").
 */
export class PassScheduler {
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Passes started and not finished. */
  private passes = 0;
  private running: Promise<void> = Promise.resolve();
  private disposed = false;
  /** Resolved when the next pass ends (see passEnd). */
  private waiters: (() => void)[] = [];

  constructor(
    /** One pass; `isCancelled` turns true when a newer change is waiting (the pass then returns early). */
    private readonly pass: (isCancelled: () => boolean) => Promise<void>,
    private readonly debounceMs: number,
    /** A pass that throws: reported here, and the next pass still runs. */
    private readonly onError: (err: unknown) => void,
  ) {}

  schedule(delay = this.debounceMs): void {
    if (this.disposed) return;
    if (!this.timer && this.passes === 0) delay = 0;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.passes++;
      const run = (): Promise<void> => this.pass(() => this.timer !== undefined || this.disposed).catch(this.onError);
      this.running = this.running.then(run).finally(() => {
        this.passes--;
        for (const w of this.waiters.splice(0)) w();
      });
    }, delay);
  }

  /** A pass is waiting or running: the last completed analysis may not have seen the latest change. */
  busy(): boolean {
    return !this.disposed && (this.timer !== undefined || this.passes > 0);
  }

  /** Settles when the next pass ends (completed, stopped early or failed), or after `ms`. */
  passEnd(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Settles when the passes started so far have finished. */
  idle(): Promise<void> {
    return this.running;
  }

  dispose(): void {
    this.disposed = true;
    for (const w of this.waiters.splice(0)) w();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
