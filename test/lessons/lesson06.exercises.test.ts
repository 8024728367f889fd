import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectBackend } from '../../kernel/lib/backend';
import { tf } from '../../kernel/lib/tf';
import { rejects, stub } from '../support/exercises';
import { checkAttentionWeights, checkMaskedMeanPool } from '../../kernel/lib/exercises/lesson06';
import { attentionWeights, maskedMeanPool } from '../../lessons/solutions/lesson06';

const sum = (v: number[]) => v.reduce((a, b) => a + b, 0);

test('the reference masked mean pooling passes without leaking tensors; the stub is not attempted', async () => {
  await selectBackend('cpu');
  const before = tf.memory().numTensors;
  assert.match(checkMaskedMeanPool(maskedMeanPool), /^✓ maskedMeanPool matches the library's meanPool/);
  assert.equal(tf.memory().numTensors, before);
  assert.match(checkMaskedMeanPool(stub), /^not attempted yet: maskedMeanPool still throws "your code here"/);
});

test('common mean-pooling mistakes are named', async () => {
  await selectBackend('cpu');
  const meanOver = (states: number[][][], mask: number[][], useMask: boolean, divideByT: boolean, divide = true) =>
    states.map((rows, b) => rows[0].map((_, k) => {
      const values = rows.map((h, t) => (useMask && !mask[b][t] ? 0 : h[k]));
      const count = divideByT ? rows.length : sum(mask[b]);
      return divide ? sum(values) / count : sum(values);
    }));
  rejects(() => checkMaskedMeanPool((s, m) => meanOver(s, m, false, true)), /disagrees with the library's meanPool/, /padded states entered the mean/);
  rejects(() => checkMaskedMeanPool((s, m) => meanOver(s, m, true, true)), /divided by the padded length T/);
  rejects(() => checkMaskedMeanPool((s, m) => meanOver(s, m, true, false, false)), /returned the sum of the real states/);
  rejects(() => checkMaskedMeanPool((s, m) => meanOver(s, m, true, false)), /no real step must give a vector of zeros/);
  rejects(() => checkMaskedMeanPool((s) => s.map((rows) => rows[0])), /disagrees/, /Hint:/);
  rejects(() => checkMaskedMeanPool((s) => s.map((rows) => rows.map((h) => h[0]))), /one vector of 4 numbers per sequence, 3 in all/);
  const mutating = (s: number[][][], m: number[][]) => {
    const out = maskedMeanPool(s, m);
    m[0][0] = 0;
    return out;
  };
  rejects(() => checkMaskedMeanPool(mutating), /changed its arguments/);
});

test('the reference attention weights pass without leaking tensors; the stub is not attempted', async () => {
  await selectBackend('cpu');
  const before = tf.memory().numTensors;
  assert.match(checkAttentionWeights(attentionWeights), /^✓ attentionWeights matches AttentionPooling/);
  assert.equal(tf.memory().numTensors, before);
  assert.match(checkAttentionWeights(stub), /^not attempted yet: attentionWeights/);
});

test('common attention-weight mistakes are named', async () => {
  await selectBackend('cpu');
  const scoresOf = (states: number[][], w: number[]) => states.map((h) => sum(h.map((v, k) => v * w[k])));
  rejects(() => checkAttentionWeights((s, w) => scoresOf(s, w)), /returned the scores/);
  const softmaxAll = (s: number[][], w: number[]) => {
    const scores = scoresOf(s, w);
    const m = Math.max(...scores);
    const e = scores.map((v) => Math.exp(v - m));
    return e.map((v) => v / sum(e));
  };
  rejects(() => checkAttentionWeights(softmaxAll), /padded steps took part in the softmax/);
  rejects(() => checkAttentionWeights((s, w, mask) => softmaxAll(s, w).map((v, t) => v * mask[t])), /zeroed the padding after a softmax over all steps/);
  const naive = (s: number[][], w: number[], mask: number[]) => {
    const e = scoresOf(s, w).map((v, t) => (mask[t] ? Math.exp(v) : 0));
    return e.map((v) => v / sum(e));
  };
  rejects(() => checkAttentionWeights(naive), /scores in the thousands/, /not finite: exp of scores this large overflows/);
  rejects(() => checkAttentionWeights((s) => s.map(() => 1)), /sum to 6/);
  rejects(() => checkAttentionWeights(() => [1]), /one weight per step, 6 numbers/);
});
