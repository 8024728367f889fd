import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectBackend } from '../../kernel/lib/backend';
import { tf } from '../../kernel/lib/tf';
import { rejects, stub } from '../support/exercises';
import { checkPerplexity, checkTemperatureSoftmax, checkTopK } from '../../kernel/lib/exercises/lesson04';
import { perplexityFromLosses, temperatureSoftmax, topKFilter } from '../../lessons/solutions/lesson04';

const plainSoftmax = (z: number[]) => {
  const e = z.map((v) => Math.exp(v));
  const total = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / total);
};

test('the reference temperature softmax passes; the stub is reported as not attempted', () => {
  assert.match(checkTemperatureSoftmax(temperatureSoftmax), /^✓ temperatureSoftmax matches/);
  assert.match(checkTemperatureSoftmax(stub), /^not attempted yet: temperatureSoftmax still throws "your code here"/);
});

test('common temperature mistakes are named', () => {
  rejects(() => checkTemperatureSoftmax((z, t) => temperatureSoftmax(z.map((v) => v * t), 1)), /multiplied the logits by τ/);
  rejects(() => checkTemperatureSoftmax((z, t) => z.map((v) => Math.exp(v / t))), /without dividing by the sum/);
  rejects(() => checkTemperatureSoftmax((z) => temperatureSoftmax(z, 1)), /temperature has no effect/);
  rejects(() => checkTemperatureSoftmax((z, t) => temperatureSoftmax(z, t).map(Math.log)), /log-probabilities/);
  // Without the max subtracted, exp(1000 / 0.8) is Infinity and Infinity / Infinity is NaN.
  rejects(() => checkTemperatureSoftmax((z, t) => plainSoftmax(z.map((v) => v / t))), /exp overflowed: subtract the largest/);
  rejects(() => checkTemperatureSoftmax(() => [0.5, 0.5]), /must return 6 probabilities/);
  rejects(
    () =>
      checkTemperatureSoftmax((z, t) => {
        const q = temperatureSoftmax(z, t);
        z.fill(0);
        return q;
      }),
    /changed the logits/,
  );
});

test('the reference perplexity passes without leaking tensors; the stub is not attempted', async () => {
  await selectBackend('cpu');
  const before = tf.memory().numTensors;
  assert.match(checkPerplexity(perplexityFromLosses), /^✓ perplexityFromLosses agrees/);
  assert.equal(tf.memory().numTensors, before);
  assert.match(checkPerplexity(stub), /^not attempted yet: perplexityFromLosses/);
});

test('common perplexity mistakes are named', async () => {
  await selectBackend('cpu');
  const flat = (losses: number[][]) => losses.flat();
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const realLosses = (losses: number[][], mask: number[][]) => losses.flatMap((row, b) => row.filter((_, t) => mask[b][t] === 1));
  rejects(() => checkPerplexity((losses) => Math.exp(mean(flat(losses)))), /padded steps too/);
  rejects(() => checkPerplexity((losses, mask) => mean(realLosses(losses, mask))), /returned the mean loss itself/);
  rejects(() => checkPerplexity((losses, mask) => 2 ** mean(realLosses(losses, mask))), /nats/);
  rejects(() => checkPerplexity((losses, mask) => mean(realLosses(losses, mask).map(Math.exp))), /exp of the mean is not the mean of exp/);
  rejects(() => checkPerplexity((losses, mask) => Math.exp(realLosses(losses, mask).reduce((a, b) => a + b, 0))), /exponentiated the total loss/);
  const perSequence = (losses: number[][], mask: number[][]) => Math.exp(mean(losses.map((row, b) => mean(row.filter((_, t) => mask[b][t] === 1)))));
  rejects(() => checkPerplexity(perSequence), /averaged the per-sequence means/);
  rejects(() => checkPerplexity(() => Number.NaN), /must return one finite number/);
});

test('the reference top-k filter passes; the stub is not attempted', () => {
  assert.match(checkTopK(topKFilter), /^✓ topKFilter matches/);
  assert.match(checkTopK(stub), /^not attempted yet: topKFilter/);
});

test('common top-k mistakes are named', () => {
  const keepBy = (order: (p: number[]) => number[], normalise: boolean) => (p: number[], k: number) => {
    const kept = new Set(order(p).slice(0, k));
    const values = p.map((v, i) => (kept.has(i) ? v : 0));
    const total = values.reduce((a, b) => a + b, 0);
    return normalise ? values.map((v) => v / total) : values;
  };
  const descending = (p: number[]) => p.map((_, i) => i).sort((a, b) => p[b] - p[a]);
  rejects(() => checkTopK(keepBy(descending, false)), /did not renormalise/);
  rejects(() => checkTopK(keepBy((p) => descending(p).reverse(), true)), /k least likely/);
  rejects(() => checkTopK(keepBy((p) => p.map((_, i) => i), true)), /first k tokens by index/);
  rejects(() => checkTopK((p, k) => topKFilter(p, k + 1)), /kept k \+ 1/);
  rejects(() => checkTopK((p, k) => topKFilter(p, Math.max(1, k - 1))), /kept k − 1/);
  rejects(() => checkTopK((p, k) => topKFilter(p, k).slice(0, k)), /must return 8 numbers/);
  rejects(
    () =>
      checkTopK((p, k) => {
        p.sort((a, b) => b - a);
        return topKFilter(p, k);
      }),
    /changed the probabilities/,
  );
});
