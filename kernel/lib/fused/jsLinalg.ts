/**
 * The `Linalg` primitives in plain JavaScript over Float32Arrays: the same packed-panel product as
 * `native/linalg.c`, without SIMD. Used when the WebAssembly module is missing.
 */
import type { F32, Linalg } from './numerics';

const PANEL = 8;

export const jsLinalg: Linalg = {
  panelSize(K, N) {
    return Math.ceil(N / PANEL) * PANEL * K;
  },

  packPanels(K, N, B, ldb, out) {
    for (let j = 0; j < N; j += PANEL) {
      const cols = Math.min(PANEL, N - j);
      const panel = j * K;
      for (let k = 0; k < K; k++) {
        const dst = panel + k * PANEL;
        const src = k * ldb + j;
        for (let c = 0; c < PANEL; c++) out[dst + c] = c < cols ? B[src + c] : 0;
      }
    }
  },

  gemm(M, N, K, A, lda, packed, C, ldc, accumulate) {
    const acc = new Float32Array(PANEL);
    for (let j = 0; j < N; j += PANEL) {
      const cols = Math.min(PANEL, N - j);
      const panel = j * K;
      for (let i = 0; i < M; i++) {
        const row = i * ldc + j;
        acc.fill(0);
        if (accumulate) for (let c = 0; c < cols; c++) acc[c] = C[row + c];
        let a0 = i * lda;
        let b = panel;
        for (let k = 0; k < K; k++, a0++, b += PANEL) {
          const a = A[a0];
          if (a === 0) continue;
          for (let c = 0; c < PANEL; c++) acc[c] += a * packed[b + c];
        }
        for (let c = 0; c < cols; c++) C[row + c] = acc[c];
      }
    }
  },

  transpose(rows, cols, A, lda, AT, ldat) {
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) AT[j * ldat + i] = A[i * lda + j];
  },

  fillRows(n, width, row, out, ldo) {
    for (let r = 0; r < n; r++) out.set(row.subarray(0, width), r * ldo);
  },

  gatherRows(n, index, W, width, bias, out, ldo) {
    for (let r = 0; r < n; r++) {
      const dst = r * ldo;
      const src = index[r] * width;
      for (let q = 0; q < width; q++) out[dst + q] = index[r] < 0 ? bias[q] : W[src + q] + bias[q];
    }
  },

  scatterAddRows(n, index, src, lds, width, W) {
    for (let r = 0; r < n; r++) {
      if (index[r] < 0) continue;
      const dst = index[r] * width;
      for (let q = 0; q < width; q++) W[dst + q] += src[r * lds + q];
    }
  },

  sumRows(n, width, src, lds, out) {
    out.fill(0, 0, width);
    for (let r = 0; r < n; r++) for (let q = 0; q < width; q++) out[q] += src[r * lds + q];
  },

  swapTimeBatch(outer, inner, width, src: F32, dst: F32) {
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        const from = (o * inner + i) * width;
        dst.set(src.subarray(from, from + width), (i * outer + o) * width);
      }
    }
  },
};
