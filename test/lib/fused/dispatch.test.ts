/**
 * When the sequence layer takes the fused path and when it unrolls step by step: a learner's own
 * cell (even a subclass of a built-in one), internals, recurrent dropout and `setFusedKernels('off')`
 * all keep the step loop; training through the fused path leaves no tensor behind.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../kernel/lib/tf';
import { RNN } from '../../../kernel/lib/layers/sequence';
import { LSTMCell } from '../../../kernel/lib/cells/lstm';
import type { CellStepResult, RecurrentState } from '../../../kernel/lib/core/types';
import { fusedKernelInfo, setFusedKernels } from '../../../kernel/lib/fused/dispatch';
import { onEachBackend } from '../../support/backends';
import { assertRelativeClose } from '../../support/closeness';
import { randomTensor, seededUniform } from '../../support/random';

/** A learner's variant: the LSTM with its output gate removed (h_t = tanh(c_t)). */
class NoOutputGateLSTM extends LSTMCell {
  override step(x: tf.Tensor2D, state: RecurrentState): CellStepResult {
    return tf.tidy(() => {
      const { state: [, c] } = super.step(x, state);
      const h = tf.tanh(c) as tf.Tensor2D;
      return { output: h, state: [h, c] } as unknown as tf.TensorContainer;
    }) as unknown as CellStepResult;
  }
}

after(() => setFusedKernels('auto'));

test('with the SIMD module built, auto mode runs fused sequences in WebAssembly', () => {
  setFusedKernels('auto');
  const { mode, numerics } = fusedKernelInfo();
  assert.deepEqual({ mode, numerics }, { mode: 'auto', numerics: 'wasm-simd' });
  assert.match(fusedKernelInfo().wasm, /recurrent(-relaxed)?\.wasm$/);
});

test('an unknown mode is refused with the list of modes', () => {
  assert.throws(() => setFusedKernels('fast' as never), /mode must be one of auto, wasm, javascript, off; got 'fast'/);
});

onEachBackend((backend) => {
  test(`a subclass of a built-in cell is unrolled step by step, with its own step function (${backend})`, () => {
    setFusedKernels('auto');
    const cell = new NoOutputGateLSTM({ inputSize: 3, hiddenSize: 4, seed: 1 });
    const x = randomTensor(seededUniform(2), [2, 3, 3]) as tf.Tensor3D;
    const layer = new RNN(cell);
    const outputs = layer.apply(x).outputs;
    assert.equal(layer.lastUnrollPath, 'steps');
    const plain = new RNN(new LSTMCell({ inputSize: 3, hiddenSize: 4, seed: 1 }));
    const plainOutputs = plain.apply(x).outputs;
    assert.equal(plain.lastUnrollPath, 'fused-wasm-simd');
    assert.ok(tf.max(tf.abs(tf.sub(outputs, plainOutputs))).dataSync()[0] > 1e-3, 'the variant must differ from the LSTM');
    tf.dispose([x, outputs, plainOutputs]);
    cell.dispose();
    plain.dispose();
  });

  test(`internals, recurrent dropout and the 'off' switch keep the step loop, with the same numbers (${backend})`, () => {
    setFusedKernels('auto');
    const layer = new RNN(new LSTMCell({ inputSize: 3, hiddenSize: 4, seed: 3 }));
    const x = randomTensor(seededUniform(4), [2, 3, 3]) as tf.Tensor3D;
    const fused = layer.apply(x);
    assert.equal(layer.lastUnrollPath, 'fused-wasm-simd');
    const withInternals = layer.apply(x, { internals: true });
    assert.equal(layer.lastUnrollPath, 'steps');
    assertRelativeClose(fused.outputs.dataSync(), withInternals.outputs.dataSync(), 1e-5, 'outputs with internals');
    const dropped = layer.apply(x, { dropoutMasks: { recurrent: [tf.ones([2, 4]) as tf.Tensor2D] } });
    assert.equal(layer.lastUnrollPath, 'steps');
    setFusedKernels('off');
    const off = layer.apply(x);
    assert.equal(layer.lastUnrollPath, 'steps');
    assertRelativeClose(fused.outputs.dataSync(), off.outputs.dataSync(), 1e-5, 'outputs with fused kernels off');
    setFusedKernels('auto');
    tf.dispose([x, fused as unknown as tf.TensorContainer, withInternals as unknown as tf.TensorContainer, dropped as unknown as tf.TensorContainer, off as unknown as tf.TensorContainer]);
    layer.dispose();
  });

  test(`training through the fused path with Adam lowers the loss and leaks no tensor (${backend})`, () => {
    setFusedKernels('auto');
    const [B, T, V, H] = [4, 12, 7, 16];
    const layer = new RNN(new LSTMCell({ inputSize: V, hiddenSize: H, seed: 5 }));
    const readout = tf.variable(tf.randomNormal([H, V], 0, 0.3, 'float32', 6));
    const random = seededUniform(7);
    const ids = Array.from({ length: B * (T + 1) }, (_, i) => (i * 3 + Math.floor((random() + 1) * 1.5)) % V);
    const inputs = tf.tidy(() => tf.oneHot(tf.tensor2d(ids, [B, T + 1], 'int32').slice([0, 0], [B, T]), V).toFloat()) as tf.Tensor3D;
    const targets = tf.tidy(() => tf.oneHot(tf.tensor2d(ids, [B, T + 1], 'int32').slice([0, 1], [B, T]), V).toFloat());
    const optimizer = tf.train.adam(0.03);
    const loss = () =>
      tf.tidy(() => {
        const logits = tf.matMul(layer.apply(inputs).outputs.reshape([B * T, H]), readout);
        return tf.losses.softmaxCrossEntropy(targets.reshape([B * T, V]), logits) as tf.Scalar;
      });
    const first = optimizer.minimize(loss, true) as tf.Scalar;
    const firstLoss = first.dataSync()[0];
    first.dispose();
    const before = tf.memory().numTensors;
    let lastLoss = firstLoss;
    for (let step = 0; step < 60; step++) {
      const value = optimizer.minimize(loss, true) as tf.Scalar;
      lastLoss = value.dataSync()[0];
      value.dispose();
    }
    assert.equal(layer.lastUnrollPath, 'fused-wasm-simd');
    assert.equal(tf.memory().numTensors, before, 'tensors leaked during training');
    assert.ok(lastLoss < 0.5 * firstLoss, `loss ${firstLoss} → ${lastLoss}`);
    optimizer.dispose();
    tf.dispose([readout, inputs, targets]);
    layer.dispose();
  });
});
