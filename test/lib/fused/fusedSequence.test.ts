/**
 * The fused whole-sequence kernels against the unfused sequence layer (the same cell unrolled
 * step by step by `unrollCell`): outputs, last outputs, final states and the gradients with respect
 * to inputs, initial state and every weight agree within 1e-5 relative, for LSTM, GRU and Elman
 * (tanh, relu, identity), dense and one-hot input, with and without padding, with the WebAssembly
 * SIMD numerics (on one thread and with the batch split across two) and the plain JavaScript
 * ones, on the cpu and wasm backends.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { selectBackend } from '../../../kernel/lib/backend';
import { tf } from '../../../kernel/lib/tf';
import { RNN } from '../../../kernel/lib/layers/sequence';
import { ElmanCell, type ElmanActivation } from '../../../kernel/lib/cells/elman';
import { GRUCell } from '../../../kernel/lib/cells/gru';
import { LSTMCell } from '../../../kernel/lib/cells/lstm';
import { fusedKernelInfo, setFusedKernels, setFusedThreads, type FusedMode } from '../../../kernel/lib/fused/dispatch';
import type { BaseCell } from '../../../kernel/lib/cells/baseCell';
import { assertNoLeak, onEachBackend } from '../../support/backends';
import { assertRelativeClose } from '../../support/closeness';
import { assertGradientsMatch } from '../../support/gradcheck';
import { randomiseWeights, randomTensor, seededUniform } from '../../support/random';

const I = 5;
const H = 6; // not a multiple of 4: the SIMD loops' scalar tails run too
const B = 3;
const T = 5;

const cells: Record<string, (seed: number) => BaseCell> = {
  LSTM: (seed) => new LSTMCell({ inputSize: I, hiddenSize: H, seed }),
  GRU: (seed) => new GRUCell({ inputSize: I, hiddenSize: H, seed }),
  ...Object.fromEntries(
    (['tanh', 'relu', 'identity'] as ElmanActivation[]).map((activation) => [
      `Elman ${activation}`,
      (seed: number) => new ElmanCell({ inputSize: I, hiddenSize: H, seed, activation }),
    ]),
  ),
};

function lengthsMask(lengths: number[], time: number): tf.Tensor2D {
  return tf.tensor2d(lengths.map((n) => Array.from({ length: time }, (_, t) => (t < n ? 1 : 0))));
}

function oneHotInput(random: () => number): tf.Tensor3D {
  const ids = Array.from({ length: B * T }, () => Math.floor((random() + 1) * 0.5 * I));
  return tf.tidy(() => tf.oneHot(tf.tensor1d(ids, 'int32'), I).toFloat().reshape([B, T, I])) as tf.Tensor3D;
}

/** A variable holding `init`'s values; `init` itself is freed (variables are kept by tidy). */
function variableOf(init: () => tf.Tensor): tf.Variable {
  return tf.tidy(() => tf.variable(init()));
}

interface Run {
  path: string;
  values: Record<string, Float32Array>;
}

/**
 * Applies `layer` and differentiates L = Σ outputs⊙P + Σ last⊙Q + Σ_k finalState_k⊙R_k with respect
 * to x, the initial state and the cell's weights; returns every value and gradient by name.
 */
function forwardAndGradients(layer: RNN, x: tf.Variable, state: tf.Variable[], mask: tf.Tensor2D | undefined, seed: number): Run {
  const random = seededUniform(seed);
  const P = randomTensor(random, [B, T, H]);
  const Q = randomTensor(random, [B, H]);
  const R = state.map(() => randomTensor(random, [B, H]));
  const values: Record<string, Float32Array> = {};
  const weights = layer.cell.weights;
  const variables = [x, ...state, weights.kernel, weights.recurrentKernel, weights.bias];
  const names = ['x', ...state.map((_, k) => `state${k}`), 'kernel', 'recurrentKernel', 'bias'];
  const { value, grads } = tf.variableGrads(() => {
    const result = layer.apply(x as unknown as tf.Tensor3D, { initialState: state as unknown as tf.Tensor2D[], mask });
    values.outputs = result.outputs.dataSync().slice() as Float32Array;
    values.last = result.last.dataSync().slice() as Float32Array;
    result.finalState.forEach((s, k) => (values[`finalState${k}`] = s.dataSync().slice() as Float32Array));
    let loss = tf.add(tf.sum(tf.mul(result.outputs, P)), tf.sum(tf.mul(result.last, Q)));
    result.finalState.forEach((s, k) => (loss = tf.add(loss, tf.sum(tf.mul(s, R[k])))));
    return loss as tf.Scalar;
  }, variables);
  variables.forEach((v, k) => (values[`d${names[k]}`] = grads[v.name].dataSync().slice() as Float32Array));
  tf.dispose([value, grads, P, Q, R]);
  return { path: layer.lastUnrollPath, values };
}

