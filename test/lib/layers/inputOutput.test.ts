/**
 * Input and output layers: one-hot vectors, the embedding lookup (with a gradient that works on
 * wasm, where tf.gather's gradient kernel is missing), and the dense output layer with softmax.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../kernel/lib/tf';
import { Embedding, embeddingLookup, oneHot } from '../../../kernel/lib/layers/embedding';
import { Dense, softmax } from '../../../kernel/lib/layers/dense';
import { assertNoLeak, onEachBackend } from '../../support/backends';
import { assertRelativeClose } from '../../support/closeness';
import { assertGradientsMatch } from '../../support/gradcheck';
import { randomiseWeights, randomTensor, seededUniform } from '../../support/random';

onEachBackend((backend) => {
  test(`oneHot turns token ids [batch, time] into float vectors [batch, time, vocab] (${backend})`, () => {
    const v = oneHot(tf.tensor2d([[0, 2], [1, 1]], undefined, 'int32'), 3);
    assert.equal(v.dtype, 'float32');
    assert.deepEqual(v.arraySync(), [[[1, 0, 0], [0, 0, 1]], [[0, 1, 0], [0, 1, 0]]]);
    assert.throws(() => oneHot(tf.tensor1d([0, 3], 'int32'), 3), /token ids must lie in \[0, 3\); got values from 0 to 3/);
    assert.throws(() => oneHot(tf.tensor1d([0.5]), 3), /token ids must be whole numbers; got 0.5/);
  });

  test(`an embedding lookup returns row x_t of the table, the same as onehot(x_t) · E (${backend})`, () => {
    const emb = new Embedding({ vocabSize: 5, embeddingSize: 3, seed: 1 });
    const ids = tf.tensor2d([[4, 0, 2], [1, 1, 3]], undefined, 'int32');
    const looked = emb.apply(ids);
    assert.deepEqual(looked.shape, [2, 3, 3]);
    const table = emb.embeddings.arraySync() as number[][];
    assertRelativeClose(looked.dataSync(), [4, 0, 2, 1, 1, 3].flatMap((id) => table[id]), 0, 'rows');
    const product = tf.matMul(tf.reshape(oneHot(ids, 5), [6, 5]), emb.embeddings);
    assertRelativeClose(looked.dataSync(), product.dataSync(), 1e-7, 'onehot · E');
    const values = Array.from(emb.embeddings.dataSync());
    assert.ok(values.every((x) => Math.abs(x) <= 0.05), 'uniform ±0.05 initialisation');
    emb.dispose();
  });

  test(`the embedding gradient sums dy into each token's row, works on this backend and matches finite differences (${backend})`, () => {
    const emb = new Embedding({ vocabSize: 6, embeddingSize: 4, seed: 2 });
    randomiseWeights(emb.namedVariables(), 3);
    const ids = tf.tensor2d([[1, 3, 1], [5, 1, 0]], undefined, 'int32');
    const proj = randomTensor(seededUniform(4), [2, 3, 4]);
    const loss = () => tf.tidy(() => tf.sum(tf.mul(tf.tanh(emb.apply(ids)), proj)) as tf.Scalar);
    assertGradientsMatch(loss, { embeddings: emb.embeddings });
    // dE = onehot(ids)ᵀ · dy, with dy = proj for a linear loss: token 1 appears three times, token 2 and 4 never
    const { grads, value } = tf.variableGrads(() => tf.sum(tf.mul(emb.apply(ids), proj)) as tf.Scalar, [emb.embeddings]);
    const expected = tf.matMul(tf.transpose(tf.reshape(oneHot(ids, 6), [6, 6])), tf.reshape(proj, [6, 4]));
    assertRelativeClose(grads[emb.embeddings.name], expected, 1e-6, 'dE');
    assert.deepEqual(Array.from(tf.slice(grads[emb.embeddings.name], [2, 0], [1, 4]).dataSync()), [0, 0, 0, 0]);
    tf.dispose([grads, value]);
    if (backend === 'wasm') {
      // the reason for the custom gradient: tf.gather's own gradient needs a kernel wasm lacks
      assert.equal(tf.getKernel('UnsortedSegmentSum', 'wasm'), undefined);
      assert.throws(() => tf.variableGrads(() => tf.sum(tf.gather(emb.embeddings, tf.tensor1d([1], 'int32'))) as tf.Scalar, [emb.embeddings]), /UnsortedSegmentSum/);
    }
    emb.dispose();
  });

  test(`embeddingLookup works on any id shape and leaves no tensors behind with its gradient (${backend})`, () => {
    const table = tf.variable(tf.tensor2d([[1, 2], [3, 4], [5, 6]]));
    const ids = tf.tensor1d([2, 0], 'int32');
    assert.deepEqual(embeddingLookup(table as tf.Tensor2D, ids).arraySync(), [[5, 6], [1, 2]]);
    assertNoLeak(() => {
      const { value, grads } = tf.variableGrads(() => tf.sum(embeddingLookup(table as tf.Tensor2D, ids)) as tf.Scalar, [table]);
      assert.deepEqual(grads[table.name].arraySync(), [[1, 1], [0, 0], [1, 1]]);
      tf.dispose([value, grads]);
    });
    table.dispose();
  });

  test(`dense computes y = W h + b on the last axis of [batch, hidden] and [batch, time, hidden] (${backend})`, () => {
    const dense = new Dense({ inputSize: 3, units: 2, seed: 5 });
    randomiseWeights(dense.namedVariables(), 6);
    const W = dense.weights.kernel.arraySync() as number[][];
    const b = Array.from(dense.weights.bias!.dataSync());
    const h = [0.5, -1, 2];
    const expected = [0, 1].map((j) => h.reduce((s, hi, i) => s + hi * W[i][j], b[j]));
    assertRelativeClose(dense.apply(tf.tensor2d([h])).dataSync(), expected, 1e-6, 'rank 2');
    const y3 = dense.apply(tf.tensor3d([[h, h]]));
    assert.deepEqual(y3.shape, [1, 2, 2]);
    assertRelativeClose(y3.dataSync(), [...expected, ...expected], 1e-6, 'rank 3');
    assert.throws(() => dense.apply(tf.ones([2, 4])), /input must be \[\.\.\., 3\]; got shape \[2, 4\]/);
    dense.dispose();
  });

  test(`softmax output sums to one per step and dense gradients match finite differences (${backend})`, () => {
    const dense = new Dense({ inputSize: 3, units: 4, activation: 'softmax', seed: 7 });
    randomiseWeights(dense.namedVariables(), 8);
    const h = tf.variable(randomTensor(seededUniform(9), [2, 2, 3]));
    const p = dense.apply(h);
    assertRelativeClose(tf.sum(p, -1).dataSync(), [1, 1, 1, 1], 1e-6, 'Σ p');
    assertRelativeClose(softmax(tf.tensor1d([0, Math.log(3)])).dataSync(), [0.25, 0.75], 1e-6, 'softmax');
    const proj = randomTensor(seededUniform(10), [2, 2, 4]);
    assertGradientsMatch(() => tf.tidy(() => tf.sum(tf.mul(dense.apply(h), proj)) as tf.Scalar), { ...dense.namedVariables(), h });
    assertNoLeak(() => {
      const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(dense.apply(h), proj)) as tf.Scalar, dense.trainableVariables());
      tf.dispose([value, grads]);
    });
    dense.dispose();
    h.dispose();
  });
});
