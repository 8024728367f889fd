/**
 * A small model written directly in tf ops, implementing the library's contracts
 * (SequenceModel, StepModel), for testing training and decoding independently of the library's
 * own layers. Weights come from a seeded generator so two models built with the same seed are
 * identical.
 */
import { tf } from '../../kernel/lib/tf';
import { Random } from '../../kernel/lib/core/random';
import type { RecurrentState, SequenceModel, StepModel } from '../../kernel/lib/core/types';

/** A `[rows, cols]` variable with entries uniform in [−scale, scale) from `random`. */
export function seededVariable(random: Random, shape: [number, number] | [number], scale: number, name?: string): tf.Variable {
  const size = shape.reduce((a, b) => a * b, 1);
  const values = Float32Array.from({ length: size }, () => (2 * random.next() - 1) * scale);
  const initial = tf.tensor(values, shape);
  const variable = tf.variable(initial, true, name);
  initial.dispose();
  return variable;
}

/**
 * Elman language model over token ids: x_t = onehot(token) (or given features),
 * h_t = tanh(x_t W_xh + h_{t−1} W_hh + b_h), logits_t = h_t W_hy + b_y. Padded steps keep h.
 */
export class PlainElmanLM implements SequenceModel, StepModel {
  readonly wxh: tf.Variable;
  readonly whh: tf.Variable;
  readonly bh: tf.Variable;
  readonly why: tf.Variable;
  readonly by: tf.Variable;
  /** Calls to `forward` with `training: true` (to check what `fit` asks for). */
  trainingCalls = 0;

  constructor(readonly vocab: number, readonly hidden: number, seed: number, readonly inputSize = vocab, scale = 0.5) {
    const random = new Random(seed);
    this.wxh = seededVariable(random, [inputSize, hidden], scale);
    this.whh = seededVariable(random, [hidden, hidden], scale);
    this.bh = seededVariable(random, [hidden], 0.1);
    this.why = seededVariable(random, [hidden, vocab], scale);
    this.by = seededVariable(random, [vocab], 0.1);
  }

  trainableVariables(): tf.Variable[] {
    return [this.wxh, this.whh, this.bh, this.why, this.by];
  }

  initialState(batch: number): RecurrentState {
    return [tf.zeros([batch, this.hidden]) as tf.Tensor2D];
  }

  private cell(x: tf.Tensor2D, h: tf.Tensor2D): tf.Tensor2D {
    return tf.tanh(tf.add(tf.add(tf.matMul(x, this.wxh), tf.matMul(h, this.whh)), this.bh)) as tf.Tensor2D;
  }

  private readout(h: tf.Tensor2D): tf.Tensor2D {
    return tf.add(tf.matMul(h, this.why), this.by) as tf.Tensor2D;
  }

  private embed(tokens: tf.Tensor1D): tf.Tensor2D {
    return tf.oneHot(tokens, this.vocab).toFloat() as tf.Tensor2D;
  }

  forward(inputs: tf.Tensor, options: { initialState?: RecurrentState; mask?: tf.Tensor2D; training?: boolean } = {}): { logits: tf.Tensor3D; finalState: RecurrentState } {
    if (options.training) this.trainingCalls++;
    const [batch, time] = inputs.shape;
    let h = options.initialState?.[0] ?? (tf.zeros([batch, this.hidden]) as tf.Tensor2D);
    const steps: tf.Tensor2D[] = [];
    for (let t = 0; t < time; t++) {
      const x = inputs.rank === 2
        ? this.embed(tf.squeeze(tf.slice(inputs, [0, t], [batch, 1]), [1]) as tf.Tensor1D)
        : (tf.squeeze(tf.slice(inputs, [0, t, 0], [batch, 1, inputs.shape[2]!]), [1]) as tf.Tensor2D);
      const next = this.cell(x, h);
      if (options.mask) {
        const m = tf.slice(options.mask, [0, t], [batch, 1]);
        h = tf.add(tf.mul(next, m), tf.mul(h, tf.sub(1, m))) as tf.Tensor2D;
      } else {
        h = next;
      }
      steps.push(this.readout(h));
    }
    return { logits: tf.stack(steps, 1) as tf.Tensor3D, finalState: [h] };
  }

  step(tokens: tf.Tensor1D, state: RecurrentState): { logits: tf.Tensor2D; state: RecurrentState } {
    const h = this.cell(this.embed(tokens), state[0]);
    return { logits: this.readout(h), state: [h] };
  }

  dispose(): void {
    tf.dispose(this.trainableVariables());
  }
}
