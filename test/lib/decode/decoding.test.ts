import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectBackend } from '../../../kernel/lib/backend';
import { tf } from '../../../kernel/lib/tf';
import { setInterruptSource } from '../../../kernel/lib/core/interrupt';
import { greedyDecode } from '../../../kernel/lib/decode/greedy';
import { sample, samplingDistribution } from '../../../kernel/lib/decode/sampling';
import { beamSearch } from '../../../kernel/lib/decode/beamSearch';
import { PlainElmanLM } from '../../support/plainModels';

const V = 4;
const prompt = [2, 0];

/**
 * Every continuation of length ≤ L with its exact log-probability, scored by teacher-forced
 * `forward` (a different code path from the decoders' `step`). A continuation stops at the
 * first `endToken`; `alpha` gives the length-normalised score logP / len^α.
 */
function enumerate(model: PlainElmanLM, L: number, endToken?: number, alpha = 0): { tokens: number[]; logProb: number; score: number }[] {
  const all: number[][] = [[]];
  for (let i = 0; i < L; i++) all.splice(0, all.length, ...all.flatMap((s) => Array.from({ length: V }, (_, v) => [...s, v])));
  const logProbs = tf.tidy(() => {
    const inputs = tf.tensor2d(all.map((s) => [...prompt, ...s.slice(0, L - 1)]), [all.length, prompt.length + L - 1], 'int32');
    const { logits } = model.forward(inputs);
    return tf.logSoftmax(logits).arraySync() as number[][][];
  });
  const seen = new Map<string, { tokens: number[]; logProb: number; score: number }>();
  all.forEach((s, n) => {
    const end = endToken === undefined ? -1 : s.indexOf(endToken);
    const tokens = end >= 0 ? s.slice(0, end + 1) : s;
    let logProb = 0;
    tokens.forEach((token, i) => { logProb += logProbs[n][prompt.length - 1 + i][token]; });
    seen.set(tokens.join(','), { tokens, logProb, score: logProb / Math.pow(tokens.length, alpha) });
  });
  return [...seen.values()].sort((a, b) => b.score - a.score);
}

for (const backend of ['cpu', 'wasm'] as const) {
  test(`beam search as wide as the vocabulary over two steps returns the exact most probable sequences (${backend})`, async () => {
    await selectBackend(backend);
    const before = tf.memory().numTensors;
    for (const seed of [1, 2, 3, 4, 5]) {
      const model = new PlainElmanLM(V, 6, seed, V, 1.5);
      const exact = enumerate(model, 2);
      const result = beamSearch(model, { prompt, maxLength: 2, beamWidth: V });
      assert.deepEqual(result.sequences[0].tokens, exact[0].tokens, `seed ${seed}`);
      assert.ok(Math.abs(result.sequences[0].logProb - exact[0].logProb) < 1e-5);
      assert.deepEqual(result.sequences.map((s) => s.tokens), exact.slice(0, V).map((s) => s.tokens), 'the V best, in order');
      model.dispose();
    }
    assert.equal(tf.memory().numTensors, before);
  });
}

test('beam search wide enough never to prune over three steps is exact, with an end token and length normalisation too', async () => {
  await selectBackend('cpu');
  for (const seed of [11, 12, 13]) {
    const model = new PlainElmanLM(V, 6, seed, V, 1.5);
    const plain = enumerate(model, 3);
    const result = beamSearch(model, { prompt, maxLength: 3, beamWidth: V * V, returnCount: 10 });
    assert.deepEqual(result.sequences.map((s) => s.tokens), plain.slice(0, 10).map((s) => s.tokens), `seed ${seed}`);
    for (const alpha of [0, 0.7, 1]) {
      const withEnd = enumerate(model, 3, 3, alpha);
      const found = beamSearch(model, { prompt, maxLength: 3, beamWidth: V * V, endToken: 3, lengthPenalty: alpha });
      assert.deepEqual(found.sequences[0].tokens, withEnd[0].tokens, `seed ${seed}, α ${alpha}`);
      assert.ok(Math.abs(found.sequences[0].normalizedScore - withEnd[0].score) < 1e-5);
      assert.equal(found.sequences[0].finished, withEnd[0].tokens.at(-1) === 3);
    }
    model.dispose();
  }
});

