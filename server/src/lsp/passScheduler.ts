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
      this.running = this.running.then(run).finally(() => this.passes--);
    }, delay);
  }

  /** Settles when the passes started so far have finished. */
  idle(): Promise<void> {
    return this.running;
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
