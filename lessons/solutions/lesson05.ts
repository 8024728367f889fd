/**
 * Reference solutions to the exercises of lesson 5 (05-sequence-tagging.seqnb). Paste a function
 * into the exercise cell, or compare it with yours.
 */

/** B-I-O tags → spans `{ label, start, end }` (end exclusive); a stray I-X starts a new span (CoNLL's lenient reading). */
export function bioToSpans(tags: string[]): { label: string; start: number; end: number }[] {
  const spans: { label: string; start: number; end: number }[] = [];
  let open: { label: string; start: number } | null = null;
  const close = (end: number) => {
    if (open) spans.push({ label: open.label, start: open.start, end });
    open = null;
  };
  tags.forEach((tag, t) => {
    if (tag === 'O') return close(t);
    const [prefix, label] = [tag.slice(0, 1), tag.slice(2)];
    if (prefix === 'I' && open !== null && (open as { label: string }).label === label) return;
    close(t);
    open = { label, start: t };
  });
  close(tags.length);
  return spans;
}

/** argmax_y Σ_t E[t][y_t] + Σ_{t≥1} A[y_{t-1}][y_t] by Viterbi: δ scores and ψ back-pointers, then the backtrace. */
export function viterbiPath(emissions: number[][], transitions: number[][]): number[] {
  const K = transitions.length;
  let delta = [...emissions[0]];
  const backPointers: number[][] = [];
  for (let t = 1; t < emissions.length; t++) {
    const pointers: number[] = [];
    const next: number[] = [];
    for (let k = 0; k < K; k++) {
      let bestJ = 0;
      for (let j = 1; j < K; j++) if (delta[j] + transitions[j][k] > delta[bestJ] + transitions[bestJ][k]) bestJ = j;
      pointers.push(bestJ);
      next.push(emissions[t][k] + delta[bestJ] + transitions[bestJ][k]);
    }
    backPointers.push(pointers);
    delta = next;
  }
  const path = [delta.indexOf(Math.max(...delta))];
  for (let t = backPointers.length - 1; t >= 0; t--) path.unshift(backPointers[t][path[0]]);
  return path;
}

/** log Σ_i exp(v_i), computed as m + log Σ_i exp(v_i − m) so that large scores do not overflow. */
function logSumExp(values: number[]): number {
  const m = Math.max(...values);
  return m + Math.log(values.reduce((sum, v) => sum + Math.exp(v - m), 0));
}

/** log Z by the forward algorithm: α_t(k) = E[t][k] + log Σ_j exp(α_{t-1}(j) + A[j][k]). */
export function forwardLogZ(emissions: number[][], transitions: number[][]): number {
  let alpha = [...emissions[0]];
  for (let t = 1; t < emissions.length; t++) {
    alpha = emissions[t].map((e, k) => e + logSumExp(alpha.map((a, j) => a + transitions[j][k])));
  }
  return logSumExp(alpha);
}
