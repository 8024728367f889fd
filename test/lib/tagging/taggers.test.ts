import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../kernel/lib/tf';
import { SoftmaxTagger } from '../../../kernel/lib/tagging/softmaxTagger';
import { CRFTagger } from '../../../kernel/lib/tagging/crfTagger';
import { tagSet } from '../../../kernel/lib/tagging/schemes';
import { isValidTagSequence } from '../../../kernel/lib/tagging/transitionRules';
import { spanScores } from '../../../kernel/lib/tagging/spanMetrics';
import { gradCheck } from '../../support/gradcheck';
import { assertNoLeak, onEachBackend } from '../../support/backends';
import { assertClose } from '../../support/closeness';
import { add, vecMat } from '../../support/plainMath';
import { random3d, seededUniform } from '../../support/random';

const tags = tagSet(['PER'], 'BIO'); // O, B-PER, I-PER
// Two sequences of three 2-d states; the second has two real steps.
const states = [
  [[1, 0], [0, 1], [1, 1]],
  [[-1, 2], [0.5, -0.5], [30, 30]],
];
const mask = [[1, 1, 1], [1, 1, 0]];
const W = [[0.5, -1, 0.2], [0.3, 0.8, -0.4]];
const b = [0.1, 0, -0.2];

onEachBackend(() => {
  test('the softmax tagger loss is the mean over real tokens of −log softmax(W h_t + b)[gold_t]', () => {
    const tagger = new SoftmaxTagger({ hiddenSize: 2, tags });
    tagger.projection.weights.kernel.assign(tf.tensor2d(W));
    tagger.projection.weights.bias!.assign(tf.tensor1d(b));
    const gold = [[1, 2, 0], [0, 1, -1]];
    const inputs = [tf.tensor3d(states), tf.tensor2d(gold, undefined, 'int32'), tf.tensor2d(mask)] as const;
    const loss = assertNoLeak(() => tf.tidy(() => tagger.loss(...inputs).dataSync()[0]));
    let total = 0;
    let count = 0;
    states.forEach((row, i) =>
      row.forEach((h, t) => {
        if (!mask[i][t]) return;
        const logits = add(vecMat(h, W), b);
        const logNorm = Math.log(logits.reduce((s, z) => s + Math.exp(z), 0));
        total += logNorm - logits[gold[i][t]];
        count++;
      }),
    );
    assertClose(loss, total / count, 1e-6, 'loss');
    const predicted = assertNoLeak(() => tagger.predict(inputs[0], inputs[2]));
    const expected = states.map((row, i) => row.filter((_, t) => mask[i][t]).map((h) => {
      const logits = add(vecMat(h, W), b);
      return logits.indexOf(Math.max(...logits));
    }));
    assert.deepEqual(predicted, expected);
    assert.deepEqual(tagger.predictTags(inputs[0], inputs[2]), expected.map((ids) => ids.map((id) => tags[id])));
    tf.dispose([...inputs]);
    tagger.dispose();
  });

  test('gradients of both taggers\' losses w.r.t. states and weights agree with finite differences', () => {
    const H = tf.variable(tf.tensor3d(random3d(seededUniform(9), 2, 3, 2)));
    const gold = tf.tensor2d([[1, 2, 0], [0, 1, 0]], undefined, 'int32');
    const m = tf.tensor2d(mask);
    const softmax = new SoftmaxTagger({ hiddenSize: 2, tags, seed: 1 });
    const crf = new CRFTagger({ hiddenSize: 2, tags, scheme: 'BIO', seed: 2 });
    for (const tagger of [softmax, crf]) {
      const weights = tagger instanceof CRFTagger ? { ...tagger.projection.namedVariables(), ...tagger.crf.weights } : tagger.projection.namedVariables();
      const result = gradCheck(() => tagger.loss(H as unknown as tf.Tensor3D, gold, m), { states: H, ...weights });
      assert.ok(result.maxRelativeError < 2e-3, JSON.stringify(result));
      tagger.dispose();
    }
    tf.dispose([H, gold, m]);
  });

  test('the CRF tagger loss is the CRF negative log-likelihood of the projected emissions, and decoding returns trellises', () => {
    const tagger = new CRFTagger({ hiddenSize: 2, tags, scheme: 'BIO' });
    const inputs = [tf.tensor3d(states), tf.tensor2d([[1, 2, 0], [0, 1, 0]], undefined, 'int32'), tf.tensor2d(mask)] as const;
    const [loss, direct] = assertNoLeak(() =>
      tf.tidy(() => [tagger.loss(...inputs).dataSync()[0], tagger.crf.negativeLogLikelihood(tagger.emissions(inputs[0]), inputs[1], inputs[2]).dataSync()[0]]),
    );
    assert.equal(loss, direct);
    const decoding = assertNoLeak(() => tagger.decode(inputs[0], inputs[2]));
    assert.deepEqual(decoding.trellises.map((t) => t.scores.length), [3, 2]);
    assert.deepEqual(decoding.tags, decoding.paths.map((p) => p.map((id) => tags[id])));
    tf.dispose([...inputs]);
    tagger.dispose();
  });

  test('a constrained CRF tagger trained on a toy name-finding task tags held-out sentences perfectly and validly', () => {
    // Words are one-hot states: 0 "the", 1 "teddy", 2 "roosevelt", 3 "bears", 4 "was". "teddy" is a
    // name only when "roosevelt" follows, a decision the per-word state alone cannot make, but the
    // CRF's transition scores can (B-PER must be followed by I-PER here).
    const sentences = [
      { words: [1, 2, 4], tags: [1, 2, 0] },
      { words: [0, 1, 3, 4], tags: [0, 0, 0, 0] },
      { words: [1, 3], tags: [0, 0] },
      { words: [0, 1, 2], tags: [0, 1, 2] },
    ];
    const time = 4;
    const oneHot = (w: number) => Array.from({ length: 5 }, (_, k) => (k === w ? 1 : 0));
    const batch = (items: typeof sentences) => ({
      states: tf.tensor3d(items.map((s) => Array.from({ length: time }, (_, t) => oneHot(t < s.words.length ? s.words[t] : 0)))),
      tags: tf.tensor2d(items.map((s) => Array.from({ length: time }, (_, t) => s.tags[t] ?? 0)), undefined, 'int32'),
      mask: tf.tensor2d(items.map((s) => Array.from({ length: time }, (_, t) => (t < s.words.length ? 1 : 0)))),
    });
    const train = batch(sentences);
    const tagger = new CRFTagger({ hiddenSize: 5, tags, scheme: 'BIO', seed: 3 });
    const optimizer = tf.train.adam(0.1);
    const first = tf.tidy(() => tagger.loss(train.states, train.tags, train.mask).dataSync()[0]);
    for (let step = 0; step < 60; step++) {
      tf.tidy(() => {
        optimizer.minimize(() => tagger.loss(train.states, train.tags, train.mask), false, tagger.trainableVariables());
      });
    }
    const last = tf.tidy(() => tagger.loss(train.states, train.tags, train.mask).dataSync()[0]);
    assert.ok(last < first / 10, `loss went from ${first} to ${last}`);
    const heldOut = [{ words: [4, 1, 2], tags: [0, 1, 2] }, { words: [1, 3, 4], tags: [0, 0, 0] }];
    const test = batch(heldOut);
    const predicted = tagger.predictTags(test.states, test.mask);
    predicted.forEach((p) => assert.ok(isValidTagSequence(p, 'BIO')));
    assert.equal(spanScores(heldOut.map((s) => s.tags.map((id) => tags[id])), predicted, 'BIO').f1, 1);
    tf.dispose([train.states, train.tags, train.mask, test.states, test.tags, test.mask]);
    optimizer.dispose();
    tagger.dispose();
  });
});