test('the beam tree links every hypothesis to its parent with consistent scores', async () => {
  await selectBackend('cpu');
  const model = new PlainElmanLM(V, 6, 21, V, 1.5);
  const { tree, sequences } = beamSearch(model, { prompt, maxLength: 4, beamWidth: 3, endToken: 1, lengthPenalty: 0.5, recordDistributions: true });
  assert.equal(tree[0].parentId, null);
  assert.equal(tree[0].token, prompt[prompt.length - 1]);
  for (const node of tree.slice(1)) {
    const parent = tree[node.parentId!];
    assert.equal(node.step, parent.step + 1);
    assert.ok(!parent.finished, 'finished hypotheses are not extended');
    assert.ok(Math.abs(node.cumulativeLogProb - (parent.cumulativeLogProb + node.logProb)) < 1e-9);
    assert.ok(Math.abs(node.normalizedScore - node.cumulativeLogProb / Math.pow(node.step, 0.5)) < 1e-9);
    assert.equal(node.finished, node.token === 1);
    assert.ok(parent.distribution && Math.abs(Math.log(parent.distribution[node.token]) - node.logProb) < 1e-4, 'the parent recorded the distribution the token was chosen from');
  }
  for (let step = 1; step <= 4; step++) assert.ok(tree.filter((n) => n.step === step && !n.finished).length <= 3);
  for (const s of sequences) {
    let node = tree[s.nodeId];
    const path: number[] = [];
    while (node.parentId !== null) { path.unshift(node.token); node = tree[node.parentId]; }
    assert.deepEqual(path, s.tokens);
  }
  model.dispose();
});

test('greedy decoding equals beam search with beam width 1, with and without an end token', async () => {
  await selectBackend('cpu');
  for (const seed of [31, 32, 33, 34]) {
    const model = new PlainElmanLM(V, 6, seed, V, 1.5);
    for (const endToken of [undefined, 1]) {
      const greedy = greedyDecode(model, { prompt, maxLength: 6, endToken });
      const beam = beamSearch(model, { prompt, maxLength: 6, beamWidth: 1, endToken });
      assert.deepEqual(greedy.tokens, beam.sequences[0].tokens, `seed ${seed}`);
      assert.ok(Math.abs(greedy.logProb - beam.sequences[0].logProb) < 1e-9);
      assert.equal(greedy.finished, beam.sequences[0].finished);
    }
    model.dispose();
  }
});

test('greedy decoding records each step\'s distribution and picks its most likely token', async () => {
  await selectBackend('cpu');
  const model = new PlainElmanLM(V, 6, 41, V, 1.5);
  const result = greedyDecode(model, { prompt, maxLength: 5, recordDistributions: true });
  assert.equal(result.tokens.length, 5);
  result.distributions!.forEach((p, i) => {
    assert.ok(Math.abs(p.reduce((a, b) => a + b, 0) - 1) < 1e-5);
    assert.equal(result.tokens[i], p.indexOf(Math.max(...p)));
    assert.ok(Math.abs(Math.log(p[result.tokens[i]]) - result.logProbs[i]) < 1e-5);
  });
  model.dispose();
});

test('sampling at temperature → 0 and with top-k = 1 both reproduce greedy decoding', async () => {
  await selectBackend('cpu');
  for (const seed of [51, 52, 53]) {
    const model = new PlainElmanLM(V, 6, seed, V, 1.5);
    const greedy = greedyDecode(model, { prompt, maxLength: 8 }).tokens;
    assert.deepEqual(sample(model, { prompt, maxLength: 8, temperature: 0, seed: 1 }).tokens, greedy);
    assert.deepEqual(sample(model, { prompt, maxLength: 8, temperature: 1e-6, seed: 2 }).tokens, greedy);
    assert.deepEqual(sample(model, { prompt, maxLength: 8, topK: 1, seed: 3 }).tokens, greedy);
    model.dispose();
  }
});

