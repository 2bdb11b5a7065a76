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

  /** The first pass finished (published, found nothing, or failed). */
  finish(): void {
    this.settled = true;
    this.resolve();
  }

  /** Settles when the first pass has finished, or after maxWaitMs. */
  wait(): Promise<void> {
    if (this.settled) return Promise.resolve();
    let timer: ReturnType<typeof setTimeout> | undefined;
    return Promise.race([this.done, new Promise<void>((r) => (timer = setTimeout(r, this.maxWaitMs)))]).finally(() => clearTimeout(timer));
  }
}
