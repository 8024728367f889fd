import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../kernel/lib/tf';
import { firstState, lastState } from '../../../kernel/lib/pooling/lastState';
import { bidirectionalLastStates } from '../../../kernel/lib/pooling/bidirectionalLast';
import { maxPool, meanPool } from '../../../kernel/lib/pooling/meanMaxPool';
import { AttentionPooling } from '../../../kernel/lib/pooling/attentionPooling';
import { ContextAttentionPooling } from '../../../kernel/lib/pooling/contextAttentionPooling';
import { HierarchicalAttentionPooling } from '../../../kernel/lib/pooling/hierarchicalAttention';
import { gradCheck } from '../../support/gradcheck';
import { assertNoLeak, onEachBackend } from '../../support/backends';
import { assertClose } from '../../support/closeness';
import { add, dot, maskedSoftmaxJs, vecMat, weightedSum } from '../../support/plainMath';
import { random2d, random3d, seededUniform } from '../../support/random';

// Two sequences of four 2-d states; the first has 3 real steps, the second 2.
const states = [
  [[1, 2], [3, -4], [5, 6], [70, 80]],
  [[-1, 0.5], [2, 2], [90, -90], [100, 100]],
];
const mask = [[1, 1, 1, 0], [1, 1, 0, 0]];
const withPadding = (fill: number) => states.map((row, b) => row.map((h, t) => (mask[b][t] ? h : [fill, -fill])));

/** Runs a pooling on hand-set states and returns the result as arrays, disposing everything. */
function pool(fn: (H: tf.Tensor3D, m?: tf.Tensor2D) => tf.Tensor, H = states, m: number[][] | null = mask): number[][] {
  return assertNoLeak(() => tf.tidy(() => fn(tf.tensor3d(H), m ? tf.tensor2d(m) : undefined).arraySync() as number[][]));
}

function gradientOf(f: (H: tf.Tensor3D) => tf.Tensor, extra: Record<string, tf.Variable> = {}): number {
  const random = seededUniform(5);
  const H = tf.variable(tf.tensor3d(random3d(random, 2, 4, 3)));
  const readout = tf.tensor(random2d(random, 2, 12).map((row) => row.slice(0, 3)));
  const before = tf.memory().numTensors;
  const result = gradCheck(() => tf.tidy(() => tf.sum(tf.mul(f(H as unknown as tf.Tensor3D), readout)) as tf.Scalar), { states: H, ...extra });
  assert.equal(tf.memory().numTensors, before, 'gradCheck leaked');
  tf.dispose([H, readout]);
  return result.maxRelativeError;
}