function compareWithUnfused(makeCell: (seed: number) => BaseCell, mode: FusedMode, input: 'dense' | 'one-hot', lengths: number[] | undefined) {
  setFusedKernels(mode);
  const cell = makeCell(11);
  randomiseWeights(cell.weights, 12, 0.6);
  const random = seededUniform(13);
  const x = variableOf(() => (input === 'dense' ? randomTensor(random, [B, T, I]) : oneHotInput(random)));
  const state = cell.stateNames.map(() => variableOf(() => randomTensor(random, [B, H])));
  const mask = lengths ? lengthsMask(lengths, T) : undefined;
  const fused = forwardAndGradients(new RNN(cell), x, state, mask, 14);
  const unfused = forwardAndGradients(new RNN(cell, { fused: false }), x, state, mask, 14);
  assert.equal(fused.path, `fused-${mode === 'wasm' ? 'wasm-simd' : 'javascript'}`);
  assert.equal(unfused.path, 'steps');
  for (const name of Object.keys(unfused.values)) assertRelativeClose(fused.values[name], unfused.values[name], 1e-5, name);
  tf.dispose([x, ...state, mask]);
  cell.dispose();
}

after(() => {
  setFusedKernels('auto');
  setFusedThreads('auto');
});

/** WebAssembly on one thread and on two (the batch split, each part on its own thread), and JavaScript. */
const runs: [FusedMode, number][] = [['wasm', 1], ['wasm', 2], ['javascript', 1]];

onEachBackend((backend) => {
  for (const [mode, threads] of runs) {
    const how = `${mode}, ${threads} thread${threads > 1 ? 's' : ''}`;
    for (const [name, makeCell] of Object.entries(cells)) {
      test(`${name}: fused (${how}) outputs, states and all gradients equal the step-by-step layer on a padded batch (${backend})`, () => {
        setFusedThreads(threads);
        assertNoLeak(() => compareWithUnfused(makeCell, mode, 'dense', [5, 2, 0]), 'comparison');
        assert.equal(fusedKernelInfo().threads, threads);
      });
      test(`${name}: fused (${how}) equals the step-by-step layer on one-hot input without padding (${backend})`, () => {
        setFusedThreads(threads);
        assertNoLeak(() => compareWithUnfused(makeCell, mode, 'one-hot', undefined), 'comparison');
      });
    }
  }
});

/*
 * The fused numerics do not depend on the tensor backend (only reading and writing tensors does,
 * which the comparisons above cover on both), so the finite differences run once, on cpu, whose
 * float32 sums of the loss are rounded the same way on every run.
 */
describe('finite differences on the cpu backend', () => {
  before(async () => {
    await selectBackend('cpu');
  });

  for (const [name, makeCell] of Object.entries(cells)) {
    for (const mode of ['wasm', 'javascript'] as const) {
      test(`${name}: the fused layer's gradients (${mode}) pass a finite-difference check with padding`, () => {
        setFusedKernels(mode);
        const cell = makeCell(21);
        randomiseWeights(cell.weights, 22, 0.6);
        const random = seededUniform(23);
        const x = variableOf(() => randomTensor(random, [B, T, I]));
        const h0 = variableOf(() => randomTensor(random, [B, H]));
        const rest = cell.stateNames.slice(1).map(() => randomTensor(random, [B, H]) as tf.Tensor2D);
        const P = randomTensor(random, [B, T, H]);
        const mask = lengthsMask([4, 5, 1], T);
        const layer = new RNN(cell);
        const loss = () =>
          tf.tidy(() => tf.sum(tf.mul(layer.apply(x as unknown as tf.Tensor3D, { initialState: [h0 as unknown as tf.Tensor2D, ...rest], mask }).outputs, P)) as tf.Scalar);
        assertGradientsMatch(loss, { ...cell.weights, x, h0 });
        assert.match(layer.lastUnrollPath, /^fused-/);
        tf.dispose([x, h0, rest, P, mask]);
        cell.dispose();
      });
    }
  }
});
