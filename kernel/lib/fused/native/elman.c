/*
 * The elementwise part of one Elman RNN step, h_t = g(x W + h_{t-1} U + b), forward and backward,
 * with g = tanh (activation 0), relu (1) or the identity (2). Rows whose mask is 0 are padding
 * (state copied through, output zero so ∂L/∂output ignored).
 * Shapes: every array [batch, hidden]; mask [batch] or 0.
 */
#include <wasm_simd128.h>
#include "activations.h"
#include "export.h"

enum { TANH = 0, RELU = 1, IDENTITY = 2 };

static inline v128_t activate4(int activation, v128_t z) {
  if (activation == TANH) return tanh4(z);
  if (activation == RELU) return wasm_f32x4_max(z, wasm_f32x4_splat(0.0f));
  return z;
}

/* g'(z) written through h = g(z): tanh' = 1 − h², relu' = [h > 0], identity' = 1 */
static inline v128_t derivative4(int activation, v128_t h) {
  const v128_t one = wasm_f32x4_splat(1.0f);
  if (activation == TANH) return wasm_f32x4_sub(one, wasm_f32x4_mul(h, h));
  if (activation == RELU) return wasm_v128_and(wasm_f32x4_gt(h, wasm_f32x4_splat(0.0f)), one);
  return one;
}

static inline float activate1(int activation, float z) {
  return wasm_f32x4_extract_lane(activate4(activation, wasm_f32x4_splat(z)), 0);
}

static inline float derivative1(int activation, float h) {
  return wasm_f32x4_extract_lane(derivative4(activation, wasm_f32x4_splat(h)), 0);
}

/* z: pre-activation x W + b + h_{t-1} U; writes h_t = g(z) (a copy of h_{t-1} on padded rows). */
EXPORT("elman_forward_step")
void elman_forward_step(int B, int H, int activation, const float *z, const float *hPrev, float *h, const float *mask) {
  for (int b = 0; b < B; b++) {
    long row = (long)b * H;
    if (mask && mask[b] == 0.0f) {
      for (int q = 0; q < H; q++) h[row + q] = hPrev[row + q];
      continue;
    }
    int q = 0;
    for (; q + 4 <= H; q += 4) wasm_v128_store(h + row + q, activate4(activation, wasm_v128_load(z + row + q)));
    for (; q < H; q++) h[row + q] = activate1(activation, z[row + q]);
  }
}

/*
 * h: h_t from the forward step; dh: ∂L/∂h_t from step t+1; dOut: ∂L/∂output_t.
 * Writes dZ = (dh + dOut) ⊙ g'(z) and dhPrev = the part of ∂L/∂h_{t-1} that bypasses U
 * (all of it on padded rows, zero elsewhere); the caller adds dZ·Uᵀ.
 */
EXPORT("elman_backward_step")
void elman_backward_step(int B, int H, int activation, const float *h, const float *dh, const float *dOut, float *dZ, float *dhPrev, const float *mask) {
  for (int b = 0; b < B; b++) {
    long row = (long)b * H;
    if (mask && mask[b] == 0.0f) {
      for (int q = 0; q < H; q++) {
        dhPrev[row + q] = dh[row + q];
        dZ[row + q] = 0.0f;
      }
      continue;
    }
    int q = 0;
    for (; q + 4 <= H; q += 4) {
      v128_t dhTotal = wasm_f32x4_add(wasm_v128_load(dh + row + q), wasm_v128_load(dOut + row + q));
      wasm_v128_store(dZ + row + q, wasm_f32x4_mul(dhTotal, derivative4(activation, wasm_v128_load(h + row + q))));
      wasm_v128_store(dhPrev + row + q, wasm_f32x4_splat(0.0f));
    }
    for (; q < H; q++) {
      dZ[row + q] = (dh[row + q] + dOut[row + q]) * derivative1(activation, h[row + q]);
      dhPrev[row + q] = 0.0f;
    }
  }
}
