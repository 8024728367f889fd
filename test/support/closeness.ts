/**
 * The two ways tests compare numbers with an expected answer.
 *
 * `assertRelativeClose` compares whole tensors by max|a − b| / max|b| (the ∞-norm of the
 * difference relative to the reference's). Element by element it cannot be asked for: an LSTM
 * cell state that cancels to 1% of its terms (c = f ⊙ c_prev + i ⊙ c~) carries the terms'
 * rounding error, so two float32 computations that differ only in summation order already differ
 * there by ~1e-5 of the small value itself. Use it to compare two computations of the same thing.
 *
 * `assertClose` compares element by element, each within `tolerance × max(1, |expected|)`: for
 * values computed independently in plain JavaScript, where every entry should match on its own.
 */
import assert from 'node:assert/strict';
import { tf } from '../../kernel/lib/tf';

/** max|a − b| / max|b| (max|a − b| when b is all zeros), and the index of the largest difference. */
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

export function assertRelativeClose(a: tf.Tensor | ArrayLike<number>, b: tf.Tensor | ArrayLike<number>, tolerance: number, what: string): void {
  const av = a instanceof tf.Tensor ? a.dataSync() : a;
  const bv = b instanceof tf.Tensor ? b.dataSync() : b;
  if (a instanceof tf.Tensor && b instanceof tf.Tensor) assert.deepEqual(a.shape, b.shape, `${what}: shapes differ`);
  const { error, index } = relativeError(av, bv);
  assert.ok(
    error <= tolerance,
    `${what}: relative difference ${error.toExponential(2)} > ${tolerance}, worst at ${index} (got ${av[index]}, expected ${bv[index]})\n got ${Array.from(av).slice(0, 8).join(', ')}\n exp ${Array.from(bv).slice(0, 8).join(', ')}`,
  );
}

export function assertClose(actual: ArrayLike<number> | number, expected: ArrayLike<number> | number, tolerance = 1e-5, what = ''): void {
  const a = typeof actual === 'number' ? [actual] : Array.from(actual);
  const e = typeof expected === 'number' ? [expected] : Array.from(expected);
  assert.equal(a.length, e.length, `${what}: length ${a.length} vs expected ${e.length}`);
  a.forEach((value, i) => {
    const scale = Math.max(1, Math.abs(e[i]));
    assert.ok(Math.abs(value - e[i]) <= tolerance * scale, `${what}[${i}]: got ${value}, expected ${e[i]} (tolerance ${tolerance})\n got ${a.join(', ')}\n exp ${e.join(', ')}`);
  });
}
