/** A number in [0, 1): the draws of probabilities and random latencies. */
export type Random = () => number;

/**
 * mulberry32: a small, fast generator whose sequence is fixed by its 32-bit seed, so
 * `serve --seed N` repeats the same probabilities and latencies. Not for secrets.
 */
export function seededRandom(seed: number = Math.floor(Math.random() * 2 ** 32)): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
