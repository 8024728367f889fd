import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectBackend } from '../../../kernel/lib/backend';
import { tf } from '../../../kernel/lib/tf';
import { discretizeDiagonal, discretizeDiagonalReal } from '../../../kernel/lib/ssm/discretize';
import { DiagonalSSM } from '../../../kernel/lib/ssm/lti';
import { SelectiveSSM } from '../../../kernel/lib/ssm/selective';
import { parallelScan, sequentialScan } from '../../../kernel/lib/ssm/scan';
import { causalConvolve } from '../../../kernel/lib/ssm/causalConvolution';
import { gradCheck } from '../../support/gradcheck';
import { assertNoLeak, onEachBackend } from '../../support/backends';

/** Plain-JS complex numbers in float64, the reference for the hand computations below. */
type C = [number, number];
const cmul = (x: C, y: C): C => [x[0] * y[0] - x[1] * y[1], x[0] * y[1] + x[1] * y[0]];
const cdiv = (x: C, y: C): C => {
  const d = y[0] * y[0] + y[1] * y[1];
  return [(x[0] * y[0] + x[1] * y[1]) / d, (x[1] * y[0] - x[0] * y[1]) / d];
};
const cexp = (x: C): C => [Math.exp(x[0]) * Math.cos(x[1]), Math.exp(x[0]) * Math.sin(x[1])];

function closeTo(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Math.abs(actual[i] - expected[i]) <= tolerance * Math.max(1, Math.abs(expected[i])), `${what}[${i}]: ${actual[i]} vs ${expected[i]}`);
  }
}

/** max |x − y| / max |y|: the relative error of a whole output. */
function relativeError(x: tf.Tensor, y: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(x, y))).dataSync()[0] / tf.max(tf.abs(y)).dataSync()[0]);
}

/**
 * Finite-difference check of every SSM weight. log Δ enters through exp(k·Δ·A), whose higher
 * derivatives are large, so central differences need a smaller ε there (measured on the zoh test
 * below: ε = 3e-2 → 11 % error, 1e-2 → 1.2 %, 3e-3 → 0.1 %); its gradient is large, so float32
 * rounding stays small at that ε. The other weights use the default ε = 1e-2. The bound 5e-3 leaves
 * room for float32 rounding on gradients near the 1e-2 floor; a wrong gradient errs by O(1).
 */
function checkSSMGradients(f: () => tf.Scalar, weights: Record<string, tf.Variable>): number {
  const { logStep, ...others } = weights;
  const main = gradCheck(f, others);
  const step = gradCheck(f, { logStep }, { epsilon: 2e-3 });
  const worst = main.maxRelativeError > step.maxRelativeError ? main : step;
  assert.ok(worst.maxRelativeError < 5e-3, JSON.stringify(worst));
  return worst.maxRelativeError;
}

/** Sets every weight of a DiagonalSSM with one channel and one mode (a = aRe + i aIm etc.). */
function setScalarSSM(ssm: DiagonalSSM, p: { a: C; b: C; c: C; d: number; step: number }): void {
  const w = ssm.weights;
  w.aLogNegReal.assign(tf.tensor2d([[Math.log(-p.a[0])]]));
  w.aImag.assign(tf.tensor2d([[p.a[1]]]));
  w.bReal.assign(tf.tensor2d([[p.b[0]]]));
  w.bImag.assign(tf.tensor2d([[p.b[1]]]));
  w.cReal.assign(tf.tensor2d([[p.c[0]]]));
  w.cImag.assign(tf.tensor2d([[p.c[1]]]));
  w.d.assign(tf.tensor1d([p.d]));
  w.logStep.assign(tf.tensor1d([Math.log(p.step)]));
}

test('zero-order hold of a real 1-d system gives Ā = exp(aΔ) and B̄ = (exp(aΔ) − 1)/a · b', async () => {
  await selectBackend('cpu');
  const [a, b, step] = [-0.7, 1.3, 0.25];
  const { stateMatrix, inputMatrix } = discretizeDiagonalReal('zoh', tf.tensor1d([a]), tf.tensor1d([b]), tf.tensor1d([step]));
  closeTo(stateMatrix.dataSync(), [Math.exp(a * step)], 1e-6, 'Ā');
  closeTo(inputMatrix.dataSync(), [((Math.exp(a * step) - 1) / a) * b], 1e-6, 'B̄');
  tf.dispose([stateMatrix, inputMatrix]);
});

