/**
 * Discretisation of a continuous-time state space model `x'(t) = A x(t) + B u(t)` with step Δ,
 * giving the recurrence `x_k = Ā x_{k−1} + B̄ u_k` that a computer can run:
 *
 * - zero-order hold (u held constant over each step; exact for piecewise-constant input):
 *     Ā = exp(ΔA),   B̄ = (ΔA)⁻¹ (exp(ΔA) − I) ΔB
 * - bilinear (Tustin; the trapezoid rule, used by S4):
 *     Ā = (I − Δ/2 A)⁻¹ (I + Δ/2 A),   B̄ = (I − Δ/2 A)⁻¹ ΔB
 *
 * A is diagonal here (S4D, Mamba), so every matrix function acts entry by entry and the inverses
 * are divisions: with a = A_nn and z = Δa, ZOH gives Ā = e^z and B̄ = (e^z − 1)/a · b (the Δ of
 * (ΔA)⁻¹ and ΔB cancel), bilinear gives Ā = (1 + z/2)/(1 − z/2) and B̄ = Δb/(1 − z/2).
 * ZOH's e^z − 1 is computed as expm1(z): Δa is small (1e-5 to 1e-1 with S4's defaults), and
 * subtracting 1 from e^z rounded to float32 would keep only the digits left after the cancellation
 * (relative error 1.4e-3 in B̄ at a = −0.01, Δ = 0.001); expm1 keeps B̄ within float32 rounding.
 * Entries are complex in the S4D parameterisation (see complex.ts) and real in Mamba's.
 * ZOH divides by a: every diagonal entry of A must be non-zero (true when Re a < 0, which the
 * layers enforce as a = −exp(·)).
 */
import { tf } from '../tf';
import { complexDiv, complexExp, complexExpm1, complexLog, complexMul, complexScale, type Complex } from './complex';

export type Discretization = 'zoh' | 'bilinear';
export const discretizations: readonly Discretization[] = ['zoh', 'bilinear'];

export type DiscreteDiagonal = {
  /** Ā, the diagonal of the discrete state matrix. */
  stateMatrix: Complex;
  /** B̄, the discrete input vector. */
  inputMatrix: Complex;
  /** log Ā, so that Ā^k = exp(k log Ā) (exact ΔA for ZOH); used to build convolution kernels. */
  logStateMatrix: Complex;
};

export type DiscreteDiagonalReal = {
  stateMatrix: tf.Tensor;
  inputMatrix: tf.Tensor;
};

function checkMethod(method: Discretization): void {
  if (!discretizations.includes(method)) {
    throw new Error(`discretize: unknown method '${String(method)}'; expected one of ${discretizations.join(', ')}`);
  }
}

/**
 * Complex diagonal A and B (same or broadcastable shapes, e.g. `[channels, state]`) with a real
 * positive step Δ broadcastable to them (e.g. `[channels, 1]`) → Ā, B̄ and log Ā.
 */
export function discretizeDiagonal(method: Discretization, A: Complex, B: Complex, step: tf.Tensor): DiscreteDiagonal {
  checkMethod(method);
  return tf.tidy(() => discretizeComplex(method, A, B, step));
}

function discretizeComplex(method: Discretization, A: Complex, B: Complex, step: tf.Tensor): DiscreteDiagonal {
  // z = ΔA
  const z = complexScale(A, step);
  const one = { re: tf.scalar(1), im: tf.scalar(0) };
  if (method === 'zoh') {
    // Ā = exp(ΔA)
    const stateMatrix = complexExp(z);
    // B̄ = (exp(ΔA) − 1) / A · B, with exp(ΔA) − 1 = expm1(ΔA)
    const growth = complexDiv(complexExpm1(z), A);
    const inputMatrix = complexMul(growth, B);
    return { stateMatrix, inputMatrix, logStateMatrix: z };
  }
  // 1 − Δ/2 A and 1 + Δ/2 A
  const halfZ = complexScale(z, tf.scalar(0.5));
  const denominator = { re: tf.sub(one.re, halfZ.re), im: tf.neg(halfZ.im) };
  const numerator = { re: tf.add(one.re, halfZ.re), im: halfZ.im };
  // Ā = (1 − Δ/2 A)⁻¹ (1 + Δ/2 A)
  const stateMatrix = complexDiv(numerator, denominator);
  // B̄ = (1 − Δ/2 A)⁻¹ Δ B
  const inputMatrix = complexDiv(complexScale(B, step), denominator);
  // log Ā = log(1 + Δ/2 A) − log(1 − Δ/2 A): avoids the log of a rounded quotient.
  const logNumerator = complexLog(numerator);
  const logDenominator = complexLog(denominator);
  const logStateMatrix = { re: tf.sub(logNumerator.re, logDenominator.re), im: tf.sub(logNumerator.im, logDenominator.im) };
  return { stateMatrix, inputMatrix, logStateMatrix };
}

/** Real diagonal a and b with step Δ (all broadcastable) → Ā, B̄; Mamba's selective SSM uses this. */
export function discretizeDiagonalReal(method: Discretization, a: tf.Tensor, b: tf.Tensor, step: tf.Tensor): DiscreteDiagonalReal {
  checkMethod(method);
  return tf.tidy(() => discretizeReal(method, a, b, step));
}

function discretizeReal(method: Discretization, a: tf.Tensor, b: tf.Tensor, step: tf.Tensor): DiscreteDiagonalReal {
  // z = Δa
  const z = tf.mul(step, a);
  if (method === 'zoh') {
    // Ā = exp(Δa)
    const stateMatrix = tf.exp(z);
    // B̄ = (exp(Δa) − 1) / a · b, with exp(Δa) − 1 = expm1(Δa)
    const inputMatrix = tf.mul(tf.div(tf.expm1(z), a), b);
    return { stateMatrix, inputMatrix };
  }
  // 1 − Δa/2
  const denominator = tf.sub(1, tf.mul(0.5, z));
  // Ā = (1 + Δa/2) / (1 − Δa/2)
  const stateMatrix = tf.div(tf.add(1, tf.mul(0.5, z)), denominator);
  // B̄ = Δb / (1 − Δa/2)
  const inputMatrix = tf.div(tf.mul(step, b), denominator);
  return { stateMatrix, inputMatrix };
}
