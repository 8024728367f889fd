/**
 * Viterbi decoding: the single best tag path argmax_y score(y), by dynamic programming over the
 * trellis of (step, tag) cells,
 *   δ_1(k) = start[k] + E[1, k]
 *   δ_t(k) = E[t, k] + max_j (δ_{t-1}(j) + A[j, k]),   ψ_t(k) = argmax_j (same)
 *   best final tag = argmax_k (δ_T(k) + end[k]); then follow ψ back to step 1.
 * It runs in plain JavaScript (float64) on one sequence: decoding needs no gradient, and the
 * trellis comes back as arrays ready to draw. Forbidden transitions are −Infinity.
 */

export interface ViterbiTrellis {
  /** δ_t(k), `[time][tags]`: the best score of any path that reaches tag k at step t. */
  scores: number[][];
  /** ψ_t(k), `[time][tags]`: the previous tag on that best path (−1 at step 0). */
  backPointers: number[][];
}

export interface ViterbiResult {
  /** The best tag path, one id per step. */
  path: number[];
  /** Its score, `score(path)`. */
  score: number;
  trellis: ViterbiTrellis;
}

/** Index of the largest value; ties go to the lowest index. */
function argMax(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

/**
 * emissions `[time][tags]`, transitions `[tags][tags]` (A[from][to]), start, end `[tags]`.
 * Throws when every path is forbidden (the best score is −Infinity).
 */
export function viterbi(emissions: readonly (readonly number[])[], transitions: readonly (readonly number[])[], start: readonly number[], end: readonly number[]): ViterbiResult {
  const time = emissions.length;
  const tags = start.length;
  if (time === 0) throw new Error('viterbi: expected at least one step of emissions, got none');
  if (end.length !== tags || transitions.length !== tags || transitions.some((row) => row.length !== tags) || emissions.some((row) => row.length !== tags)) {
    throw new Error(`viterbi: expected emissions [time][${tags}], transitions [${tags}][${tags}] and end [${tags}] to agree with start [${tags}]`);
  }
  // δ_1(k) = start[k] + E[1, k]
  const scores: number[][] = [start.map((s, k) => s + emissions[0][k])];
  const backPointers: number[][] = [new Array(tags).fill(-1)];
  for (let t = 1; t < time; t++) {
    const previous = scores[t - 1];
    const row: number[] = [];
    const pointers: number[] = [];
    for (let k = 0; k < tags; k++) {
      // max_j (δ_{t-1}(j) + A[j, k])
      const j = argMax(previous.map((delta, from) => delta + transitions[from][k]));
      pointers.push(j);
      row.push(emissions[t][k] + previous[j] + transitions[j][k]);
    }
    scores.push(row);
    backPointers.push(pointers);
  }
  const final = scores[time - 1].map((delta, k) => delta + end[k]);
  const last = argMax(final);
  if (final[last] === -Infinity) throw new Error('viterbi: every tag path is forbidden by the transition constraints');
  const path = [last];
  for (let t = time - 1; t > 0; t--) path.unshift(backPointers[t][path[0]]);
  return { path, score: final[last], trellis: { scores, backPointers } };
}
