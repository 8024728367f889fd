/**
 * Shared by the fused-kernel tests: the relative difference of two tensors' values,
 * max|a − b| / max|b| (the ∞-norm of the difference relative to the reference's). Element by
 * element it cannot be asked for: an LSTM cell state that cancels to 1% of its terms
 * (c = f ⊙ c_prev + i ⊙ c~) carries the terms' rounding error, so two float32 computations that
 * differ only in summation order already differ there by ~1e-5 of the small value itself.
 */
import assert from 'node:assert/strict';

export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): { error: number; index: number } {
  assert.equal(a.length, b.length, `length ${a.length} vs ${b.length}`);
  let scale = 0;
  let worst = { difference: 0, index: -1 };
  for (let i = 0; i < a.length; i++) {
    scale = Math.max(scale, Math.abs(b[i]));
    const difference = Math.abs(a[i] - b[i]);
    if (!(difference <= worst.difference)) worst = { difference, index: i };
  }
  return { error: scale === 0 ? worst.difference : worst.difference / scale, index: worst.index };
}

export function assertRelativelyClose(a: ArrayLike<number>, b: ArrayLike<number>, tolerance: number, what: string): void {
  const { error, index } = relativeError(a, b);
  assert.ok(error <= tolerance, `${what}: relative error ${error.toExponential(2)} > ${tolerance}, worst at ${index} (got ${a[index]}, expected ${b[index]})`);
}
