/**
 * Reference solutions to the exercises of lesson 2 (02-bptt-gradients.seqnb). Paste a function
 * into the exercise cell, or compare it with yours. Matrices are arrays of rows.
 */

/** ∂h_T/∂h_{T−lag} = W^lag for h_t = W h_{t−1} + U x_t + b: one factor W per step. */
export function linearJacobian(W: number[][], lag: number): number[][] {
  let product: number[][] = W.map((_, i) => W.map((__, j) => (i === j ? 1 : 0)));
  for (let step = 0; step < lag; step++) {
    product = product.map((row) => W[0].map((_, j) => row.reduce((sum, v, k) => sum + v * W[k][j], 0)));
  }
  return product;
}

/** ∂h_T/∂h_t = Diag(g′(z_T)) W · … · Diag(g′(z_{t+1})) W with g′(z) = 1 − tanh²(z); preactivations = [z_{t+1}, …, z_T]. */
export function tanhJacobian(W: number[][], preactivations: number[][]): number[][] {
  let product: number[][] = W.map((_, i) => W.map((__, j) => (i === j ? 1 : 0)));
  for (let k = preactivations.length - 1; k >= 0; k--) {
    // factor_k = Diag(1 − tanh²(z_k)) W: row i of W scaled by unit i's derivative.
    const factor = W.map((row, i) => row.map((w) => (1 - Math.tanh(preactivations[k][i]) ** 2) * w));
    // Later steps are already on the left, so the earlier factor multiplies on the right.
    product = product.map((row) => factor[0].map((_, j) => row.reduce((sum, v, m) => sum + v * factor[m][j], 0)));
  }
  return product;
}

/** g ← g · min(1, c / ‖g‖), with ‖g‖ the norm of all gradients together. */
export function clipByGlobalNorm(gradients: number[][], maxNorm: number): number[][] {
  const norm = Math.sqrt(gradients.reduce((sum, g) => sum + g.reduce((s, v) => s + v * v, 0), 0));
  const scale = norm > maxNorm ? maxNorm / norm : 1;
  return gradients.map((g) => g.map((v) => v * scale));
}
