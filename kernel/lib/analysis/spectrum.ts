/**
 * Eigenvalues and singular values of weight matrices, for the vanishing/exploding-gradient story.
 *
 * Backpropagating through a linear recurrence h_t = W h_{t−1} multiplies the gradient by Wᵀ at
 * every step, so after T steps it scales like ρ(W)^T, where the spectral radius ρ(W) is the
 * largest |eigenvalue|: ρ < 1 vanishes, ρ > 1 explodes. The recurrent matrix is not symmetric,
 * so its eigenvalues are complex in general. Singular values bound the growth per step: the
 * largest one (the spectral norm ‖W‖₂) is the most any vector can be stretched, and for a
 * symmetric matrix it equals ρ(W).
 *
 * The decompositions are ml-matrix's (EigenvalueDecomposition, SingularValueDecomposition), in
 * float64. The library stores weights as `x W` (tfjs-layers layout), i.e. the transpose of the
 * lecture's W; transposing changes neither eigenvalues nor singular values.
 */
import { EigenvalueDecomposition, Matrix, SingularValueDecomposition } from 'ml-matrix';
import { tf } from '../tf';

/** A matrix as a tfjs tensor `[rows, cols]` or nested rows. */
export type MatrixInput = tf.Tensor | ReadonlyArray<ArrayLike<number>>;

export interface Complex {
  re: number;
  im: number;
  /** |λ| = sqrt(re² + im²). */
  modulus: number;
}

export interface Spectrum {
  /** Sorted by modulus, largest first; conjugate pairs appear together. */
  eigenvalues: Complex[];
  /** Largest first. */
  singularValues: number[];
  /** ρ = max |λ|. */
  spectralRadius: number;
  /** ‖W‖₂ = largest singular value. */
  spectralNorm: number;
  /** σ_max / σ_min (Infinity for a singular matrix). */
  conditionNumber: number;
}

/** Validates and converts to an ml-matrix `Matrix` (float64). */
export function toMatrix(input: MatrixInput, who = 'matrix'): Matrix {
  if (input instanceof tf.Tensor) {
    if (input.rank !== 2) throw new Error(`${who}: expected a 2-D matrix [rows, cols]; got a tensor of shape [${input.shape.join(', ')}]`);
    return new Matrix(input.arraySync() as number[][]);
  }
  if (!Array.isArray(input) || input.length === 0) throw new Error(`${who}: expected a non-empty 2-D matrix (tensor or number[][]); got ${Array.isArray(input) ? 'an empty array' : typeof input}`);
  const given: ReadonlyArray<ArrayLike<number>> = input;
  const cols = given[0]?.length;
  const rows: number[][] = given.map((row, i) => {
    if (row == null || typeof row.length !== 'number' || row.length !== cols) throw new Error(`${who}: every row must have ${cols} entries; row ${i} has ${row?.length}`);
    return Array.from(row, (v: number, j) => {
      if (!Number.isFinite(v)) throw new Error(`${who}: entry [${i}][${j}] is ${v}; expected a finite number`);
      return v;
    });
  });
  if (!cols) throw new Error(`${who}: rows must not be empty`);
  return new Matrix(rows);
}

function square(input: MatrixInput, who: string): Matrix {
  const m = toMatrix(input, who);
  if (m.rows !== m.columns) {
    throw new Error(`${who}: eigenvalues need a square matrix; got [${m.rows}, ${m.columns}] (for gated cells take one gate's [hidden, hidden] block of the recurrent kernel)`);
  }
  return m;
}

/** Complex eigenvalues of a square (possibly non-symmetric) matrix, largest modulus first. */
export function eigenvalues(input: MatrixInput): Complex[] {
  const evd = new EigenvalueDecomposition(square(input, 'eigenvalues'));
  const re = evd.realEigenvalues;
  const im = evd.imaginaryEigenvalues;
  return re
    .map((r, i) => ({ re: r, im: im[i], modulus: Math.hypot(r, im[i]) }))
    .sort((a, b) => b.modulus - a.modulus || b.re - a.re || b.im - a.im);
}

/** Singular values of any matrix, largest first. */
export function singularValues(input: MatrixInput): number[] {
  const svd = new SingularValueDecomposition(toMatrix(input, 'singularValues'), {
    computeLeftSingularVectors: false,
    computeRightSingularVectors: false,
    autoTranspose: true,
  });
  return [...svd.diagonal].sort((a, b) => b - a);
}

/** ρ(W) = max_i |λ_i|. */
export function spectralRadius(input: MatrixInput): number {
  return eigenvalues(input)[0].modulus;
}

/** ‖W‖₂ = σ_max(W), the largest factor by which W stretches a vector. */
export function spectralNorm(input: MatrixInput): number {
  return singularValues(input)[0];
}

/** ‖W‖_F = sqrt(Σ_ij W_ij²) = sqrt(Σ_i σ_i²). */
export function frobeniusNorm(input: MatrixInput): number {
  return toMatrix(input, 'frobeniusNorm').norm('frobenius');
}

/** Everything above for one square matrix. */
export function spectrum(input: MatrixInput): Spectrum {
  const m = square(input, 'spectrum');
  const values = eigenvalues(m.to2DArray());
  const sigma = singularValues(m.to2DArray());
  const smallest = sigma[sigma.length - 1];
  return {
    eigenvalues: values,
    singularValues: sigma,
    spectralRadius: values[0].modulus,
    spectralNorm: sigma[0],
    conditionNumber: smallest > 0 ? sigma[0] / smallest : Infinity,
  };
}