test('bilinear discretisation of a real 1-d system gives Ā = (1 + aΔ/2)/(1 − aΔ/2) and B̄ = Δb/(1 − aΔ/2)', async () => {
  await selectBackend('cpu');
  const [a, b, step] = [-2, 0.5, 0.3];
  const { stateMatrix, inputMatrix } = discretizeDiagonalReal('bilinear', tf.tensor1d([a]), tf.tensor1d([b]), tf.tensor1d([step]));
  closeTo(stateMatrix.dataSync(), [(1 + (a * step) / 2) / (1 - (a * step) / 2)], 1e-6, 'Ā');
  closeTo(inputMatrix.dataSync(), [(step * b) / (1 - (a * step) / 2)], 1e-6, 'B̄');
  tf.dispose([stateMatrix, inputMatrix]);
});

test('complex diagonal discretisation matches complex arithmetic done by hand for both methods', async () => {
  await selectBackend('cpu');
  const a: C = [-0.5, 3.1];
  const b: C = [0.8, -0.4];
  const step = 0.2;
  const z: C = [a[0] * step, a[1] * step];
  const expected = {
    zoh: { Abar: cexp(z), Bbar: cmul(cdiv([cexp(z)[0] - 1, cexp(z)[1]], a), b) },
    bilinear: {
      Abar: cdiv([1 + z[0] / 2, z[1] / 2], [1 - z[0] / 2, -z[1] / 2]),
      Bbar: cdiv([step * b[0], step * b[1]], [1 - z[0] / 2, -z[1] / 2]),
    },
  };
  for (const method of ['zoh', 'bilinear'] as const) {
    const result = tf.tidy(() => {
      const d = discretizeDiagonal(method, { re: tf.tensor1d([a[0]]), im: tf.tensor1d([a[1]]) }, { re: tf.tensor1d([b[0]]), im: tf.tensor1d([b[1]]) }, tf.scalar(step));
      // Ā^5 from log Ā must equal Ā·Ā·Ā·Ā·Ā.
      const fifth = tf.exp(tf.mul(5, d.logStateMatrix.re));
      return [d.stateMatrix.re, d.stateMatrix.im, d.inputMatrix.re, d.inputMatrix.im, fifth].map((t) => t.dataSync()[0]);
    });
    const e = expected[method];
    closeTo(result.slice(0, 4), [...e.Abar, ...e.Bbar], 1e-5, method);
    const magnitude = Math.hypot(...e.Abar) ** 5;
    closeTo([result[4]], [magnitude], 1e-5, `${method} |Ā|^5`);
  }
});

/**
 * The ZOH closed form in float64, from the same float32 inputs the tensors hold. In float64 the
 * plain e^z − 1 loses at most 2e-16 / |z| ≤ 2e-9 relative for |z| ≥ 1e-7, far below the 1e-6
 * checked, so the reference does not need expm1 itself. The library computes in float32 tensors
 * (B̄ must stay differentiable in a and Δ); 1e-6 is within reach there because z = Δa rounds once
 * (6e-8 relative) and expm1, the division by a and the product with b each add about one float32
 * rounding, while e^z − 1 in float32 would lose 6e-8 / |z|: 0.6 relative at |z| = 1e-7.
 */
function zohInputMatrix64(a: C, b: C, step: number): C {
  const z: C = [a[0] * step, a[1] * step];
  const ez = cexp(z);
  return cmul(cdiv([ez[0] - 1, ez[1]], a), b);
}

/** |x − y| / |y| of complex numbers. */
const complexRelativeError = (x: C, y: C) => Math.hypot(x[0] - y[0], x[1] - y[1]) / Math.hypot(y[0], y[1]);

