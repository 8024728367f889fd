import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectBackend } from '../../../kernel/lib/backend';
import { tf } from '../../../kernel/lib/tf';
import { clipByGlobalNorm, clipByValue, createOptimizer, globalNorm } from '../../../kernel/lib/train/optimizers';

function values(map: tf.NamedTensorMap): Record<string, number[]> {
  return Object.fromEntries(Object.entries(map).map(([k, t]) => [k, Array.from(t.dataSync())]));
}

function close(actual: number[], expected: number[], tolerance = 1e-6): void {
  assert.equal(actual.length, expected.length);
  actual.forEach((a, i) => assert.ok(Math.abs(a - expected[i]) < tolerance, `element ${i}: ${a} vs ${expected[i]}`));
}

for (const backend of ['cpu', 'wasm'] as const) {
  test(`clipping by global norm rescales all gradients together to the threshold and reports the norm before (${backend})`, async () => {
    await selectBackend(backend);
    const before = tf.memory().numTensors;
    // ‖g‖ = sqrt(3² + 0² + 4²) = 5
    const grads = { a: tf.tensor1d([3, 0]), b: tf.tensor1d([-4]) };
    const clipped = clipByGlobalNorm(grads, 1);
    assert.ok(Math.abs(clipped.norm - 5) < 1e-6);
    const out = values(clipped.grads);
    close(out.a, [0.6, 0]);
    close(out.b, [-0.8]);
    assert.ok(Math.abs(globalNorm(clipped.grads) - 1) < 1e-6);
    const untouched = clipByGlobalNorm(grads, 10);
    close(values(untouched.grads).a, [3, 0]);
    assert.ok(Math.abs(untouched.norm - 5) < 1e-6);
    tf.dispose([grads, clipped.grads, untouched.grads]);
    assert.equal(tf.memory().numTensors, before);
  });

  test(`clipping by value bounds every element and keeps the ones inside (${backend})`, async () => {
    await selectBackend(backend);
    const grads = { w: tf.tensor2d([[0.5, -3], [2, -0.1]]) };
    const clipped = clipByValue(grads, 1);
    close(values(clipped.grads).w, [0.5, -1, 1, -0.1]);
    assert.ok(Math.abs(clipped.norm - Math.sqrt(0.25 + 9 + 4 + 0.01)) < 1e-5);
    tf.dispose([grads, clipped.grads]);
  });
}

test('each named optimiser is the tfjs optimiser with the given settings', async () => {
  await selectBackend('cpu');
  // One step on f(w) = Σ w², gradient 2w.
  const stepOnce = (name: 'sgd' | 'momentum' | 'adam' | 'rmsprop' | 'adagrad', learningRate: number) => {
    const w = tf.variable(tf.tensor1d([1, -2]));
    const { optimizer } = createOptimizer({ name, learningRate });
    optimizer.minimize(() => tf.sum(tf.square(w)) as tf.Scalar);
    const result = Array.from(w.dataSync());
    optimizer.dispose();
    w.dispose();
    return result;
  };
  close(stepOnce('sgd', 0.1), [1 - 0.1 * 2, -2 + 0.1 * 4]);
  close(stepOnce('momentum', 0.1), [0.8, -1.6]);
  // Adam's first step moves every weight by about the learning rate, whatever the gradient's size.
  close(stepOnce('adam', 0.01), [0.99, -1.99], 1e-5);
  const made = [createOptimizer('adam'), createOptimizer({ name: 'rmsprop', learningRate: 0.01, decay: 0.8 }), createOptimizer({ name: 'momentum', learningRate: 0.01, nesterov: true }), createOptimizer('sgd')];
  assert.ok(made[0].optimizer instanceof tf.AdamOptimizer);
  assert.equal(made[0].learningRate, 1e-3);
  assert.ok(made[1].optimizer instanceof tf.RMSPropOptimizer);
  assert.ok(made[2].optimizer instanceof tf.MomentumOptimizer);
  assert.equal(made[3].learningRate, 0.01);
  made.forEach((m) => m.optimizer.dispose());
});

test('unknown optimisers and non-positive limits are refused with the valid choices', () => {
  assert.throws(() => createOptimizer({ name: 'lion' as never, learningRate: 0.1 }), /unknown optimiser 'lion'; expected one of sgd, momentum, adam, rmsprop, adagrad/);
  assert.throws(() => createOptimizer({ name: 'sgd', learningRate: -1 }), /learningRate must be a positive number; got -1/);
  assert.throws(() => clipByGlobalNorm({}, 0), /maxNorm must be positive; got 0/);
  assert.throws(() => clipByValue({}, -1), /limit must be positive; got -1/);
});
