/**
 * The fused kernels' linear-algebra primitives, WebAssembly SIMD and plain JavaScript, against
 * textbook loops in float64: the packed-panel product with every kind of edge (rows not a multiple
 * of 4, columns not a multiple of 8, K beyond one 256-deep block, accumulate on and off), the
 * transpose, the one-hot row gather and its scatter-add transpose, row sums and the time/batch swap.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsNumerics } from '../../../kernel/lib/fused/jsNumerics';
import type { Numerics } from '../../../kernel/lib/fused/numerics';
import { instantiateRecurrentWasm, loadRecurrentWasm, relaxedSimdSupported } from '../../../kernel/lib/fused/wasmModule';
import { wasmNumerics } from '../../../kernel/lib/fused/wasmNumerics';
import { assertRelativeClose } from '../../support/closeness';
import { seededUniform } from '../../support/random';

const loaded = loadRecurrentWasm();

test('the SIMD module was built by npm run build (clang with the wasm32 target and lld are installed)', () => {
  assert.ok('module' in loaded, 'missing' in loaded ? loaded.missing : '');
});

const implementations: [string, Numerics][] = [['javascript', jsNumerics]];
for (const variant of ['simd128', 'relaxed'] as const) {
  const build = loadRecurrentWasm(variant);
  if ('module' in build) implementations.push([`wasm-simd (${variant} build)`, wasmNumerics(instantiateRecurrentWasm(build.module))]);
}

test('the relaxed-SIMD build, where clang 16+ built it, is validated and chosen by default on this runtime', (t) => {
  const relaxed = loadRecurrentWasm('relaxed');
  if (!('module' in relaxed)) return t.skip(relaxed.missing);
  assert.equal(relaxedSimdSupported(), true);
  assert.ok('variant' in loaded && loaded.variant === 'relaxed', 'the default load takes the relaxed build');
});

function naiveProduct(M: number, N: number, K: number, A: ArrayLike<number>, B: ArrayLike<number>, C: ArrayLike<number>, accumulate: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let sum = accumulate ? C[i * N + j] : 0;
      for (let k = 0; k < K; k++) sum += A[i * K + k] * B[k * N + j];
      out.push(sum);
    }
  }
  return out;
}

for (const [name, num] of implementations) {
  test(`${name}: gemm with packed panels equals the textbook product for awkward shapes, with and without accumulation`, () => {
    const random = seededUniform(1);
    const shapes: [number, number, number][] = [[1, 1, 1], [7, 13, 300], [4, 8, 256], [5, 16, 3], [33, 65, 520], [32, 512, 128]];
    for (const [M, N, K] of shapes) {
      for (const accumulate of [false, true]) {
        const ws = num.allocate({ A: M * K, B: K * N, packed: num.linalg.panelSize(K, N), C: M * N });
        ws.f32.A.set(Array.from({ length: M * K }, random));
        ws.f32.B.set(Array.from({ length: K * N }, random));
        ws.f32.C.set(Array.from({ length: M * N }, random));
        const expected = naiveProduct(M, N, K, ws.f32.A, ws.f32.B, ws.f32.C, accumulate);
        num.linalg.packPanels(K, N, ws.f32.B, N, ws.f32.packed);
        num.linalg.gemm(M, N, K, ws.f32.A, K, ws.f32.packed, ws.f32.C, N, accumulate);
        assertRelativeClose(ws.f32.C, expected, 1e-6, `gemm ${M}x${N}x${K} accumulate=${accumulate}`);
      }
    }
  });

  test(`${name}: gemm honours leading dimensions, so it can write a column block of a wider matrix`, () => {
    const random = seededUniform(2);
    const [M, N, K, ldc] = [6, 5, 9, 12];
    const ws = num.allocate({ A: M * K, B: K * N, packed: num.linalg.panelSize(K, N), C: M * ldc });
    ws.f32.A.set(Array.from({ length: M * K }, random));
    ws.f32.B.set(Array.from({ length: K * N }, random));
    ws.f32.C.fill(7);
    num.linalg.packPanels(K, N, ws.f32.B, N, ws.f32.packed);
    num.linalg.gemm(M, N, K, ws.f32.A, K, ws.f32.packed, ws.f32.C.subarray(3), ldc, false);
    const expected = naiveProduct(M, N, K, ws.f32.A, ws.f32.B, new Float32Array(M * N), false);
    for (let i = 0; i < M; i++) {
      for (let j = 0; j < ldc; j++) {
        const got = ws.f32.C[i * ldc + j];
        if (j >= 3 && j < 3 + N) assert.ok(Math.abs(got - expected[i * N + j - 3]) < 1e-5, `C[${i}, ${j}]`);
        else assert.equal(got, 7, `C[${i}, ${j}] outside the block was written`);
      }
    }
  });

  test(`${name}: transpose, row gather and scatter-add, row sums and the time/batch swap move the right numbers`, () => {
    const random = seededUniform(3);
    const [rows, cols] = [11, 9];
    const ws = num.allocate({ A: rows * cols, AT: cols * rows, bias: cols, gathered: 4 * cols, W: rows * cols, sums: cols, swapped: rows * cols }, { index: 4 });
    ws.f32.A.set(Array.from({ length: rows * cols }, random));
    num.linalg.transpose(rows, cols, ws.f32.A, cols, ws.f32.AT, rows);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) assert.equal(ws.f32.AT[j * rows + i], ws.f32.A[i * cols + j]);

    ws.f32.bias.set(Array.from({ length: cols }, random));
    ws.i32.index.set([3, -1, 10, 3]);
    num.linalg.gatherRows(4, ws.i32.index, ws.f32.A, cols, ws.f32.bias, ws.f32.gathered, cols);
    [3, -1, 10, 3].forEach((r, n) => {
      for (let q = 0; q < cols; q++) {
        const expected = (r < 0 ? 0 : ws.f32.A[r * cols + q]) + ws.f32.bias[q];
        assert.ok(Math.abs(ws.f32.gathered[n * cols + q] - expected) < 1e-6, `gathered row ${n}`);
      }
    });

    ws.f32.W.fill(0);
    num.linalg.scatterAddRows(4, ws.i32.index, ws.f32.gathered, cols, cols, ws.f32.W);
    for (let q = 0; q < cols; q++) {
      assert.ok(Math.abs(ws.f32.W[3 * cols + q] - (ws.f32.gathered[q] + ws.f32.gathered[3 * cols + q])) < 1e-6, 'row 3 sums both hits');
      assert.equal(ws.f32.W[0 * cols + q], 0, 'untouched rows stay zero');
    }

    num.linalg.sumRows(rows, cols, ws.f32.A, cols, ws.f32.sums);
    for (let q = 0; q < cols; q++) {
      let sum = 0;
      for (let i = 0; i < rows; i++) sum += ws.f32.A[i * cols + q];
      assert.ok(Math.abs(ws.f32.sums[q] - sum) < 1e-5, `sum of column ${q}`);
    }

    // A read as [time 11, batch 3, width 3] → [batch, time, width]
    num.linalg.swapTimeBatch(11, 3, 3, ws.f32.A, ws.f32.swapped);
    for (let t = 0; t < 11; t++) {
      for (let b = 0; b < 3; b++) {
        for (let q = 0; q < 3; q++) assert.equal(ws.f32.swapped[(b * 11 + t) * 3 + q], ws.f32.A[(t * 3 + b) * 3 + q]);
      }
    }
  });
}
