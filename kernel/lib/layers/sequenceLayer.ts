/**
 * The contract shared by `RNN` (one direction), `Bidirectional` and `StackedRNN`: a layer that
 * maps a batch of sequences `[batch, time, input]` to per-step outputs `[batch, time, output]`.
 * States are flat lists: an LSTM layer's `[h, c]`, a bidirectional layer's forward states then
 * backward states, a stack's states layer by layer.
 */
import type { tf } from '../tf';
import type { RecurrentState, StepInternals } from '../core/types';
import type { Module } from '../core/module';

export interface SequenceApplyOptions {
  /** Starting state (flat list, see above); zeros when omitted. Carry `finalState` here for truncated BPTT. */
  initialState?: RecurrentState;
  /** `[batch, time]`, 1 = real step, 0 = padding at the end: padded steps keep the state and output zeros. */
  mask?: tf.Tensor2D;
  /** Turns dropout on (masks drawn from the layer's seed stream unless given in `dropoutMasks`). */
  training?: boolean;
  /** Collect every step's internals (gates, candidates, pre-activations). The caller disposes them. */
  internals?: boolean;
  /** Fixed dropout masks (already scaled by 1/(1 − rate)), e.g. for gradient checks; used whether or not `training`. */
  dropoutMasks?: DropoutMasks;
}

export interface DropoutMasks {
  /** One `[batch, hidden]` mask per recurrent direction, in state order; multiplies h_{t-1} at every step. */
  recurrent?: tf.Tensor2D[];
  /** `StackedRNN` only: one `[batch, time, features]` mask per connection between consecutive layers. */
  between?: tf.Tensor3D[];
}

export interface SequenceResult {
  /** `[batch, time, output]`; zero at padded steps. */
  outputs: tf.Tensor3D;
  /** `[batch, output]`: each sequence's output at its last real step (the many-to-one summary). */
  last: tf.Tensor2D;
  /** The state after each sequence's last real step (flat list). */
  finalState: RecurrentState;
  /**
   * `[time]` of named `[batch, hidden]` tensors, present when asked for. Names are the cell's
   * (`forgetGate`, ...), prefixed `forward.`/`backward.` and `layer0.`, `layer1.` by wrappers.
   * Values at padded steps are what the cell computed there (the state ignored them).
   */
  internals?: StepInternals[];
}

export interface SequenceLayer extends Module {
  readonly inputSize: number;
  readonly outputSize: number;
  /** Number of tensors in this layer's (flat) state. */
  readonly stateCount: number;
  /** Number of recurrent dropout masks `dropoutMasks.recurrent` must hold. */
  readonly recurrentDirections: number;
  /** Hidden size of each recurrent direction, in state order. */
  readonly directionSizes: readonly number[];
  zeroState(batch: number): RecurrentState;
  apply(inputs: tf.Tensor3D, options?: SequenceApplyOptions): SequenceResult;
}
