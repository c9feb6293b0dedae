// A periodic task that never overlaps itself: the next run is scheduled when one finishes, and
// now() runs one early (coalesced with a run in flight). Used by the pm2 and pid sources.

export interface PollLoop {
  start(): void;
  now(): Promise<void>;
  stop(): void;
}

/** A self-rescheduling poll that never overlaps itself; now() runs one early. */
export function pollLoop(periodMs: number, tick: () => Promise<void>): PollLoop {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = true;
  const run = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = null;
    running ??= tick()
      .catch(() => undefined)
      .finally(() => {
        running = null;
        if (!stopped) timer = setTimeout(run, periodMs);
      });
    return running;
  };
  return {
    start() {
      stopped = false;
      timer = setTimeout(run, periodMs);
    },
    now(): Promise<void> {
      return stopped ? Promise.resolve() : run();
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
