import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Matrix } from 'ml-matrix';
import { selectBackend } from '../../../kernel/lib/backend';
import { tf } from '../../../kernel/lib/tf';
import { Random } from '../../../kernel/lib/core/random';
import type { RecurrentCell, RecurrentState } from '../../../kernel/lib/core/types';
import { ElmanCell } from '../../../kernel/lib/cells/elman';
import { LSTMCell } from '../../../kernel/lib/cells/lstm';
import { GRUCell } from '../../../kernel/lib/cells/gru';
import { spectralRadius } from '../../../kernel/lib/analysis/spectrum';
import { bpttGradientNorms, stateJacobians } from '../../../kernel/lib/analysis/jacobians';

function randomRows(random: Random, rows: number, cols: number, scale = 1): number[][] {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => (2 * random.next() - 1) * scale));
}

/** A random symmetric matrix rescaled to spectral radius ρ. */
function symmetricWithRadius(random: Random, size: number, rho: number): number[][] {
  const a = new Matrix(randomRows(random, size, size));
  const symmetric = a.add(a.transpose()).div(2);
  return symmetric.mul(rho / spectralRadius(symmetric.to2DArray())).to2DArray();
}

/** h_T as a function of the state at step `from`, unrolled with plain autograd (no step-wise VJPs). */
function unrolledFrom(cell: RecurrentCell, inputs: number[][], from: number, state: RecurrentState): (h: tf.Tensor) => tf.Tensor2D {
  return (h) => {
    let s: RecurrentState = [h as tf.Tensor2D, ...state.slice(1)];
    for (let t = from; t < inputs.length; t++) s = cell.step(tf.tensor2d([inputs[t]]), s).state;
    return s[0];
  };
}

function statesAlong(cell: RecurrentCell, inputs: number[][]): RecurrentState[] {
  const states = [cell.zeroState(1)];
  for (const x of inputs) {
    const previous = states[states.length - 1];
    states.push(tf.tidy(() => cell.step(tf.tensor2d([x]), previous).state));
  }
  return states;
}

for (const backend of ['cpu', 'wasm'] as const) {
  test(`a linear RNN with a symmetric recurrent matrix has ‖∂h_T/∂h_t‖ = ρ^(T−t) at every lag (${backend})`, async () => {
    await selectBackend(backend);
    const before = tf.memory().numTensors;
    const random = new Random(3);
    const T = 12;
    for (const rho of [0.9, 1.1]) {
      const cell = new ElmanCell({ inputSize: 3, hiddenSize: 5, seed: 4, activation: 'identity' });
      tf.tidy(() => cell.weights.recurrentKernel.assign(tf.tensor2d(symmetricWithRadius(random, 5, rho))));
      // ρ of the float32 weights the cell actually uses.
      const radius = spectralRadius(cell.weights.recurrentKernel);
      const result = stateJacobians(cell, randomRows(random, T, 3));
      assert.deepEqual(result.lags, Array.from({ length: T + 1 }, (_, t) => T - t));
      result.spectralNorms.forEach((norm, t) => {
        const expected = Math.pow(radius, T - t);
        assert.ok(Math.abs(norm - expected) / expected < 1e-4, `ρ=${rho}, t=${t}: ‖J‖ = ${norm}, ρ^${T - t} = ${expected}`);
      });
      cell.dispose();
    }
    assert.equal(tf.memory().numTensors, before);
  });
}

test('state Jacobians of tanh RNN, GRU and LSTM cells match autograd through the whole unrolled sequence', async () => {
  await selectBackend('cpu');
  const random = new Random(8);
  const inputs = randomRows(random, 6, 3);
  const cells: RecurrentCell[] = [
    new ElmanCell({ inputSize: 3, hiddenSize: 4, seed: 1 }),
    new GRUCell({ inputSize: 3, hiddenSize: 4, seed: 2 }),
    new LSTMCell({ inputSize: 3, hiddenSize: 4, seed: 3 }),
  ];
  const before = tf.memory().numTensors;
  for (const cell of cells) {
    const { jacobians, frobeniusNorms } = stateJacobians(cell, inputs);
    assert.deepEqual(jacobians[6].map((row) => row.map((v) => Math.round(v * 1e6) / 1e6)), [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]], 'J_T = I');
    const states = statesAlong(cell, inputs);
    for (const t of [0, 3]) {
      const hT = unrolledFrom(cell, inputs, t, states[t]);
      for (let i = 0; i < 4; i++) {
        const row = tf.tidy(() => Array.from(tf.grad((h: tf.Tensor) => tf.sum(tf.slice(hT(h), [0, i], [1, 1])))(states[t][0]).dataSync()));
        row.forEach((v, j) => assert.ok(Math.abs(v - jacobians[t][i][j]) < 1e-5, `${cell.kind} t=${t} [${i}][${j}]: ${v} vs ${jacobians[t][i][j]}`));
      }
      const frobenius = Math.sqrt(jacobians[t].flat().reduce((a, v) => a + v * v, 0));
      assert.ok(Math.abs(frobenius - frobeniusNorms[t]) < 1e-9);
    }
    states.forEach((s) => tf.dispose(s));
  }
  assert.equal(tf.memory().numTensors, before);
  cells.forEach((c) => (c as ElmanCell).dispose());
});

