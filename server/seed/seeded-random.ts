/**
 * Small deterministic PRNG for demo data and benchmarks. Math.random() would make the demo differ
 * on every start and tests flaky, so everything in server/seed draws from one of these.
 */
export interface SeededRandom {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  /** Picks by relative weight; weights need not sum to 1. */
  weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T;
  chance(p: number): boolean;
  /** Returns a shuffled copy; the input is left alone. */
  shuffle<T>(items: readonly T[]): T[];
  /** Up to n distinct elements in random order. */
  sample<T>(items: readonly T[], n: number): T[];
}

export function createSeededRandom(seed: number): SeededRandom {
  // mulberry32: 32-bit state, good enough spread for fake data and fast enough for 100k-row benches.
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));

  const pick = <T>(items: readonly T[]): T => {
    if (items.length === 0) throw new Error('pick() from an empty list');
    return items[Math.floor(next() * items.length)];
  };

  const weighted = <T>(entries: ReadonlyArray<readonly [T, number]>): T => {
    let total = 0;
    for (const [, w] of entries) total += w;
    let roll = next() * total;
    for (const [value, w] of entries) {
      roll -= w;
      if (roll < 0) return value;
    }
    return entries[entries.length - 1][0];
  };

  const shuffle = <T>(items: readonly T[]): T[] => {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  };

  return {
    next,
    int,
    pick,
    weighted,
    chance: (p) => next() < p,
    shuffle,
    sample: (items, n) => shuffle(items).slice(0, Math.max(0, n))
  };
}
