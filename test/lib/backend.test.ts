import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectBackend } from '../../kernel/lib/backend';
import { tf } from '../../kernel/lib/tf';

test('auto backend selection falls back to wasm when tfjs-node is absent and says why', async () => {
  const selection = await selectBackend('auto');
  assert.equal(selection.name, 'wasm');
  assert.equal(tf.getBackend(), 'wasm');
  assert.ok(selection.skipped.some((line) => line.startsWith('tensorflow:')), selection.skipped.join('\n'));
});

test('chained tensor methods are registered on the bundled tfjs-core', async () => {
  await selectBackend('cpu');
  const t = tf.ones([2, 3]);
  assert.deepEqual(t.reshape([3, 2]).shape, [3, 2]);
  tf.dispose(t);
});

test('an unknown backend name is refused with the list of valid names', async () => {
  await assert.rejects(selectBackend('gpu' as never), /unknown backend 'gpu'; expected one of auto, tensorflow-gpu/);
});

test('the shared gradient check agrees with autograd on x·tanh(x) and catches a wrong gradient', async () => {
  const { gradCheck } = await import('../support/gradcheck');
  await selectBackend('cpu');
  const x = tf.variable(tf.tensor1d([0.3, -1.2, 0.7]));
  const before = tf.memory().numTensors;
  const good = gradCheck(() => tf.sum(tf.mul(x, tf.tanh(x))), { x });
  assert.ok(good.maxRelativeError < 1e-3, JSON.stringify(good));
  const wrongGrad = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [a, save] = args as [tf.Tensor, tf.GradSaveFunc];
    save([a]);
    return { value: tf.sum(tf.square(a)) as tf.Scalar, gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.mul(dy, saved[0]) };
  });
  const bad = gradCheck(() => wrongGrad(x) as tf.Scalar, { x });
  assert.ok(bad.maxRelativeError > 0.3, JSON.stringify(bad));
  assert.equal(tf.memory().numTensors, before);
  x.dispose();
});