test('the full-state LSTM Jacobian holds ∂h_T/∂h_t as its top-left block', async () => {
  await selectBackend('cpu');
  const cell = new LSTMCell({ inputSize: 2, hiddenSize: 3, seed: 5 });
  const inputs = randomRows(new Random(9), 5, 2);
  const h = stateJacobians(cell, inputs);
  const full = stateJacobians(cell, inputs, { wrt: 'state' });
  assert.equal(full.jacobians[0].length, 6);
  assert.equal(full.jacobians[0][0].length, 6);
  for (let t = 0; t <= 5; t++) {
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) assert.ok(Math.abs(full.jacobians[t][i][j] - h.jacobians[t][i][j]) < 1e-6);
  }
  cell.dispose();
});

test('BPTT gradient norms ‖∂L/∂h_t‖ equal autograd of the loss with respect to each state', async () => {
  await selectBackend('cpu');
  const random = new Random(12);
  const B = 2, T = 5, H = 3;
  const inputs = tf.tensor3d(randomRows(random, B * T, 2).flat(), [B, T, 2]);
  const readout = randomRows(random, T, B * H).map((r) => tf.tensor2d(r, [B, H]));
  // L = Σ_t Σ h_t ⊙ r_t: every step's output is in the loss.
  const loss = (outputs: tf.Tensor2D[]) => tf.addN(outputs.map((h, t) => tf.sum(tf.mul(h, readout[t])))) as tf.Scalar;
  for (const cell of [new ElmanCell({ inputSize: 2, hiddenSize: H, seed: 1 }), new LSTMCell({ inputSize: 2, hiddenSize: H, seed: 2 })]) {
    const before = tf.memory().numTensors;
    const result = bpttGradientNorms(cell, inputs, loss, { keepGradients: true });
    assert.equal(tf.memory().numTensors, before);
    // The same quantities by plain autograd: the loss as a function of h_t, later steps unrolled again.
    const states: RecurrentState[] = [cell.zeroState(B)];
    const xs = Array.from({ length: T }, (_, t) => tf.reshape(tf.slice(inputs, [0, t, 0], [B, 1, 2]), [B, 2]) as tf.Tensor2D);
    for (let t = 0; t < T; t++) states.push(cell.step(xs[t], states[t]).state);
    let total = 0;
    for (let t = 0; t < T; t++) total += tf.sum(tf.mul(states[t + 1][0], readout[t])).dataSync()[0];
    assert.ok(Math.abs(result.loss - total) < 1e-5);
    for (let t = 0; t <= T; t++) {
      const grad = tf.tidy(() => tf.grad((h: tf.Tensor) => {
        let s: RecurrentState = [h as tf.Tensor2D, ...states[t].slice(1)];
        let sum: tf.Tensor = t >= 1 ? tf.sum(tf.mul(h, readout[t - 1])) : tf.scalar(0);
        for (let k = t; k < T; k++) {
          s = cell.step(xs[k], s).state;
          sum = tf.add(sum, tf.sum(tf.mul(s[0], readout[k])));
        }
        return sum as tf.Scalar;
      })(states[t][0]).arraySync() as number[][]);
      grad.flat().forEach((g, i) => assert.ok(Math.abs(g - result.gradients![t].flat()[i]) < 1e-5, `${cell.kind} t=${t}: ${g} vs ${result.gradients![t].flat()[i]}`));
      const norm = Math.sqrt(grad.flat().reduce((a, v) => a + v * v, 0));
      assert.ok(Math.abs(norm - result.norms[t]) < 1e-5);
    }
    states.forEach((s) => tf.dispose(s));
    tf.dispose(xs);
    cell.dispose();
  }
  tf.dispose([inputs, ...readout]);
});

test('a loss on the last output only still gives a gradient at every earlier state', async () => {
  await selectBackend('cpu');
  const cell = new ElmanCell({ inputSize: 2, hiddenSize: 3, seed: 6 });
  const result = bpttGradientNorms(cell, randomRows(new Random(1), 8, 2), (outputs) => tf.sum(tf.square(outputs[outputs.length - 1])) as tf.Scalar);
  assert.equal(result.norms.length, 9);
  assert.ok(result.norms.every((n) => n > 0 && Number.isFinite(n)));
  cell.dispose();
});

test('Jacobian analysis refuses inputs of the wrong shape and batches', async () => {
  await selectBackend('cpu');
  const cell = new ElmanCell({ inputSize: 2, hiddenSize: 3, seed: 6 });
  const before = tf.memory().numTensors;
  assert.throws(() => stateJacobians(cell, [[1, 2, 3]]), /inputs must be \[time, 2\] or \[batch, time, 2\]; got \[1, 1, 3\]/);
  const batch = tf.zeros([2, 3, 2]);
  assert.throws(() => stateJacobians(cell, batch), /analyses one sequence; got a batch of 2/);
  assert.throws(() => stateJacobians(cell, [[1, 2]], { wrt: 'c' as never }), /wrt must be 'h' or 'state'; got 'c'/);
  batch.dispose();
  assert.equal(tf.memory().numTensors, before);
  cell.dispose();
});
