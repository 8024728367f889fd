/**
 * Reference solutions to the exercises of lesson 7 (07-seq2seq-attention.seqnb). Paste a function
 * into the exercise cell, or compare it with yours.
 */

/** e_i = vᵀ tanh(W s + U h_i) for every source position i; W `[A][Q]`, U `[A][K]`, v `[A]`. */
export function additiveScores(query: number[], keys: number[][], W: number[][], U: number[][], v: number[]): number[] {
  const times = (matrix: number[][], x: number[]) => matrix.map((row) => row.reduce((sum, w, j) => sum + w * x[j], 0));
  const Ws = times(W, query);
  return keys.map((h) => {
    const Uh = times(U, h);
    return v.reduce((sum, va, a) => sum + va * Math.tanh(Ws[a] + Uh[a]), 0);
  });
}

/** α = softmax of the scores over the real positions (0 on padding), computed stably; c = Σ_i α_i h_i. */
export function attend(scores: number[], keys: number[][], mask: number[]): { weights: number[]; context: number[] } {
  const real = scores.filter((_, i) => mask[i] !== 0);
  const top = Math.max(...real);
  const exps = scores.map((e, i) => (mask[i] !== 0 ? Math.exp(e - top) : 0));
  const total = exps.reduce((a, b) => a + b, 0);
  const weights = exps.map((e) => e / total);
  const context = keys[0].map((_, k) => keys.reduce((sum, h, i) => sum + weights[i] * h[k], 0));
  return { weights, context };
}

/** Decoder inputs `<bos> y_1 … y_T` and outputs `y_1 … y_T <eos>`. */
export function teacherForcing(target: number[], startToken: number, endToken: number): { inputs: number[]; outputs: number[] } {
  return { inputs: [startToken, ...target], outputs: [...target, endToken] };
}
