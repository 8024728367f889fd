import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { selectBackend } from '../../kernel/lib/backend';
import { tf } from '../../kernel/lib/tf';
import { show } from '../../kernel/lib/show';
import { ElmanCell } from '../../kernel/lib/cells/elman';
import { LSTMCell } from '../../kernel/lib/cells/lstm';
import type { AttentionPayload, SpectrumPayload, TaggingPayload, TextPayload } from '../../kernel/protocol/payloads';
import { parseTag, spansOf } from '../../kernel/scenes/tagging/taggingScene';
import { payloadOf } from '../renderers/support/fixtures';
import { toMimeBundle } from '../../kernel/lib/core/mimeBundle';

before(async () => {
  await selectBackend('cpu');
});

test('show.text from plain tokens: probabilities kept, entropy and alternatives from recorded distributions', () => {
  const p = payloadOf(
    show.text([
      { label: 'plain', tokens: ['h', 'i'], probabilities: [0.9, 0.25] },
      { temperature: 0.5, tokens: [1, 0], distributions: [[0.2, 0.8], [0.5, 0.5]], prompt: 'x' },
    ], { vocabulary: ['a', 'b'], topK: 1 }),
  ) as TextPayload;
  assert.deepEqual(p.samples![0].tokens.map((t) => [t.text, t.probability, t.entropy, t.alternatives.length]), [['h', 0.9, null, 0], ['i', 0.25, null, 0]]);
  const s = p.samples![1];
  assert.equal(s.label, 'T = 0.5');
  assert.deepEqual(s.tokens.map((t) => t.text), ['b', 'a']);
  assert.equal(s.tokens[0].probability, 0.8);
  // H = −Σ p ln p: for (0.2, 0.8) that is 0.5004 nats.
  assert.equal(s.tokens[0].entropy, Number((-(0.2 * Math.log(0.2) + 0.8 * Math.log(0.8))).toPrecision(4)));
  assert.deepEqual(s.tokens[0].alternatives, [{ text: 'b', probability: 0.8 }]);
  assert.throws(() => show.text({ tokens: [0, 1, 2], logProbs: [0] }), /sample 1 has 3 tokens but fewer probabilities \(1\)/);
  assert.throws(() => show.text({ tokens: ['a'] }), /sample 1 needs logProbs, probabilities or distributions/);
});

test('show.beamTree follows parents from the best hypothesis back to the root', () => {
  const tree = [
    { id: 0, parentId: null, token: 0, cumulativeLogProb: 0, normalizedScore: 0, step: 0, finished: false },
    { id: 1, parentId: 0, token: 1, cumulativeLogProb: -0.1, normalizedScore: -0.1, step: 1, finished: false },
    { id: 2, parentId: 0, token: 2, cumulativeLogProb: -0.5, normalizedScore: -0.5, step: 1, finished: false },
    { id: 3, parentId: 2, token: 1, cumulativeLogProb: -0.6, normalizedScore: -0.3, step: 2, finished: true },
  ];
  const p = payloadOf(show.beamTree({ tree, sequences: [{ nodeId: 3 }] }, { vocabulary: ['<s>', 'x', 'y'] })) as TextPayload;
  assert.deepEqual(p.beam!.chosen, [0, 2, 3]);
  assert.equal(p.beam!.beamWidth, 2);
  assert.deepEqual(p.beam!.nodes.map((n) => n.token), ['<s>', 'x', 'y', 'x']);
});

test('show.hiddenUnits starts at the unit whose activation varies most, and checks one row per token', () => {
  const p = payloadOf(show.hiddenUnits({ tokens: 'abc', activations: [[0.1, -0.9, 0], [0.1, 0.9, 0], [0.1, -0.9, 0.2]] })) as TextPayload;
  assert.equal(p.hiddenUnits!.selectedUnit, 1);
  assert.throws(() => show.hiddenUnits({ tokens: 'ab', activations: [[1]] }), /2 tokens but 1 rows of activations/);
});

