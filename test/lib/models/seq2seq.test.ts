import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../kernel/lib/tf';
import { selectBackend } from '../../../kernel/lib/backend';
import { sequenceReversal } from '../../../kernel/lib/data/synthetic/reversal';
import { AttentionDecoder } from '../../../kernel/lib/models/attentionDecoder';
import { MultiplicativeAttention } from '../../../kernel/lib/attention/multiplicative';
import { Seq2Seq, type Seq2SeqOptions } from '../../../kernel/lib/models/seq2seq';
import { disposeSeq2seqBatch, seq2seqBatch, type Seq2SeqPair } from '../../../kernel/lib/models/seq2seqBatch';
import { scoreSeq2seq, trainSeq2seq } from '../../../kernel/lib/models/seq2seqTraining';
import { beamSearch } from '../../../kernel/lib/decode/beamSearch';
import { greedyDecode } from '../../../kernel/lib/decode/greedy';
import { gradCheck } from '../../support/gradcheck';
import { assertNoLeak, onEachBackend } from '../../support/backends';
import { assertClose } from '../../support/closeness';
import { add, dot, maskedSoftmaxJs, vecMat, weightedSum } from '../../support/plainMath';

const tanh = (xs: number[]) => xs.map(Math.tanh);

/** Hand-set pieces of one decoder step: Elman cell, hidden 2, encoder states of size 2, target vocabulary 3, embedding 2. */
const hand = {
  embeddings: [[0.1, -0.2], [0.4, 0.3], [-0.5, 0.2]],
  attentionW: [[0.3, -0.2], [0.1, 0.5]],
  attentionU: [[-0.4, 0.2], [0.6, 0.1]],
  attentionV: [0.7, -0.3],
  // [E y ; c] has 4 entries → kernel [4, 2]
  kernel: [[0.2, -0.1], [0.3, 0.4], [-0.5, 0.2], [0.1, 0.6]],
  recurrentKernel: [[0.5, -0.3], [0.2, 0.4]],
  bias: [0.05, -0.1],
  // [s_t ; c_t] has 4 entries → output kernel [4, 3]
  outputKernel: [[0.3, -0.2, 0.1], [0.4, 0.5, -0.6], [-0.1, 0.2, 0.3], [0.2, -0.4, 0.5]],
  outputBias: [0.1, 0, -0.1],
  keys: [[1, 0.5], [-0.5, 1], [9, 9]],
  mask: [1, 1, 0],
  summary: [0.25, -0.75],
  previousState: [0.3, -0.2],
  previousToken: 1,
};

function handDecoder(attention: 'additive' | 'none'): AttentionDecoder {
  const decoder = new AttentionDecoder({ vocabSize: 3, hiddenSize: 2, contextSize: 2, cell: 'rnn', attention, attentionSize: 2, embeddingSize: 2, seed: 5 });
  decoder.embedding!.embeddings.assign(tf.tensor2d(hand.embeddings));
  decoder.cell.weights.kernel.assign(tf.tensor2d(hand.kernel));
  decoder.cell.weights.recurrentKernel.assign(tf.tensor2d(hand.recurrentKernel));
  decoder.cell.weights.bias.assign(tf.tensor1d(hand.bias));
  decoder.output.weights.kernel.assign(tf.tensor2d(hand.outputKernel));
  decoder.output.weights.bias!.assign(tf.tensor1d(hand.outputBias));
  if (decoder.attention) {
    decoder.attention.weights.W.assign(tf.tensor2d(hand.attentionW));
    decoder.attention.weights.U.assign(tf.tensor2d(hand.attentionU));
    decoder.attention.weights.v.assign(tf.tensor1d(hand.attentionV));
  }
  return decoder;
}

function runHandStep(decoder: AttentionDecoder): { logits: number[]; state: number[]; context: number[]; weights?: number[] } {
  return tf.tidy(() => {
    const memory = decoder.memory(tf.tensor3d([hand.keys]), tf.tensor2d([hand.mask]), tf.tensor2d([hand.summary]));
    const step = decoder.step(tf.tensor1d([hand.previousToken], 'int32'), [tf.tensor2d([hand.previousState])], memory);
    return {
      logits: Array.from(step.logits.dataSync()),
      state: Array.from(step.state[0].dataSync()),
      context: Array.from(step.context.dataSync()),
      weights: step.weights ? Array.from(step.weights.dataSync()) : undefined,
    };
  });
}

