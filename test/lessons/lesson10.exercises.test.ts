import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectBackend } from '../../kernel/lib/backend';
import { tf } from '../../kernel/lib/tf';
import { rejects, stub } from '../support/exercises';
import { checkCombine, checkKernel, checkZoh, type ScanElement } from '../../kernel/lib/exercises/lesson10';
import { combine, convolutionKernel, zohDiscretize } from '../../lessons/solutions/lesson10';

for (const backend of ['cpu', 'wasm'] as const) {
  test(`the reference solutions pass their checks on ${backend} without leaking tensors`, async () => {
    await selectBackend(backend);
    const before = tf.memory().numTensors;
    assert.match(checkZoh(zohDiscretize), /^✓ zohDiscretize matches the library's discretizeDiagonalReal/);
    assert.match(checkKernel(convolutionKernel), /^✓ convolutionKernel equals the impulse response/);
    assert.match(checkCombine(combine), /^✓ combine composes two steps/);
    assert.equal(tf.memory().numTensors, before);
  });
}

test('stubs are reported as not attempted, without leaking tensors', async () => {
  await selectBackend('cpu');
  const before = tf.memory().numTensors;
  assert.match(checkZoh(stub), /^not attempted yet: zohDiscretize still throws "your code here"/);
  assert.match(checkKernel(stub), /^not attempted yet: convolutionKernel/);
  assert.match(checkCombine(stub), /^not attempted yet: combine/);
  assert.equal(tf.memory().numTensors, before);
});

test('ZOH mistakes are named: Euler, Mamba\'s first-order B̄, dividing by Δa, a missing b', async () => {
  await selectBackend('cpu');
  const exactA = (a: number[], step: number) => a.map((v) => Math.exp(step * v));
  rejects(() => checkZoh((a, b, step) => ({ stateMatrix: a.map((v) => 1 + step * v), inputMatrix: b.map((v) => step * v) })), /stateMatrix \(Ā\) is wrong/, /forward Euler/);
  rejects(() => checkZoh((a, b, step) => ({ stateMatrix: exactA(a, step), inputMatrix: b.map((v) => step * v) })), /inputMatrix \(B̄\) is wrong/, /first-order approximation \(Mamba uses it\)/);
  rejects(() => checkZoh((a, b, step) => ({ stateMatrix: exactA(a, step), inputMatrix: a.map((v, i) => (Math.expm1(step * v) / (step * v)) * b[i]) })), /divided by Δa instead of a/);
  rejects(() => checkZoh((a, _b, step) => ({ stateMatrix: exactA(a, step), inputMatrix: a.map((v) => Math.expm1(step * v) / v) })), /b is missing/);
  rejects(() => checkZoh((a, b, step) => ({ stateMatrix: a.map((v) => Math.exp(-step * v)), inputMatrix: b })), /wrong sign/);
});

test('a ZOH answer of the wrong shape, or one that changes its arguments, is explained', async () => {
  await selectBackend('cpu');
  rejects(() => checkZoh((a) => ({ stateMatrix: a.map(Math.exp), inputMatrix: [] as number[] })), /must return \{ stateMatrix, inputMatrix \}, each an array of 4 numbers/);
  rejects(() => checkZoh((a, b, step) => {
    const result = zohDiscretize(a, b, step);
    a.fill(0);
    return result;
  }), /changed a or b/);
});

test('kernel mistakes are named: powers from Ā¹, reversed order, a missing B̄', async () => {
  await selectBackend('cpu');
  const kernelWith = (term: (an: number, bn: number, cn: number, k: number) => number) => (A: number[], B: number[], C: number[], length: number) =>
    Array.from({ length }, (_, k) => A.reduce((sum, an, n) => sum + term(an, B[n], C[n], k), 0));
  rejects(() => checkKernel(kernelWith((an, bn, cn, k) => cn * an ** (k + 1) * bn)), /powers start at Ā¹/);
  rejects(() => checkKernel((A, B, C, length) => convolutionKernel(A, B, C, length).reverse()), /reversed/);
  rejects(() => checkKernel(kernelWith((an, _bn, cn, k) => cn * an ** k)), /B̄ is missing/);
  rejects(() => checkKernel((A, B, C) => convolutionKernel(A, B, C, 3)), /must return 8 numbers/);
});

test('combine mistakes are named: the steps applied in the wrong order, offsets added without scaling', async () => {
  await selectBackend('cpu');
  const swapped = (earlier: ScanElement, later: ScanElement) => combine(later, earlier);
  rejects(() => checkCombine(swapped), /applied `later` first/);
  rejects(() => checkCombine((e, l) => ({ a: l.a.map((v, i) => v * e.a[i]), b: l.b.map((v, i) => v + e.b[i]) })), /b = b \+ b′/);
  rejects(() => checkCombine((e, l) => ({ a: l.a.map((v, i) => v + e.a[i]), b: l.a.map((v, i) => v * e.b[i] + l.b[i]) })), /a = a \+ a′/);
});
