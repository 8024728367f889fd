import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from '../../../kernel/lib/core/random';
import { batchLength, chunkArrays, planBatches, prepareData, splitStream } from '../../../kernel/lib/train/batching';

test('a language-model sequence becomes inputs y_1..y_{L-1} and next-token targets y_2..y_L', () => {
  const data = prepareData([[5, 6, 7, 8], new Int32Array([1, 2])], 'test');
  assert.equal(data.inputKind, 'tokens');
  assert.equal(data.languageModel, true);
  assert.deepEqual(Array.from(data.examples[0].inputs), [5, 6, 7]);
  assert.deepEqual(Array.from(data.examples[0].targets), [6, 7, 8]);
  assert.equal(data.examples[1].length, 1);
  assert.equal(data.totalSteps, 4);
});

test('tagging pairs keep one target per input step, with ids or feature rows as inputs', () => {
  const ids = prepareData({ inputs: [[1, 2, 3]], targets: [[0, 0, 1]] }, 'test');
  assert.equal(ids.inputKind, 'tokens');
  assert.equal(ids.languageModel, false);
  const features = prepareData({ inputs: [[[0.5, 1], [2, 3]]], targets: [[1, 0]] }, 'test');
  assert.equal(features.inputKind, 'features');
  assert.equal(features.featureSize, 2);
  assert.deepEqual(Array.from(features.examples[0].inputs), [0.5, 1, 2, 3]);
});

test('malformed data is refused with what was expected and where', () => {
  assert.throws(() => prepareData([[1, 2], [3]], 'fit: data'), /fit: data: a language-model sequence needs at least 2 tokens .*; sequence 1 has 1/);
  assert.throws(() => prepareData([[1, 2.5]], 'fit: data'), /token ids must be non-negative integers; position 1 holds 2.5/);
  assert.throws(() => prepareData([], 'fit: data'), /no sequences given/);
  assert.throws(() => prepareData({ inputs: [[1, 2]], targets: [[1]] }, 'fit: data'), /sequence 0 has 2 input steps but 1 targets/);
  assert.throws(() => prepareData({ inputs: [[[1, 2]], [[1]]], targets: [[1], [1]] }, 'fit: data'), /inputs\[1\]\[0\] must be a feature vector of length 2; got length 1/);
  assert.throws(() => prepareData('abc' as never, 'fit: data'), /expected token sequences/);
});

test('bucketed batches hold neighbouring lengths and cover every example once', () => {
  const lengths = [9, 2, 7, 3, 8, 2, 5, 6, 4, 3, 9, 7];
  const data = prepareData(lengths.map((n) => Array.from({ length: n + 1 }, (_, i) => i)), 'test');
  const batches = planBatches(data, { batchSize: 3, random: new Random(3) });
  assert.deepEqual(batches.flat().sort((a, b) => a - b), lengths.map((_, i) => i));
  const sorted = [...lengths].sort((a, b) => a - b);
  const groups = batches.map((b) => b.map((i) => lengths[i]).sort((x, y) => x - y));
  // Batches are consecutive runs of the sorted lengths: laid end to end they give the sorted list.
  assert.deepEqual([...groups].sort((x, y) => x[0] - y[0] || x[2] - y[2]).flat(), sorted);
  assert.deepEqual(planBatches(data, { batchSize: 3, random: new Random(3) }), batches, 'same seed, same plan');
  assert.notDeepEqual(planBatches(data, { batchSize: 3, random: new Random(4) }), batches, 'another seed shuffles differently');
});

test('a chunk is padded with zeros and masked, and a later chunk starts where the earlier ended', () => {
  const data = prepareData([[1, 2, 3, 4, 5, 6], [7, 8, 9]], 'test');
  assert.equal(batchLength(data, [0, 1]), 5);
  const first = chunkArrays(data, [0, 1], 0, 3);
  assert.deepEqual(Array.from(first.inputs), [1, 2, 3, 7, 8, 0]);
  assert.deepEqual(Array.from(first.targets), [2, 3, 4, 8, 9, 0]);
  assert.deepEqual(Array.from(first.mask), [1, 1, 1, 1, 1, 0]);
  assert.equal(first.realSteps, 5);
  const second = chunkArrays(data, [0, 1], 3, 5);
  assert.deepEqual(Array.from(second.inputs), [4, 5, 0, 0]);
  assert.deepEqual(Array.from(second.mask), [1, 1, 0, 0]);
});

test('a token stream splits into equal contiguous pieces', () => {
  const pieces = splitStream([0, 1, 2, 3, 4, 5, 6, 7, 8], 2);
  assert.deepEqual(pieces.map((p) => Array.from(p)), [[0, 1, 2, 3], [4, 5, 6, 7]]);
  assert.throws(() => splitStream([1, 2, 3], 2), /3 tokens cannot make 2 sequences of at least 2 tokens/);
});
