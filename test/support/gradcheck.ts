/**
 * Finite-difference gradient checks shared by every test of a differentiable piece.
 * Central differences `(f(θ+ε) − f(θ−ε)) / 2ε` on a scalar function of tf variables, compared
 * with tfjs autograd by relative error `|a − n| / max(|a|, |n|, floor)` per element.
 * float32 limits the accuracy: ε around 1e-2..1e-3 on O(1) inputs keeps rounding error (≈1e-7/ε)
 * and truncation error (≈ε²·f''') both well below the 1e-3 tolerance; callers may choose ε.
 */
import assert from 'node:assert/strict';
import { tf } from '../../kernel/lib/tf';

export interface GradCheckResult {
  maxRelativeError: number;
  worst: { variable: string; index: number; analytic: number; numeric: number };
}

export interface GradCheckOptions {
  epsilon?: number;
  /** Absolute floor of the denominator so tiny gradients compare by absolute error. */
  floor?: number;
  /** Check at most this many randomly chosen elements per variable (all when small). */
  maxElementsPerVariable?: number;
  seed?: number;
}

/** Checks d f / d v for every variable in `variables` (names are used in the report). */
export function gradCheck(
  f: () => tf.Scalar,
  variables: Record<string, tf.Variable>,
  options: GradCheckOptions = {},
): GradCheckResult {
  const epsilon = options.epsilon ?? 1e-2;
  const floor = options.floor ?? 1e-2;
  const maxElements = options.maxElementsPerVariable ?? 40;
  let rng = options.seed ?? 1234;
  const random = () => ((rng = (rng * 1103515245 + 12345) % 2147483648) / 2147483648);
  const names = Object.keys(variables);
  const analytic = tf.tidy(() => {
    const { grads } = tf.variableGrads(f, names.map((n) => variables[n]));
    return Object.fromEntries(names.map((n) => [n, Array.from(grads[variables[n].name].dataSync())]));
  });
  let result: GradCheckResult = { maxRelativeError: 0, worst: { variable: '', index: -1, analytic: 0, numeric: 0 } };
  for (const name of names) {
    const v = variables[name];
    const original = v.dataSync().slice();
    const indices = original.length <= maxElements
      ? original.map((_, i) => i)
      : Array.from({ length: maxElements }, () => Math.floor(random() * original.length));
    for (const i of indices) {
      const evaluate = (delta: number) => {
        const perturbed = original.slice();
        perturbed[i] += delta;
        return tf.tidy(() => {
          v.assign(tf.tensor(perturbed, v.shape, v.dtype));
          return f().dataSync()[0];
        });
      };
      const numeric = (evaluate(epsilon) - evaluate(-epsilon)) / (2 * epsilon);
      tf.tidy(() => v.assign(tf.tensor(original, v.shape, v.dtype)));
      const a = analytic[name][i];
      const rel = Math.abs(a - numeric) / Math.max(Math.abs(a), Math.abs(numeric), floor);
      if (rel > result.maxRelativeError) result = { maxRelativeError: rel, worst: { variable: name, index: i, analytic: a, numeric } };
    }
  }
  return result;
}

/**
 * Finite-difference check of every variable's gradient, relative error < 1e-3 per element. Small
 * gradient entries are compared against a floor of 5% of the largest gradient entry: float32
 * central differences carry an absolute error of about 1e-5..1e-4 here (rounding of a loss of
 * order 1 divided by 2ε, plus ε²·f'''/6), which is no measure of an entry far below the rest.
 */
export function assertGradientsMatch(loss: () => tf.Scalar, variables: Record<string, tf.Variable>, epsilon = 5e-3): void {
  const largest = tf.tidy(() => {
    const { value, grads } = tf.variableGrads(loss, Object.values(variables));
    value.dispose();
    return Math.max(...Object.values(grads).map((g) => tf.max(tf.abs(g)).dataSync()[0]));
  });
  const result = gradCheck(loss, variables, { epsilon, floor: Math.max(0.05 * largest, 1e-3) });
  assert.ok(result.maxRelativeError < 1e-3, `largest |gradient| ${largest.toFixed(3)}: ${JSON.stringify(result)}`);
}
