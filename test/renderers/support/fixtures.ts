/**
 * Fixture payloads for the renderer tests, made by the kernel's own `show.*` builders from the
 * library's real cells and layers, so the renderers are always tested against the payloads the
 * kernel actually produces.
 */
import { tf } from '../../../kernel/lib/tf';
import { LSTMCell } from '../../../kernel/lib/cells/lstm';
import { GRUCell } from '../../../kernel/lib/cells/gru';
import { ElmanCell } from '../../../kernel/lib/cells/elman';
import { Dense } from '../../../kernel/lib/layers/dense';
import { show } from '../../../kernel/lib/show';
import { type PayloadKind, type PayloadOf } from '../../../kernel/protocol/payloads';
import { toMimeBundle } from '../../../kernel/lib/core/mimeBundle';
import type { RichOutput } from '../../../kernel/lib/show/richOutput';
import { orthogonal } from '../../../kernel/lib/init/initializers';
import { bpttGradientNorms, stateJacobians } from '../../../kernel/lib/analysis/jacobians';
import { LanguageModel } from '../../../kernel/lib/models/languageModel';
import { sample } from '../../../kernel/lib/decode/sampling';
import { beamSearch } from '../../../kernel/lib/decode/beamSearch';
import { MultiplicativeAttention } from '../../../kernel/lib/attention/multiplicative';
import { AttentionPooling } from '../../../kernel/lib/pooling/attentionPooling';
import { viterbi } from '../../../kernel/lib/tagging/viterbi';
import { fit } from '../../../kernel/lib/train/fit';
import { setInterruptSource } from '../../../kernel/lib/core/interrupt';

/** The rich payload of anything displayable (a `show.*` result or the dashboard). */
export function payloadOf<K extends PayloadKind>(output: { [toMimeBundle](): Record<string, unknown>; kind?: K } | RichOutput<K>): PayloadOf<K> {
  const bundle = output[toMimeBundle]();
  const key = Object.keys(bundle).find((k) => k.startsWith('application/vnd.unrolled.'));
  if (!key) throw new Error(`no unrolled payload in bundle with keys ${Object.keys(bundle).join(', ')}`);
  return bundle[key] as PayloadOf<K>;
}

/** One-hot rows for the characters of `text` over `vocabulary`. */
export function oneHotText(text: string, vocabulary: string[]): number[][] {
  return [...text].map((ch) => vocabulary.map((v) => (v === ch ? 1 : 0)));
}

export const HELLO = 'hello world!';
export const HELLO_VOCAB = [...new Set(HELLO)].sort();

/** An LSTM over the 12 characters of "hello world!", with an output layer and the BPTT view. */
export function lstmGraph(): RichOutput<'graph'> {
  const V = HELLO_VOCAB.length;
  const cell = new LSTMCell({ inputSize: V, hiddenSize: 8, seed: 7 });
  const dense = new Dense({ inputSize: 8, units: V, seed: 8 });
  const out = show.graph(cell, oneHotText(HELLO, HELLO_VOCAB), { output: dense, inputLabels: [...HELLO], vocabulary: HELLO_VOCAB, gradients: true, title: 'LSTM reading "hello world!"' });
  cell.dispose();
  dense.dispose();
  return out;
}

/** A stacked model: a bidirectional GRU layer under a forward GRU, many-to-one. */
export function stackedBidirectionalGraph(): RichOutput<'graph'> {
  const f = new GRUCell({ inputSize: 3, hiddenSize: 4, seed: 1 });
  const b = new GRUCell({ inputSize: 3, hiddenSize: 4, seed: 2 });
  const top = new GRUCell({ inputSize: 8, hiddenSize: 4, seed: 3 });
  const x = Array.from({ length: 6 }, (_, t) => [Math.sin(t), Math.cos(t), t / 6]);
  const out = show.graph([{ forward: f, backward: b, merge: 'concat' }, top], x, { pattern: 'many-to-one', gradients: true });
  [f, b, top].forEach((c) => c.dispose());
  return out;
}

/** An encoder-decoder of Elman cells with given attention weights. */
export function encoderDecoderGraph(): RichOutput<'graph'> {
  const enc = new ElmanCell({ inputSize: 2, hiddenSize: 5, seed: 4 });
  const dec = new ElmanCell({ inputSize: 2, hiddenSize: 5, seed: 5 });
  const source = [[1, 0], [0, 1], [1, 1], [0, 0], [1, 0]];
  const target = [[0, 0], [1, 0], [0, 1], [1, 1]];
  // A soft reversal alignment: decoder step t attends mostly to source step 4 - t.
  const attention = target.map((_, t) => {
    const raw = source.map((_, i) => Math.exp(-2 * Math.abs(i - (4 - t))));
    const z = raw.reduce((a, b) => a + b, 0);
    return raw.map((v) => v / z);
  });
  const out = show.graph({ encoder: enc, decoder: dec }, { source, target }, { attention, inputLabels: ['a', 'b', 'c', 'd', 'e'], decoderInputLabels: ['<s>', 'e', 'd', 'c'], outputLabels: ['e', 'd', 'c', 'b'], gradients: true });
  enc.dispose();
  dec.dispose();
  return out;
}

