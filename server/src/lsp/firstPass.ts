/**
 * Requests that arrive before the first analysis (a go-to-definition while the server starts) wait for it instead of
 * answering "nothing here": VS Code does not ask again. Bounded, so a failing first pass never holds a request.
 */
export class FirstPass {
  private settled = false;

  /** Whether the first pass has finished. */
  get finished(): boolean {
    return this.settled;
  }

  private resolve!: () => void;
  private readonly done = new Promise<void>((r) => (this.resolve = r));

  constructor(private readonly maxWaitMs = 10_000) {}

  private readonly waiters = new Set<() => void>();

  /** The first pass finished (published, found nothing, or failed). */
  finish(): void {
    this.settled = true;
    this.resolve();
  }

  /** The first pass got further (a project's model was built): wakes the waiters whose `ready` now holds. */
  progressed(): void {
    for (const wake of [...this.waiters]) wake();
  }

  /** Settles when the first pass has finished, when `ready` holds (checked now and at each progress), or after maxWaitMs. */
  wait(ready?: () => boolean): Promise<void> {
    if (this.settled || ready?.()) return Promise.resolve();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let wake: (() => void) | undefined;
    const progress = new Promise<void>((r) => {
      if (ready) this.waiters.add((wake = () => ready() && r()));
    });
    return Promise.race([this.done, progress, new Promise<void>((r) => (timer = setTimeout(r, this.maxWaitMs)))]).finally(() => {
      clearTimeout(timer);
      if (wake) this.waiters.delete(wake);
    });
  }
}
