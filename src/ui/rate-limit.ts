// The two rate limits of the store: publications (a trailing throttle) and snapshot requests
// (one in flight at a time, requests made meanwhile merged into one more).

/** Calls `fn` at most once per `intervalMs`; calls requested in between are merged into one. */
export class Throttle {
  private timer: NodeJS.Timeout | undefined;
  private cancelled = false;
  /** When `fn` last ran. */
  last = -Infinity;

  constructor(
    private readonly fn: () => void,
    private readonly intervalMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Run `fn` as soon as the interval allows (never synchronously). */
  schedule(): void {
    if (this.timer || this.cancelled) return;
    const wait = Math.max(0, this.last + this.intervalMs - this.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.last = this.now();
      this.fn();
    }, wait);
  }

  cancel(): void {
    this.cancelled = true;
    clearTimeout(this.timer);
  }
}

/** Runs an async task one at a time, starts at least `gapMs` apart; a request while one runs means one more run. */
export class CoalescedTask {
  private running = false;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private cancelled = false;
  /** When the last run started (the store polls if this is old). */
  lastStart = -Infinity;

  constructor(
    private readonly task: () => Promise<void>,
    private readonly gapMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  request(): void {
    if (this.cancelled) return;
    if (this.running || this.timer) {
      this.again = true;
      return;
    }
    const wait = this.lastStart + this.gapMs - this.now();
    if (wait > 0) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.run();
      }, wait);
      return;
    }
    this.run();
  }

  cancel(): void {
    this.cancelled = true;
    clearTimeout(this.timer);
  }

  private run(): void {
    if (this.cancelled) return;
    this.running = true;
    this.again = false;
    this.lastStart = this.now();
    // the task reports its own errors; a rejection here must not stop the next run
    this.task()
      .catch(() => {})
      .finally(() => {
        this.running = false;
        if (this.again) this.request();
      });
  }
}