test('top-p keeps the smallest most likely set whose mass reaches p, and top-k the k most likely', () => {
  const logits = [0.5, 0.05, 0.3, 0.15].map(Math.log);
  const round = (q: Float64Array) => Array.from(q, (x) => Math.round(x * 1e6) / 1e6);
  assert.deepEqual(round(samplingDistribution(logits, { topP: 0.4 })), [1, 0, 0, 0]);
  assert.deepEqual(round(samplingDistribution(logits, { topP: 0.7 })), [0.625, 0, 0.375, 0]);
  assert.deepEqual(round(samplingDistribution(logits, { topP: 0.9 })), [0.526316, 0, 0.315789, 0.157895]);
  assert.deepEqual(round(samplingDistribution(logits, { topP: 1 })), [0.5, 0.05, 0.3, 0.15]);
  assert.deepEqual(round(samplingDistribution(logits, { topK: 2 })), [0.625, 0, 0.375, 0]);
  // Temperature 2 takes square roots of the probabilities before renormalising.
  const roots = [0.5, 0.05, 0.3, 0.15].map(Math.sqrt);
  const total = roots.reduce((a, b) => a + b, 0);
  assert.deepEqual(round(samplingDistribution(logits, { temperature: 2 })), roots.map((r) => Math.round((r / total) * 1e6) / 1e6));
  assert.throws(() => samplingDistribution(logits, { topP: 0 }), /topP must lie in \(0, 1\]; got 0/);
  assert.throws(() => samplingDistribution(logits, { temperature: -1 }), /temperature must be a finite number ≥ 0; got -1/);
});

test('sampling replays with its seed, draws only from the nucleus, and differs across seeds', async () => {
  await selectBackend('cpu');
  const model = new PlainElmanLM(V, 6, 61, V, 0.8);
  const a = sample(model, { prompt, maxLength: 30, topP: 0.8, seed: 5, recordDistributions: true });
  const b = sample(model, { prompt, maxLength: 30, topP: 0.8, seed: a.seed });
  assert.deepEqual(a.tokens, b.tokens);
  a.tokens.forEach((token, i) => assert.ok(a.samplingDistributions![i][token] > 0, `token ${token} at step ${i} lies outside the nucleus`));
  const others = [6, 7, 8].map((seed) => sample(model, { prompt, maxLength: 30, seed }).tokens.join(''));
  assert.ok(others.some((s) => s !== a.tokens.join('')));
  model.dispose();
});

test('decoders stop between steps on interrupt and return what they have', async () => {
  await selectBackend('cpu');
  const model = new PlainElmanLM(V, 6, 71);
  let calls = 0;
  setInterruptSource(() => ++calls > prompt.length + 3);
  try {
    const greedy = greedyDecode(model, { prompt, maxLength: 50 });
    assert.equal(greedy.interrupted, true);
    assert.equal(greedy.tokens.length, 4);
    calls = 0;
    const beam = beamSearch(model, { prompt, maxLength: 50, beamWidth: 2 });
    assert.equal(beam.interrupted, true);
    assert.ok(beam.sequences.length > 0 && beam.sequences[0].tokens.length === 4);
  } finally {
    setInterruptSource(() => false);
  }
  model.dispose();
});

test('decoders refuse bad options with what they expected', async () => {
  await selectBackend('cpu');
  const model = new PlainElmanLM(V, 6, 81);
  assert.throws(() => greedyDecode(model, { prompt: [], maxLength: 3 }), /prompt must hold at least one token id/);
  assert.throws(() => greedyDecode(model, { prompt: [1], maxLength: 0 }), /maxLength must be a positive integer; got 0/);
  assert.throws(() => beamSearch(model, { prompt: [1], maxLength: 3, beamWidth: 0 }), /beamWidth must be a positive integer; got 0/);
  assert.throws(() => sample(model, { prompt: [1], maxLength: 3, topK: 0 }), /topK must be a positive integer; got 0/);
  model.dispose();
});