/** s_t = tanh([E y ; c] K + s R + b), z = [s_t ; c] W_o + b_o, in plain JS. */
function expectedStep(context: number[]): { state: number[]; logits: number[] } {
  const x = [...hand.embeddings[hand.previousToken], ...context];
  const state = tanh(add(add(vecMat(x, hand.kernel), vecMat(hand.previousState, hand.recurrentKernel)), hand.bias));
  const logits = add(vecMat([...state, ...context], hand.outputKernel), hand.outputBias);
  return { state, logits };
}

const smallOptions: Seq2SeqOptions = { sourceVocabSize: 6, targetVocabSize: 5, hiddenSize: 3, embeddingSize: 3, startToken: 0, endToken: 1, seed: 11 };

/** Two sources (the second padded) and teacher-forcing targets of different lengths. */
function smallBatch() {
  return seq2seqBatch(
    [
      { source: [2, 3, 4, 5], target: [2, 3, 4] },
      { source: [5, 1], target: [4] },
    ],
    { startToken: 0, endToken: 1 },
  );
}

onEachBackend(() => {
  test('one additive-attention decoder step computes α = masked softmax(vᵀ tanh(W s + U h_i)), c = Σ α h, s_t and z_t as the equations say', () => {
    const decoder = handDecoder('additive');
    const got = assertNoLeak(() => runHandStep(decoder));
    const Ws = vecMat(hand.previousState, hand.attentionW);
    const e = hand.keys.map((h) => dot(hand.attentionV, tanh(add(Ws, vecMat(h, hand.attentionU)))));
    const alpha = maskedSoftmaxJs(e, hand.mask);
    const context = weightedSum(alpha, hand.keys);
    const { state, logits } = expectedStep(context);
    assertClose(got.weights!, alpha, 1e-5, 'α');
    assert.equal(got.weights![2], 0, 'the padded position gets exactly zero weight');
    assertClose(got.context, context, 1e-5, 'c_t');
    assertClose(got.state, state, 1e-5, 's_t');
    assertClose(got.logits, logits, 1e-5, 'z_t');
    decoder.dispose();
  });

  test('without attention the decoder reads the encoder summary as a fixed context at every step', () => {
    const decoder = handDecoder('none');
    assert.equal(decoder.attention, undefined);
    const got = assertNoLeak(() => runHandStep(decoder));
    const { state, logits } = expectedStep(hand.summary);
    assert.equal(got.weights, undefined);
    assertClose(got.context, hand.summary, 1e-6, 'c');
    assertClose(got.state, state, 1e-5, 's_t');
    assertClose(got.logits, logits, 1e-5, 'z_t');
    decoder.dispose();
  });

  for (const attention of ['additive', 'dot', 'general'] as const) {
    test(`${attention} attention rows sum to 1 over the real source positions; padded sources and padded target steps get 0`, () => {
      const model = new Seq2Seq({ ...smallOptions, attention, bidirectional: attention !== 'dot', decoderHiddenSize: attention === 'dot' ? 3 : 4 });
      const batch = smallBatch();
      const alpha = assertNoLeak(() =>
        tf.tidy(() => model.forward(batch.source, batch.sourceMask, batch.targetInputs, batch.targetMask).attention!.arraySync()),
      );
      const targetMask = batch.targetMask.arraySync();
      const sourceMask = batch.sourceMask.arraySync();
      alpha.forEach((rows, b) =>
        rows.forEach((row, t) => {
          const total = row.reduce((s, a) => s + a, 0);
          assertClose(total, targetMask[b][t], 1e-5, `row sum of sequence ${b}, step ${t}`);
          row.forEach((a, i) => {
            if (sourceMask[b][i] === 0) assert.equal(a, 0, `α at padded source position ${i}`);
          });
        }),
      );
      disposeSeq2seqBatch(batch);
      model.dispose();
    });
  }

  test('padding a source in a batch does not change its predictions (masked encoder and attention)', () => {
    const model = new Seq2Seq({ ...smallOptions, bidirectional: true, cell: 'gru' });
    const padded = smallBatch();
    const [together, alone] = assertNoLeak(() =>
      tf.tidy(() => {
        const both = model.forward(padded.source, padded.sourceMask, padded.targetInputs).logits;
        const single = model.forward(tf.tensor2d([[5, 1]], [1, 2], 'int32'), undefined, tf.slice(padded.targetInputs, [1, 0], [1, -1]) as tf.Tensor2D).logits;
        return [Array.from(tf.slice(both, [1, 0, 0], [1, -1, -1]).dataSync()), Array.from(single.dataSync())];
      }),
    );
    assertClose(together, alone, 1e-5, 'logits of the padded sentence');
    disposeSeq2seqBatch(padded);
    model.dispose();
  });

  test('teacher-forced forward equals stepping the conditioned StepModel token by token', () => {
    const model = new Seq2Seq({ ...smallOptions, bidirectional: true, encoderCell: 'lstm', decoderCell: 'gru', attention: 'general' });
    const batch = smallBatch();
    const [forwardLogits, forwardAlpha, steppedLogits, steppedAlpha] = assertNoLeak(() => {
      const out = model.forward(batch.source, batch.sourceMask, batch.targetInputs);
      const stepModel = model.stepModelFor(batch.source, batch.sourceMask);
      const stepped = tf.tidy(() => {
        let state = stepModel.initialState(2);
        const logits: tf.Tensor2D[] = [];
        const weights: tf.Tensor2D[] = [];
        for (const tokens of tf.unstack(batch.targetInputs, 1) as tf.Tensor1D[]) {
          const step = stepModel.stepWithAttention(tokens, state);
          state = step.state;
          logits.push(step.logits);
          weights.push(step.weights!);
        }
        return [Array.from(tf.stack(logits, 1).dataSync()), Array.from(tf.stack(weights, 1).dataSync())];
      });
      stepModel.dispose();
      const result = [Array.from(out.logits.dataSync()), Array.from(out.attention!.dataSync()), ...stepped];
      tf.dispose([out.logits, out.attention!]);
      return result;
    });
    assertClose(forwardLogits, steppedLogits, 1e-5, 'logits');
    assertClose(forwardAlpha, steppedAlpha, 1e-5, 'attention');
    disposeSeq2seqBatch(batch);
    model.dispose();
  });

  const gradientCases: { name: string; options: Partial<Seq2SeqOptions> }[] = [
    { name: 'bidirectional LSTM encoder, dense bridge, additive attention, GRU decoder', options: { bidirectional: true, encoderCell: 'lstm', decoderCell: 'gru', attention: 'additive' } },
    { name: 'GRU encoder copied into a GRU decoder with general attention', options: { cell: 'gru', attention: 'general', bridge: 'copy' } },
    { name: 'Elman encoder and decoder with dot attention and one-hot inputs', options: { cell: 'rnn', attention: 'dot', embeddingSize: undefined } },
    { name: 'LSTM encoder-decoder without attention (fixed context vector)', options: { cell: 'lstm', attention: 'none' } },
  ];
  for (const { name, options } of gradientCases) {
    test(`gradients of the masked loss match finite differences: ${name}`, () => {
      const model = new Seq2Seq({ ...smallOptions, hiddenSize: 2, ...options });
      const batch = smallBatch();
      const result = gradCheck(
        () => model.loss(batch.source, batch.sourceMask, batch.targetInputs, batch.targetOutputs, batch.targetMask),
        model.namedVariables(),
        { maxElementsPerVariable: 6, epsilon: 1e-2 },
      );
      assert.ok(result.maxRelativeError < 1e-2, `max relative error ${result.maxRelativeError} at ${JSON.stringify(result.worst)}`);
      disposeSeq2seqBatch(batch);
      model.dispose();
    });
  }

  test('beam search through the StepModel view finds the brute-force most probable target sequence', () => {
    const model = new Seq2Seq({ ...smallOptions, targetVocabSize: 4, hiddenSize: 4, seed: 3 });
    const source = tf.tensor2d([[2, 4, 3]], [1, 3], 'int32');
    const length = 3;
    // Every sequence over 4 tokens of length 3, scored by teacher forcing: log P(y) = Σ_t log softmax(z_t)[y_t].
    const all: number[][] = [];
    for (let a = 0; a < 4; a++) for (let b = 0; b < 4; b++) for (let c = 0; c < 4; c++) all.push([a, b, c]);
    const scores = tf.tidy(() => {
      const inputs = tf.tensor2d(all.map((y) => [model.startToken, ...y.slice(0, -1)]), [all.length, length], 'int32');
      const logits = model.forward(tf.tile(source, [all.length, 1]) as tf.Tensor2D, undefined, inputs).logits;
      const logProbs = tf.logSoftmax(logits).arraySync();
      return all.map((y, n) => y.reduce((sum, token, t) => sum + logProbs[n][t][token], 0));
    });
    const bestIndex = scores.indexOf(Math.max(...scores));
    const stepModel = model.stepModelFor(source);
    const result = assertNoLeak(() => beamSearch(stepModel, { prompt: [model.startToken], maxLength: length, beamWidth: 16 }));
    const greedy = assertNoLeak(() => greedyDecode(stepModel, { prompt: [model.startToken], maxLength: length }));
    stepModel.dispose();
    source.dispose();
    assert.deepEqual(result.sequences[0].tokens, all[bestIndex]);
    assertClose(result.sequences[0].logProb, scores[bestIndex], 1e-4, 'log-probability of the best sequence');
    assert.ok(greedy.logProb <= scores[bestIndex] + 1e-5, 'greedy never beats the exact best');
    model.dispose();
  });

  test('translate returns the tokens and one attention row per generated token, and leaks nothing', () => {
    const model = new Seq2Seq({ ...smallOptions, bidirectional: true, seed: 21 });
    for (const beamWidth of [1, 3]) {
      const translation = assertNoLeak(() => model.translate([2, 3, 4], { maxLength: 5, beamWidth }));
      assert.ok(translation.tokens.length >= 1 && translation.tokens.length <= 5);
      assert.equal(translation.attention!.length, translation.tokens.length);
      for (const row of translation.attention!) {
        assert.equal(row.length, 3);
        assertClose(row.reduce((s, a) => s + a, 0), 1, 1e-5, 'attention row sum');
      }
      assert.equal(translation.finished, translation.tokens[translation.tokens.length - 1] === model.endToken);
    }
    const fixed = new Seq2Seq({ ...smallOptions, attention: 'none' });
    assert.equal(fixed.translate([2, 3], { maxLength: 3 }).attention, undefined);
    fixed.dispose();
    model.dispose();
  });

  test("attention 'multiplicative', as the README names it, builds Luong's sᵀWh score: the same model as 'general' for a seed", () => {
    const multiplicative = new Seq2Seq({ ...smallOptions, bidirectional: true, decoderHiddenSize: 4, attention: 'multiplicative' });
    const general = new Seq2Seq({ ...smallOptions, bidirectional: true, decoderHiddenSize: 4, attention: 'general' });
    assert.equal(multiplicative.attentionKind, 'multiplicative');
    assert.ok(multiplicative.decoder.attention instanceof MultiplicativeAttention);
    assert.deepEqual(multiplicative.decoder.attention.weights.W.shape, [4, 6], 'W maps the 6-wide encoder states to the 4-wide decoder state');
    assert.deepEqual(Object.keys(multiplicative.namedVariables()), Object.keys(general.namedVariables()));
    const batch = smallBatch();
    const [a, b] = [multiplicative, general].map((model) =>
      assertNoLeak(() => tf.tidy(() => model.forward(batch.source, batch.sourceMask, batch.targetInputs, batch.targetMask).logits.arraySync().flat(2))),
    );
    assertClose(a, b, 0, 'logits');
    disposeSeq2seqBatch(batch);
    multiplicative.dispose();
    general.dispose();
  });

  test('a wrong Seq2Seq option is named as an option of Seq2Seq, before any part of the model is built', () => {
    const before = tf.memory().numTensors;
    assert.throws(() => new Seq2Seq({ ...smallOptions, hiddenSize: 0 }), /^Error: Seq2Seq hiddenSize must be a positive integer; got 0$/);
    assert.throws(() => new Seq2Seq({ ...smallOptions, decoderHiddenSize: 2.5 }), /^Error: Seq2Seq decoderHiddenSize must be a positive integer; got 2.5$/);
    assert.throws(() => new Seq2Seq({ ...smallOptions, embeddingSize: -1 }), /^Error: Seq2Seq embeddingSize must be a positive integer; got -1$/);
    assert.throws(() => new Seq2Seq({ ...smallOptions, decoderCell: 'transformer' as never }), /^Error: Seq2Seq decoderCell must be one of 'rnn', 'gru', 'lstm'; got 'transformer'$/);
    assert.throws(() => new Seq2Seq({ ...smallOptions, bridge: 'zero' as never }), /^Error: Seq2Seq bridge must be 'auto', 'copy' or 'dense'; got 'zero'$/);
    assert.equal(tf.memory().numTensors, before, 'no weights were made');
  });

  test('the same seed builds the same weights; bad configurations fail with a clear message', () => {
    const a = new Seq2Seq({ ...smallOptions, bidirectional: true });
    const b = new Seq2Seq({ ...smallOptions, bidirectional: true });
    const namesA = Object.keys(a.namedVariables());
    assert.deepEqual(namesA, Object.keys(b.namedVariables()));
    for (const name of namesA) assert.deepEqual(a.namedVariables()[name].dataSync(), b.namedVariables()[name].dataSync(), name);
    assert.equal(a.bridge.kind, 'dense');
    a.dispose();
    b.dispose();
    assert.throws(
      () => new Seq2Seq({ ...smallOptions, bidirectional: true, attention: 'dot' }),
      /^Error: Seq2Seq attention 'dot' scores sᵀh, so the decoder state must be as long as each encoder state: decoderHiddenSize is 3, the encoder states have 6 = 2 × hiddenSize 3, one per direction; set decoderHiddenSize: 6, or use attention 'multiplicative'/,
    );
    assert.throws(() => new Seq2Seq({ ...smallOptions, cell: 'gru', decoderHiddenSize: 4, bridge: 'copy' }), /bridge 'copy' needs/);
    assert.throws(() => new Seq2Seq({ ...smallOptions, attention: 'luong' as never }), /^Error: Seq2Seq attention must be 'additive' \(Bahdanau.*\), 'multiplicative' \(Luong, sᵀ W h; also called 'general'\), 'dot' \(sᵀ h\) or 'none' \(a fixed context vector\); got 'luong'$/);
    const model = new Seq2Seq(smallOptions);
    const two = tf.tensor2d([[2, 3], [3, 4]], [2, 2], 'int32');
    const stepModel = model.stepModelFor(two);
    assert.throws(() => stepModel.initialState(3), /built for 2 source sentences/);
    stepModel.dispose();
    assert.throws(() => stepModel.initialState(2), /used after dispose/);
    two.dispose();
    model.dispose();
  });
});

