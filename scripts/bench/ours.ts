/**
 * Unrolled's side: the library's `LanguageModel` (one-hot input, one recurrent layer, dense
 * output), trained by the library's `trainOnChunk` (forward, masked mean cross-entropy, BPTT,
 * Adam) and sampled by the library's `sample`. The sequence layer takes the fused kernel path
 * whenever it applies, so this measures what a learner's notebook gets.
 */
import { tf } from '../../kernel/lib/tf';
import { LanguageModel } from '../../kernel/lib/models/languageModel';
import { trainOnChunk } from '../../kernel/lib/train/trainStep';
import type { RNN } from '../../kernel/lib/layers/sequence';
import { sample } from '../../kernel/lib/decode/sampling';
import '../../kernel/lib/fused/dispatch';
import { FusedStepper } from '../../kernel/lib/fused/fusedStepper';
import type { BenchShape, CellName } from './shapes';

export interface OurTrainer {
  step(): number;
  /** Which loop the recurrent layer ran last (`fused-wasm-simd`, `steps`, ...). */
  path(): string;
  dispose(): void;
}

export function ourTrainer(cell: CellName, shape: BenchShape, ids: Int32Array, seed: number): OurTrainer {
  const { B, T, V, H } = shape;
  const model = new LanguageModel({ vocabSize: V, hiddenSize: H, cell, seed });
  const optimizer = tf.train.adam(1e-3);
  const variables = model.trainableVariables();
  const [inputs, targets, mask] = tf.tidy(() => {
    const all = tf.tensor2d(ids, [B, T + 1], 'int32');
    return [all.slice([0, 0], [B, T]), all.slice([0, 1], [B, T]), tf.ones([B, T])] as tf.Tensor2D[];
  });
  return {
    step() {
      const outcome = trainOnChunk(() => model.forward(inputs, { training: true }), targets, mask, variables, optimizer, {});
      tf.dispose(outcome.finalState);
      return B * T;
    },
    path: () => (model.rnn.layers[0] as RNN).lastUnrollPath,
    dispose() {
      model.dispose();
      optimizer.dispose();
      tf.dispose([inputs, targets, mask]);
    },
  };
}

export interface OurSampler {
  sample(length: number): number[];
  /** `fused-stepper` when decoding runs tensor-free (fused/fusedStepper.ts), else `model.step`. */
  path(): string;
  dispose(): void;
}

export function ourSampler(cell: CellName, shape: BenchShape, seed: number): OurSampler {
  const model = new LanguageModel({ vocabSize: shape.V, hiddenSize: shape.H, cell, seed });
  return {
    sample: (length) => sample(model, { prompt: [0], maxLength: length, seed }).tokens,
    path: () => (FusedStepper.for(model) ? 'fused-stepper' : 'model.step'),
    dispose: () => model.dispose(),
  };
}
