/**
 * The contracts that tie the library's pieces together: cells, sequence models that can be
 * trained by `fit`, step models that decoders drive, and named parameters for import/export.
 * Shapes use the curriculum's names: batch B, time T, input features I, hidden size H, vocabulary V.
 */
import type { tf } from '../tf';

/** A recurrent state: `[h]` for Elman RNN and GRU, `[h, c]` for LSTM; each tensor `[batch, hidden]`. */
export type RecurrentState = tf.Tensor2D[];

/** Per-step internals a cell exposes for visualisation (gates, candidates, pre-activations), each `[batch, hidden]`. */
export type StepInternals = Record<string, tf.Tensor2D>;

export interface CellStepResult {
  /** `[batch, hidden]`: what the layer above sees (h_t). */
  output: tf.Tensor2D;
  state: RecurrentState;
  /** Present only when the caller asked for internals. */
  internals?: StepInternals;
}

/** One recurrent cell: the function `s_t = R(s_{t-1}, x_t)` with its own weights. */
export interface RecurrentCell {
  /** `'rnn' | 'gru' | 'lstm'` for the built-in cells; custom cells choose their own name. */
  readonly kind: string;
  readonly inputSize: number;
  readonly hiddenSize: number;
  /** Names of the state tensors, e.g. `['h']` or `['h', 'c']`. */
  readonly stateNames: readonly string[];
  /** `h_0 = 0` (and `c_0 = 0`): zeros `[batch, hidden]` per state tensor. */
  zeroState(batch: number): RecurrentState;
  /** x `[batch, input]`, state → next state; differentiable with tfjs autograd. */
  step(x: tf.Tensor2D, state: RecurrentState, options?: { internals?: boolean }): CellStepResult;
  /** The cell's trainable weights by name (e.g. `kernel`, `recurrentKernel`, `bias`). */
  readonly weights: Record<string, tf.Variable>;
}

/** Anything with trainable parameters. */
export interface Parameterised {
  trainableVariables(): tf.Variable[];
}

/**
 * A model that maps a batch of input sequences to per-step logits, used by `fit` for teacher
 * forcing and (with `step`) for scheduled sampling and decoding.
 */
export interface SequenceModel extends Parameterised {
  /**
   * inputs: token ids `[batch, time]` (int32) or features `[batch, time, features]`;
   * mask `[batch, time]` (1 = real step, 0 = padding) keeps padded steps from changing the state.
   * Returns logits `[batch, time, vocab]` and the final state (for truncated BPTT).
   */
  forward(
    inputs: tf.Tensor,
    options?: { initialState?: RecurrentState; mask?: tf.Tensor2D; training?: boolean },
  ): { logits: tf.Tensor3D; finalState: RecurrentState };
}

/** A model decoders can drive one token at a time. */
export interface StepModel {
  /** Zero state for `batch` sequences (or a conditioned state, for seq2seq decoders). */
  initialState(batch: number): RecurrentState;
  /** tokens `[batch]` int32 → logits `[batch, vocab]` and the next state. */
  step(tokens: tf.Tensor1D, state: RecurrentState): { logits: tf.Tensor2D; state: RecurrentState };
}