/** Reversal ("abc" → "cba") from the library's seeded generator, as { source, target } id pairs. */
function reversalPairs(count: number, seed: number): Seq2SeqPair[] {
  const task = sequenceReversal({ count, minLength: 3, maxLength: 6, alphabet: 'abcdef', seed });
  return task.sourceIds.map((source, i) => ({ source, target: task.targetIds[i] }));
}

describe('training on the wasm backend', () => {
  before(async () => {
    await selectBackend('wasm');
  });

  test('a seq2seq model with attention learns to reverse sequences (greedy token accuracy above 90%), deterministically for a seed', async () => {
    const train = reversalPairs(400, 1);
    const held = reversalPairs(40, 2);
    const make = () => new Seq2Seq({ sourceVocabSize: 10, targetVocabSize: 10, hiddenSize: 24, cell: 'gru', embeddingSize: 12, attention: 'additive', seed: 4 });
    const model = make();
    const tensorsBefore = tf.memory().numTensors;
    const history = await trainSeq2seq(model, train, { epochs: 6, batchSize: 32, optimizer: { name: 'adam', learningRate: 0.02 }, clipNorm: 5, seed: 3 });
    assert.equal(tf.memory().numTensors, tensorsBefore, 'training leaked tensors');
    assert.equal(history.stopReason, 'completed');
    const scores = scoreSeq2seq(model, held, { maxLength: 8 });
    assert.ok(scores.tokenAccuracy > 0.9, `token accuracy ${scores.tokenAccuracy} after ${history.stepsCompleted} steps (final loss ${history.losses.at(-1)})`);
    const again = make();
    const replay = await trainSeq2seq(again, train, { maxSteps: 3, batchSize: 32, optimizer: { name: 'adam', learningRate: 0.02 }, clipNorm: 5, seed: 3 });
    assert.deepEqual(replay.losses, history.losses.slice(0, 3));
    again.dispose();
    model.dispose();
  });
});