/** An Elman RNN over `steps` random steps (for the long-sequence case). */
export function longElmanGraph(steps: number): RichOutput<'graph'> {
  const cell = new ElmanCell({ inputSize: 3, hiddenSize: 16, seed: 9 });
  const x = tf.tidy(() => tf.randomNormal([steps, 3], 0, 1, 'float32', 3).arraySync() as number[][]);
  const out = show.graph(cell, x, { gradients: true });
  cell.dispose();
  return out;
}

/** Elman cells whose recurrent matrices are orthogonal times 0.8, 1 and 1.25 (spectral radius below, at, above 1). */
function scaledElmans(hidden: number): { label: string; cell: ElmanCell }[] {
  return [0.8, 1, 1.25].map((gain, i) => ({
    label: `gain ${gain}`,
    cell: new ElmanCell({ inputSize: 2, hiddenSize: hidden, seed: 20 + i, activation: 'identity', recurrentInitializer: orthogonal({ gain }) }),
  }));
}

/** Eigenvalues and ‖∂h_T/∂h_t‖ against lag for three linear RNNs, and the BPTT heatmap of one. */
export function spectrumOutput(): RichOutput<'spectrum'> {
  const models = scaledElmans(12);
  const x = Array.from({ length: 30 }, (_, t) => [Math.sin(t / 3), Math.cos(t / 5)]);
  const bptt = bpttGradientNorms(models[1].cell, x, (outputs) => tf.sum(outputs[outputs.length - 1]), { keepGradients: true });
  const out = show.spectrum(
    {
      matrices: models.map((m) => ({ label: m.label, matrix: m.cell })),
      gradientFlow: models.map((m) => ({ label: m.label, ...stateJacobians(m.cell, x) })),
      heatmap: bptt,
    },
    { title: 'Linear RNNs with spectral radius 0.8, 1 and 1.25' },
  );
  models.forEach((m) => m.cell.dispose());
  return out;
}

const QUOTE_TEXT = 'He said "hi" and left.\nShe said "bye".';
const CHAR_VOCAB = [...new Set(QUOTE_TEXT + 'abcdefghijklmnopqrstuvwxyz ')].sort();

/** Samples at three temperatures, a beam tree and the hidden-unit view, from a small (untrained) character LSTM. */
export function textOutput(): RichOutput<'text'> {
  const model = new LanguageModel({ vocabSize: CHAR_VOCAB.length, hiddenSize: 16, seed: 11 });
  const prompt = [...'He said '].map((ch) => CHAR_VOCAB.indexOf(ch));
  const samples = [0.5, 1, 1.5].map((temperature, i) => ({ temperature, prompt, ...sample(model, { prompt, maxLength: 40, temperature, seed: 3 + i, recordDistributions: true }) }));
  const beam = beamSearch(model, { prompt, maxLength: 5, beamWidth: 3 });
  const cell = new LSTMCell({ inputSize: CHAR_VOCAB.length, hiddenSize: 8, seed: 12 });
  const activations = tf.tidy(() => {
    let state = cell.zeroState(1);
    const rows: number[][] = [];
    for (const row of oneHotText(QUOTE_TEXT, CHAR_VOCAB)) {
      state = cell.step(tf.tensor2d([row]), state).state;
      rows.push(Array.from(state[1].dataSync()));
    }
    return rows;
  });
  const out = show.generation({ samples, beam, hiddenUnits: { tokens: QUOTE_TEXT, activations, source: 'c (LSTM cell state)' } }, { vocabulary: CHAR_VOCAB, title: 'A character LSTM (untrained)' });
  model.dispose();
  cell.dispose();
  return out;
}

/** Dot-product attention (the library's Luong scorer) of date digits over the source tokens, with a clear alignment. */
export function attentionOutput(): RichOutput<'attention'> {
  const source = ['<s>', '25', 'Dec', '2019', '</s>'];
  const target = ['2019', '-', '12', '-', '25'];
  const aligned = [3, 2, 2, 2, 1];
  const scorer = new MultiplicativeAttention({ variant: 'dot', querySize: 5, keySize: 5 });
  const weights = tf.tidy(() => {
    const keys = tf.tile(tf.expandDims(tf.eye(5), 0), [target.length, 1, 1]) as tf.Tensor3D;
    const queries = tf.add(tf.mul(tf.oneHot(tf.tensor1d(aligned, 'int32'), 5), 3), 0.4) as tf.Tensor2D;
    return scorer.attend(queries, keys).weights.arraySync();
  });
  scorer.dispose();
  return show.attention(weights, source, target, { title: 'Date format: target digits attend to their source' });
}

