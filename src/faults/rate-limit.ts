/**
 * A sliding window per key: at most `requests` accepted in any `perSeconds`. A refused request
 * is not counted. Bounded: a key's window holds at most `requests` times, and at most
 * `maxKeys` keys are tracked (the oldest forgotten first).
 */
export interface RateWindow {
  /** Seconds until a slot frees when `key` is over the limit now, else undefined (and the request is counted). */
  take(key: string, now: number): number | undefined;
}

const maxKeys = 1_000;

export function rateWindow(requests: number, perSeconds: number): RateWindow {
  const windowMs = perSeconds * 1000;
  const accepted = new Map<string, number[]>();
  return {
    take(key, now) {
      let times = accepted.get(key);
      if (!times) {
        if (accepted.size >= maxKeys) accepted.delete(accepted.keys().next().value as string);
        times = [];
        accepted.set(key, times);
      }
      while (times.length > 0 && (times[0] as number) <= now - windowMs) times.shift();
      if (times.length < requests) {
        times.push(now);
        return undefined;
      }
      // RFC 9110 Retry-After: whole seconds until the oldest accepted request leaves the window.
      return Math.max(1, Math.ceil(((times[0] as number) + windowMs - now) / 1000));
    },
  };
}
