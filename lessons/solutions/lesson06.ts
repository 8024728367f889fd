/**
 * Reference solutions to the exercises of lesson 6 (06-classifying-sequences.seqnb). Paste a
 * function into the exercise cell, or compare it with yours.
 */

/** The mean of the real states of each sequence; zeros for a sequence with no real step. */
export function maskedMeanPool(states: number[][][], mask: number[][]): number[][] {
  return states.map((sequence, b) => {
    const hidden = sequence[0]?.length ?? 0;
    const total = new Array(hidden).fill(0);
    let count = 0;
    sequence.forEach((h, t) => {
      if (!mask[b][t]) return;
      count++;
      for (let k = 0; k < hidden; k++) total[k] += h[k];
    });
    return total.map((v) => (count === 0 ? 0 : v / count));
  });
}

/** α_t = exp(w·h_t − m) / Σ_real exp(w·h_j − m) with m the largest real score; 0 on padding. */
export function attentionWeights(states: number[][], w: number[], mask: number[]): number[] {
  const scores = states.map((h) => h.reduce((s, v, k) => s + v * w[k], 0));
  const m = Math.max(...scores.filter((_, t) => mask[t]));
  const e = scores.map((s, t) => (mask[t] ? Math.exp(s - m) : 0));
  const total = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / total);
}
