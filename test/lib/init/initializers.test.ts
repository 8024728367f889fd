/**
 * Initialisers: orthogonality per gate block, Glorot's range, the IRNN identity, the forget-gate
 * bias, and the same values from the same seed on every backend.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../kernel/lib/tf';
import { selectBackend } from '../../../kernel/lib/backend';
import { forgetGateBias, glorotUniform, identity, orthogonal, resolveInitializer } from '../../../kernel/lib/init/initializers';
import { ElmanCell } from '../../../kernel/lib/cells/elman';
import { onEachBackend } from '../../support/backends';
import { assertRelativeClose } from '../../support/closeness';

/** Max |MᵀM − g²I| over the columns of a [rows, cols] matrix (rows ≥ cols). */
function orthonormalityError(m: tf.Tensor2D, gain = 1): number {
  return tf.tidy(() => {
    const gram = tf.matMul(tf.transpose(m), m);
    return tf.max(tf.abs(tf.sub(gram, tf.mul(tf.eye(m.shape[1]), gain * gain)))).dataSync()[0];
  });
}

onEachBackend((backend) => {
  test(`orthogonal makes each [hidden, hidden] gate block of a recurrent kernel orthogonal (${backend})`, () => {
    const kernel = orthogonal()([5, 20], 3) as tf.Tensor2D;
    for (const block of tf.split(kernel, 4, 1) as tf.Tensor2D[]) {
      assert.ok(orthonormalityError(block) < 1e-5);
      assert.ok(orthonormalityError(tf.transpose(block)) < 1e-5);
    }
    assert.ok(tf.max(tf.abs(tf.sub(tf.slice(kernel, [0, 0], [5, 5]), tf.slice(kernel, [0, 5], [5, 5])))).dataSync()[0] > 0.1, 'blocks differ');
    const scaled = orthogonal({ gain: 2 })([4, 4], 1) as tf.Tensor2D;
    assert.ok(orthonormalityError(scaled, 2) < 1e-4);
  });

  test(`orthogonal gives orthonormal columns for tall and orthonormal rows for wide matrices (${backend})`, () => {
    assert.ok(orthonormalityError(orthogonal()([7, 3], 1) as tf.Tensor2D) < 1e-5);
    assert.ok(orthonormalityError(tf.transpose(orthogonal()([3, 7], 1)) as tf.Tensor2D) < 1e-5);
  });

  test(`an orthogonal recurrent matrix has every singular value 1 (${backend})`, () => {
    const cell = new ElmanCell({ inputSize: 2, hiddenSize: 6, seed: 9 });
    const R = cell.weights.recurrentKernel as unknown as tf.Tensor2D;
    // RᵀR = I ⇔ all singular values are 1 (norm-preserving: ‖h R‖ = ‖h‖)
    const h = tf.tensor2d([[0.3, -1, 2, 0.5, 0, 1]]);
    assertRelativeClose([tf.norm(tf.matMul(h, R)).dataSync()[0]], [tf.norm(h).dataSync()[0]], 1e-5, '‖h R‖');
    cell.dispose();
  });

  test(`glorotUniform stays within ±sqrt(6 / (fanIn + fanOut)) and uses the whole range (${backend})`, () => {
    const w = glorotUniform()([30, 50], 4);
    const limit = Math.sqrt(6 / 80);
    const values = Array.from(w.dataSync());
    assert.ok(values.every((v) => Math.abs(v) <= limit));
    assert.ok(Math.max(...values.map(Math.abs)) > 0.95 * limit);
  });

  test(`identity scales one identity block per gate, as the IRNN initialisation (${backend})`, () => {
    assert.deepEqual(identity({ scale: 0.5 })([2, 4], 0).arraySync(), [[0.5, 0, 0.5, 0], [0, 0.5, 0, 0.5]]);
    assert.throws(() => identity()([2, 3], 0), /cols to be a multiple of rows; got \[2, 3\]/);
    const irnn = new ElmanCell({ inputSize: 2, hiddenSize: 3, activation: 'relu', recurrentInitializer: 'identity', seed: 1 });
    assert.deepEqual(irnn.weights.recurrentKernel.arraySync(), [[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
    irnn.dispose();
  });

  test(`forgetGateBias fills only the forget block of an LSTM bias [i, f, c, o] (${backend})`, () => {
    assert.deepEqual(Array.from(forgetGateBias(2, 3).dataSync()), [0, 0, 3, 3, 0, 0, 0, 0]);
  });

  test(`an unknown initialiser name is refused with the list of known names (${backend})`, () => {
    assert.throws(() => resolveInitializer('heNormal' as never), /unknown initialiser 'heNormal'; expected one of zeros, ones, glorotUniform, orthogonal, identity/);
  });
});

test('the same seed gives the same initial weights on the cpu and wasm backends', async () => {
  const draw = () => {
    const cell = new ElmanCell({ inputSize: 3, hiddenSize: 4, seed: 42 });
    const values = [...cell.weights.kernel.dataSync(), ...cell.weights.recurrentKernel.dataSync()];
    cell.dispose();
    return values;
  };
  await selectBackend('cpu');
  const cpu = draw();
  await selectBackend('wasm');
  const wasm = draw();
  assertRelativeClose(wasm, cpu, 1e-6, 'weights');
});