test('show.eigenvalues of an Elman cell equals the analysis of its recurrent kernel; a gated cell is refused with advice', () => {
  const cell = new ElmanCell({ inputSize: 2, hiddenSize: 5, seed: 4 });
  const p = payloadOf(show.eigenvalues(cell)) as SpectrumPayload;
  const radius = Math.max(...p.eigenvalues![0].re.map((re, i) => Math.hypot(re, p.eigenvalues![0].im[i])));
  assert.ok(Math.abs(radius - p.eigenvalues![0].spectralRadius) < 1e-5);
  assert.equal(p.eigenvalues![0].label, 'RNN W_hh');
  const lstm = new LSTMCell({ inputSize: 2, hiddenSize: 3, seed: 1 });
  assert.throws(() => show.eigenvalues(lstm), /recurrent kernel is \[3, 12\], not square; pass one gate's \[hidden, hidden\] block/);
  const two = payloadOf(show.eigenvalues([[[0, 1], [-1, 0]], [[2, 0], [0, 0.5]]])) as SpectrumPayload;
  assert.deepEqual(two.eigenvalues!.map((e) => e.spectralRadius), [1, 2]);
  cell.dispose();
  lstm.dispose();
});

test('show.gradientFlow sorts by lag and keeps non-finite norms as gaps', () => {
  const p = payloadOf(show.gradientFlow([{ label: 'exploding', lags: [2, 0, 1], norms: [Infinity, 1, 10] }])) as SpectrumPayload;
  assert.deepEqual(p.gradientFlow!.series[0], { label: 'exploding', lags: [0, 1, 2], norms: [1, 10, null] });
  assert.throws(() => show.gradientFlow([{ label: 'x' }]), /each series needs \{ label, norms \}/);
});

test('show.attention takes the first sequence of a batched tensor; pooling weights must match the tokens', () => {
  const weights = tf.tensor3d([[[0.7, 0.3], [0.1, 0.9]], [[0.5, 0.5], [0.5, 0.5]]]);
  const p = payloadOf(show.attention(weights, ['a', 'b'], 'xy')) as AttentionPayload;
  assert.deepEqual(p.weights, [[0.7, 0.3], [0.1, 0.9]]);
  assert.deepEqual(p.targetTokens, ['x', 'y']);
  assert.throws(() => show.attentionPooling([0.5, 0.5], ['a', 'b', 'c']), /weights: expected an array of 1 \(one row of one weight per source token\)|weights\[0\]: expected an array of 3/);
  weights.dispose();
});

test('show.tags names tag ids and refuses unnamed ids; B-I-O spans and invalid I tags are found', () => {
  const p = payloadOf(show.tags(['New', 'York'], [1, 2], { tagNames: ['O', 'B-LOC', 'I-LOC'] })) as TaggingPayload;
  assert.deepEqual(p.predicted, ['B-LOC', 'I-LOC']);
  assert.throws(() => show.tags(['a'], [4]), /predicted\[0\] is tag id 4; pass tagNames/);
  assert.deepEqual(parseTag('I-PER'), { prefix: 'I', label: 'PER' });
  assert.deepEqual(spansOf(['B-LOC', 'I-PER', 'O', 'B-LOC', 'I-LOC', 'S-PER']), {
    spans: [
      { label: 'LOC', start: 0, end: 1 },
      { label: 'PER', start: 1, end: 2 },
      { label: 'LOC', start: 3, end: 5 },
      { label: 'PER', start: 5, end: 6 },
    ],
    invalid: [1],
  });
});

test('show.tags names its tag row "predicted" unless a label is given, in the payload and in the static picture', () => {
  const svgOf = (output: ReturnType<typeof show.tags>) => output[toMimeBundle]()['image/svg+xml'] as string;
  const predicted = show.tags(['New', 'York'], ['B-LOC', 'I-LOC']);
  assert.equal((payloadOf(predicted) as TaggingPayload).label, undefined);
  assert.match(svgOf(predicted), />predicted</);
  const gold = show.tags(['New', 'York'], ['B-LOC', 'I-LOC'], { label: 'gold' });
  assert.equal((payloadOf(gold) as TaggingPayload).label, 'gold');
  assert.match(svgOf(gold), />gold</);
  assert.doesNotMatch(svgOf(gold), />predicted</);
});
