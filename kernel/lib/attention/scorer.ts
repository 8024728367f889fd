/**
 * The contract every attention scoring function meets, so a decoder (or a lesson) can swap
 * Bahdanau's additive score for Luong's multiplicative ones without changing anything else.
 * A decoder calls `attend(s_{t-1}, H, mask)` once per output step.
 */
import type { tf } from '../tf';
import type { Parameterised } from '../core/types';
import type { AttentionRead } from './context';

export interface AttentionScorer extends Parameterised {
  /** `'additive'`, `'dot'` or `'general'`. */
  readonly kind: string;
  /** Size of the query (decoder state) s. */
  readonly querySize: number;
  /** Size of each key/value (encoder state) h_i. */
  readonly keySize: number;
  /** The trainable weights by name (empty for the parameter-free dot score). */
  readonly weights: Record<string, tf.Variable>;
  /** query s `[batch, querySize]`, keys H `[batch, time, keySize]` → alignment scores e `[batch, time]`. */
  score(query: tf.Tensor2D, keys: tf.Tensor3D): tf.Tensor2D;
  /** α = softmax over real positions of `score(query, keys)`, c = Σ_i α_i h_i. */
  attend(query: tf.Tensor2D, keys: tf.Tensor3D, mask?: tf.Tensor2D): AttentionRead;
  /** Releases the weights. */
  dispose(): void;
}
