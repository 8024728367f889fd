/**
 * Initial step sizes Δ for the state space layers. S4 and Mamba draw Δ log-uniformly in
 * [0.001, 0.1] per channel, so the channels start with time scales spread over two decades:
 * small Δ keeps the state (long memory), large Δ follows the current input.
 */
import { Random } from '../core/random';

function checkRange(range: readonly [number, number]): void {
  const [min, max] = range;
  if (!(min > 0 && max >= min && Number.isFinite(max))) {
    throw new Error(`step range must be [min, max] with 0 < min ≤ max; got [${min}, ${max}]`);
  }
}

/** log Δ for `count` channels, with Δ log-uniform in [min, max]. */
export function logUniformSteps(count: number, range: readonly [number, number], seed: number): Float32Array {
  checkRange(range);
  const random = new Random(seed);
  const [logMin, logMax] = [Math.log(range[0]), Math.log(range[1])];
  return Float32Array.from({ length: count }, () => logMin + random.next() * (logMax - logMin));
}

/**
 * Biases b with softplus(b) = Δ, Δ log-uniform in [min, max], for a Δ computed as
 * softplus(u W + b) (Mamba). softplus⁻¹(Δ) = log(e^Δ − 1) = Δ + log(1 − e^{−Δ}).
 */
export function inverseSoftplusSteps(count: number, range: readonly [number, number], seed: number): Float32Array {
  return logUniformSteps(count, range, seed).map((logStep) => {
    const step = Math.exp(logStep);
    return step + Math.log(-Math.expm1(-step));
  });
}
