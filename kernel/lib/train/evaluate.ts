/**
 * Loss of a sequence model on held-out data, without gradients: the mean cross-entropy over
 * every real step of every sequence (so long and short sequences weigh by their length), and
 * its perplexity. Long sequences are cut into chunks of `bpttSteps` with the state carried across,
 * exactly as in training, so the numbers are comparable.
 */
import { tf } from '../tf';
import type { RecurrentState, SequenceModel } from '../core/types';
import { interruptRequested } from '../core/interrupt';
import { crossEntropyPerStep } from './losses';
import { disposeReplacedState } from './trainStep';
import { batchLength, chunkArrays, chunkTensors, planBatches, prepareData, type PreparedData, type SequenceData } from './batching';

export interface EvaluateOptions {
  /** Sequences per forward pass (default 32). */
  batchSize?: number;
  /** Chunk length with the state carried across chunks (default: whole sequences). */
  bpttSteps?: number;
}

export interface Evaluation {
  /** Mean cross-entropy per real step, in nats. */
  loss: number;
  perplexity: number;
  /** Real steps scored. */
  steps: number;
  /** True when the interrupt signal stopped the pass early; `loss` then covers only what was scored. */
  interrupted: boolean;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function evaluate(model: SequenceModel, data: SequenceData | PreparedData, options: EvaluateOptions = {}): Promise<Evaluation> {
  const prepared = 'examples' in data ? data : prepareData(data, 'evaluate');
  const batchSize = options.batchSize ?? 32;
  const batches = planBatches(prepared, { batchSize, bucketByLength: true });
  let total = 0;
  let steps = 0;
  let interrupted = false;
  for (const indices of batches) {
    const length = batchLength(prepared, indices);
    const bptt = options.bpttSteps ?? length;
    let state: RecurrentState | undefined;
    try {
      for (let start = 0; start < length; start += bptt) {
        if (interruptRequested()) {
          interrupted = true;
          break;
        }
        const chunk = chunkArrays(prepared, indices, start, Math.min(start + bptt, length));
        const previous = state;
        const lossSum = tf.tidy(() => {
          const tensors = chunkTensors(prepared, chunk);
          const out = model.forward(tensors.inputs, { initialState: previous, mask: tensors.mask, training: false });
          state = out.finalState.map((s) => tf.keep(s));
          return tf.sum(crossEntropyPerStep(out.logits, tensors.targets, tensors.mask)).dataSync()[0];
        });
        disposeReplacedState(previous, state);
        total += lossSum;
        steps += chunk.realSteps;
      }
    } finally {
      if (state) tf.dispose(state);
    }
    if (interrupted) break;
    await nextTurn();
  }
  const loss = steps > 0 ? total / steps : NaN;
  return { loss, perplexity: Math.exp(loss), steps, interrupted };
}