/** Attention pooling (the library's layer) over the states of a short review. */
export function poolingOutput(): RichOutput<'attention'> {
  const tokens = ['the', 'film', 'was', 'not', 'good', 'at', 'all'];
  const pool = new AttentionPooling({ hiddenSize: 4, seed: 5 });
  const weights = tf.tidy(() => pool.forward(tf.randomNormal([1, tokens.length, 4], 0, 2, 'float32', 6) as tf.Tensor3D).weights.arraySync());
  pool.dispose();
  return show.attentionPooling(weights, tokens);
}

export const TAG_NAMES = ['O', 'B-PER', 'I-PER', 'B-LOC', 'I-LOC'];
const TAG_TOKENS = ['Teddy', 'Roosevelt', 'visited', 'New', 'York'];
const TAG_GOLD = ['B-PER', 'I-PER', 'O', 'B-LOC', 'I-LOC'];
/** Emission scores a tagger might give: "Roosevelt" looks slightly more like I-PER... after a LOC. */
const EMISSIONS = [
  [0.1, 1.2, 0.2, 1.4, 0.1],
  [0.2, 0.1, 1.5, 0.3, 0.9],
  [2.0, 0.1, 0.2, 0.1, 0.3],
  [0.3, 0.4, 0.1, 1.8, 0.2],
  [0.2, 0.1, 0.6, 0.2, 1.7],
];

/** The library's Viterbi decoder with B-I-O constraints (no I-X except after B-X or I-X) over hand-set scores. */
export function taggingOutput(): RichOutput<'tagging'> {
  const forbidden = -Infinity;
  const transitions = TAG_NAMES.map((from) =>
    TAG_NAMES.map((to) => {
      if (!to.startsWith('I-')) return 0;
      const label = to.slice(2);
      return from === `B-${label}` || from === `I-${label}` ? 0.5 : forbidden;
    }),
  );
  const start = TAG_NAMES.map((t) => (t.startsWith('I-') ? forbidden : 0));
  const end = TAG_NAMES.map(() => 0);
  const result = viterbi(EMISSIONS, transitions, start, end);
  return show.tags(TAG_TOKENS, result.path, { tagNames: TAG_NAMES, gold: TAG_GOLD, trellis: result, title: 'BiLSTM-CRF style decoding with B-I-O constraints' });
}

/** Per-token argmax of the same emissions (a softmax tagger): it emits I-PER right after B-LOC. */
export function softmaxTaggingOutput(): RichOutput<'tagging'> {
  const predicted = EMISSIONS.map((row) => row.indexOf(Math.max(...row)));
  return show.tags(TAG_TOKENS, predicted, { tagNames: TAG_NAMES, gold: TAG_GOLD, title: 'Softmax tagger: one argmax per token' });
}

/**
 * A real (tiny) training run of a character LSTM on "abcd" repeated, reported to a dashboard
 * through `fit`'s progress callback, with a sample every 10 steps. Returns every payload the
 * dashboard pushed to its output (it was attached to a recording handle).
 */
/** A real fit feeding a dashboard; with `interruptAfter`, interrupted after that step, and the cell's `dash.finish()` never runs (as in a kernel). */
export async function dashboardRun(maxSteps = 40, interruptAfter?: number): Promise<{ pushes: PayloadOf<'dashboard'>[]; final: PayloadOf<'dashboard'>; bundle: Record<string, unknown>; message?: string }> {
  const vocab = ['a', 'b', 'c', 'd'];
  const model = new LanguageModel({ vocabSize: 4, hiddenSize: 8, seed: 13 });
  const data = Array.from({ length: 16 }, (_, i) => Array.from({ length: 12 }, (_, t) => (i + t) % 4));
  const pushes: PayloadOf<'dashboard'>[] = [];
  const dash = show.dashboard({ title: 'char-LSTM on "abcd…"', minIntervalMs: 0 });
  dash.attach({ update: (value) => pushes.push(payloadOf(value as RichOutput<'dashboard'>)) });
  let step = 0;
  if (interruptAfter !== undefined) setInterruptSource(() => step >= interruptAfter);
  const history = await fit(model, data, {
    maxSteps,
    batchSize: 8,
    seed: 1,
    optimizer: { name: 'adam', learningRate: 0.05 },
    onProgress: (info) => {
      const text = info.step % 10 === 0 ? sample(model, { prompt: [0], maxLength: 16, temperature: 0.7, seed: info.step }).tokens.map((id) => vocab[id]).join('') : undefined;
      dash.update({ ...info, sample: text });
      step = info.step;
    },
  });
  setInterruptSource(() => false);
  if (!history.interrupted) dash.finish();
  model.dispose();
  return { pushes, final: dash.payload, bundle: dash[toMimeBundle](), message: history.message };
}
