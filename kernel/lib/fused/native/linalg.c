/*
 * Dense linear algebra for the fused recurrent kernels, row-major float32, wasm SIMD.
 * The only matrix product is C (+)= A·B with B packed into panels of 8 columns
 * ([panel][k][8], zero-padded), so every transposed product is a transpose followed by this one
 * (tfjs-wasm's transposed products are 15-39x slower than transposing first).
 * Pointers are byte offsets into the module's memory, handed over by wasmNumerics.ts.
 */
#include <wasm_simd128.h>
#include "export.h"

#define PANEL 8

/*
 * acc + s·b per lane. With relaxed SIMD (the second build, recurrent-relaxed.wasm) this is
 * f32x4.relaxed_madd, one fused multiply-add on x86 with FMA; otherwise a multiply then an add.
 * Measured on the 2-core Zen 4 dev machine (CPU time, machine shared): 4x8 kernel 39-43 GFLOP/s
 * without and 42-45 with FMA; 5x8 and 6x8 tiles were slower (24-30: V8 spills accumulators).
 */
#ifdef __wasm_relaxed_simd__
#define MADD(s, b, acc) __builtin_wasm_relaxed_madd_f32x4(s, b, acc)
#else
#define MADD(s, b, acc) wasm_f32x4_add(acc, wasm_f32x4_mul(s, b))
#endif
/* K is processed in blocks so one block of a panel (KBLOCK x 8 floats = 8 KiB) stays in L1. */
#define KBLOCK 256

EXPORT("pack_panels")
void pack_panels(int K, int N, const float *B, int ldb, float *Bp) {
  for (int j = 0; j < N; j += PANEL) {
    int cols = N - j < PANEL ? N - j : PANEL;
    float *panel = Bp + (long)j * K;
    for (int k = 0; k < K; k++) {
      const float *row = B + (long)k * ldb + j;
      float *dst = panel + k * PANEL;
      if (cols == PANEL) {
        wasm_v128_store(dst, wasm_v128_load(row));
        wasm_v128_store(dst + 4, wasm_v128_load(row + 4));
      } else {
        for (int c = 0; c < PANEL; c++) dst[c] = c < cols ? row[c] : 0.0f;
      }
    }
  }
}

/* Stores 8 accumulated columns, or the first `cols` of them for the last, narrower panel. */
static inline void store_row(float *c, v128_t lo, v128_t hi, int cols) {
  if (cols == PANEL) {
    wasm_v128_store(c, lo);
    wasm_v128_store(c + 4, hi);
    return;
  }
  float tmp[PANEL];
  wasm_v128_store(tmp, lo);
  wasm_v128_store(tmp + 4, hi);
  for (int q = 0; q < cols; q++) c[q] = tmp[q];
}

static inline void load_row(const float *c, v128_t *lo, v128_t *hi, int cols, int accumulate) {
  if (!accumulate) {
    *lo = *hi = wasm_f32x4_splat(0.0f);
  } else if (cols == PANEL) {
    *lo = wasm_v128_load(c);
    *hi = wasm_v128_load(c + 4);
  } else {
    float tmp[PANEL] = {0};
    for (int q = 0; q < cols; q++) tmp[q] = c[q];
    *lo = wasm_v128_load(tmp);
    *hi = wasm_v128_load(tmp + 4);
  }
}

#define MAC(acc_lo, acc_hi, s) \
  acc_lo = MADD(s, b0, acc_lo); \
  acc_hi = MADD(s, b1, acc_hi);

/* Four rows of C times one panel, over k in [0, kc): 8 accumulators stay in registers. */
static void kernel_4x8(int kc, const float *A, int lda, const float *panel, float *C, int ldc, int cols, int accumulate) {
  v128_t c00, c01, c10, c11, c20, c21, c30, c31;
  load_row(C, &c00, &c01, cols, accumulate);
  load_row(C + ldc, &c10, &c11, cols, accumulate);
  load_row(C + 2 * ldc, &c20, &c21, cols, accumulate);
  load_row(C + 3 * ldc, &c30, &c31, cols, accumulate);
  const float *a0 = A, *a1 = A + lda, *a2 = A + 2 * lda, *a3 = A + 3 * lda;
  const float *b = panel;
  for (int k = 0; k < kc; k++, b += PANEL) {
    v128_t b0 = wasm_v128_load(b), b1 = wasm_v128_load(b + 4);
    v128_t s;
    s = wasm_f32x4_splat(a0[k]); MAC(c00, c01, s)
    s = wasm_f32x4_splat(a1[k]); MAC(c10, c11, s)
    s = wasm_f32x4_splat(a2[k]); MAC(c20, c21, s)
    s = wasm_f32x4_splat(a3[k]); MAC(c30, c31, s)
  }
  store_row(C, c00, c01, cols);
  store_row(C + ldc, c10, c11, cols);
  store_row(C + 2 * ldc, c20, c21, cols);
  store_row(C + 3 * ldc, c30, c31, cols);
}

