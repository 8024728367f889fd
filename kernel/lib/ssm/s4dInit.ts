/**
 * Initial diagonals A for the S4D layer (Gu, Gupta, Goel & Ré 2022, "On the parameterization and
 * initialization of diagonal state space models"), for modes n = 0 … N−1:
 * - `lin`  (S4D-Lin):  A_n = −½ + iπn                        (Fourier-like frequencies)
 * - `inv`  (S4D-Inv):  A_n = −½ + i (N/π) (N/(2n + 1) − 1)     (approximates S4's HiPPO-LegS)
 * - `real` (S4D-Real): A_n = −(n + 1)                          (real decay rates; Mamba's choice)
 * The real part is stored as log(−Re A) so training keeps Re A < 0 (a stable, decaying state).
 */
export type S4DInit = 'lin' | 'inv' | 'real';
export const s4dInits: readonly S4DInit[] = ['lin', 'inv', 'real'];

export interface DiagonalInit {
  /** log(−Re A_n), `[channels × state]` row-major (every channel starts with the same diagonal). */
  logNegativeReal: Float32Array;
  /** Im A_n, `[channels × state]`. */
  imaginary: Float32Array;
}

export function s4dDiagonal(init: S4DInit, channels: number, stateSize: number): DiagonalInit {
  if (!s4dInits.includes(init)) throw new Error(`S4D init: unknown '${String(init)}'; expected one of ${s4dInits.join(', ')}`);
  const logNegativeReal = new Float32Array(channels * stateSize);
  const imaginary = new Float32Array(channels * stateSize);
  for (let n = 0; n < stateSize; n++) {
    let re: number;
    let im: number;
    if (init === 'lin') {
      re = -0.5;
      im = Math.PI * n;
    } else if (init === 'inv') {
      re = -0.5;
      im = (stateSize / Math.PI) * (stateSize / (2 * n + 1) - 1);
    } else {
      re = -(n + 1);
      im = 0;
    }
    for (let h = 0; h < channels; h++) {
      logNegativeReal[h * stateSize + n] = Math.log(-re);
      imaginary[h * stateSize + n] = im;
    }
  }
  return { logNegativeReal, imaginary };
}
