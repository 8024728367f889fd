import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectBackend } from '../../../kernel/lib/backend';
import { tf } from '../../../kernel/lib/tf';
import { eigenvalues, frobeniusNorm, singularValues, spectralNorm, spectralRadius, spectrum } from '../../../kernel/lib/analysis/spectrum';

const near = (a: number, b: number, tolerance = 1e-10) => assert.ok(Math.abs(a - b) < tolerance, `${a} vs ${b}`);

test('a scaled rotation has complex eigenvalues ρ·e^{±iθ} and spectral radius ρ', () => {
  // 0.9 · [[cos θ, −sin θ], [sin θ, cos θ]], θ = 0.3: eigenvalues 0.9 (cos θ ± i sin θ), both singular values 0.9.
  const theta = 0.3;
  const w = [[0.9 * Math.cos(theta), -0.9 * Math.sin(theta)], [0.9 * Math.sin(theta), 0.9 * Math.cos(theta)]];
  const values = eigenvalues(w);
  near(values[0].re, 0.9 * Math.cos(theta));
  near(Math.abs(values[0].im), 0.9 * Math.sin(theta));
  near(values[0].im, -values[1].im);
  near(spectralRadius(w), 0.9);
  singularValues(w).forEach((s) => near(s, 0.9));
});

test('a non-symmetric triangular matrix has its diagonal as eigenvalues and √eig(WᵀW) as singular values', () => {
  // W = [[2, 1], [0, 3]]: eigenvalues 3, 2; WᵀW = [[4, 2], [2, 10]] has eigenvalues 7 ± √13.
  const w = [[2, 1], [0, 3]];
  assert.deepEqual(eigenvalues(w).map((e) => [Math.round(e.re * 1e9) / 1e9, e.im]), [[3, 0], [2, 0]]);
  const sigma = singularValues(w);
  near(sigma[0], Math.sqrt(7 + Math.sqrt(13)));
  near(sigma[1], Math.sqrt(7 - Math.sqrt(13)));
  const s = spectrum(w);
  near(s.spectralRadius, 3);
  near(s.spectralNorm, sigma[0]);
  near(s.conditionNumber, sigma[0] / sigma[1]);
  near(frobeniusNorm(w), Math.sqrt(4 + 1 + 9));
});

test('tensors and nested arrays give the same spectrum, and non-square matrices still have singular values', async () => {
  await selectBackend('cpu');
  const rows = [[0.2, -0.5, 0.1], [0.4, 0.3, -0.2], [-0.1, 0.6, 0.5]];
  const tensor = tf.tensor2d(rows);
  const fromTensor = spectrum(tensor);
  const fromArray = spectrum(rows);
  fromTensor.eigenvalues.forEach((e, i) => { near(e.re, fromArray.eigenvalues[i].re, 1e-6); near(e.im, fromArray.eigenvalues[i].im, 1e-6); });
  const wide = tf.tensor2d([[3, 0, 0, 0], [0, 4, 0, 0]]);
  assert.deepEqual(singularValues(wide).map((s) => Math.round(s * 1e6) / 1e6), [4, 3]);
  near(spectralNorm(wide), 4, 1e-6);
  tf.dispose([tensor, wide]);
});

test('bad matrices are refused with the shape that was expected', async () => {
  await selectBackend('cpu');
  assert.throws(() => eigenvalues([[1, 2, 3], [4, 5, 6]]), /eigenvalues need a square matrix; got \[2, 3\]/);
  assert.throws(() => singularValues([[1, 2], [3]]), /every row must have 2 entries; row 1 has 1/);
  assert.throws(() => spectralRadius([[1, NaN], [0, 1]]), /entry \[0\]\[1\] is NaN/);
  const vector = tf.tensor1d([1, 2]);
  assert.throws(() => spectrum(vector), /expected a 2-D matrix \[rows, cols\]; got a tensor of shape \[2\]/);
  vector.dispose();
});