/* One row of C times one panel, for the rows left over when M is not a multiple of 4. */
static void kernel_1x8(int kc, const float *A, const float *panel, float *C, int cols, int accumulate) {
  v128_t c0, c1;
  load_row(C, &c0, &c1, cols, accumulate);
  const float *b = panel;
  for (int k = 0; k < kc; k++, b += PANEL) {
    v128_t b0 = wasm_v128_load(b), b1 = wasm_v128_load(b + 4);
    v128_t s = wasm_f32x4_splat(A[k]);
    MAC(c0, c1, s)
  }
  store_row(C, c0, c1, cols);
}

EXPORT("gemm")
void gemm(int M, int N, int K, const float *A, int lda, const float *Bp, float *C, int ldc, int accumulate) {
  if (K == 0) {
    if (!accumulate) for (int i = 0; i < M; i++) for (int j = 0; j < N; j++) C[(long)i * ldc + j] = 0.0f;
    return;
  }
  for (int k0 = 0; k0 < K; k0 += KBLOCK) {
    int kc = K - k0 < KBLOCK ? K - k0 : KBLOCK;
    int acc = accumulate || k0 > 0;
    for (int j = 0; j < N; j += PANEL) {
      int cols = N - j < PANEL ? N - j : PANEL;
      const float *panel = Bp + (long)j * K + (long)k0 * PANEL;
      int i = 0;
      for (; i + 4 <= M; i += 4) kernel_4x8(kc, A + (long)i * lda + k0, lda, panel, C + (long)i * ldc + j, ldc, cols, acc);
      for (; i < M; i++) kernel_1x8(kc, A + (long)i * lda + k0, panel, C + (long)i * ldc + j, cols, acc);
    }
  }
}

EXPORT("transpose")
void transpose(int rows, int cols, const float *A, int lda, float *AT, int ldat) {
  /* 8x8 tiles keep both the reads and the writes within a few cache lines */
  for (int i0 = 0; i0 < rows; i0 += 8) {
    int i1 = i0 + 8 < rows ? i0 + 8 : rows;
    for (int j0 = 0; j0 < cols; j0 += 8) {
      int j1 = j0 + 8 < cols ? j0 + 8 : cols;
      for (int i = i0; i < i1; i++)
        for (int j = j0; j < j1; j++) AT[(long)j * ldat + i] = A[(long)i * lda + j];
    }
  }
}

EXPORT("fill_rows")
void fill_rows(int n, int width, const float *row, float *out, int ldo) {
  for (int r = 0; r < n; r++) {
    float *dst = out + (long)r * ldo;
    for (int q = 0; q < width; q++) dst[q] = row[q];
  }
}

EXPORT("gather_rows")
void gather_rows(int n, const int *index, const float *W, int width, const float *bias, float *out, int ldo) {
  for (int r = 0; r < n; r++) {
    float *dst = out + (long)r * ldo;
    if (index[r] < 0) {
      for (int q = 0; q < width; q++) dst[q] = bias[q];
    } else {
      const float *src = W + (long)index[r] * width;
      for (int q = 0; q < width; q++) dst[q] = src[q] + bias[q];
    }
  }
}

EXPORT("scatter_add_rows")
void scatter_add_rows(int n, const int *index, const float *src, int lds, int width, float *W) {
  for (int r = 0; r < n; r++) {
    if (index[r] < 0) continue;
    float *dst = W + (long)index[r] * width;
    const float *s = src + (long)r * lds;
    for (int q = 0; q < width; q++) dst[q] += s[q];
  }
}

EXPORT("sum_rows")
void sum_rows(int n, int width, const float *src, int lds, float *out) {
  for (int q = 0; q < width; q++) out[q] = 0.0f;
  for (int r = 0; r < n; r++) {
    const float *s = src + (long)r * lds;
    for (int q = 0; q < width; q++) out[q] += s[q];
  }
}

EXPORT("swap_time_batch")
void swap_time_batch(int outer, int inner, int width, const float *src, float *dst) {
  for (int o = 0; o < outer; o++)
    for (int i = 0; i < inner; i++) {
      const float *s = src + ((long)o * inner + i) * width;
      float *d = dst + ((long)i * outer + o) * width;
      for (int q = 0; q < width; q++) d[q] = s[q];
    }
}
