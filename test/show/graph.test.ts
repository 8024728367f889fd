import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { selectBackend } from '../../kernel/lib/backend';
import { tf } from '../../kernel/lib/tf';
import { ElmanCell } from '../../kernel/lib/cells/elman';
import { GRUCell } from '../../kernel/lib/cells/gru';
import { LSTMCell } from '../../kernel/lib/cells/lstm';
import { LSTM } from '../../kernel/lib/layers/recurrentLayers';
import { Bidirectional } from '../../kernel/lib/layers/bidirectional';
import { bpttGradientNorms } from '../../kernel/lib/analysis/jacobians';
import { show } from '../../kernel/lib/show';
import { toMimeBundle } from '../../kernel/lib/core/mimeBundle';
import { runPlan, probeKey, type Plan } from '../../kernel/lib/show/graph/trace';
import { resolveLayers } from '../../kernel/lib/show/graph/sources';
import { validatePayload } from '../../kernel/protocol/validatePayload';
import type { GraphPayload } from '../../kernel/protocol/payloads';
import { payloadOf } from '../renderers/support/fixtures';

before(async () => {
  await selectBackend('cpu');
});

const inputs = (T: number, I: number) => Array.from({ length: T }, (_, t) => Array.from({ length: I }, (_, i) => Math.sin(1 + t * 0.7 + i * 1.3)));

test('the traced states are the cell run step by step: h_t of the graph equals cell.step applied in a loop', () => {
  const cell = new GRUCell({ inputSize: 3, hiddenSize: 5, seed: 3 });
  const x = inputs(7, 3);
  const p = payloadOf(show.graph(cell, x)) as GraphPayload;
  const expected = tf.tidy(() => {
    let state = cell.zeroState(1);
    return x.map((row) => {
      state = cell.step(tf.tensor2d([row]), state).state;
      return Array.from(state[0].dataSync());
    });
  });
  const h = p.segments[0].layers[0].directions[0].states.h;
  expected.forEach((row, t) => row.forEach((v, j) => assert.ok(Math.abs(h[t][j]! - v) <= 1e-3 * Math.max(1, Math.abs(v)), `h[${t}][${j}] ${h[t][j]} vs ${v}`)));
  assert.deepEqual(Object.keys(p.segments[0].layers[0].directions[0].internals), ['updateGate', 'resetGate', 'candidate']);
  cell.dispose();
});

test('recurrent-edge gradients equal the BPTT gradient norms ‖∂L/∂h_t‖ of the analysis module for L = Σ h_T', () => {
  const cell = new ElmanCell({ inputSize: 2, hiddenSize: 6, seed: 5 });
  const x = inputs(9, 2);
  const p = payloadOf(show.graph(cell, x, { gradients: true, pattern: 'many-to-one' })) as GraphPayload;
  const bptt = bpttGradientNorms(cell, x, (outputs) => tf.sum(outputs[outputs.length - 1]));
  const recurrent = p.segments[0].layers[0].directions[0].gradients!.recurrent.h;
  // The state entering step t is h_t in the analysis module's numbering (h_0 = the initial state).
  recurrent.forEach((g, t) => assert.ok(Math.abs(g! - bptt.norms[t]) <= 1e-3 * Math.max(1e-6, bptt.norms[t]), `step ${t}: ${g} vs ${bptt.norms[t]}`));
  assert.equal(p.gradientLoss, 'L = Σ_j h_T[j]');
  cell.dispose();
});

test('each edge gradient of an LSTM matches central finite differences of the loss along that edge', () => {
  const cell = new LSTMCell({ inputSize: 3, hiddenSize: 4, seed: 9 });
  const x = inputs(5, 3);
  const loss = (outputs: tf.Tensor2D[]): tf.Scalar => tf.sum(tf.square(outputs[outputs.length - 1]));
  const p = payloadOf(show.graph(cell, x, { gradients: loss })) as GraphPayload;
  const plan: Plan = {
    segments: [{ name: '', layers: resolveLayers(cell), inputs: x.map((row) => tf.tensor2d([row])), emits: x.map(() => true), initial: 'zeros' }],
  };
  const lossWith = (key: string, shape: [number, number], j: number, eps: number) =>
    tf.tidy(() => {
      const probe = tf.buffer(shape);
      probe.set(eps, 0, j);
      const runs = runPlan(plan, { internals: false, probes: new Map([[key, probe.toTensor() as tf.Tensor2D]]) });
      const outs = runs[0].outputs.filter((y): y is tf.Tensor2D => y !== null);
      return loss(outs).dataSync()[0];
    });
  const numericNorm = (key: string, size: number) => {
    const eps = 1e-2;
    const g = Array.from({ length: size }, (_, j) => (lossWith(key, [1, size], j, eps) - lossWith(key, [1, size], j, -eps)) / (2 * eps));
    return Math.hypot(...g);
  };
  const d = p.segments[0].layers[0].directions[0].gradients!;
  for (const t of [0, 2, 4]) {
    const checks: [string, number, number][] = [
      [probeKey.input(0, 0, 0, t), 3, d.input[t]!],
      [probeKey.recurrent(0, 0, 0, 'h', t), 4, d.recurrent.h[t]!],
      [probeKey.recurrent(0, 0, 0, 'c', t), 4, d.recurrent.c[t]!],
    ];
    for (const [key, size, reported] of checks) {
      const numeric = numericNorm(key, size);
      assert.ok(Math.abs(reported - numeric) <= 2e-2 * Math.max(1e-4, numeric), `${key}: autograd ${reported} vs finite differences ${numeric}`);
    }
  }
  plan.segments[0].inputs.forEach((t) => t?.dispose());
  cell.dispose();
});