/** Every combination of a (complex, Re a < 0), b and Δ with |Δa| from 1e-7 to 0.5; rounded to float32. */
function zohGrid(): { a: C; b: C; step: number }[] {
  const f = Math.fround;
  const grid: { a: C; b: C; step: number }[] = [];
  for (const a of [[-0.01, 0], [-0.5, 0], [-1, 0], [-50, 0], [-0.01, 3 * Math.PI], [-0.5, 1], [-0.5, 20], [-2, -7]] as C[]) {
    for (const stepTimesA of [1e-7, 3e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 0.1, 0.5]) {
      const step = f(stepTimesA / Math.hypot(a[0], a[1]));
      grid.push({ a: [f(a[0]), f(a[1])], b: [f(0.8), f(-0.3)], step });
    }
  }
  return grid;
}

onEachBackend((backend) => {
  test(`zero-order hold B̄ matches the float64 closed form within 1e-6 relative for Δa down to 1e-7, real and complex (${backend})`, () => {
    const grid = zohGrid();
    const column = (values: number[]) => tf.tensor1d(values);
    const computed = assertNoLeak(() => tf.tidy(() => {
      const complex = discretizeDiagonal(
        'zoh',
        { re: column(grid.map((g) => g.a[0])), im: column(grid.map((g) => g.a[1])) },
        { re: column(grid.map((g) => g.b[0])), im: column(grid.map((g) => g.b[1])) },
        column(grid.map((g) => g.step)),
      );
      const real = discretizeDiagonalReal('zoh', column(grid.map((g) => g.a[0])), column(grid.map((g) => g.b[0])), column(grid.map((g) => g.step)));
      return { re: complex.inputMatrix.re.arraySync() as number[], im: complex.inputMatrix.im.arraySync() as number[], real: real.inputMatrix.arraySync() as number[] };
    }));
    let worstComplex = 0;
    let worstReal = 0;
    grid.forEach((g, i) => {
      const expected = zohInputMatrix64(g.a, g.b, g.step);
      const complexError = complexRelativeError([computed.re[i], computed.im[i]], expected);
      assert.ok(complexError <= 1e-6, `complex B̄ at a = ${g.a}, Δ = ${g.step}: ${computed.re[i]} + ${computed.im[i]}i vs ${expected}, relative error ${complexError}`);
      const expectedReal = zohInputMatrix64([g.a[0], 0], [g.b[0], 0], g.step)[0];
      const realError = Math.abs(computed.real[i] - expectedReal) / Math.abs(expectedReal);
      assert.ok(realError <= 1e-6, `real B̄ at a = ${g.a[0]}, Δ = ${g.step}: ${computed.real[i]} vs ${expectedReal}, relative error ${realError}`);
      worstComplex = Math.max(worstComplex, complexError);
      worstReal = Math.max(worstReal, realError);
    });
    assert.ok(worstComplex > 0 && worstReal > 0, 'float32 results differ from float64 somewhere: the comparison is live');
  });
});

onEachBackend((backend) => {
  test(`DiagonalSSM and SelectiveSSM draw a random seed when none is given, like cells and layers, and rebuild from it (${backend})`, () => {
    const weightsOf = (ssm: DiagonalSSM | SelectiveSSM) => Object.fromEntries(Object.entries(ssm.weights).map(([name, w]) => [name, Array.from(w.dataSync())]));
    const makers = {
      DiagonalSSM: (seed?: number) => new DiagonalSSM({ channels: 2, stateSize: 3, seed }),
      SelectiveSSM: (seed?: number) => new SelectiveSSM({ channels: 2, stateSize: 3, seed }),
    };
    for (const [name, make] of Object.entries(makers)) {
      const [first, second] = [make(), make()];
      assert.ok(Number.isInteger(first.seed) && first.seed >= 0, `${name}.seed is ${first.seed}`);
      assert.notEqual(first.seed, second.seed, `${name}: two models without a seed got the same one`);
      assert.notDeepEqual(weightsOf(first), weightsOf(second), `${name}: two models without a seed start from the same weights`);
      const again = make(first.seed);
      assert.equal(again.seed, first.seed);
      assert.deepEqual(weightsOf(again), weightsOf(first), `${name}: the seed read back rebuilds the same weights`);
      for (const ssm of [first, second, again]) ssm.dispose();
    }
  });
});

