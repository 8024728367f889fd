import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectBackend } from '../../../kernel/lib/backend';
import { tf } from '../../../kernel/lib/tf';
import { Random } from '../../../kernel/lib/core/random';
import { ElmanCell } from '../../../kernel/lib/cells/elman';
import { GRUCell } from '../../../kernel/lib/cells/gru';
import { LSTMCell } from '../../../kernel/lib/cells/lstm';
import { collectGateStatistics, gateStatistics } from '../../../kernel/lib/analysis/gateStats';

test('hand-set gate values give the expected saturation fractions, mean and histogram, skipping masked steps', async () => {
  await selectBackend('cpu');
  // Two steps of a batch of 2 with 2 units; the second sequence's second step is padding.
  const steps = [
    { forgetGate: tf.tensor2d([[0.05, 0.95], [0.5, 0.92]]) as tf.Tensor2D },
    { forgetGate: tf.tensor2d([[0.2, 0.99], [0.01, 0.02]]) as tf.Tensor2D },
  ];
  const stats = gateStatistics(steps, { bins: 4 }, [[1, 1], [1, 0]]).forgetGate;
  // Counted values: 0.05 0.95 0.5 0.92 0.2 0.99
  assert.equal(stats.count, 6);
  assert.ok(Math.abs(stats.mean - (0.05 + 0.95 + 0.5 + 0.92 + 0.2 + 0.99) / 6) < 1e-6);
  assert.equal(stats.fractionLow, 1 / 6);
  assert.equal(stats.fractionHigh, 3 / 6);
  assert.equal(stats.fractionSaturated, 4 / 6);
  assert.deepEqual(stats.histogram.edges, [0, 0.25, 0.5, 0.75, 1]);
  assert.deepEqual(stats.histogram.counts, [2, 0, 1, 3]);
  const unmasked = gateStatistics(steps, { bins: 4 }).forgetGate;
  assert.equal(unmasked.count, 8);
  assert.equal(unmasked.fractionLow, 3 / 8);
  tf.dispose(steps.map((s) => s.forgetGate));
});

for (const backend of ['cpu', 'wasm'] as const) {
  test(`LSTM and GRU cells report their own gates, and a large forget bias saturates the forget gate (${backend})`, async () => {
    await selectBackend(backend);
    const random = new Random(4);
    const inputs = tf.tensor3d(Array.from({ length: 3 * 7 * 2 }, () => random.next() - 0.5), [3, 7, 2]);
    const lstm = new LSTMCell({ inputSize: 2, hiddenSize: 5, seed: 1, forgetBias: 5 });
    const gru = new GRUCell({ inputSize: 2, hiddenSize: 5, seed: 2 });
    const before = tf.memory().numTensors;
    const lstmStats = collectGateStatistics(lstm, inputs);
    assert.deepEqual(Object.keys(lstmStats), ['inputGate', 'forgetGate', 'outputGate']);
    assert.equal(lstmStats.forgetGate.count, 3 * 7 * 5);
    assert.ok(lstmStats.forgetGate.fractionHigh > 0.9, `σ(5) ≈ 0.993: ${lstmStats.forgetGate.fractionHigh}`);
    assert.ok(lstmStats.inputGate.fractionHigh < 0.5);
    const gruStats = collectGateStatistics(gru, inputs, { mask: tf.tensor2d([[1, 1, 1, 1, 1, 1, 1], [1, 1, 1, 0, 0, 0, 0], [1, 0, 0, 0, 0, 0, 0]]) });
    assert.deepEqual(Object.keys(gruStats), ['updateGate', 'resetGate']);
    assert.equal(gruStats.updateGate.count, (7 + 3 + 1) * 5);
    assert.equal(gruStats.updateGate.histogram.counts.reduce((a, b) => a + b, 0), gruStats.updateGate.count);
    assert.equal(tf.memory().numTensors, before + 1, 'only the mask tensor made here remains');
    tf.dispose([inputs]);
    lstm.dispose();
    gru.dispose();
  });
}

test('gate statistics say when a cell has no gates or a named gate is missing', async () => {
  await selectBackend('cpu');
  const elman = new ElmanCell({ inputSize: 2, hiddenSize: 3, seed: 1 });
  const lstm = new LSTMCell({ inputSize: 2, hiddenSize: 3, seed: 1 });
  const inputs = tf.zeros([1, 2, 2]) as tf.Tensor3D;
  const before = tf.memory().numTensors;
  assert.throws(() => collectGateStatistics(elman, inputs), /found no gates .* among the internals preactivation; is this a gated cell\?/);
  assert.throws(() => collectGateStatistics(lstm, inputs, { gates: ['updateGate'] }), /no internals named updateGate; the cell reports inputGate, forgetGate/);
  assert.throws(() => collectGateStatistics(lstm, inputs, { low: 0.8, high: 0.2 }), /need 0 ≤ low ≤ high ≤ 1/);
  assert.equal(tf.memory().numTensors, before, 'a refused call leaves no tensors behind');
  tf.dispose(inputs);
  elman.dispose();
  lstm.dispose();
});
