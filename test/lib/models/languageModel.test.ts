/**
 * The LanguageModel composite: teacher-forced `forward` against token-by-token `step`, agreement
 * with the same network built from tfjs-layers, seeded construction, saving and loading weights,
 * gradients, and a short training run on each backend (embedding gradients included).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tfl from '@tensorflow/tfjs-layers';
import { tf } from '../../../kernel/lib/tf';
import { LanguageModel, type LanguageModelOptions } from '../../../kernel/lib/models/languageModel';
import { exportWeights, importWeights, toLayersWeights } from '../../../kernel/lib/io/weights';
import { assertNoLeak, onEachBackend } from '../../support/backends';
import { assertRelativeClose } from '../../support/closeness';
import { assertGradientsMatch } from '../../support/gradcheck';
import { randomiseWeights, randomTensor, seededUniform } from '../../support/random';

const V = 6;
const tokens = () => tf.tensor2d([[0, 3, 5, 1, 2], [4, 4, 0, 2, 5]], undefined, 'int32');

onEachBackend((backend) => {
  const configs: Record<string, LanguageModelOptions> = {
    'two-layer LSTM with an embedding': { vocabSize: V, hiddenSize: 4, numLayers: 2, embeddingSize: 3, cell: 'lstm', seed: 1 },
    'one-hot GRU': { vocabSize: V, hiddenSize: 5, cell: 'gru', seed: 2 },
    'one-hot Elman RNN': { vocabSize: V, hiddenSize: 5, cell: 'rnn', seed: 3 },
  };
  for (const [name, options] of Object.entries(configs)) {
    test(`a ${name} language model gives the same logits token by token (step) as for the whole sequence (forward) (${backend})`, () => {
      const lm = new LanguageModel(options);
      const ids = tokens();
      const { logits, finalState } = lm.forward(ids);
      assert.deepEqual(logits.shape, [2, 5, V]);
      assert.equal(finalState.length, lm.initialState(2).length);
      let state = lm.initialState(2);
      (tf.unstack(ids, 1) as tf.Tensor1D[]).forEach((column, t) => {
        const step = lm.step(column, state);
        assertRelativeClose(step.logits, tf.squeeze(tf.slice(logits, [0, t, 0], [2, 1, V]), [1]), 1e-5, `logits at step ${t}`);
        state = step.state;
      });
      state.forEach((s, k) => assertRelativeClose(s, finalState[k], 1e-5, `final state ${k}`));
      lm.dispose();
    });
  }

  test(`the language model equals a tfjs-layers sequential of embedding, two LSTMs and dense with the same weights (${backend})`, () => {
    const lm = new LanguageModel(configs['two-layer LSTM with an embedding']);
    randomiseWeights(lm.namedVariables(), 5, 0.5);
    const model = tfl.sequential({
      layers: [
        tfl.layers.embedding({ inputDim: V, outputDim: 3, inputShape: [5] }),
        tfl.layers.lstm({ units: 4, returnSequences: true, recurrentActivation: 'sigmoid' }),
        tfl.layers.lstm({ units: 4, returnSequences: true, recurrentActivation: 'sigmoid' }),
        tfl.layers.dense({ units: V }),
      ],
    });
    model.setWeights(toLayersWeights(lm));
    const ids = tokens();
    assertRelativeClose(lm.forward(ids).logits, model.predict(ids) as tf.Tensor, 1e-5, 'logits');
    lm.dispose();
    model.dispose();
  });

  test(`the same seed builds the same model and saved weights load into a model built from another seed (${backend})`, () => {
    const a = new LanguageModel({ vocabSize: V, hiddenSize: 4, numLayers: 2, embeddingSize: 3, seed: 9 });
    const b = new LanguageModel({ vocabSize: V, hiddenSize: 4, numLayers: 2, embeddingSize: 3, seed: 9 });
    const c = new LanguageModel({ vocabSize: V, hiddenSize: 4, numLayers: 2, embeddingSize: 3, seed: 10 });
    const saved = exportWeights(a);
    assert.deepEqual(exportWeights(b), saved);
    assert.notDeepEqual(exportWeights(c), saved);
    assert.deepEqual(saved.weights.map((w) => w.name), [
      'embedding.embeddings',
      'rnn.layers.0.cell.kernel', 'rnn.layers.0.cell.recurrentKernel', 'rnn.layers.0.cell.bias',
      'rnn.layers.1.cell.kernel', 'rnn.layers.1.cell.recurrentKernel', 'rnn.layers.1.cell.bias',
      'output.kernel', 'output.bias',
    ]);
    importWeights(c, JSON.parse(JSON.stringify(saved)));
    assertRelativeClose(c.forward(tokens()).logits, a.forward(tokens()).logits, 0, 'logits after import');
    const other = new LanguageModel({ vocabSize: V, hiddenSize: 5, embeddingSize: 3, seed: 1 });
    assert.throws(() => importWeights(other, saved), /saved weights do not match this model: missing none; unexpected rnn.layers.1.cell.kernel/);
    [a, b, c, other].forEach((m) => m.dispose());
  });

  test(`language model gradients through embedding, stacked GRUs and the output layer match finite differences (${backend})`, () => {
    const lm = new LanguageModel({ vocabSize: 5, hiddenSize: 3, numLayers: 2, embeddingSize: 3, cell: 'gru', seed: 4 });
    randomiseWeights(lm.namedVariables(), 6, 0.6);
    const ids = tf.tensor2d([[0, 3, 4, 1], [2, 2, 0, 0]], undefined, 'int32');
    const mask = tf.tensor2d([[1, 1, 1, 1], [1, 1, 0, 0]]);
    const proj = randomTensor(seededUniform(7), [2, 4, 5]);
    // Σ proj ⊙ softmax(logits) over real steps (probabilities keep the loss, and so its rounding error, small)
    const loss = () => tf.tidy(() => tf.sum(tf.mul(tf.mul(tf.softmax(lm.forward(ids, { mask }).logits), proj), tf.expandDims(mask, 2))) as tf.Scalar);
    assertGradientsMatch(loss, lm.namedVariables(), 1e-2);
    lm.dispose();
  });

  test(`a small language model with an embedding learns a repeating sequence on this backend (${backend})`, () => {
    const lm = new LanguageModel({ vocabSize: 4, hiddenSize: 8, embeddingSize: 4, cell: 'lstm', seed: 11 });
    const inputs = tf.tensor2d([[0, 1, 2, 3, 0, 1, 2, 3]], undefined, 'int32');
    const targets = tf.oneHot(tf.tensor1d([1, 2, 3, 0, 1, 2, 3, 0], 'int32'), 4).cast('float32').reshape([1, 8, 4]);
    const optimizer = tf.train.adam(0.05);
    const crossEntropy = () => tf.tidy(() => tf.neg(tf.mean(tf.sum(tf.mul(targets, tf.logSoftmax(lm.forward(inputs).logits)), -1))) as tf.Scalar);
    const initial = crossEntropy().dataSync()[0];
    for (let i = 0; i < 60; i++) optimizer.minimize(crossEntropy, false, lm.trainableVariables());
    const final = crossEntropy().dataSync()[0];
    assert.ok(initial > 1.2 && final < 0.2, `cross-entropy went from ${initial} to ${final}`);
    optimizer.dispose();
    lm.dispose();
  });

  test(`training-mode dropout changes the logits and inference does not (${backend})`, () => {
    const lm = new LanguageModel({ vocabSize: V, hiddenSize: 6, numLayers: 2, dropout: 0.5, recurrentDropout: 0.3, seed: 12 });
    const ids = tokens();
    const inference = lm.forward(ids).logits;
    assertRelativeClose(lm.forward(ids).logits, inference, 0, 'inference twice');
    assert.ok(tf.max(tf.abs(tf.sub(lm.forward(ids, { training: true }).logits, inference))).dataSync()[0] > 1e-3);
    lm.dispose();
  });

  test(`language model forward with internals, its gradient and a decoding step leave no tensors behind (${backend})`, () => {
    const lm = new LanguageModel({ vocabSize: V, hiddenSize: 4, numLayers: 2, embeddingSize: 3, dropout: 0.2, seed: 13 });
    const ids = tokens();
    const next = tf.tensor1d([1, 2], 'int32');
    assertNoLeak(() => {
      const out = lm.forward(ids, { internals: true, training: true });
      assert.ok('layer1.forgetGate' in out.internals![0]);
      tf.dispose(out as unknown as tf.TensorContainer);
      const { value, grads } = tf.variableGrads(() => tf.sum(lm.forward(ids, { training: true }).logits) as tf.Scalar, lm.trainableVariables());
      tf.dispose([value, grads]);
      const state = lm.initialState(2);
      const step = lm.step(next, state);
      tf.dispose([...state, step.logits, ...step.state]);
    });
    lm.dispose();
  });

  test(`the language model refuses bad token ids, shapes and states with what it expected (${backend})`, () => {
    const lm = new LanguageModel({ vocabSize: V, hiddenSize: 4, seed: 14 });
    assert.throws(() => lm.forward(tf.tensor2d([[0, 6]], undefined, 'int32')), /token ids must lie in \[0, 6\); got values from 0 to 6/);
    assert.throws(() => lm.forward(tf.ones([1, 2, 3])), /inputs must be token ids \[batch, time\] or features \[batch, time, 6\]; got shape \[1, 2, 3\]/);
    assert.throws(() => lm.step(tf.tensor1d([0], 'int32'), []), /state must hold 2 tensors/);
    assert.deepEqual(lm.forward(randomTensor(seededUniform(1), [1, 2, V])).logits.shape, [1, 2, V]);
    lm.dispose();
  });
});
