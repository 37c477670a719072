/**
 * Keeps a run polite: at most `maxRequests` requests, and at least `delayMs` between the start
 * of one and the start of the next. One pacer per target per run.
 */
export interface Pacer {
  /** Waits for the next slot; false when the budget is spent (the request must not be sent). */
  next(): Promise<boolean>;
  readonly sent: () => number;
}

export interface PacerClock {
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
}

const realClock: PacerClock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export function createPacer(delayMs: number, maxRequests: number, clock: PacerClock = realClock): Pacer {
  const { now, sleep } = clock;
  let sent = 0;
  let last: number | undefined;
  return {
    async next() {
      if (sent >= maxRequests) return false;
      if (last !== undefined && delayMs > 0) {
        const wait = last + delayMs - now();
        if (wait > 0) await sleep(wait);
      }
      last = now();
      sent++;
      return true;
    },
    sent: () => sent,
  };
}
