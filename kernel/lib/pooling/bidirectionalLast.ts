/**
 * Pooling a bidirectional RNN: the forward RNN has read the whole sequence at its last real step,
 * the backward RNN at the first step. The two summaries are combined the two ways the curriculum
 * shows: concatenation [h→_T ; h←_1] or sum h→_T + h←_1.
 */
import { tf } from '../tf';
import { expectShape } from '../core/expectShape';
import { firstState, lastState } from './lastState';

export interface BidirectionalLastOptions {
  /** `'concat'` (default) gives `[batch, 2·hidden]`, `'sum'` gives `[batch, hidden]`. */
  combine?: 'concat' | 'sum';
}

/**
 * forward, backward: the two directions' states `[batch, time, hidden]`, both indexed by input
 * position (backward[t] has read x_t..x_T); mask `[batch, time]`.
 */
export function bidirectionalLastStates(
  forward: tf.Tensor3D,
  backward: tf.Tensor3D,
  mask?: tf.Tensor2D,
  options: BidirectionalLastOptions = {},
): tf.Tensor2D {
  const combine = options.combine ?? 'concat';
  if (combine !== 'concat' && combine !== 'sum') {
    throw new Error(`bidirectionalLastStates: combine must be 'concat' or 'sum', got '${String(combine)}'`);
  }
  expectShape('bidirectionalLastStates forward', forward, ['batch', 'time', 'hidden']);
  expectShape('bidirectionalLastStates backward', backward, ['batch', 'time', 'hidden'], forward.shape);
  return tf.tidy(() => {
    const forwardSummary = lastState(forward, mask);
    const backwardSummary = firstState(backward, mask);
    return (combine === 'concat' ? tf.concat([forwardSummary, backwardSummary], 1) : tf.add(forwardSummary, backwardSummary)) as tf.Tensor2D;
  });
}
