/*
 * The elementwise parts of one GRU step (tfjs-layers' GRU, reset_after = false, gate order z, r, h):
 *   z = σ(x W_z + h_{t-1} U_z + b_z),  r = σ(x W_r + h_{t-1} U_r + b_r)
 *   hh = tanh(x W_h + (r ⊙ h_{t-1}) U_h + b_h),  h_t = z ⊙ h_{t-1} + (1 − z) ⊙ hh
 * Each step needs two matrix products (h_{t-1} U_zr, then (r ⊙ h_{t-1}) U_h), so the step is split
 * in two around them; gruKernel.ts makes the gemm calls. Rows whose mask is 0 are padding
 * (state copied through, output zero so ∂L/∂output ignored).
 * Shapes: gates and dZ [batch, 3·hidden]; every other array [batch, hidden]; mask [batch] or 0.
 */
#include <wasm_simd128.h>
#include "activations.h"
#include "export.h"

#define LOAD(p) wasm_v128_load(p)
#define STORE(p, v) wasm_v128_store(p, v)
#define ADD wasm_f32x4_add
#define SUB wasm_f32x4_sub
#define MUL wasm_f32x4_mul

/* gates[:, 0:2H]: pre-activations of z and r in, σ of them out; writes rh = r ⊙ h_{t-1}. */
EXPORT("gru_gates_step")
void gru_gates_step(int B, int H, float *gates, const float *hPrev, float *rh) {
  for (int b = 0; b < B; b++) {
    long row = (long)b * H;
    float *gz = gates + (long)b * 3 * H, *gr = gz + H;
    int q = 0;
    for (; q + 4 <= H; q += 4) {
      v128_t z = sigmoid4(LOAD(gz + q)), r = sigmoid4(LOAD(gr + q));
      STORE(gz + q, z);
      STORE(gr + q, r);
      STORE(rh + row + q, MUL(r, LOAD(hPrev + row + q)));
    }
    for (; q < H; q++) {
      float z = sigmoid1(gz[q]), r = sigmoid1(gr[q]);
      gz[q] = z;
      gr[q] = r;
      rh[row + q] = r * hPrev[row + q];
    }
  }
}

/* gates[:, 2H:3H]: candidate pre-activation in, hh out; writes h_t (a copy of h_{t-1} on padded rows). */
EXPORT("gru_state_step")
void gru_state_step(int B, int H, float *gates, const float *hPrev, float *h, const float *mask) {
  for (int b = 0; b < B; b++) {
    long row = (long)b * H;
    if (mask && mask[b] == 0.0f) {
      for (int q = 0; q < H; q++) h[row + q] = hPrev[row + q];
      continue;
    }
    float *gz = gates + (long)b * 3 * H, *gh = gz + 2 * H;
    int q = 0;
    for (; q + 4 <= H; q += 4) {
      v128_t z = LOAD(gz + q), hh = tanh4(LOAD(gh + q)), hp = LOAD(hPrev + row + q);
      STORE(gh + q, hh);
      /* h_t = z ⊙ h_{t-1} + (1 − z) ⊙ hh  =  hh + z ⊙ (h_{t-1} − hh) */
      STORE(h + row + q, ADD(hh, MUL(z, SUB(hp, hh))));
    }
    for (; q < H; q++) {
      float z = gz[q], hh = tanh1(gh[q]), hp = hPrev[row + q];
      gh[q] = hh;
      h[row + q] = hh + z * (hp - hh);
    }
  }
}

/*
 * First half of the backward step. dh: ∂L/∂h_t from step t+1; dOut: ∂L/∂output_t.
 * Writes dZ_z, dZ_h (dZ_r follows in gru_reset_backward) and dhPrev = dh_t ⊙ z, the direct path
 * (all of dh_t on padded rows, whose dZ is 0).
 */
EXPORT("gru_candidate_backward")
void gru_candidate_backward(int B, int H, const float *gates, const float *hPrev, const float *dh, const float *dOut, float *dZ, float *dhPrev, const float *mask) {
  const v128_t one = wasm_f32x4_splat(1.0f);
  for (int b = 0; b < B; b++) {
    long row = (long)b * H;
    float *dzz = dZ + (long)b * 3 * H, *dzr = dzz + H, *dzh = dzz + 2 * H;
    if (mask && mask[b] == 0.0f) {
      for (int q = 0; q < H; q++) {
        dhPrev[row + q] = dh[row + q];
        dzz[q] = dzr[q] = dzh[q] = 0.0f;
      }
      continue;
    }
    const float *gz = gates + (long)b * 3 * H, *gh = gz + 2 * H;
    int q = 0;
    for (; q + 4 <= H; q += 4) {
      v128_t z = LOAD(gz + q), hh = LOAD(gh + q), hp = LOAD(hPrev + row + q);
      v128_t dhTotal = ADD(LOAD(dh + row + q), LOAD(dOut + row + q));
      /* dhh = dh ⊙ (1 − z), through tanh: dZ_h = dhh ⊙ (1 − hh²) */
      STORE(dzh + q, MUL(MUL(dhTotal, SUB(one, z)), SUB(one, MUL(hh, hh))));
      /* dz = dh ⊙ (h_{t-1} − hh), through σ: dZ_z = dz ⊙ z(1 − z) */
      STORE(dzz + q, MUL(MUL(dhTotal, SUB(hp, hh)), MUL(z, SUB(one, z))));
      STORE(dhPrev + row + q, MUL(dhTotal, z));
    }
    for (; q < H; q++) {
      float z = gz[q], hh = gh[q], hp = hPrev[row + q];
      float dhTotal = dh[row + q] + dOut[row + q];
      dzh[q] = dhTotal * (1.0f - z) * (1.0f - hh * hh);
      dzz[q] = dhTotal * (hp - hh) * z * (1.0f - z);
      dhPrev[row + q] = dhTotal * z;
    }
  }
}

/*
 * Second half: dRH = ∂L/∂(r ⊙ h_{t-1}) = dZ_h · U_hᵀ (zero on padded rows).
 * Writes dZ_r and adds the reset path to dhPrev; the caller then adds dZ_zr · U_zrᵀ.
 */
EXPORT("gru_reset_backward")
void gru_reset_backward(int B, int H, const float *gates, const float *hPrev, const float *dRH, float *dZ, float *dhPrev) {
  const v128_t one = wasm_f32x4_splat(1.0f);
  for (int b = 0; b < B; b++) {
    long row = (long)b * H;
    const float *gr = gates + (long)b * 3 * H + H;
    float *dzr = dZ + (long)b * 3 * H + H;
    int q = 0;
    for (; q + 4 <= H; q += 4) {
      v128_t r = LOAD(gr + q), drh = LOAD(dRH + row + q);
      /* rh = r ⊙ h_{t-1}:  dr = drh ⊙ h_{t-1},  dh_{t-1} += drh ⊙ r */
      STORE(dzr + q, MUL(MUL(drh, LOAD(hPrev + row + q)), MUL(r, SUB(one, r))));
      STORE(dhPrev + row + q, ADD(LOAD(dhPrev + row + q), MUL(drh, r)));
    }
    for (; q < H; q++) {
      float r = gr[q], drh = dRH[row + q];
      dzr[q] = drh * hPrev[row + q] * r * (1.0f - r);
      dhPrev[row + q] += drh * r;
    }
  }
}
