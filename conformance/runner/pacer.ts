/**
 * Keeps a run polite: at most `maxRequests` requests, and at least `delayMs` between the start
 * of one and the start of the next. One pacer per target per run.
 */
export interface Pacer {
  /** Waits for the next slot; false when the budget is spent (the request must not be sent). */
  next(): Promise<boolean>;
  readonly sent: () => number;
}

export function createPacer(delayMs: number, maxRequests: number, now: () => number = () => performance.now()): Pacer {
  let sent = 0;
  let last: number | undefined;
  return {
    async next() {
      if (sent >= maxRequests) return false;
      if (last !== undefined && delayMs > 0) {
        const wait = last + delayMs - now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
      last = now();
      sent++;
      return true;
    },
    sent: () => sent,
  };
}
