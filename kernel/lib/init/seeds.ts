/**
 * Seeds for reproducible construction and dropout. Every constructor takes one integer `seed`;
 * each weight and each dropout stream derives its own seed from it by name, so the same seed
 * gives the same weights on every backend (tfjs' seeded random ops run in JavaScript).
 */

/** A fresh 31-bit seed, used when the caller gives none. */
export function randomSeed(): number {
  return Math.floor(Math.random() * 0x7fffffff);
}

/** Derives a child seed from a parent seed and a label (FNV-1a over `seed:label`), in [0, 2^31). */
export function childSeed(seed: number, label: string): number {
  if (!Number.isInteger(seed)) throw new Error(`seed must be an integer; got ${seed}`);
  const text = `${seed}:${label}`;
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash & 0x7fffffff;
}

/** An endless sequence of seeds (`next()`), e.g. one per dropout mask; replays exactly from the same start. */
export class SeedStream {
  private counter = 0;
  constructor(readonly seed: number) {}
  next(): number {
    return childSeed(this.seed, `#${this.counter++}`);
  }
}