test('an unknown discretisation method is refused by name', async () => {
  await selectBackend('cpu');
  assert.throws(() => discretizeDiagonalReal('euler' as never, tf.scalar(-1), tf.scalar(1), tf.scalar(0.1)), /unknown method 'euler'; expected one of zoh, bilinear/);
  assert.throws(() => new DiagonalSSM({ channels: 2, stateSize: 0 }), /stateSize must be a positive integer, got 0/);
});

test('the convolution kernel of a one-mode SSM is Re(C Ā^k B̄), computed by hand', async () => {
  await selectBackend('cpu');
  const p = { a: [-0.4, 2] as C, b: [1, 0.5] as C, c: [0.3, -0.7] as C, d: 0.5, step: 0.1 };
  const ssm = new DiagonalSSM({ channels: 1, stateSize: 1 });
  setScalarSSM(ssm, p);
  const z: C = [p.a[0] * p.step, p.a[1] * p.step];
  const Abar = cexp(z);
  const Bbar = cmul(cdiv([Abar[0] - 1, Abar[1]], p.a), p.b);
  const expected: number[] = [];
  let power: C = [1, 0];
  for (let k = 0; k < 6; k++) {
    expected.push(cmul(cmul(p.c, power), Bbar)[0]);
    power = cmul(power, Abar);
  }
  const K = ssm.kernel(6);
  closeTo(K.dataSync(), expected, 1e-5, 'K');
  K.dispose();
  ssm.dispose();
});

test('the recurrent view follows x_k = Ā x_{k−1} + B̄ u_k, y_k = Re(C x_k) + D u_k step by step', async () => {
  await selectBackend('cpu');
  const p = { a: [-1.5, 0.8] as C, b: [0.6, 0.2] as C, c: [1.1, 0.4] as C, d: -0.3, step: 0.5 };
  const ssm = new DiagonalSSM({ channels: 1, stateSize: 1, discretization: 'bilinear' });
  setScalarSSM(ssm, p);
  const u = [1, -2, 0.5, 3, 0];
  const z: C = [p.a[0] * p.step, p.a[1] * p.step];
  const denominator: C = [1 - z[0] / 2, -z[1] / 2];
  const Abar = cdiv([1 + z[0] / 2, z[1] / 2], denominator);
  const Bbar = cdiv([p.step * p.b[0], p.step * p.b[1]], denominator);
  let x: C = [0, 0];
  const expected = u.map((uk) => {
    const drive = cmul(Bbar, [uk, 0]);
    const carried = cmul(Abar, x);
    x = [carried[0] + drive[0], carried[1] + drive[1]];
    return cmul(p.c, x)[0] + p.d * uk;
  });
  const input = tf.tensor3d(u, [1, u.length, 1]);
  const { output, finalState } = ssm.recurrent(input);
  closeTo(output.dataSync(), expected, 1e-5, 'y');
  closeTo([finalState.re.dataSync()[0], finalState.im.dataSync()[0]], x, 1e-5, 'x_T');
  tf.dispose([input, output, finalState.re, finalState.im]);
  ssm.dispose();
});

for (const init of ['lin', 'inv', 'real'] as const) {
  for (const discretization of ['zoh', 'bilinear'] as const) {
    test(`recurrence and convolution give the same output within 1e-5 relative (S4D-${init}, ${discretization})`, async () => {
      await selectBackend('cpu');
      const ssm = new DiagonalSSM({ channels: 3, stateSize: 8, init, discretization, stepRange: [0.01, 0.5], seed: 7 });
      const input = tf.randomNormal([2, 40, 3], 0, 1, 'float32', 11) as tf.Tensor3D;
      const before = tf.memory().numTensors;
      const convolutional = ssm.convolutional(input);
      const { output: recurrent, finalState } = ssm.recurrent(input);
      const error = relativeError(convolutional, recurrent);
      assert.ok(error < 1e-5, `relative error ${error}`);
      tf.dispose([convolutional, recurrent, finalState.re, finalState.im]);
      assert.equal(tf.memory().numTensors, before);
      input.dispose();
      ssm.dispose();
    });
  }
}

