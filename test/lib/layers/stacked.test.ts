/**
 * Stacked (deep) RNNs: composition of layers, the flat state layout, dropout between layers and
 * recurrent dropout with fixed masks (gradient checks) and seeded masks (reproducibility).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../kernel/lib/tf';
import { StackedRNN } from '../../../kernel/lib/layers/stacked';
import { ElmanRNN, GRU, LSTM } from '../../../kernel/lib/layers/recurrentLayers';
import { assertNoLeak, onEachBackend } from '../../support/backends';
import { assertRelativeClose } from '../../support/closeness';
import { assertGradientsMatch } from '../../support/gradcheck';
import { randomiseWeights, randomTensor, seededUniform } from '../../support/random';

const I = 3;
const H = 4;

onEachBackend((backend) => {
  test(`a stack of an LSTM and a GRU is the GRU applied to the LSTM's outputs, states listed bottom first (${backend})`, () => {
    const lstm = new LSTM({ inputSize: I, hiddenSize: H, seed: 1 });
    const gru = new GRU({ inputSize: H, hiddenSize: 2, seed: 2 });
    const stack = new StackedRNN({ layers: [lstm, gru] });
    const random = seededUniform(3);
    const x = randomTensor(random, [2, 4, I]) as tf.Tensor3D;
    const init = [randomTensor(random, [2, H]), randomTensor(random, [2, H]), randomTensor(random, [2, 2])] as tf.Tensor2D[];
    const result = stack.apply(x, { initialState: init });
    const bottom = lstm.apply(x, { initialState: init.slice(0, 2) });
    const top = gru.apply(bottom.outputs, { initialState: init.slice(2) });
    assertRelativeClose(result.outputs, top.outputs, 1e-6, 'outputs');
    assertRelativeClose(result.last, top.last, 1e-6, 'last');
    assert.equal(result.finalState.length, 3);
    [...bottom.finalState, ...top.finalState].forEach((s, k) => assertRelativeClose(result.finalState[k], s, 1e-6, `finalState ${k}`));
    assert.equal(stack.stateCount, 3);
    assert.equal(stack.outputSize, 2);
    stack.dispose();
  });

  test(`dropout between layers and recurrent dropout with fixed masks equal the masked composition and have exact gradients (${backend})`, () => {
    const stack = new StackedRNN({ cell: 'rnn', inputSize: I, hiddenSize: H, numLayers: 2, dropout: 0.5, recurrentDropout: 0.25, seed: 4 });
    randomiseWeights(stack.namedVariables(), 5, 0.6);
    const random = seededUniform(6);
    const x = tf.variable(randomTensor(random, [2, 3, I]));
    const between = tf.tensor3d([[[2, 0, 2, 2], [0, 2, 2, 0], [2, 2, 0, 2]], [[0, 0, 2, 2], [2, 2, 2, 0], [2, 0, 2, 2]]]);
    const keep = 1 / 0.75;
    const recurrent = [tf.tensor2d([[keep, keep, 0, keep], [0, keep, keep, keep]]), tf.tensor2d([[keep, 0, keep, keep], [keep, keep, 0, keep]])];
    const dropoutMasks = { between: [between], recurrent };
    const result = stack.apply(x as tf.Tensor3D, { dropoutMasks });
    const [first, second] = stack.layers;
    const bottom = first.apply(x as tf.Tensor3D, { dropoutMasks: { recurrent: [recurrent[0]] } });
    const top = second.apply(tf.mul(bottom.outputs, between) as tf.Tensor3D, { dropoutMasks: { recurrent: [recurrent[1]] } });
    assertRelativeClose(result.outputs, top.outputs, 1e-6, 'outputs');
    const proj = randomTensor(random, [2, 3, H]);
    const loss = () => tf.tidy(() => tf.sum(tf.mul(stack.apply(x as tf.Tensor3D, { dropoutMasks }).outputs, proj)) as tf.Scalar);
    assertGradientsMatch(loss, { ...stack.namedVariables(), x });
    stack.dispose();
    x.dispose();
  });

  test(`a stack's gradients with a mask match finite differences (${backend})`, () => {
    const stack = new StackedRNN({ cell: 'lstm', inputSize: I, hiddenSize: 3, numLayers: 2, seed: 7 });
    randomiseWeights(stack.namedVariables(), 8, 0.6);
    const random = seededUniform(9);
    const x = tf.variable(randomTensor(random, [2, 4, I]));
    const proj = randomTensor(random, [2, 4, 3]);
    const projState = randomTensor(random, [2, 3]);
    const mask = tf.tensor2d([[1, 1, 1, 1], [1, 1, 0, 0]]);
    const loss = () =>
      tf.tidy(() => {
        const r = stack.apply(x as tf.Tensor3D, { mask });
        return tf.add(tf.sum(tf.mul(r.outputs, proj)), tf.sum(tf.mul(r.finalState[1], projState))) as tf.Scalar;
      });
    assertGradientsMatch(loss, { ...stack.namedVariables(), x });
    stack.dispose();
    x.dispose();
  });

  test(`training-mode dropout is reproducible from the seed, fresh at every call, and off at inference (${backend})`, () => {
    const make = () => new StackedRNN({ cell: 'gru', inputSize: I, hiddenSize: H, numLayers: 3, dropout: 0.3, recurrentDropout: 0.3, seed: 11 });
    const a = make();
    const b = make();
    const x = randomTensor(seededUniform(12), [2, 5, I]) as tf.Tensor3D;
    const a1 = a.apply(x, { training: true }).outputs;
    const a2 = a.apply(x, { training: true }).outputs;
    const b1 = b.apply(x, { training: true }).outputs;
    assertRelativeClose(b1, a1, 0, 'same seed, same first masks');
    assert.ok(tf.max(tf.abs(tf.sub(a1, a2))).dataSync()[0] > 1e-3, 'a second call draws new masks');
    const inference = a.apply(x).outputs;
    assert.ok(tf.max(tf.abs(tf.sub(a1, inference))).dataSync()[0] > 1e-3, 'training differs from inference');
    assertRelativeClose(a.apply(x).outputs, inference, 0, 'inference is deterministic');
    a.dispose();
    b.dispose();
  });

  test(`a stack of bidirectional layers feeds the merged outputs upward and names internals by layer (${backend})`, () => {
    const stack = new StackedRNN({ cell: 'lstm', inputSize: I, hiddenSize: H, numLayers: 2, bidirectional: 'concat', seed: 13 });
    assert.equal(stack.layers[1].inputSize, 2 * H);
    assert.equal(stack.outputSize, 2 * H);
    assert.equal(stack.stateCount, 8);
    assert.equal(stack.recurrentDirections, 4);
    const result = stack.apply(tf.ones([2, 3, I]) as tf.Tensor3D, { internals: true, mask: tf.tensor2d([[1, 1, 1], [1, 1, 0]]) });
    assert.deepEqual(result.outputs.shape, [2, 3, 2 * H]);
    assert.ok('layer0.forward.forgetGate' in result.internals![0] && 'layer1.backward.outputGate' in result.internals![2]);
    stack.dispose();
  });

  test(`a stack refuses layers whose sizes do not chain and dropout masks of the wrong count (${backend})`, () => {
    const a = new ElmanRNN({ inputSize: I, hiddenSize: H, seed: 1 });
    const b = new ElmanRNN({ inputSize: H + 1, hiddenSize: H, seed: 2 });
    assert.throws(() => new StackedRNN({ layers: [a, b] }), /layer 1 expects input size 5 but layer 0 outputs 4/);
    const stack = new StackedRNN({ cell: 'rnn', inputSize: I, hiddenSize: H, numLayers: 2, seed: 3 });
    const x = tf.ones([1, 2, I]) as tf.Tensor3D;
    assert.throws(() => stack.apply(x, { dropoutMasks: { recurrent: [tf.ones([1, H]) as tf.Tensor2D] } }), /dropoutMasks.recurrent must hold 2 masks/);
    assert.throws(() => stack.apply(x, { initialState: [] }), /initialState must hold 2 tensors/);
    assert.throws(() => new StackedRNN({ cell: 'rnn', inputSize: I, hiddenSize: H, numLayers: 0 }), /numLayers must be a positive integer; got 0/);
    [a, b, stack].forEach((m) => m.dispose());
  });

  test(`a stack's forward and gradient with dropout leave no tensors behind (${backend})`, () => {
    const stack = new StackedRNN({ cell: 'lstm', inputSize: I, hiddenSize: H, numLayers: 2, dropout: 0.2, recurrentDropout: 0.2, seed: 14 });
    const x = tf.ones([2, 3, I]) as tf.Tensor3D;
    assertNoLeak(() => {
      tf.dispose(stack.apply(x, { training: true, internals: true }) as unknown as tf.TensorContainer);
      const { value, grads } = tf.variableGrads(() => tf.sum(stack.apply(x, { training: true }).outputs) as tf.Scalar, stack.trainableVariables());
      tf.dispose([value, grads]);
    });
    stack.dispose();
    x.dispose();
  });
});
