import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectBackend } from '../../kernel/lib/backend';
import { tf } from '../../kernel/lib/tf';
import { rejects, stub } from '../support/exercises';
import { checkBucketBatches, checkMaskedMeanLoss, checkMaskedUpdate, paddedSteps } from '../../kernel/lib/exercises/lesson09';
import { bucketBatches, maskedMeanLoss, maskedUpdate } from '../../lessons/solutions/lesson09';

for (const backend of ['cpu', 'wasm'] as const) {
  test(`the reference solutions pass every lesson 9 check on ${backend} without leaking tensors`, async () => {
    await selectBackend(backend);
    const before = tf.memory().numTensors;
    assert.match(checkMaskedUpdate(maskedUpdate), /^✓ maskedUpdate keeps the state/);
    assert.match(checkMaskedMeanLoss(maskedMeanLoss), /^✓ maskedMeanLoss averages over real steps only/);
    assert.match(checkBucketBatches(bucketBatches), /^✓ bucketBatches puts every example in one full batch .* % of the computed steps are padding, against .* % for batches in the given\sorder/s);
    assert.equal(tf.memory().numTensors, before);
  });
}

test('stubs are reported as not attempted', async () => {
  await selectBackend('cpu');
  const before = tf.memory().numTensors;
  assert.match(checkMaskedUpdate(stub), /^not attempted yet: maskedUpdate/);
  assert.match(checkMaskedMeanLoss(stub), /^not attempted yet: maskedMeanLoss/);
  assert.match(checkBucketBatches(stub), /^not attempted yet: bucketBatches/);
  assert.equal(tf.memory().numTensors, before);
});

test('masked-update mistakes are named: no masking, zeroing, inverted mask, a broken gradient path', async () => {
  await selectBackend('cpu');
  const before = tf.memory().numTensors;
  rejects(() => checkMaskedUpdate((next) => next), /you returned next for every row: a padded row \(mask 0\) must keep prev/);
  rejects(() => checkMaskedUpdate((next, _prev, mask) => tf.mul(next, mask) as tf.Tensor2D), /padded rows came out as zeros/);
  rejects(() => checkMaskedUpdate((next, prev, mask) => maskedUpdate(prev, next, mask)), /the mask is the wrong way round/);
  const rebuilt = (next: tf.Tensor2D, prev: tf.Tensor2D, mask: tf.Tensor2D) => tf.tensor2d(maskedUpdate(next, prev, mask).arraySync());
  rejects(() => checkMaskedUpdate(rebuilt), /no gradient reaches next/);
  rejects(() => checkMaskedUpdate((next) => tf.sum(next, 1) as unknown as tf.Tensor2D), /must return the new state: expected a tensor of shape \[4, 3\]; got shape \[4\]/);
  assert.equal(tf.memory().numTensors, before);
});

test('an update that is right on single steps but breaks the padded run is caught by the GRU run', async () => {
  await selectBackend('cpu');
  // Right on its first three calls (the single-step cases), then it stops masking.
  let calls = 0;
  const forgetful = (next: tf.Tensor2D, prev: tf.Tensor2D, mask: tf.Tensor2D) => {
    calls++;
    return calls > 3 ? (tf.mul(next, 1) as tf.Tensor2D) : maskedUpdate(next, prev, mask);
  };
  rejects(() => checkMaskedUpdate(forgetful), /padded batch .* ends in a different state than when it runs alone/);
});

test('masked-mean-loss mistakes are named: padding counted, wrong denominator, per-sequence mean', async () => {
  await selectBackend('cpu');
  rejects(() => checkMaskedMeanLoss((losses) => tf.mean(losses) as tf.Scalar), /mean over every step, padding included/);
  rejects(() => checkMaskedMeanLoss((losses, mask) => tf.mean(tf.mul(losses, mask)) as tf.Scalar), /still counted in the denominator/);
  const perSequence = (losses: tf.Tensor2D, mask: tf.Tensor2D) => tf.mean(tf.div(tf.sum(tf.mul(losses, mask), 1), tf.sum(mask, 1))) as tf.Scalar;
  rejects(() => checkMaskedMeanLoss(perSequence), /averaged each sequence first/);
  rejects(() => checkMaskedMeanLoss((losses, mask) => tf.div(tf.sum(tf.mul(losses, mask), 1), tf.sum(mask)) as unknown as tf.Scalar), /scalar tensor/);
  rejects(() => checkMaskedMeanLoss((losses, mask) => tf.scalar(maskedMeanLoss(losses, mask).dataSync()[0])), /no gradient reaches the losses/);
});

test('bucketing mistakes are named: lengths instead of indices, lost examples, tiny batches, too much padding, a changed input', async () => {
  rejects(() => checkBucketBatches((lengths, size) => bucketBatches(lengths, size).map((b) => b.map((i) => lengths[i]))), /not indices|exactly one batch/);
  rejects(() => checkBucketBatches((lengths, size) => bucketBatches(lengths, size).slice(0, -1)), /must be in exactly one batch; missing/);
  rejects(() => checkBucketBatches((lengths) => lengths.map((_, i) => [i])), /use full batches/);
  const inOrder = (lengths: number[], size: number) => {
    const batches: number[][] = [];
    for (let s = 0; s < lengths.length; s += size) batches.push(lengths.map((_, i) => i).slice(s, s + size));
    return batches;
  };
  rejects(() => checkBucketBatches(inOrder), /padded steps for .* real ones .*; sorting by length and cutting consecutive batches needs only/);
  rejects(() => checkBucketBatches((lengths, size) => {
    const batches = bucketBatches(lengths, size);
    lengths.sort((a, b) => a - b);
    return batches;
  }), /changed the lengths array/);
});

test('paddedSteps counts batch size times the longest length in each batch', () => {
  assert.equal(paddedSteps([3, 1, 4, 1, 5], [[0, 1], [2, 3, 4]]), 2 * 3 + 3 * 5);
});
