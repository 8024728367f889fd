import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectBackend } from '../../../kernel/lib/backend';
import { tf } from '../../../kernel/lib/tf';
import { Random } from '../../../kernel/lib/core/random';
import {
  classificationCrossEntropy, crossEntropyPerStep, perplexity, sequenceCrossEntropy, sequenceNegLogLikelihood,
} from '../../../kernel/lib/train/losses';
import { gradCheck } from '../../support/gradcheck';

const B = 2, T = 3, V = 4;
const random = new Random(7);
const logitValues = Array.from({ length: B * T * V }, () => 3 * (random.next() - 0.5));
const targetValues = [1, 3, 0, 2, 2, 1];
const maskValues = [1, 1, 1, 1, 0, 0];

/** −log softmax(z)[y] in float64, straight from the definition. */
function referenceLoss(b: number, t: number): number {
  const z = logitValues.slice((b * T + t) * V, (b * T + t + 1) * V);
  const logSumExp = Math.log(z.reduce((acc, v) => acc + Math.exp(v), 0));
  return logSumExp - z[targetValues[b * T + t]];
}

for (const backend of ['cpu', 'wasm'] as const) {
  test(`per-step cross-entropy equals −log softmax of the target and is zero on padded steps (${backend})`, async () => {
    await selectBackend(backend);
    const before = tf.memory().numTensors;
    const logits = tf.tensor3d(logitValues, [B, T, V]);
    const targets = tf.tensor2d(targetValues, [B, T], 'int32');
    const mask = tf.tensor2d(maskValues, [B, T]);
    const perStepTensor = crossEntropyPerStep(logits, targets, mask);
    const perStep = perStepTensor.arraySync();
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < T; t++) {
        const expected = maskValues[b * T + t] ? referenceLoss(b, t) : 0;
        assert.ok(Math.abs(perStep[b][t] - expected) < 1e-5, `b=${b} t=${t}: ${perStep[b][t]} vs ${expected}`);
      }
    }
    const realSteps = [0, 1, 2, 3].map((i) => referenceLoss(Math.floor(i / T), i % T));
    const mean = realSteps.reduce((a, c) => a + c, 0) / realSteps.length;
    const loss = sequenceCrossEntropy(logits, targets, mask);
    assert.ok(Math.abs(loss.dataSync()[0] - mean) < 1e-5);
    const nllTensor = sequenceNegLogLikelihood(logits, targets, mask);
    const nll = nllTensor.arraySync();
    assert.ok(Math.abs(nll[0] - (realSteps[0] + realSteps[1] + realSteps[2])) < 1e-5);
    assert.ok(Math.abs(nll[1] - realSteps[3]) < 1e-5);
    tf.dispose([logits, targets, mask, loss, perStepTensor, nllTensor]);
    assert.equal(tf.memory().numTensors, before);
  });

  test(`the masked mean loss passes a finite-difference gradient check and padded logits get zero gradient (${backend})`, async () => {
    await selectBackend(backend);
    const logits = tf.variable(tf.tensor3d(logitValues, [B, T, V]));
    const targets = tf.tensor2d(targetValues, [B, T], 'int32');
    const mask = tf.tensor2d(maskValues, [B, T]);
    const check = gradCheck(() => sequenceCrossEntropy(logits as tf.Variable<tf.Rank.R3>, targets, mask), { logits }, { epsilon: 1e-2, maxElementsPerVariable: B * T * V });
    assert.ok(check.maxRelativeError < 1e-3, JSON.stringify(check));
    const grad = tf.tidy(() => tf.grad((z: tf.Tensor) => sequenceCrossEntropy(z as tf.Tensor3D, targets, mask))(logits).arraySync() as number[][][]);
    for (let t = 1; t < T; t++) assert.ok(grad[1][t].every((g) => g === 0), `padded step (1, ${t}) must get no gradient: ${grad[1][t]}`);
    assert.ok(grad[0][0].some((g) => g !== 0), 'real steps get a gradient');
    tf.dispose([logits, targets, mask]);
  });

  test(`the one-label-per-sequence loss passes a finite-difference gradient check (${backend})`, async () => {
    await selectBackend(backend);
    const logits = tf.variable(tf.tensor2d(logitValues.slice(0, 3 * V), [3, V]));
    const labels = tf.tensor1d([2, 0, 3], 'int32');
    const check = gradCheck(() => classificationCrossEntropy(logits as tf.Variable<tf.Rank.R2>, labels), { logits });
    assert.ok(check.maxRelativeError < 1e-3, JSON.stringify(check));
    tf.dispose([logits, labels]);
  });
}

test('huge logits give a finite, exact loss (log-softmax subtracts the maximum)', async () => {
  await selectBackend('cpu');
  const logits = tf.tensor3d([[[1000, 0, -1000]]]);
  const targets = tf.tensor2d([[1]], [1, 1], 'int32');
  const loss = sequenceCrossEntropy(logits, targets).dataSync()[0];
  assert.ok(Math.abs(loss - 1000) < 1e-3, `loss ${loss}, expected 1000 (log(e^1000 + 1 + e^-1000) − 0)`);
  tf.dispose([logits, targets]);
});

test('uniform predictions over V tokens have perplexity V', async () => {
  await selectBackend('cpu');
  const logits = tf.zeros([2, 5, 7]) as tf.Tensor3D;
  const targets = tf.tensor2d([[0, 1, 2, 3, 4], [6, 5, 4, 3, 2]], [2, 5], 'int32');
  const loss = sequenceCrossEntropy(logits, targets);
  assert.ok(Math.abs(perplexity(loss) - 7) < 1e-4);
  assert.ok(Math.abs(perplexity(Math.log(7)) - 7) < 1e-12);
  tf.dispose([logits, targets, loss]);
});

test('targets of the wrong shape, dtype or outside the vocabulary are refused with what was expected', async () => {
  await selectBackend('cpu');
  const logits = tf.zeros([2, 3, 4]) as tf.Tensor3D;
  const wrongShape = tf.zeros([2, 2], 'int32') as tf.Tensor2D;
  const wrongType = tf.zeros([2, 3]) as tf.Tensor2D;
  const outside = tf.tensor2d([[0, 1, 4], [0, 0, 0]], [2, 3], 'int32');
  assert.throws(() => sequenceCrossEntropy(logits, wrongShape), /targets must have shape \[2, 3\] to match logits \[2, 3, 4\]; got \[2, 2\]/);
  assert.throws(() => sequenceCrossEntropy(logits, wrongType), /targets must be int32 token ids; got float32/);
  assert.throws(() => sequenceCrossEntropy(logits, outside), /target id 4 at flat position 2 is outside the vocabulary \[0, 4\)/);
  const badMask = tf.ones([3, 2]) as tf.Tensor2D;
  assert.throws(() => sequenceCrossEntropy(logits, outside.clipByValue(0, 3) as tf.Tensor2D, badMask), /mask must have shape \[2, 3\]/);
  tf.dispose([logits, wrongShape, wrongType, outside, badMask]);
});
