/**
 * A small seeded generator (mulberry32) for Monte Carlo estimates, random symmetries and test
 * networks that must give the same numbers on every machine; not for anything that needs
 * statistical strength beyond that. (Training has its own streams: src/train/prng.ts.)
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One standard normal from two uniforms of `random` (Box–Muller, cosine branch only). */
export function standardNormal(random: () => number): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
