/**
 * The bidirectional wrapper: forward and backward directions merged by concatenation or sum, the
 * backward direction reversed within each sequence's own length when the batch is padded.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../kernel/lib/tf';
import { Bidirectional, type MergeMode } from '../../../kernel/lib/layers/bidirectional';
import { reverseSequences } from '../../../kernel/lib/layers/reverse';
import { GRU, LSTM } from '../../../kernel/lib/layers/recurrentLayers';
import { assertNoLeak, onEachBackend } from '../../support/backends';
import { assertRelativeClose } from '../../support/closeness';
import { assertGradientsMatch } from '../../support/gradcheck';
import { randomiseWeights, randomTensor, seededUniform } from '../../support/random';

const I = 3;
const H = 4;

function lengthsMask(lengths: number[], time: number): tf.Tensor2D {
  return tf.tensor2d(lengths.map((n) => Array.from({ length: time }, (_, t) => (t < n ? 1 : 0))));
}

function makeBi(merge: MergeMode, seed: number): Bidirectional {
  const bi = new Bidirectional({ cell: 'lstm', inputSize: I, hiddenSize: H, merge, seed });
  randomiseWeights(bi.namedVariables(), seed + 100, 0.6);
  return bi;
}

onEachBackend((backend) => {
  for (const merge of ['concat', 'sum'] as const) {
    test(`bidirectional '${merge}' combines the forward RNN on x_1..x_T with the backward RNN on x_T..x_1 at each position (${backend})`, () => {
      const bi = makeBi(merge, 1);
      const random = seededUniform(2);
      const x = randomTensor(random, [2, 5, I]) as tf.Tensor3D;
      const result = bi.apply(x);
      const u = bi.forward.apply(x);
      const v = bi.backward.apply(tf.reverse(x, 1));
      const vInOrder = tf.reverse(v.outputs, 1);
      const expected = merge === 'concat' ? tf.concat([u.outputs, vInOrder], 2) : tf.add(u.outputs, vInOrder);
      assertRelativeClose(result.outputs, expected, 1e-6, 'outputs');
      const expectedLast = merge === 'concat' ? tf.concat([u.last, v.last], 1) : tf.add(u.last, v.last);
      assertRelativeClose(result.last, expectedLast, 1e-6, 'last');
      assert.equal(result.finalState.length, 4);
      assertRelativeClose(result.finalState[2], v.finalState[0], 1e-6, 'backward h after x_1');
      assert.equal(bi.outputSize, merge === 'concat' ? 2 * H : H);
      bi.dispose();
    });

    test(`bidirectional '${merge}' on a padded batch gives each sequence's own outputs, reversed within its length (${backend})`, () => {
      const bi = makeBi(merge, 3);
      const random = seededUniform(4);
      const lengths = [5, 2, 4];
      const x = randomTensor(random, [3, 5, I]) as tf.Tensor3D;
      const batch = bi.apply(x, { mask: lengthsMask(lengths, 5) });
      const width = bi.outputSize;
      lengths.forEach((n, b) => {
        const alone = bi.apply(tf.slice(x, [b, 0, 0], [1, n, I]));
        assertRelativeClose(tf.slice(batch.outputs, [b, 0, 0], [1, n, width]), alone.outputs, 1e-5, `outputs of sequence ${b}`);
        if (n < 5) assertRelativeClose(tf.slice(batch.outputs, [b, n, 0], [1, 5 - n, width]), tf.zeros([1, 5 - n, width]), 0, `padding of sequence ${b}`);
        assertRelativeClose(tf.slice(batch.last, [b], [1]), alone.last, 1e-5, `last of sequence ${b}`);
        batch.finalState.forEach((s, k) => assertRelativeClose(tf.slice(s, [b], [1]), alone.finalState[k], 1e-5, `final state ${k} of sequence ${b}`));
      });
      bi.dispose();
    });

    test(`bidirectional '${merge}' gradients with a mask match finite differences (${backend})`, () => {
      const bi = new Bidirectional({ cell: 'gru', inputSize: I, hiddenSize: H, merge, seed: 5 });
      randomiseWeights(bi.namedVariables(), 6, 0.6);
      const random = seededUniform(7);
      const x = tf.variable(randomTensor(random, [2, 4, I]));
      const proj = randomTensor(random, [2, 4, bi.outputSize]);
      const projLast = randomTensor(random, [2, bi.outputSize]);
      const mask = lengthsMask([4, 3], 4);
      const loss = () =>
        tf.tidy(() => {
          const r = bi.apply(x as tf.Tensor3D, { mask });
          return tf.add(tf.sum(tf.mul(r.outputs, proj)), tf.sum(tf.mul(r.last, projLast))) as tf.Scalar;
        });
      assertGradientsMatch(loss, { ...bi.namedVariables(), x });
      bi.dispose();
      x.dispose();
    });
  }

  test(`bidirectional internals are named forward.* and backward.*, the backward ones at the input position they read (${backend})`, () => {
    const bi = makeBi('concat', 8);
    const random = seededUniform(9);
    const x = randomTensor(random, [2, 4, I]) as tf.Tensor3D;
    const lengths = [4, 3];
    const result = bi.apply(x, { mask: lengthsMask(lengths, 4), internals: true });
    assert.equal(result.internals!.length, 4);
    assert.ok('forward.forgetGate' in result.internals![0] && 'backward.forgetGate' in result.internals![0]);
    // sequence 1 (length 3) alone, read backwards: step s reads position 2 − s
    const alone = bi.backward.apply(tf.reverse(tf.slice(x, [1, 0, 0], [1, 3, I]), 1), { internals: true });
    for (let position = 0; position < 3; position++) {
      assertRelativeClose(tf.slice(result.internals![position]['backward.inputGate'], [1], [1]), alone.internals![2 - position].inputGate, 1e-5, `backward input gate at position ${position}`);
    }
    bi.dispose();
  });

  test(`reversing within lengths keeps padding in place and its gradient is the same reversal (${backend})`, () => {
    const x = tf.variable(tf.tensor3d([[[1], [2], [3], [0]], [[4], [5], [0], [0]]]));
    assert.deepEqual(reverseSequences(x as tf.Tensor3D, [3, 2]).arraySync(), [[[3], [2], [1], [0]], [[5], [4], [0], [0]]]);
    const weights = tf.tensor3d([[[1], [10], [100], [1000]], [[2], [20], [200], [2000]]]);
    const { grads } = tf.variableGrads(() => tf.sum(tf.mul(reverseSequences(x as tf.Tensor3D, [3, 2]), weights)) as tf.Scalar, [x]);
    assert.deepEqual(grads[x.name].arraySync(), [[[100], [10], [1], [1000]], [[20], [2], [200], [2000]]]);
    x.dispose();
  });

  test(`bidirectional refuses a mask with a real step after padding and unequal sizes for 'sum' (${backend})`, () => {
    const bi = makeBi('concat', 10);
    const x = tf.zeros([1, 3, I]) as tf.Tensor3D;
    assert.throws(() => bi.apply(x, { mask: tf.tensor2d([[1, 0, 1]]) }), /mask row 0 has a real step after padding; pad sequences at the end \(mask 101\)/);
    const forward = new GRU({ inputSize: I, hiddenSize: 2, seed: 1 });
    const backward = new GRU({ inputSize: I, hiddenSize: 3, seed: 2 });
    assert.throws(() => new Bidirectional({ forward, backward, merge: 'sum' }), /merge 'sum' needs equal hidden sizes; got 2 and 3/);
    assert.equal(new Bidirectional({ forward, backward }).outputSize, 5);
    bi.dispose();
    forward.dispose();
    backward.dispose();
  });

  test(`bidirectional forward and gradient with a mask leave no tensors behind (${backend})`, () => {
    const bi = new Bidirectional({ forward: new LSTM({ inputSize: I, hiddenSize: H, seed: 1 }), backward: new LSTM({ inputSize: I, hiddenSize: H, seed: 2 }), merge: 'sum' });
    const x = tf.ones([2, 3, I]) as tf.Tensor3D;
    const mask = lengthsMask([3, 2], 3);
    assertNoLeak(() => {
      tf.dispose(bi.apply(x, { mask, internals: true }) as unknown as tf.TensorContainer);
      const { value, grads } = tf.variableGrads(() => tf.sum(bi.apply(x, { mask }).outputs) as tf.Scalar, bi.trainableVariables());
      tf.dispose([value, grads]);
    });
    bi.dispose();
    tf.dispose([x, mask]);
  });
});