test('show.graph leaks no tensors, with or without gradients', () => {
  const cell = new LSTMCell({ inputSize: 2, hiddenSize: 3, seed: 1 });
  const x = inputs(6, 2);
  show.graph(cell, x, { gradients: true });
  const before = tf.memory().numTensors;
  for (let i = 0; i < 3; i++) {
    show.graph(cell, x);
    show.graph(cell, x, { gradients: true });
  }
  assert.equal(tf.memory().numTensors, before);
  cell.dispose();
});

test('library layers resolve: an LSTM layer, a Bidirectional layer and a stack of them', () => {
  const lstm = new LSTM({ inputSize: 2, hiddenSize: 3, seed: 2 });
  const bi = new Bidirectional({ cell: 'gru', inputSize: 2, hiddenSize: 3, seed: 4, merge: 'sum' });
  const x = inputs(4, 2);
  const one = payloadOf(show.graph(lstm, x)) as GraphPayload;
  assert.equal(one.cell, 'lstm');
  const two = payloadOf(show.graph(bi, x)) as GraphPayload;
  assert.deepEqual(two.segments[0].layers[0].directions.map((d) => d.direction), ['forward', 'backward']);
  assert.equal(two.segments[0].layers[0].merge, 'sum');
  assert.deepEqual(two.segments[0].layers[0].directions.map((d) => d.weights.recurrent), ['W_hh', 'V_hh']);
  const stacked = payloadOf(show.graph([bi, new LSTM({ inputSize: 3, hiddenSize: 2, seed: 6 })], x)) as GraphPayload;
  assert.equal(stacked.segments[0].layers.length, 2);
  assert.equal(stacked.segments[0].layers[1].directions[0].weights.input, 'W_xh^(2)');
  lstm.dispose();
  bi.dispose();
});

test('one-to-many feeds one input and emits at every step; many-to-one emits only at the end', () => {
  const cell = new ElmanCell({ inputSize: 2, hiddenSize: 3, seed: 8 });
  const otm = payloadOf(show.graph(cell, [0.5, -1], { pattern: 'one-to-many', steps: 5 })) as GraphPayload;
  assert.deepEqual(otm.segments[0].inputs.map((v) => v !== null), [true, false, false, false, false]);
  assert.ok(otm.segments[0].outputs.every((y) => y !== null));
  const mto = payloadOf(show.graph(cell, inputs(4, 2), { pattern: 'many-to-one' })) as GraphPayload;
  assert.deepEqual(mto.segments[0].outputs.map((v) => v !== null), [false, false, false, true]);
  cell.dispose();
});

test('wrong input shapes and mismatched layers are refused with what was expected', () => {
  const cell = new ElmanCell({ inputSize: 3, hiddenSize: 4, seed: 1 });
  assert.throws(() => show.graph(cell, inputs(5, 2)), /show\.graph: input must be \[time, 3\], \[batch, time, 3\] or one step \[3\]; got an array of 5 rows/);
  const top = new ElmanCell({ inputSize: 7, hiddenSize: 2, seed: 2 });
  assert.throws(() => show.graph([cell, top], inputs(5, 3)), /layer 2 \(forward\) expects inputs of size 7, but the layer below emits 4/);
  assert.throws(() => show.graph({ encoder: cell, decoder: cell }, inputs(3, 3)), /needs input \{ source, target \}/);
  assert.throws(() => show.graphFromTrace({ cell: 'rnn' } as never), /the trace does not match the graph payload:\n {2}stateNames: expected an array, got undefined/);
  cell.dispose();
  top.dispose();
});

test('every graph payload validates and carries the SVG fallback and a text summary', () => {
  const cell = new LSTMCell({ inputSize: 2, hiddenSize: 3, seed: 1 });
  const out = show.graph(cell, inputs(3, 2), { gradients: true });
  const b = out[toMimeBundle]();
  assert.deepEqual(Object.keys(b), ['application/vnd.unrolled.graph+json', 'image/svg+xml', 'text/plain']);
  assert.ok(validatePayload('graph', b['application/vnd.unrolled.graph+json']).ok);
  assert.match(b['text/plain'] as string, /^LSTM graph \(many-to-many, 1 layer, hidden 3\): 3 steps; gradients of L = Σ_j h_T\[j\]$/);
  cell.dispose();
});

test('a LanguageModel is drawn from token ids: embedded inputs labelled by the vocabulary, y_t labelled by its most likely token', async () => {
  const { LanguageModel } = await import('../../kernel/lib/models/languageModel');
  const vocabulary = ['a', 'b', 'c'];
  const lm = new LanguageModel({ vocabSize: 3, hiddenSize: 4, numLayers: 2, seed: 3 });
  const p = payloadOf(show.graph(lm, [0, 1, 2, 1], { vocabulary })) as GraphPayload;
  const seg = p.segments[0];
  assert.deepEqual(seg.inputLabels, ['a', 'b', 'c', 'b']);
  assert.equal(seg.layers.length, 2);
  assert.equal(seg.outputWeight, 'W_hy');
  const logits = tf.tidy(() => lm.forward(tf.tensor2d([[0, 1, 2, 1]], [1, 4], 'int32')).logits.arraySync()[0]);
  assert.deepEqual(seg.outputLabels, logits.map((row) => vocabulary[row.indexOf(Math.max(...row))]));
  lm.dispose();
});
