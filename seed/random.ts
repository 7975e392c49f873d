/**
 * mulberry32: a tiny seeded generator for generated data (the demo seed, benchmarks, randomized
 * tests), so the same seed always builds the same data and a failure can be replayed.
 */
export function seededRandom(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Draws from a seeded generator: one of some items, or a whole number in [lo, hi]. */
export function drawsFrom(rand: () => number) {
  return {
    pick: <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T,
    between: (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1)),
  };
}
