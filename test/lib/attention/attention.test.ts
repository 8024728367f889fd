import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../kernel/lib/tf';
import { AdditiveAttention } from '../../../kernel/lib/attention/additive';
import { MultiplicativeAttention } from '../../../kernel/lib/attention/multiplicative';
import { contextVector, maskedSoftmax } from '../../../kernel/lib/attention/context';
import { gradCheck } from '../../support/gradcheck';
import { assertNoLeak, onEachBackend } from '../../support/backends';
import { assertClose } from '../../support/closeness';
import { add, dot, maskedSoftmaxJs, vecMat, weightedSum } from '../../support/plainMath';
import { random2d, random3d, seededUniform } from '../../support/random';

// Hand-set example shared by the tests: 2 queries (decoder states, size 2), 3 keys each (encoder states, size 2).
const query = [[0.5, -1], [0.2, 0.3]];
const keys = [
  [[1, 0], [0, 1], [1, 1]],
  [[-0.5, 0.4], [0.3, -0.2], [9, 9]],
];
// The second sequence has only two real positions; its third key is padding.
const mask = [[1, 1, 1], [1, 1, 0]];

onEachBackend(() => {
  test('additive attention computes e_i = vᵀ tanh(W s + U h_i), α = masked softmax(e), c = Σ α_i h_i', () => {
    const W = [[0.1, 0.2, -0.3], [0.3, -0.4, 0.5]];
    const U = [[0.5, -0.5, 0.25], [0.2, 0.1, -0.6]];
    const v = [1, -2, 0.5];
    const attention = new AdditiveAttention({ querySize: 2, keySize: 2, attentionSize: 3 });
    attention.weights.W.assign(tf.tensor2d(W));
    attention.weights.U.assign(tf.tensor2d(U));
    attention.weights.v.assign(tf.tensor1d(v));
    const inputs = [tf.tensor2d(query), tf.tensor3d(keys), tf.tensor2d(mask)] as const;
    const read = assertNoLeak(() => {
      const r = attention.attend(...inputs);
      const values = { context: r.context.arraySync(), weights: r.weights.arraySync(), scores: r.scores.arraySync() };
      tf.dispose([r.context, r.weights, r.scores]);
      return values;
    });
    tf.dispose([...inputs]);
    query.forEach((s, b) => {
      // Expected values in plain JS, straight from the equation.
      const Ws = vecMat(s, W);
      const e = keys[b].map((h) => dot(v, add(Ws, vecMat(h, U)).map(Math.tanh)));
      const alpha = maskedSoftmaxJs(e, mask[b]);
      assertClose(read.scores[b], e, 1e-5, `scores ${b}`);
      assertClose(read.weights[b], alpha, 1e-5, `weights ${b}`);
      assertClose(read.context[b], weightedSum(alpha, keys[b]), 1e-5, `context ${b}`);
    });
    attention.dispose();
  });

  test('additive attention gives the same scores with keys projected once (U h_i) per sequence', () => {
    const attention = new AdditiveAttention({ querySize: 2, keySize: 2, attentionSize: 4, seed: 7 });
    const [fresh, reused] = tf.tidy(() => {
      const H = tf.tensor3d(keys);
      const projected = attention.projectKeys(H);
      return [attention.score(tf.tensor2d(query), H).arraySync(), attention.score(tf.tensor2d(query), H, projected).arraySync()];
    });
    assert.deepEqual(reused, fresh);
    attention.dispose();
  });

  test('dot attention scores sᵀh_i and the scaled variant divides by sqrt(keySize)', () => {
    const plain = new MultiplicativeAttention({ variant: 'dot', querySize: 2, keySize: 2 });
    const scaled = new MultiplicativeAttention({ variant: 'dot', querySize: 2, keySize: 2, scaled: true });
    assert.equal(plain.trainableVariables().length, 0);
    const [e, eScaled, alpha] = assertNoLeak(() =>
      tf.tidy(() => {
        const s = tf.tensor2d(query);
        const H = tf.tensor3d(keys);
        const read = plain.attend(s, H, tf.tensor2d(mask));
        return [plain.score(s, H).arraySync(), scaled.score(s, H).arraySync(), read.weights.arraySync()];
      }),
    );
    query.forEach((s, b) => {
      const expected = keys[b].map((h) => dot(s, h));
      assertClose(e[b], expected, 1e-6, 'dot');
      assertClose(eScaled[b], expected.map((x) => x / Math.SQRT2), 1e-6, 'scaled dot');
      assertClose(alpha[b], maskedSoftmaxJs(expected, mask[b]), 1e-6, 'dot weights');
    });
  });

  test('general attention scores sᵀ W h_i with a rectangular W', () => {
    const W = [[0.2, -0.1, 0.4], [0.6, 0.3, -0.2]];
    const keys3 = [[[1, 2, 3], [-1, 0, 0.5]]];
    const attention = new MultiplicativeAttention({ variant: 'general', querySize: 2, keySize: 3 });
    attention.weights.W.assign(tf.tensor2d(W));
    const e = tf.tidy(() => attention.score(tf.tensor2d([query[0]]), tf.tensor3d(keys3)).arraySync());
    assertClose(e[0], keys3[0].map((h) => dot(vecMat(query[0], W), h)), 1e-6, 'general');
    attention.dispose();
  });

  test('padded keys get zero weight, so changing them leaves weights and context unchanged', () => {
    const attention = new AdditiveAttention({ querySize: 2, keySize: 2, attentionSize: 3, seed: 3 });
    const run = (padding: number[]) =>
      tf.tidy(() => {
        const H = tf.tensor3d([keys[0], [keys[1][0], keys[1][1], padding]]);
        const read = attention.attend(tf.tensor2d(query), H, tf.tensor2d(mask));
        return [read.weights.arraySync(), read.context.arraySync()];
      });
    const [weightsA, contextA] = run([9, 9]);
    const [weightsB, contextB] = run([-40, 123]);
    assert.equal(weightsA[1][2], 0);
    assert.deepEqual(weightsB, weightsA);
    assert.deepEqual(contextB, contextA);
    attention.dispose();
  });

  test('a row with no real position gets zero weights and a zero context, without NaN', () => {
    const [alpha, c] = tf.tidy(() => {
      const weights = maskedSoftmax(tf.tensor2d([[1, 2, 3]]), tf.tensor2d([[0, 0, 0]]));
      return [weights.arraySync(), contextVector(weights, tf.tensor3d([[[1], [2], [3]]])).arraySync()];
    });
    assert.deepEqual(alpha, [[0, 0, 0]]);
    assert.deepEqual(c, [[0]]);
  });

  test('gradients of the additive, dot and general reads agree with finite differences', () => {
    const random = seededUniform(11);
    const s = tf.variable(tf.tensor2d(random2d(random, 2, 3)));
    const H = tf.variable(tf.tensor3d(random3d(random, 2, 4, 3)));
    const m = tf.tensor2d([[1, 1, 1, 1], [1, 1, 1, 0]]);
    const readout = tf.tensor2d(random2d(random, 2, 3));
    const weightReadout = tf.tensor2d(random2d(random, 2, 4));
    const scorers = [
      new AdditiveAttention({ querySize: 3, keySize: 3, attentionSize: 5, seed: 1 }),
      new MultiplicativeAttention({ variant: 'dot', querySize: 3, keySize: 3, scaled: true }),
      new MultiplicativeAttention({ variant: 'general', querySize: 3, keySize: 3, seed: 2 }),
    ];
    for (const scorer of scorers) {
      // A scalar that depends on both outputs of a read: the context and the weights.
      const f = () =>
        tf.tidy(() => {
          const read = scorer.attend(s, H as tf.Variable<tf.Rank.R3> as unknown as tf.Tensor3D, m);
          return tf.add(tf.sum(tf.mul(read.context, readout)), tf.sum(tf.mul(read.weights, weightReadout))) as tf.Scalar;
        });
      const before = tf.memory().numTensors;
      const result = gradCheck(f, { query: s, keys: H, ...scorer.weights });
      assert.equal(tf.memory().numTensors, before, 'gradCheck leaked');
      assert.ok(result.maxRelativeError < 2e-3, `${scorer.kind}: ${JSON.stringify(result)}`);
      scorer.dispose();
    }
    tf.dispose([s, H, m, readout, weightReadout]);
  });

  test('wrong shapes and sizes are refused with what was expected', () => {
    assert.throws(() => new MultiplicativeAttention({ variant: 'dot', querySize: 2, keySize: 3 }), /needs querySize = keySize, got 2 and 3/);
    const attention = new AdditiveAttention({ querySize: 2, keySize: 2, attentionSize: 3 });
    tf.tidy(() => {
      assert.throws(() => attention.score(tf.zeros([1, 3]) as tf.Tensor2D, tf.zeros([1, 4, 2]) as tf.Tensor3D), /query: expected shape \[batch, querySize=2\], got \[1, 3\]/);
      assert.throws(() => attention.score(tf.zeros([1, 2]) as tf.Tensor2D, tf.zeros([4, 2]) as unknown as tf.Tensor3D), /keys: expected shape \[batch=1, time, keySize=2\], got \[4, 2\]/);
      assert.throws(() => attention.attend(tf.zeros([1, 2]) as tf.Tensor2D, tf.zeros([1, 4, 2]) as tf.Tensor3D, tf.ones([1, 3]) as tf.Tensor2D), /mask: expected shape \[batch=1, time=4\], got \[1, 3\]/);
    });
    attention.dispose();
  });
});

test('the same seed gives the same initial weights on cpu and wasm, and another seed different ones', async () => {
  const { selectBackend } = await import('../../../kernel/lib/backend');
  const initial = (seed: number) => {
    const attention = new AdditiveAttention({ querySize: 3, keySize: 4, attentionSize: 5, seed });
    const values = attention.trainableVariables().map((v) => Array.from(v.dataSync()));
    attention.dispose();
    return values;
  };
  await selectBackend('cpu');
  const onCpu = initial(42);
  await selectBackend('wasm');
  const onWasm = initial(42);
  assert.deepEqual(onWasm, onCpu);
  assert.notDeepEqual(initial(43), onCpu);
  // Glorot uniform: every entry of W [3, 5] lies within ±sqrt(6 / (3 + 5)).
  assert.ok(onCpu[0].every((w) => Math.abs(w) <= Math.sqrt(6 / 8)));
});
