/** The plain-JS arithmetic tests use to compute expected values independently of tfjs. */

/** Row vector times matrix: (x M)_j = Σ_i x_i M_ij. */
export function vecMat(x: readonly number[], M: readonly (readonly number[])[]): number[] {
  return M[0].map((_, j) => x.reduce((sum, xi, i) => sum + xi * M[i][j], 0));
}

export function dot(a: readonly number[], b: readonly number[]): number {
  return a.reduce((sum, ai, i) => sum + ai * b[i], 0);
}

export function add(a: readonly number[], b: readonly number[]): number[] {
  return a.map((ai, i) => ai + b[i]);
}

/** Softmax over the entries where `mask` is 1; 0 elsewhere. */
export function maskedSoftmaxJs(scores: readonly number[], mask: readonly number[] = scores.map(() => 1)): number[] {
  const real = scores.filter((_, i) => mask[i] === 1);
  const max = Math.max(...real);
  const exps = scores.map((s, i) => (mask[i] === 1 ? Math.exp(s - max) : 0));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / total);
}

/** Σ_i w_i v_i for vectors v_i. */
export function weightedSum(weights: readonly number[], vectors: readonly (readonly number[])[]): number[] {
  return vectors[0].map((_, k) => weights.reduce((sum, w, i) => sum + w * vectors[i][k], 0));
}

export function logSumExpJs(values: readonly number[]): number {
  const max = Math.max(...values);
  if (max === -Infinity) return -Infinity;
  return max + Math.log(values.reduce((sum, v) => sum + Math.exp(v - max), 0));
}
