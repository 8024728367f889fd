/**
 * The first-order linear recurrence every diagonal SSM runs,
 *   x_t = a_t ⊙ x_{t−1} + b_t,   t = 0 … T−1,
 * for tensors `[batch, time, …]` (time on axis 1), computed two ways:
 * - `sequentialScan`: one step at a time, T dependent operations, as an RNN would;
 * - `parallelScan`: the Hillis–Steele prefix scan with the associative combination
 *     (a, b) then (a′, b′) = (a′a, a′b + b′),
 *   in ⌈log₂ T⌉ rounds of whole-sequence operations. This is why a selective SSM trains
 *   in parallel even though its Ā_t changes with t (Mamba runs a fused version on the GPU).
 * Both are differentiable and agree up to float rounding.
 */
import { tf } from '../tf';

function checkPair(what: string, a: tf.Tensor, b: tf.Tensor, initial?: tf.Tensor): void {
  if (a.rank < 2) throw new Error(`${what}: expected a and b of shape [batch, time, …]; got a of shape [${a.shape.join(', ')}]`);
  if (a.shape.join(',') !== b.shape.join(',')) {
    throw new Error(`${what}: a and b must have the same shape; got [${a.shape.join(', ')}] and [${b.shape.join(', ')}]`);
  }
  if (initial !== undefined) {
    const expected = [a.shape[0], ...a.shape.slice(2)];
    if (initial.shape.join(',') !== expected.join(',')) {
      throw new Error(`${what}: initial state must have shape [${expected.join(', ')}] (a without its time axis); got [${initial.shape.join(', ')}]`);
    }
  }
}

/** x `[batch, time, …]` from a, b `[batch, time, …]` and x_{−1} (`[batch, …]`, default 0). */
export function sequentialScan(a: tf.Tensor, b: tf.Tensor, initial?: tf.Tensor): tf.Tensor {
  checkPair('sequentialScan', a, b, initial);
  return tf.tidy(() => {
    const as = tf.unstack(a, 1);
    const bs = tf.unstack(b, 1);
    let x = initial ?? tf.zerosLike(as[0]);
    const states: tf.Tensor[] = [];
    for (let t = 0; t < as.length; t++) {
      // x_t = a_t ⊙ x_{t−1} + b_t
      x = tf.add(tf.mul(as[t], x), bs[t]);
      states.push(x);
    }
    return tf.stack(states, 1);
  });
}

/** Same result as `sequentialScan` in ⌈log₂ T⌉ rounds. */
export function parallelScan(a: tf.Tensor, b: tf.Tensor, initial?: tf.Tensor): tf.Tensor {
  checkPair('parallelScan', a, b, initial);
  return tf.tidy(() => {
    // checkPair guarantees rank ≥ 2, so the time axis exists.
    const time = a.shape[1] as number;
    let accumulatedA = a;
    let accumulatedB = b;
    if (initial !== undefined) {
      // Fold x_{−1} into the first step: b_0 ← a_0 x_{−1} + b_0.
      const first = tf.add(tf.mul(sliceTime(a, 0, 1), tf.expandDims(initial, 1)), sliceTime(b, 0, 1));
      accumulatedB = time === 1 ? first : tf.concat([first, sliceTime(b, 1, time - 1)], 1);
    }
    for (let offset = 1; offset < time; offset *= 2) {
      // The element `offset` steps earlier (identity (1, 0) before the start).
      const earlierA = tf.concat([tf.onesLike(sliceTime(accumulatedA, 0, offset)), sliceTime(accumulatedA, 0, time - offset)], 1);
      const earlierB = tf.concat([tf.zerosLike(sliceTime(accumulatedB, 0, offset)), sliceTime(accumulatedB, 0, time - offset)], 1);
      // (a, b) after (a_earlier, b_earlier) = (a a_earlier, a b_earlier + b)
      accumulatedB = tf.add(tf.mul(accumulatedA, earlierB), accumulatedB);
      accumulatedA = tf.mul(accumulatedA, earlierA);
    }
    // With one step and no initial state x_0 = b_0: return a copy, never the caller's tensor.
    return accumulatedB === b ? tf.clone(b) : accumulatedB;
  });
}

/** Steps [start, start + length) of a `[batch, time, …]` tensor. */
function sliceTime(x: tf.Tensor, start: number, length: number): tf.Tensor {
  const begin = x.shape.map((_, i) => (i === 1 ? start : 0));
  const size = x.shape.map((d, i) => (i === 1 ? length : d));
  return tf.slice(x, begin, size);
}
