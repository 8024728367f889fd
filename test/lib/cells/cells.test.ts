/**
 * Each cell against its curriculum equations, computed here in plain JavaScript from the same
 * hand-set weights (tfjs-layers layout: kernel [I, G·H], recurrentKernel [H, G·H], bias [G·H]).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../kernel/lib/tf';
import { ElmanCell, type ElmanActivation } from '../../../kernel/lib/cells/elman';
import { GRUCell } from '../../../kernel/lib/cells/gru';
import { LSTMCell } from '../../../kernel/lib/cells/lstm';
import type { BaseCell } from '../../../kernel/lib/cells/baseCell';
import { gradCheck } from '../../support/gradcheck';
import { assertNoLeak, onEachBackend } from '../../support/backends';
import { assertRelativeClose } from '../../support/closeness';
import { randomiseWeights, randomTensor, seededUniform } from '../../support/random';

type Vec = number[];
const sigmoid = (a: number) => 1 / (1 + Math.exp(-a));
/** Row vector times a block of columns: (x M[:, from:from+n])_j. */
const vecMatBlock = (x: Vec, M: number[][], from: number, n: number): Vec =>
  Array.from({ length: n }, (_, j) => x.reduce((sum, xi, i) => sum + xi * M[i][from + j], 0));
const add = (...vs: Vec[]): Vec => vs[0].map((_, j) => vs.reduce((s, v) => s + v[j], 0));
const mul = (a: Vec, b: Vec): Vec => a.map((ai, j) => ai * b[j]);
const slice = (v: Vec, from: number, n: number): Vec => v.slice(from, from + n);

interface JsWeights {
  K: number[][];
  R: number[][];
  b: Vec;
}
function jsWeights(cell: BaseCell): JsWeights {
  return {
    K: cell.weights.kernel.arraySync() as number[][],
    R: cell.weights.recurrentKernel.arraySync() as number[][],
    b: Array.from(cell.weights.bias.dataSync()),
  };
}

const I = 2;
const H = 3;
const B = 2;

/** h_t = g(W_hh h_{t-1} + W_xh x_t + b_h) */
function elmanStep(w: JsWeights, g: (a: number) => number, x: Vec, h: Vec): { h: Vec; pre: Vec } {
  const pre = add(vecMatBlock(x, w.K, 0, H), vecMatBlock(h, w.R, 0, H), w.b);
  return { h: pre.map(g), pre };
}

/** z, r gates; s~ = tanh(W (r ⊙ s) + U x + b); s' = z ⊙ s + (1 − z) ⊙ s~ */
function gruStep(w: JsWeights, x: Vec, s: Vec) {
  const z = add(vecMatBlock(x, w.K, 0, H), vecMatBlock(s, w.R, 0, H), slice(w.b, 0, H)).map(sigmoid);
  const r = add(vecMatBlock(x, w.K, H, H), vecMatBlock(s, w.R, H, H), slice(w.b, H, H)).map(sigmoid);
  const cand = add(vecMatBlock(x, w.K, 2 * H, H), vecMatBlock(mul(r, s), w.R, 2 * H, H), slice(w.b, 2 * H, H)).map(Math.tanh);
  return { s: s.map((sj, j) => z[j] * sj + (1 - z[j]) * cand[j]), z, r, cand };
}

/** i, f, c~, o from one pre-activation; c' = f ⊙ c + i ⊙ c~; h' = o ⊙ tanh(c') */
function lstmStep(w: JsWeights, x: Vec, h: Vec, c: Vec) {
  const pre = add(vecMatBlock(x, w.K, 0, 4 * H), vecMatBlock(h, w.R, 0, 4 * H), w.b);
  const i = slice(pre, 0, H).map(sigmoid);
  const f = slice(pre, H, H).map(sigmoid);
  const cand = slice(pre, 2 * H, H).map(Math.tanh);
  const o = slice(pre, 3 * H, H).map(sigmoid);
  const cNext = add(mul(f, c), mul(i, cand));
  return { h: mul(o, cNext.map(Math.tanh)), c: cNext, i, f, cand, o, pre };
}

function rows(t: tf.Tensor): number[][] {
  return t.arraySync() as number[][];
}

