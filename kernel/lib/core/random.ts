/**
 * A seeded pseudo-random number generator for everything the library draws at random in
 * JavaScript (shuffling, scheduled sampling, token sampling), so that the same seed gives the
 * same run on the same backend. The generator is mulberry32: a 32-bit state, one multiply-xorshift
 * per draw; fast, well distributed for these uses, not for cryptography.
 */
export class Random {
  private state: number;

  /** `seed`: any finite number; its lower 32 bits choose the stream. */
  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw new Error(`Random: seed must be a finite number, got ${seed}`);
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0) throw new Error(`Random.int: n must be a positive integer, got ${n}`);
    return Math.floor(this.next() * n);
  }

  /** Shuffles `items` in place (Fisher–Yates) and returns it. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }

  /**
   * Draws an index with probability proportional to `weights[i]` (non-negative, not necessarily
   * normalised). Throws when every weight is zero or one is negative or not finite.
   */
  categorical(weights: ArrayLike<number>): number {
    let total = 0;
    for (let i = 0; i < weights.length; i++) {
      const w = weights[i];
      if (!(w >= 0) || !Number.isFinite(w)) throw new Error(`Random.categorical: weight ${i} is ${w}; weights must be finite and non-negative`);
      total += w;
    }
    if (total <= 0) throw new Error('Random.categorical: all weights are zero');
    let u = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      u -= weights[i];
      if (u < 0) return i;
    }
    // Rounding can leave u ≥ 0 after the loop; the last index with positive weight is the answer.
    for (let i = weights.length - 1; i >= 0; i--) if (weights[i] > 0) return i;
    return weights.length - 1;
  }

  /** A 31-bit integer, e.g. a seed for a tfjs random op or for another `Random`. */
  seed(): number {
    return Math.floor(this.next() * 2147483647);
  }
}
