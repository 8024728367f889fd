/**
 * Reference solutions to the exercises of lesson 4 (04-char-language-model.seqnb). Paste a
 * function into the exercise cell, or compare it with yours.
 */

/** q_v = exp(z_v / τ) / Σ_w exp(z_w / τ); the largest z/τ is subtracted first so exp cannot overflow. */
export function temperatureSoftmax(logits: number[], temperature: number): number[] {
  const scaled = logits.map((z) => z / temperature);
  const max = Math.max(...scaled);
  const exps = scaled.map((s) => Math.exp(s - max));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / total);
}

/** exp of the mean cross-entropy over real steps: exp(Σ m ℓ / Σ m). */
export function perplexityFromLosses(losses: number[][], mask: number[][]): number {
  let total = 0;
  let steps = 0;
  losses.forEach((row, b) =>
    row.forEach((loss, t) => {
      total += mask[b][t] * loss;
      steps += mask[b][t];
    }),
  );
  return Math.exp(total / steps);
}

/** Keeps the k largest probabilities, zeroes the rest, renormalises. */
export function topKFilter(probabilities: number[], k: number): number[] {
  const kept = new Set(
    probabilities
      .map((_, i) => i)
      .sort((a, b) => probabilities[b] - probabilities[a])
      .slice(0, k),
  );
  const total = probabilities.reduce((acc, p, i) => (kept.has(i) ? acc + p : acc), 0);
  return probabilities.map((p, i) => (kept.has(i) ? p / total : 0));
}
