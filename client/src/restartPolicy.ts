/**
 * When the language server dies: restart it, but at most `max` times in `windowMs` so a server that crashes on
 * start-up (a bad file it chokes on every time) does not spin forever. Pure so it can be unit-tested.
 */
export class RestartPolicy {
  private readonly crashes: number[] = [];
  private announced = false;

  constructor(
    private readonly max = 5,
    private readonly windowMs = 3 * 60_000,
  ) {}

  /** Records a crash at `now`; says whether to restart and whether this is the first crash worth telling the user. */
  onCrash(now: number): { restart: boolean; announce: boolean } {
    while (this.crashes.length && now - (this.crashes[0] ?? now) > this.windowMs) this.crashes.shift();
    this.crashes.push(now);
    const restart = this.crashes.length <= this.max;
    // Say it once per session while restarts succeed; a give-up is always said (it needs the user).
    const announce = !restart || !this.announced;
    if (restart) this.announced = true;
    return { restart, announce };
  }

  /** After a manual restart the budget is fresh. */
  reset(): void {
    this.crashes.length = 0;
  }
}