test('carrying the final state into the next chunk equals running the whole sequence', async () => {
  await selectBackend('cpu');
  const ssm = new DiagonalSSM({ channels: 2, stateSize: 4, seed: 3, stepRange: [0.05, 0.2] });
  const input = tf.randomNormal([2, 12, 2], 0, 1, 'float32', 5) as tf.Tensor3D;
  const [first, second] = tf.split(input, [7, 5], 1) as tf.Tensor3D[];
  const whole = ssm.recurrent(input);
  const a = ssm.recurrent(first);
  const b = ssm.recurrent(second, { initialState: a.finalState });
  const joined = tf.concat([a.output, b.output], 1);
  assert.ok(relativeError(joined, whole.output) < 1e-5);
  const stepped = ssm.advance(tf.tidy(() => tf.squeeze(tf.slice(second, [0, 0, 0], [2, 1, 2]), [1])) as tf.Tensor2D, a.finalState);
  closeTo(stepped.output.dataSync(), tf.tidy(() => tf.slice(b.output, [0, 0, 0], [2, 1, 2]).dataSync()), 1e-5, 'advance');
  tf.dispose([input, first, second, whole.output, whole.finalState.re, whole.finalState.im, a.output, a.finalState.re, a.finalState.im, b.output, b.finalState.re, b.finalState.im, joined, stepped.output, stepped.state.re, stepped.state.im]);
  ssm.dispose();
});

test('causal convolution uses only the present and past inputs', async () => {
  await selectBackend('cpu');
  // y_t = Σ_{s ≤ t} K_{t−s} u_s with K = [1, 10, 100] and u = [1, 2, 3]: y = [1, 12, 123].
  const y = causalConvolve(tf.tensor2d([[1, 10, 100]]), tf.tensor3d([1, 2, 3], [1, 3, 1]));
  assert.deepEqual(Array.from(y.dataSync()), [1, 12, 123]);
  assert.throws(() => causalConvolve(tf.tensor2d([[1, 2]]), tf.zeros([1, 3, 1]) as tf.Tensor3D), /kernel has 2 taps but the input has 3 steps/);
  y.dispose();
});

test('the causal convolution\'s hand-written gradient agrees with finite differences for kernel and input', async () => {
  for (const backend of ['cpu', 'wasm'] as const) {
    await selectBackend(backend);
    // A kernel longer than the input: the extra taps get zero gradient.
    const kernel = tf.variable(tf.randomNormal([3, 7], 0, 1, 'float32', 1));
    const input = tf.variable(tf.randomNormal([2, 5, 3], 0, 1, 'float32', 2));
    const probe = tf.randomNormal([2, 5, 3], 0, 1, 'float32', 3);
    const before = tf.memory().numTensors;
    const result = gradCheck(() => tf.sum(tf.mul(causalConvolve(kernel as tf.Tensor2D, input as tf.Tensor3D), probe)), { kernel, input });
    // float32 sums on wasm leave ~1e-3 of rounding on the smallest gradients (see checkSSMGradients).
    assert.ok(result.maxRelativeError < 5e-3, `${backend}: ${JSON.stringify(result)}`);
    const { value, grads } = tf.variableGrads(() => tf.sum(causalConvolve(kernel as tf.Tensor2D, input as tf.Tensor3D)), [kernel]);
    const dKernel = grads[kernel.name].arraySync() as number[][];
    assert.deepEqual(dKernel.map((row) => row.slice(5)), [[0, 0], [0, 0], [0, 0]]);
    tf.dispose([value, ...Object.values(grads)]);
    assert.equal(tf.memory().numTensors, before);
    tf.dispose([kernel, input, probe]);
  }
  await selectBackend('cpu');
});

test('a wrong input layout names the expected shape', async () => {
  await selectBackend('cpu');
  const ssm = new DiagonalSSM({ channels: 3, stateSize: 2 });
  const wrong = tf.zeros([2, 5, 4]) as tf.Tensor3D;
  assert.throws(() => ssm.convolutional(wrong), /DiagonalSSM.convolutional input: expected shape \[batch, time, channels=3\], got \[2, 5, 4\]/);
  wrong.dispose();
  ssm.dispose();
});

