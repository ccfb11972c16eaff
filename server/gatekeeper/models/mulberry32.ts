/**
 * A seeded pseudo-random generator (Tommy Ettinger's mulberry32): 32 bits of state, uniform
 * numbers in [0, 1). The models draw from it instead of `Math.random` so that the same seed
 * gives the same forest, the same scores and the same explanations, in tests and in production.
 * Not for anything secret.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