onEachBackend(() => {
  test('lastState takes each sequence at its own last real step, firstState at its first', () => {
    assert.deepEqual(pool(lastState), [[5, 6], [2, 2]]);
    assert.deepEqual(pool(lastState, states, null), [[70, 80], [100, 100]]);
    assert.deepEqual(pool(firstState), [[1, 2], [-1, 0.5]]);
    // A left-padded row: real steps 1..2, so first = step 1 and last = step 2.
    assert.deepEqual(pool(firstState, states, [[0, 1, 1, 0], [1, 1, 0, 0]])[0], [3, -4]);
    assert.deepEqual(pool(lastState, states, [[0, 1, 1, 0], [1, 1, 0, 0]])[0], [5, 6]);
  });

  test('a sequence with no real step pools to zeros in every pooling', () => {
    const empty = [[1, 1, 1, 1], [0, 0, 0, 0]];
    for (const fn of [lastState, firstState, meanPool, maxPool]) assertClose(pool(fn, states, empty)[1], [0, 0], 0, fn.name);
  });

  test('bidirectional pooling joins the forward last state with the backward first state, by concat or sum', () => {
    const backward = states.map((row) => row.map(([a, b]) => [10 * a, 10 * b]));
    const run = (combine: 'concat' | 'sum') =>
      assertNoLeak(() => tf.tidy(() => bidirectionalLastStates(tf.tensor3d(states), tf.tensor3d(backward), tf.tensor2d(mask), { combine }).arraySync()));
    assert.deepEqual(run('concat'), [[5, 6, 10, 20], [2, 2, -10, 5]]);
    assert.deepEqual(run('sum'), [[15, 26], [-8, 7]]);
  });

  test('mean and max pooling use only the real steps, whatever the padding holds', () => {
    assertClose(pool(meanPool).flat(), [3, 4 / 3, 0.5, 1.25], 1e-6, 'mean');
    assert.deepEqual(pool(maxPool), [[5, 6], [2, 2]]);
    for (const fill of [-1e6, 0, 1e6]) {
      assert.deepEqual(pool(meanPool, withPadding(fill)), pool(meanPool));
      assert.deepEqual(pool(maxPool, withPadding(fill)), pool(maxPool));
    }
  });

  test('gradients of last, bidirectional, mean and max pooling agree with finite differences', () => {
    const m = tf.tensor2d([[1, 1, 1, 0], [1, 1, 1, 1]]);
    assert.ok(gradientOf((H) => lastState(H, m)) < 1e-3);
    assert.ok(gradientOf((H) => bidirectionalLastStates(H, tf.mul(H, 2) as tf.Tensor3D, m, { combine: 'sum' })) < 1e-3);
    assert.ok(gradientOf((H) => meanPool(H, m)) < 1e-3);
    assert.ok(gradientOf((H) => maxPool(H, m)) < 1e-3);
    m.dispose();
  });

  test('attention pooling computes α_i = softmax_i(w_αᵀ h_i) over real steps and y = Σ α_i h_i', () => {
    const w = [0.3, -0.2];
    const pooling = new AttentionPooling({ hiddenSize: 2 });
    pooling.weights.w.assign(tf.tensor1d(w));
    const inputs = [tf.tensor3d(states), tf.tensor2d(mask)] as const;
    const [pooled, weights] = assertNoLeak(() => {
      const out = pooling.forward(...inputs);
      const arrays = [out.pooled.arraySync(), out.weights.arraySync()];
      tf.dispose([out.pooled, out.weights]);
      return arrays;
    });
    states.forEach((row, b) => {
      const alpha = maskedSoftmaxJs(row.map((h) => dot(w, h)), mask[b]);
      assertClose(weights[b], alpha, 1e-6, `α ${b}`);
      assertClose(pooled[b], weightedSum(alpha, row), 1e-5, `y ${b}`);
    });
    const padded = tf.tidy(() => pooling.forward(tf.tensor3d(withPadding(55)), inputs[1]).pooled.arraySync());
    assert.deepEqual(padded, pooled);
    tf.dispose([...inputs]);
    pooling.dispose();
  });

  test('context attention pooling computes u_t = tanh(W h_t + b), α_t = softmax_t(u_tᵀ u_w), s = Σ α_t h_t', () => {
    const W = [[0.5, -0.3, 0.1], [0.2, 0.4, -0.6]];
    const b = [0.1, 0, -0.1];
    const u = [1, -1, 0.5];
    const pooling = new ContextAttentionPooling({ hiddenSize: 2, attentionSize: 3 });
    pooling.weights.W.assign(tf.tensor2d(W));
    pooling.weights.b.assign(tf.tensor1d(b));
    pooling.weights.u.assign(tf.tensor1d(u));
    const scaled = states.map((row) => row.map((h) => h.map((x) => x / 10)));
    const [pooled, weights] = tf.tidy(() => {
      const out = pooling.forward(tf.tensor3d(scaled), tf.tensor2d(mask));
      return [out.pooled.arraySync(), out.weights.arraySync()];
    });
    scaled.forEach((row, i) => {
      const alpha = maskedSoftmaxJs(row.map((h) => dot(add(vecMat(h, W), b).map(Math.tanh), u)), mask[i]);
      assertClose(weights[i], alpha, 1e-6, `α ${i}`);
      assertClose(pooled[i], weightedSum(alpha, row), 1e-6, `s ${i}`);
    });
    pooling.dispose();
  });

  test('hierarchical attention pools words into sentences, then sentences into the document, and returns both levels of weights', () => {
    // One document of 3 sentences × 3 words (2-d word states); the last sentence is padding.
    const random = seededUniform(21);
    const words = [random3d(random, 3, 3, 2)];
    const wordMask = [[[1, 1, 0], [1, 1, 1], [0, 0, 0]]];
    const han = new HierarchicalAttentionPooling({ wordHiddenSize: 2, attentionSize: 2, seed: 4 });
    const level = (p: ContextAttentionPooling) => ({
      W: p.weights.W.arraySync() as number[][],
      b: p.weights.b.arraySync() as number[],
      u: p.weights.u.arraySync() as number[],
    });
    const wordLevel = level(han.wordAttention);
    const sentenceLevel = level(han.sentenceAttention);
    const attendJs = (hs: number[][], m: number[], p: ReturnType<typeof level>) => {
      const alpha = maskedSoftmaxJs(hs.map((h) => dot(add(vecMat(h, p.W), p.b).map(Math.tanh), p.u)), m);
      return { alpha, pooled: weightedSum(alpha, hs) };
    };
    const inputs = [tf.tensor4d(words), tf.tensor3d(wordMask)] as const;
    const out = assertNoLeak(() => {
      const r = han.forward(...inputs);
      const arrays = { document: r.document.arraySync(), sentenceVectors: r.sentenceVectors.arraySync(), wordWeights: r.wordWeights.arraySync(), sentenceWeights: r.sentenceWeights.arraySync() };
      tf.dispose([r.document, r.sentenceVectors, r.wordWeights, r.sentenceWeights]);
      return arrays;
    });
    const sentences = words[0].map((sentence, i) => attendJs(sentence, wordMask[0][i], wordLevel));
    sentences.slice(0, 2).forEach((s, i) => {
      assertClose(out.wordWeights[0][i], s.alpha, 1e-5, `word weights ${i}`);
      assertClose(out.sentenceVectors[0][i], s.pooled, 1e-5, `sentence vector ${i}`);
    });
    assert.deepEqual(out.wordWeights[0][2], [0, 0, 0]);
    const documentLevel = attendJs(sentences.map((s) => (s.pooled.some(Number.isNaN) ? [0, 0] : s.pooled)), [1, 1, 0], sentenceLevel);
    assertClose(out.sentenceWeights[0], documentLevel.alpha, 1e-5, 'sentence weights');
    assertClose(out.document[0], documentLevel.pooled, 1e-5, 'document');
    tf.dispose([...inputs]);
    han.dispose();
  });

  test('hierarchical attention runs a sentence encoder between the levels and checks its output size', () => {
    const han = new HierarchicalAttentionPooling({ wordHiddenSize: 2, sentenceHiddenSize: 3, seed: 1 });
    const project = tf.tensor2d([[1, 0, 1], [0, 1, -1]]);
    const encoder = (s: tf.Tensor3D) => tf.tanh(tf.reshape(tf.matMul(tf.reshape(s, [-1, 2]), project), [s.shape[0], s.shape[1], 3])) as tf.Tensor3D;
    const shape = tf.tidy(() => han.forward(tf.ones([2, 3, 4, 2]) as tf.Tensor4D, undefined, encoder).document.shape);
    assert.deepEqual(shape, [2, 3]);
    tf.tidy(() => {
      assert.throws(() => han.forward(tf.ones([2, 3, 4, 2]) as tf.Tensor4D), /sentence encoder output: expected shape \[batch=2, sentences=3, sentenceHidden=3\], got \[2, 3, 2\]/);
    });
    project.dispose();
    han.dispose();
  });

  test('gradients of attention pooling and both levels of hierarchical attention agree with finite differences', () => {
    const pooling = new AttentionPooling({ hiddenSize: 3, seed: 2 });
    const m = tf.tensor2d([[1, 1, 1, 0], [1, 1, 1, 1]]);
    assert.ok(gradientOf((H) => pooling.forward(H, m).pooled, pooling.weights) < 2e-3);
    pooling.dispose();
    m.dispose();

    const random = seededUniform(8);
    const words = tf.variable(tf.tensor4d([random3d(random, 2, 3, 3), random3d(random, 2, 3, 3)]));
    const wordMask = tf.tensor3d([[[1, 1, 1], [1, 1, 0]], [[1, 0, 0], [1, 1, 1]]]);
    const han = new HierarchicalAttentionPooling({ wordHiddenSize: 3, attentionSize: 4, seed: 3 });
    const readout = tf.tensor2d(random2d(random, 2, 3));
    const sentenceReadout = tf.tensor2d(random2d(random, 2, 2));
    const f = () =>
      tf.tidy(() => {
        const out = han.forward(words as unknown as tf.Tensor4D, wordMask);
        return tf.add(tf.sum(tf.mul(out.document, readout)), tf.sum(tf.mul(out.sentenceWeights, sentenceReadout))) as tf.Scalar;
      });
    const named = (prefix: string, p: ContextAttentionPooling) => Object.fromEntries(Object.entries(p.weights).map(([k, v]) => [`${prefix}.${k}`, v]));
    const result = gradCheck(f, { words, ...named('word', han.wordAttention), ...named('sentence', han.sentenceAttention) });
    assert.ok(result.maxRelativeError < 2e-3, JSON.stringify(result));
    tf.dispose([words, wordMask, readout, sentenceReadout]);
    han.dispose();
  });
});