test('gradients of the convolutional and recurrent views agree with finite differences', async () => {
  await selectBackend('cpu');
  for (const discretization of ['zoh', 'bilinear'] as const) {
    const ssm = new DiagonalSSM({ channels: 2, stateSize: 3, discretization, stepRange: [0.05, 0.2], seed: 1 });
    const input = tf.randomNormal([2, 6, 2], 0, 1, 'float32', 2) as tf.Tensor3D;
    const probe = tf.randomNormal([2, 6, 2], 0, 1, 'float32', 3);
    for (const mode of ['convolutional', 'recurrent'] as const) {
      const before = tf.memory().numTensors;
      checkSSMGradients(() => tf.sum(tf.mul(ssm.forward(input, { mode }), probe)), ssm.weights);
      assert.equal(tf.memory().numTensors, before);
    }
    tf.dispose([input, probe]);
    ssm.dispose();
  }
});

test('the parallel prefix scan equals the sequential recurrence, with and without an initial state', async () => {
  await selectBackend('cpu');
  for (const time of [1, 5, 8, 13]) {
    const a = tf.randomUniform([2, time, 3], 0.5, 1, 'float32', time);
    const b = tf.randomNormal([2, time, 3], 0, 1, 'float32', time + 1);
    const initial = tf.randomNormal([2, 3], 0, 1, 'float32', time + 2);
    for (const x0 of [undefined, initial]) {
      const sequential = sequentialScan(a, b, x0);
      const parallel = parallelScan(a, b, x0);
      assert.ok(relativeError(parallel, sequential) < 1e-5, `T=${time}`);
      tf.dispose([sequential, parallel]);
    }
    tf.dispose([a, b, initial]);
  }
  assert.throws(() => sequentialScan(tf.zeros([1, 2, 3]), tf.zeros([1, 2, 4])), /a and b must have the same shape/);
});

test('the selective SSM matches a plain-JS computation of Δ_t, B_t, C_t and the recurrence', async () => {
  await selectBackend('cpu');
  const ssm = new SelectiveSSM({ channels: 2, stateSize: 2 });
  const W = { aLogNeg: [[0, Math.log(2)], [Math.log(0.5), 0]], inputGain: [[0.5, -1], [0.2, 0.3]], outputGain: [[1, 0.4], [-0.6, 0.7]], stepKernel: [[0.3, -0.2], [0.1, 0.4]], stepBias: [-1, 0.5], d: [0.2, -0.1] };
  for (const [name, value] of Object.entries(W)) (ssm.weights as Record<string, tf.Variable>)[name].assign(tf.tensor(value));
  const u = [[1, -0.5], [0.3, 2], [-1, 0.7]];
  const A = W.aLogNeg.map((row) => row.map((v) => -Math.exp(v)));
  const softplus = (v: number) => Math.log1p(Math.exp(v));
  const x = [[0, 0], [0, 0]];
  const expected: number[] = [];
  for (const ut of u) {
    const steps = [0, 1].map((h) => softplus(ut[0] * W.stepKernel[0][h] + ut[1] * W.stepKernel[1][h] + W.stepBias[h]));
    const Bt = [0, 1].map((n) => ut[0] * W.inputGain[0][n] + ut[1] * W.inputGain[1][n]);
    const Ct = [0, 1].map((n) => ut[0] * W.outputGain[0][n] + ut[1] * W.outputGain[1][n]);
    for (let h = 0; h < 2; h++) {
      let y = W.d[h] * ut[h];
      for (let n = 0; n < 2; n++) {
        const Abar = Math.exp(steps[h] * A[h][n]);
        const Bbar = ((Abar - 1) / A[h][n]) * Bt[n];
        x[h][n] = Abar * x[h][n] + Bbar * ut[h];
        y += Ct[n] * x[h][n];
      }
      expected.push(y);
    }
  }
  const input = tf.tensor3d([u]);
  for (const scan of ['sequential', 'parallel'] as const) {
    const { output, finalState, internals } = ssm.forward(input, { scan, internals: true });
    closeTo(output.dataSync(), expected, 1e-5, `${scan} y`);
    closeTo(finalState.dataSync(), x.flat(), 1e-5, `${scan} x_T`);
    assert.deepEqual(internals?.steps.shape, [1, 3, 2]);
    tf.dispose([output, finalState, internals!.steps, internals!.inputGains, internals!.outputGains]);
  }
  input.dispose();
  ssm.dispose();
});