onEachBackend((backend) => {
  const activationFns: Record<ElmanActivation, (a: number) => number> = { tanh: Math.tanh, relu: (a) => Math.max(0, a), identity: (a) => a };
  for (const activation of ['tanh', 'relu', 'identity'] as const) {
    test(`Elman cell (${activation}) computes h_t = g(W_hh h_{t-1} + W_xh x_t + b_h) over two steps (${backend})`, () => {
      const cell = new ElmanCell({ inputSize: I, hiddenSize: H, activation, seed: 1 });
      randomiseWeights(cell.weights, 11);
      const w = jsWeights(cell);
      const random = seededUniform(5);
      const xs = [randomTensor(random, [B, I]), randomTensor(random, [B, I])] as tf.Tensor2D[];
      const h0 = randomTensor(random, [B, H]) as tf.Tensor2D;
      let state = [h0];
      let expected = rows(h0);
      for (const x of xs) {
        const step = cell.step(x, state, { internals: true });
        const js = rows(x).map((xb, b) => elmanStep(w, activationFns[activation], xb, expected[b]));
        expected = js.map((r) => r.h);
        assertRelativeClose(step.output.dataSync(), expected.flat(), 1e-5, 'h_t');
        assertRelativeClose(step.internals!.preactivation.dataSync(), js.flatMap((r) => r.pre), 1e-5, 'preactivation');
        state = step.state;
      }
      cell.dispose();
    });
  }

  test(`GRU cell computes the update and reset gates, the candidate and s_t = z ⊙ s_{t-1} + (1 − z) ⊙ s~_t (${backend})`, () => {
    const cell = new GRUCell({ inputSize: I, hiddenSize: H, seed: 2 });
    randomiseWeights(cell.weights, 12);
    const w = jsWeights(cell);
    const random = seededUniform(6);
    let state = [randomTensor(random, [B, H]) as tf.Tensor2D];
    let expected = rows(state[0]);
    for (let t = 0; t < 2; t++) {
      const x = randomTensor(random, [B, I]) as tf.Tensor2D;
      const step = cell.step(x, state, { internals: true });
      const js = rows(x).map((xb, b) => gruStep(w, xb, expected[b]));
      expected = js.map((r) => r.s);
      assertRelativeClose(step.output.dataSync(), expected.flat(), 1e-5, 's_t');
      assertRelativeClose(step.internals!.updateGate.dataSync(), js.flatMap((r) => r.z), 1e-5, 'updateGate');
      assertRelativeClose(step.internals!.resetGate.dataSync(), js.flatMap((r) => r.r), 1e-5, 'resetGate');
      assertRelativeClose(step.internals!.candidate.dataSync(), js.flatMap((r) => r.cand), 1e-5, 'candidate');
      assert.deepEqual(step.internals!.preactivations.shape, [B, 3 * H]);
      state = step.state;
    }
    cell.dispose();
  });

  test(`LSTM cell computes i, f, o, c~, c_t = f ⊙ c_{t-1} + i ⊙ c~_t and h_t = o ⊙ tanh(c_t) (${backend})`, () => {
    const cell = new LSTMCell({ inputSize: I, hiddenSize: H, seed: 3 });
    randomiseWeights(cell.weights, 13);
    const w = jsWeights(cell);
    const random = seededUniform(7);
    let state = [randomTensor(random, [B, H]), randomTensor(random, [B, H])] as tf.Tensor2D[];
    let expected = { h: rows(state[0]), c: rows(state[1]) };
    for (let t = 0; t < 2; t++) {
      const x = randomTensor(random, [B, I]) as tf.Tensor2D;
      const step = cell.step(x, state, { internals: true });
      const js = rows(x).map((xb, b) => lstmStep(w, xb, expected.h[b], expected.c[b]));
      expected = { h: js.map((r) => r.h), c: js.map((r) => r.c) };
      assertRelativeClose(step.output.dataSync(), expected.h.flat(), 1e-5, 'h_t');
      assertRelativeClose(step.state[1].dataSync(), expected.c.flat(), 1e-5, 'c_t');
      const internals = step.internals!;
      assertRelativeClose(internals.inputGate.dataSync(), js.flatMap((r) => r.i), 1e-5, 'inputGate');
      assertRelativeClose(internals.forgetGate.dataSync(), js.flatMap((r) => r.f), 1e-5, 'forgetGate');
      assertRelativeClose(internals.outputGate.dataSync(), js.flatMap((r) => r.o), 1e-5, 'outputGate');
      assertRelativeClose(internals.candidate.dataSync(), js.flatMap((r) => r.cand), 1e-5, 'candidate');
      assertRelativeClose(internals.cell.dataSync(), expected.c.flat(), 1e-5, 'cell');
      assertRelativeClose(internals.preactivations.dataSync(), js.flatMap((r) => r.pre), 1e-5, 'preactivations');
      state = step.state;
    }
    cell.dispose();
  });

  test(`GRU written as h_t = u ⊙ h~ + (1 − u) ⊙ h_{t-1} is our GRU with the update gate's weights and bias negated (${backend})`, () => {
    const cell = new GRUCell({ inputSize: I, hiddenSize: H, seed: 4 });
    randomiseWeights(cell.weights, 14, 0.8);
    const alt = jsWeights(cell);
    // The other convention, from its own parameters: u = σ(U_u x + W_u h + b_u), h' = u ⊙ h~ + (1 − u) ⊙ h
    const otherConventionStep = (x: Vec, h: Vec) => {
      const u = add(vecMatBlock(x, alt.K, 0, H), vecMatBlock(h, alt.R, 0, H), slice(alt.b, 0, H)).map(sigmoid);
      const r = add(vecMatBlock(x, alt.K, H, H), vecMatBlock(h, alt.R, H, H), slice(alt.b, H, H)).map(sigmoid);
      const cand = add(vecMatBlock(x, alt.K, 2 * H, H), vecMatBlock(mul(r, h), alt.R, 2 * H, H), slice(alt.b, 2 * H, H)).map(Math.tanh);
      return h.map((hj, j) => u[j] * cand[j] + (1 - u[j]) * hj);
    };
    // z ↦ 1 − z: σ(−a) = 1 − σ(a), so negate the z block (columns 0..H) of kernel, recurrentKernel and bias
    tf.tidy(() => {
      const flip = tf.concat([tf.fill([H], -1), tf.ones([2 * H])]);
      for (const v of [cell.weights.kernel, cell.weights.recurrentKernel, cell.weights.bias]) v.assign(tf.mul(v, flip));
    });
    const random = seededUniform(8);
    let state = [tf.zeros([B, H]) as tf.Tensor2D];
    let expected = rows(state[0]);
    for (let t = 0; t < 3; t++) {
      const x = randomTensor(random, [B, I]) as tf.Tensor2D;
      state = cell.step(x, state).state;
      expected = rows(x).map((xb, b) => otherConventionStep(xb, expected[b]));
      assertRelativeClose(state[0].dataSync(), expected.flat(), 1e-5, `step ${t}`);
    }
    // And they are not trivially equal: without the flip the same parameters give a different model.
    const unflipped = new GRUCell({ inputSize: I, hiddenSize: H, seed: 4 });
    randomiseWeights(unflipped.weights, 14, 0.8);
    const x = randomTensor(random, [B, I]) as tf.Tensor2D;
    const h = randomTensor(random, [B, H]) as tf.Tensor2D;
    const ours = unflipped.step(x, [h]).output.dataSync();
    const theirs = rows(x).flatMap((xb, b) => otherConventionStep(xb, rows(h)[b]));
    assert.ok(Math.max(...Array.from(ours, (v, i) => Math.abs(v - theirs[i]))) > 1e-2);
    cell.dispose();
    unflipped.dispose();
  });

  test(`a GRU whose update gate saturates at 1 keeps its state (${backend})`, () => {
    const cell = new GRUCell({ inputSize: I, hiddenSize: H, seed: 5 });
    tf.tidy(() => cell.weights.bias.assign(tf.concat([tf.fill([H], 30), tf.zeros([2 * H])])));
    const h = tf.tensor2d([[0.3, -0.2, 0.9], [0.1, 0.5, -0.7]]);
    const out = cell.step(tf.ones([B, I]) as tf.Tensor2D, [h]).output;
    assertRelativeClose(out, h, 1e-6, 's_t');
    cell.dispose();
  });

  const makers: Record<string, () => BaseCell> = {
    'Elman (tanh)': () => new ElmanCell({ inputSize: I, hiddenSize: H, seed: 21 }),
    'Elman (relu)': () => new ElmanCell({ inputSize: I, hiddenSize: H, activation: 'relu', seed: 22 }),
    GRU: () => new GRUCell({ inputSize: I, hiddenSize: H, seed: 23 }),
    LSTM: () => new LSTMCell({ inputSize: I, hiddenSize: H, seed: 24 }),
  };
  for (const [name, make] of Object.entries(makers)) {
    test(`${name} cell gradients over three steps match central finite differences (weights, inputs, initial state) (${backend})`, () => {
      const cell = make();
      randomiseWeights(cell.weights, 31, 0.6);
      const random = seededUniform(9);
      const xs = tf.variable(randomTensor(random, [3, B, I]));
      const init = cell.stateNames.map(() => tf.variable(randomTensor(random, [B, H])));
      const projections = cell.stateNames.map(() => randomTensor(random, [B, H]));
      const loss = () =>
        tf.tidy(() => {
          let state = init as unknown as tf.Tensor2D[];
          for (const x of tf.unstack(xs) as tf.Tensor2D[]) state = cell.step(x, state).state;
          return tf.addN(state.map((s, k) => tf.sum(tf.mul(s, projections[k])))) as tf.Scalar;
        });
      const variables: Record<string, tf.Variable> = { ...cell.weights, xs };
      init.forEach((v, k) => (variables[`${cell.stateNames[k]}0`] = v));
      const result = gradCheck(loss, variables);
      assert.ok(result.maxRelativeError < 1e-3, JSON.stringify(result));
      cell.dispose();
      tf.dispose([xs, ...init, ...projections]);
    });

    test(`${name} cell step with internals and its gradient leave no tensors behind (${backend})`, () => {
      const cell = make();
      const x = tf.ones([B, I]) as tf.Tensor2D;
      assertNoLeak(() => {
        tf.tidy(() => {
          cell.step(x, cell.zeroState(B), { internals: true });
          tf.variableGrads(() => tf.sum(cell.step(x, cell.zeroState(B)).output) as tf.Scalar, cell.trainableVariables());
        });
      });
      x.dispose();
      cell.dispose();
    });
  }

  test(`the same seed gives the same weights and another seed different ones (${backend})`, () => {
    for (const make of [(seed: number) => new ElmanCell({ inputSize: 4, hiddenSize: 5, seed }), (seed: number) => new GRUCell({ inputSize: 4, hiddenSize: 5, seed }), (seed: number) => new LSTMCell({ inputSize: 4, hiddenSize: 5, seed })]) {
      const a = make(7);
      const b = make(7);
      const c = make(8);
      for (const name of ['kernel', 'recurrentKernel'] as const) {
        assert.deepEqual(Array.from(a.weights[name].dataSync()), Array.from(b.weights[name].dataSync()), name);
        assert.notDeepEqual(Array.from(a.weights[name].dataSync()), Array.from(c.weights[name].dataSync()), name);
      }
      [a, b, c].forEach((cell) => cell.dispose());
    }
  });

  test(`LSTM forget-gate bias starts at 1 by default and at the configured value otherwise (${backend})`, () => {
    const byDefault = new LSTMCell({ inputSize: I, hiddenSize: H, seed: 1 });
    const custom = new LSTMCell({ inputSize: I, hiddenSize: H, seed: 1, forgetBias: 2.5 });
    assert.deepEqual(Array.from(byDefault.weights.bias.dataSync()), [0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
    assert.deepEqual(Array.from(custom.weights.bias.dataSync()), [0, 0, 0, 2.5, 2.5, 2.5, 0, 0, 0, 0, 0, 0]);
    byDefault.dispose();
    custom.dispose();
  });

  test(`cells refuse inputs and states of the wrong shape with a message naming the expected shape (${backend})`, () => {
    const cell = new LSTMCell({ inputSize: I, hiddenSize: H, seed: 1 });
    const x = tf.zeros([B, I + 1]) as tf.Tensor2D;
    assert.throws(() => cell.step(x, cell.zeroState(B)), /x must be \[batch, 2\]; got shape \[2, 3\]/);
    const good = tf.zeros([B, I]) as tf.Tensor2D;
    assert.throws(() => cell.step(good, [tf.zeros([B, H]) as tf.Tensor2D]), /state must be \[h, c\]; got 1 tensors/);
    assert.throws(() => cell.step(good, [tf.zeros([B, H]), tf.zeros([B, H + 1])] as tf.Tensor2D[]), /state c must be \[2, 3\]; got shape \[2, 4\]/);
    assert.throws(() => new LSTMCell({ inputSize: 0, hiddenSize: H }), /inputSize must be a positive integer; got 0/);
    assert.throws(() => new ElmanCell({ inputSize: 1, hiddenSize: 1, activation: 'sigmoid' as ElmanActivation }), /activation must be one of tanh, relu, identity; got 'sigmoid'/);
    cell.dispose();
  });
});
