/**
 * The tensor-free decoding stepper against `LanguageModel.step`: the same logits, step after step,
 * for LSTM, GRU and Elman language models of two layers with one-hot or embedded input, from a
 * given initial state, through beam-search-style row reordering and growth of the batch; with the
 * WebAssembly SIMD and the JavaScript numerics. It declines models it cannot run.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../kernel/lib/tf';
import { LanguageModel } from '../../../kernel/lib/models/languageModel';
import type { CellKind } from '../../../kernel/lib/cells/makeCell';
import type { RecurrentState, StepModel } from '../../../kernel/lib/core/types';
import { FusedStepper } from '../../../kernel/lib/fused/fusedStepper';
import { sample } from '../../../kernel/lib/decode/sampling';
import { greedyDecode } from '../../../kernel/lib/decode/greedy';
import { beamSearch } from '../../../kernel/lib/decode/beamSearch';
import { setFusedKernels } from '../../../kernel/lib/fused/dispatch';
import { assertNoLeak, onEachBackend } from '../../support/backends';
import { assertRelativeClose } from '../../support/closeness';
import { randomiseWeights, randomTensor, seededUniform } from '../../support/random';

after(() => setFusedKernels('auto'));

const V = 11;
const H = 6;

/** Feeds `model.step` and the stepper the same tokens and parents and compares the logits each time. */
function compareSteps(model: LanguageModel, initial: RecurrentState | undefined, what: string): void {
  const stepper = FusedStepper.for(model, initial);
  assert.ok(stepper, `${what}: the stepper declined`);
  let state = initial ? initial.map((s) => s.clone()) : model.initialState(1);
  const schedule: { tokens: number[]; parents?: number[] }[] = [
    { tokens: [3] },
    { tokens: [7] },
    { tokens: [1, 4, 9], parents: [0, 0, 0] },
    { tokens: [2, 2, 10], parents: [2, 0, 1] },
    { tokens: [5, 0], parents: [1, 1] },
  ];
  for (const { tokens, parents } of schedule) {
    const next = tf.tidy(() => {
      const from = parents ? state.map((s) => tf.gather(s, tf.tensor1d(parents, 'int32'))) : state;
      return model.step(tf.tensor1d(tokens, 'int32'), from);
    });
    tf.dispose(state);
    state = next.state;
    stepper.feed(tokens, parents);
    assertRelativeClose(stepper.logits, next.logits.dataSync(), 1e-5, `${what} logits after [${tokens}]`);
    assert.deepEqual(Array.from(stepper.row(tokens.length - 1)), Array.from(stepper.logits.subarray((tokens.length - 1) * V)));
    next.logits.dispose();
  }
  tf.dispose(state);
  stepper.dispose();
}

onEachBackend((backend) => {
  for (const mode of ['wasm', 'javascript'] as const) {
    for (const cell of ['lstm', 'gru', 'rnn'] as CellKind[]) {
      for (const embeddingSize of [undefined, 13]) { // 13 > V: the embedding is wider than the vocabulary
        test(`${cell} language model, ${embeddingSize ? 'embedded' : 'one-hot'} input, 2 layers: stepper (${mode}) logits equal model.step's (${backend})`, () => {
          setFusedKernels(mode);
          assertNoLeak(() => {
            const model = new LanguageModel({ vocabSize: V, hiddenSize: H, cell, numLayers: 2, embeddingSize, seed: 3 });
            randomiseWeights(model.namedVariables(), 4, 0.7);
            const random = seededUniform(5);
            const initial = model.initialState(1).map((s) => {
              const r = randomTensor(random, s.shape) as tf.Tensor2D;
              s.dispose();
              return r;
            });
            compareSteps(model, undefined, 'zero state');
            compareSteps(model, initial, 'given state');
            tf.dispose(initial);
            model.dispose();
          }, 'stepper comparison');
        });
      }
    }
  }

  test(`sampling, greedy decoding and beam search of a language model give the same results with fused kernels on and off (${backend})`, () => {
    const model = new LanguageModel({ vocabSize: V, hiddenSize: H, cell: 'gru', numLayers: 2, seed: 8 });
    randomiseWeights(model.namedVariables(), 9, 0.8);
    const run = () => ({
      sampled: sample(model, { prompt: [1, 2], maxLength: 30, seed: 4, temperature: 0.8, topK: 5 }),
      greedy: greedyDecode(model, { prompt: [3], maxLength: 20 }),
      beam: beamSearch(model, { prompt: [3], maxLength: 6, beamWidth: 3 }),
    });
    setFusedKernels('auto');
    const fused = run();
    setFusedKernels('off');
    const plain = run();
    setFusedKernels('auto');
    assert.deepEqual(fused.sampled.tokens, plain.sampled.tokens);
    assert.deepEqual(fused.greedy.tokens, plain.greedy.tokens);
    assertRelativeClose(fused.sampled.logProbs, plain.sampled.logProbs, 1e-5, 'sampled log-probabilities');
    assert.deepEqual(fused.beam.sequences.map((h) => h.tokens), plain.beam.sequences.map((h) => h.tokens));
    assertRelativeClose(fused.beam.sequences.map((h) => h.logProb), plain.beam.sequences.map((h) => h.logProb), 1e-5, 'beam log-probabilities');
    assert.equal(fused.beam.tree.length, plain.beam.tree.length);
    model.dispose();
  });

  test(`the stepper declines other step models and switched-off fusion, and refuses bad tokens (${backend})`, () => {
    setFusedKernels('auto');
    const model = new LanguageModel({ vocabSize: V, hiddenSize: H, seed: 1 });
    const plain: StepModel = { initialState: (b) => model.initialState(b), step: (t, s) => model.step(t, s) };
    assert.equal(FusedStepper.for(plain), undefined);
    setFusedKernels('off');
    assert.equal(FusedStepper.for(model), undefined);
    setFusedKernels('auto');
    const stepper = FusedStepper.for(model)!;
    assert.throws(() => stepper.feed([V]), /token ids must lie in \[0, 11\); got 11/);
    assert.throws(() => stepper.feed([1, 2], [0, 1]), /parents must hold 2 row indices in \[0, 1\)/);
    model.dispose();
  });
});
