import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectBackend } from '../../kernel/lib/backend';
import { tf } from '../../kernel/lib/tf';
import { rejects, stub } from '../support/exercises';
import { checkClipByGlobalNorm, checkLinearJacobian, checkTanhJacobian } from '../../kernel/lib/exercises/lesson02';
import { clipByGlobalNorm, linearJacobian, tanhJacobian } from '../../lessons/solutions/lesson02';

const transpose = (m: number[][]) => m[0].map((_, j) => m.map((row) => row[j]));

test('the reference solutions pass every lesson 2 check without leaking tensors', async () => {
  await selectBackend('cpu');
  const before = tf.memory().numTensors;
  assert.match(checkLinearJacobian(linearJacobian), /^✓ linearJacobian matches/);
  assert.match(checkTanhJacobian(tanhJacobian), /^✓ tanhJacobian matches/);
  assert.match(checkClipByGlobalNorm(clipByGlobalNorm), /^✓ clipByGlobalNorm matches/);
  assert.equal(tf.memory().numTensors, before);
});

test('stubs are reported as not attempted', async () => {
  await selectBackend('cpu');
  assert.match(checkLinearJacobian(stub), /^not attempted yet: linearJacobian/);
  assert.match(checkTanhJacobian(stub), /^not attempted yet: tanhJacobian/);
  assert.match(checkClipByGlobalNorm(stub), /^not attempted yet: clipByGlobalNorm/);
});

test('linear-Jacobian mistakes are named: transposed W, one factor too few, elementwise power, lag 0', async () => {
  await selectBackend('cpu');
  rejects(() => checkLinearJacobian((W, lag) => linearJacobian(transpose(W), lag)), /disagrees with stateJacobians/, /Wᵀ instead of W/);
  rejects(() => checkLinearJacobian((W, lag) => linearJacobian(W, Math.max(0, lag - 1))), /one factor too few/);
  rejects(() => checkLinearJacobian((W, lag) => W.map((row) => row.map((v) => v ** lag))), /raised each entry to the power/);
  rejects(() => checkLinearJacobian((W, lag) => (lag === 0 ? W : linearJacobian(W, lag))), /∂h_T\/∂h_T is the identity/);
  rejects(() => checkLinearJacobian(() => [[1]]), /must return a 3×3 matrix/);
});

/** Π_k factor(W, z_k) with the latest step on the left, as the exercise asks, for any per-step factor. */
function productOf(W: number[][], zs: number[][], factor: (W: number[][], z: number[]) => number[][]): number[][] {
  let product: number[][] = W.map((_, i) => W.map((__, j) => (i === j ? 1 : 0)));
  for (let k = zs.length - 1; k >= 0; k--) {
    const f = factor(W, zs[k]);
    product = product.map((row) => f[0].map((_, j) => row.reduce((s, v, m) => s + v * f[m][j], 0)));
  }
  return product;
}

test('tanh-Jacobian mistakes are named: wrong order, tanh instead of its derivative, missing derivative, columns scaled', async () => {
  await selectBackend('cpu');
  const reversed = (W: number[][], zs: number[][]) => tanhJacobian(W, [...zs].reverse());
  rejects(() => checkTanhJacobian(reversed), /wrong order: the latest step/);
  const withTanh = (W: number[][], zs: number[][]) => productOf(W, zs, (w, z) => w.map((row, i) => row.map((v) => Math.tanh(z[i]) * v)));
  rejects(() => checkTanhJacobian(withTanh), /used tanh\(z\) for the derivative/);
  rejects(() => checkTanhJacobian((W, zs) => linearJacobian(W, zs.length)), /Diag\(1 − tanh²\(z_k\)\) factors are missing/);
  const columns = (W: number[][], zs: number[][]) => productOf(W, zs, (w, z) => w.map((row) => row.map((v, j) => v * (1 - Math.tanh(z[j]) ** 2))));
  rejects(() => checkTanhJacobian(columns), /scaled the columns of W/);
});

test('clipping mistakes are named: per-tensor clipping, always rescaling, clipping by value, NaN on zero gradients, mutation', async () => {
  await selectBackend('cpu');
  const perTensor = (gs: number[][], c: number) => gs.map((g) => clipByGlobalNorm([g], c)[0]);
  rejects(() => checkClipByGlobalNorm(perTensor), /clipped each gradient by its own norm/);
  const always = (gs: number[][], c: number) => {
    const norm = Math.sqrt(gs.flat().reduce((s, v) => s + v * v, 0));
    return gs.map((g) => g.map((v) => (v * c) / norm));
  };
  rejects(() => checkClipByGlobalNorm(always), /gradients within the threshold stay as they are/);
  rejects(() => checkClipByGlobalNorm((gs, c) => gs.map((g) => g.map((v) => Math.max(-c, Math.min(c, v))))), /clipping by value/);
  const nanOnZero = (gs: number[][], c: number) => {
    const norm = Math.sqrt(gs.flat().reduce((s, v) => s + v * v, 0));
    return gs.map((g) => g.map((v) => v * Math.min(1, c / norm) * (norm === 0 ? NaN : 1)));
  };
  rejects(() => checkClipByGlobalNorm(nanOnZero), /all finite numbers/, /entry \[0\]\[0\] is NaN for all-zero gradients/);
  const mutating = (gs: number[][], c: number) => {
    const out = clipByGlobalNorm(gs, c);
    gs[0][0] = 0;
    return out;
  };
  rejects(() => checkClipByGlobalNorm(mutating), /changed the gradients it was given/);
});
