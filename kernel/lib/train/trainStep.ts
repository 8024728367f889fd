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

export interface StepOutcome {
  loss: number;
  /** Global gradient norm before clipping. */
  gradNorm: number;
  /** The chunk's final state, outside any tape (caller disposes it). */
  finalState: RecurrentState;
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
    optimizer.applyGradients(update);
    return { loss: value.dataSync()[0], gradNorm, finalState };
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
