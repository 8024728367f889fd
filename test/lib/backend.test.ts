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