test('selective SSM gradients agree with finite differences for both scans, without leaking tensors', async () => {
  await selectBackend('cpu');
  for (const discretization of ['zoh', 'bilinear'] as const) {
    const ssm = new SelectiveSSM({ channels: 2, stateSize: 3, discretization, stepRange: [0.1, 0.5], seed: 4 });
    const input = tf.randomNormal([2, 5, 2], 0, 1, 'float32', 8) as tf.Tensor3D;
    const probe = tf.randomNormal([2, 5, 2], 0, 1, 'float32', 9);
    for (const scan of ['sequential', 'parallel'] as const) {
      const before = tf.memory().numTensors;
      const result = gradCheck(() => tf.tidy(() => {
        const { output, finalState } = ssm.forward(input, { scan });
        return tf.add(tf.sum(tf.mul(output, probe)), tf.sum(finalState)) as tf.Scalar;
      }), ssm.weights);
      assert.ok(result.maxRelativeError < 5e-3, `${discretization} ${scan}: ${JSON.stringify(result)}`);
      assert.equal(tf.memory().numTensors, before);
    }
    tf.dispose([input, probe]);
    ssm.dispose();
  }
});

test('one selective step carried from a state equals the next step of the whole sequence', async () => {
  await selectBackend('cpu');
  const ssm = new SelectiveSSM({ channels: 3, stateSize: 2, seed: 2 });
  const input = tf.randomNormal([2, 4, 3], 0, 1, 'float32', 6) as tf.Tensor3D;
  const whole = ssm.forward(input);
  const prefix = ssm.forward(tf.slice(input, [0, 0, 0], [2, 3, 3]) as tf.Tensor3D);
  const last = tf.squeeze(tf.slice(input, [0, 3, 0], [2, 1, 3]), [1]) as tf.Tensor2D;
  const step = ssm.advance(last, prefix.finalState);
  closeTo(step.output.dataSync(), tf.slice(whole.output, [0, 3, 0], [2, 1, 3]).dataSync(), 1e-5, 'y_3');
  closeTo(step.state.dataSync(), whole.finalState.dataSync(), 1e-5, 'x_3');
  tf.dispose([input, whole.output, whole.finalState, prefix.output, prefix.finalState, last, step.output, step.state]);
  ssm.dispose();
});

test('on the wasm backend the two views agree and the gradients still check', async () => {
  await selectBackend('wasm');
  const ssm = new DiagonalSSM({ channels: 2, stateSize: 4, seed: 5, stepRange: [0.05, 0.2] });
  const input = tf.randomNormal([1, 8, 2], 0, 1, 'float32', 1) as tf.Tensor3D;
  const convolutional = ssm.convolutional(input);
  const { output, finalState } = ssm.recurrent(input);
  assert.ok(relativeError(convolutional, output) < 1e-5);
  const probe = tf.randomNormal([1, 8, 2], 0, 1, 'float32', 2);
  checkSSMGradients(() => tf.sum(tf.mul(ssm.convolutional(input), probe)), ssm.weights);
  const selective = new SelectiveSSM({ channels: 2, stateSize: 3, seed: 1, scan: 'parallel' });
  const selectiveCheck = gradCheck(() => tf.sum(tf.mul(selective.forward(input).output, probe)), selective.weights);
  assert.ok(selectiveCheck.maxRelativeError < 5e-3, JSON.stringify(selectiveCheck));
  tf.dispose([input, probe, convolutional, output, finalState.re, finalState.im]);
  ssm.dispose();
  selective.dispose();
});
