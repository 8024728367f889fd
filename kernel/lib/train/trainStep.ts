/**
 * One optimiser step on one chunk: forward (inside the gradient tape), mean masked cross-entropy,
 * backpropagation through the chunk's time steps, optional clipping, the update. The final state
 * leaves the tape as a plain tensor, so the next chunk starts from its value but gradients stop
 * at the chunk boundary: that is truncated BPTT.
 */
import { tf } from '../tf';
import type { RecurrentState } from '../core/types';
import { sequenceCrossEntropy } from './losses';
import { clipByGlobalNorm, clipByValue, globalNorm } from './optimizers';

export interface ClipOptions {
  /** Rescale all gradients together when their global norm exceeds this. */
  clipNorm?: number;
  /** Clip every gradient element to [−clipValue, clipValue] (applied before `clipNorm`). */
  clipValue?: number;
}

export interface StepOutcome extends UpdateOutcome {
  /** The chunk's final state, outside any tape (caller disposes it). */
  finalState: RecurrentState;
}

export interface UpdateOutcome {
  loss: number;
  /** Global gradient norm before clipping. */
  gradNorm: number;
  /** False when the loss or the gradient norm was not finite: the weights were left as they were. */
  applied: boolean;
}

/**
 * `unroll` runs the model over the chunk and returns logits `[batch, time, vocab]` and the final
 * state; `targets` and `mask` are `[batch, time]`.
 */
export function trainOnChunk(
  unroll: () => { logits: tf.Tensor3D; finalState: RecurrentState },
  targets: tf.Tensor2D,
  mask: tf.Tensor2D,
  variables: tf.Variable[],
  optimizer: tf.Optimizer,
  clip: ClipOptions,
): StepOutcome {
  let finalState: RecurrentState = [];
  const { value, grads } = tf.variableGrads(() => {
    const out = unroll();
    finalState = out.finalState.map((s) => tf.keep(s));
    return sequenceCrossEntropy(out.logits, targets, mask);
  }, variables);
  return { ...applyGradients(value, grads, optimizer, clip), finalState };
}

/**
 * The update shared by every training loop: optional clipping, then one optimiser step, unless
 * the loss or the gradient norm is NaN or ±∞. Such a step is skipped, because applying it would
 * turn every weight into NaN and lose the model the learner has; the loop then stops and says
 * why. Disposes `value` and `grads`.
 */
export function applyGradients(value: tf.Scalar, grads: tf.NamedTensorMap, optimizer: tf.Optimizer, clip: ClipOptions): UpdateOutcome {
  const owned: tf.Tensor[] = [value, ...Object.values(grads)];
  try {
    let update = grads;
    let gradNorm: number | undefined;
    if (clip.clipValue !== undefined) {
      const clipped = clipByValue(update, clip.clipValue);
      gradNorm = clipped.norm;
      update = clipped.grads;
      owned.push(...Object.values(update));
    }
    if (clip.clipNorm !== undefined) {
      const clipped = clipByGlobalNorm(update, clip.clipNorm);
      gradNorm ??= clipped.norm;
      update = clipped.grads;
      owned.push(...Object.values(update));
    }
    gradNorm ??= globalNorm(update);
    const loss = value.dataSync()[0];
    const applied = Number.isFinite(loss) && Number.isFinite(gradNorm);
    if (applied) optimizer.applyGradients(update);
    return { loss, gradNorm, applied };
  } finally {
    tf.dispose(owned);
  }
}

/** Disposes the tensors of `previous` that `next` does not reuse (a model may pass a state through unchanged). */
export function disposeReplacedState(previous: RecurrentState | undefined, next: RecurrentState | undefined): void {
  if (!previous) return;
  const kept = new Set(next ?? []);
  tf.dispose(previous.filter((s) => !kept.has(s)));
}
