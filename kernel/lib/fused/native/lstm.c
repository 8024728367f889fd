/*
 * The elementwise part of one LSTM step (gate order i, f, c~, o as tfjs-layers), forward and
 * backward; the gate matrix products around it are gemm calls made by lstmKernel.ts.
 * Rows whose mask is 0 are padding: the state is copied through, no gradient enters the gates, and
 * the step's output is zero (sequenceArrays.ts), so ∂L/∂output there is ignored.
 * Shapes: gates and dZ [batch, 4·hidden]; every other array [batch, hidden]; mask [batch] or 0.
 */
#include <wasm_simd128.h>
#include "activations.h"
#include "export.h"

#define LOAD(p) wasm_v128_load(p)
#define STORE(p, v) wasm_v128_store(p, v)
#define ADD wasm_f32x4_add
#define SUB wasm_f32x4_sub
#define MUL wasm_f32x4_mul

static void copy_row(int H, const float *src, float *dst) {
  for (int q = 0; q < H; q++) dst[q] = src[q];
}

/* gates: pre-activations in, activations (i, f, c~, o) out; writes c_t, h_t and tanh(c_t). */
EXPORT("lstm_forward_step")
void lstm_forward_step(int B, int H, float *gates, const float *cPrev, const float *hPrev, float *c, float *h, float *tanhC, const float *mask) {
  for (int b = 0; b < B; b++) {
    long row = (long)b * H;
    if (mask && mask[b] == 0.0f) {
      copy_row(H, cPrev + row, c + row);
      copy_row(H, hPrev + row, h + row);
      continue;
    }
    float *gi = gates + (long)b * 4 * H, *gf = gi + H, *gg = gi + 2 * H, *go = gi + 3 * H;
    int q = 0;
    for (; q + 4 <= H; q += 4) {
      v128_t i = sigmoid4(LOAD(gi + q)), f = sigmoid4(LOAD(gf + q)), g = tanh4(LOAD(gg + q)), o = sigmoid4(LOAD(go + q));
      STORE(gi + q, i); STORE(gf + q, f); STORE(gg + q, g); STORE(go + q, o);
      /* c_t = f ⊙ c_{t-1} + i ⊙ c~ */
      v128_t ct = ADD(MUL(f, LOAD(cPrev + row + q)), MUL(i, g));
      v128_t tc = tanh4(ct);
      STORE(c + row + q, ct);
      STORE(tanhC + row + q, tc);
      /* h_t = o ⊙ tanh(c_t) */
      STORE(h + row + q, MUL(o, tc));
    }
    for (; q < H; q++) {
      float i = sigmoid1(gi[q]), f = sigmoid1(gf[q]), g = tanh1(gg[q]), o = sigmoid1(go[q]);
      gi[q] = i; gf[q] = f; gg[q] = g; go[q] = o;
      float ct = f * cPrev[row + q] + i * g;
      float tc = tanh1(ct);
      c[row + q] = ct;
      tanhC[row + q] = tc;
      h[row + q] = o * tc;
    }
  }
}

/*
 * dh: ∂L/∂h_t arriving from step t+1; dOut: ∂L/∂output_t; dc: ∂L/∂c_t in, ∂L/∂c_{t-1} out.
 * Writes dZ (∂L/∂ pre-activations) and dhPrev = the part of ∂L/∂h_{t-1} that bypasses the
 * recurrent matrix (all of it on padded rows, zero elsewhere); the caller adds dZ·Uᵀ.
 */
EXPORT("lstm_backward_step")
void lstm_backward_step(int B, int H, const float *gates, const float *cPrev, const float *tanhC, const float *dh, const float *dOut, float *dc, float *dZ, float *dhPrev, const float *mask) {
  const v128_t one = wasm_f32x4_splat(1.0f);
  for (int b = 0; b < B; b++) {
    long row = (long)b * H;
    float *dzi = dZ + (long)b * 4 * H, *dzf = dzi + H, *dzg = dzi + 2 * H, *dzo = dzi + 3 * H;
    if (mask && mask[b] == 0.0f) {
      for (int q = 0; q < H; q++) {
        dhPrev[row + q] = dh[row + q];
        dzi[q] = dzf[q] = dzg[q] = dzo[q] = 0.0f;
      }
      continue;
    }
    const float *gi = gates + (long)b * 4 * H, *gf = gi + H, *gg = gi + 2 * H, *go = gi + 3 * H;
    int q = 0;
    for (; q + 4 <= H; q += 4) {
      v128_t i = LOAD(gi + q), f = LOAD(gf + q), g = LOAD(gg + q), o = LOAD(go + q), tc = LOAD(tanhC + row + q);
      v128_t dhTotal = ADD(LOAD(dh + row + q), LOAD(dOut + row + q));
      /* h = o ⊙ tanh(c):  do = dh ⊙ tanh(c),  dc += dh ⊙ o ⊙ (1 − tanh²(c)) */
      v128_t dout = MUL(dhTotal, tc);
      v128_t dcTotal = ADD(LOAD(dc + row + q), MUL(MUL(dhTotal, o), SUB(one, MUL(tc, tc))));
      /* c = f ⊙ c_prev + i ⊙ c~ */
      v128_t di = MUL(dcTotal, g), dg = MUL(dcTotal, i), df = MUL(dcTotal, LOAD(cPrev + row + q));
      STORE(dc + row + q, MUL(dcTotal, f));
      /* through the nonlinearities: σ' = σ(1 − σ), tanh' = 1 − tanh² */
      STORE(dzi + q, MUL(di, MUL(i, SUB(one, i))));
      STORE(dzf + q, MUL(df, MUL(f, SUB(one, f))));
      STORE(dzg + q, MUL(dg, SUB(one, MUL(g, g))));
      STORE(dzo + q, MUL(dout, MUL(o, SUB(one, o))));
      STORE(dhPrev + row + q, wasm_f32x4_splat(0.0f));
    }
    for (; q < H; q++) {
      float i = gi[q], f = gf[q], g = gg[q], o = go[q], tc = tanhC[row + q];
      float dhTotal = dh[row + q] + dOut[row + q];
      float dout = dhTotal * tc;
      float dcTotal = dc[row + q] + dhTotal * o * (1.0f - tc * tc);
      float di = dcTotal * g, dg = dcTotal * i, df = dcTotal * cPrev[row + q];
      dc[row + q] = dcTotal * f;
      dzi[q] = di * i * (1.0f - i);
      dzf[q] = df * f * (1.0f - f);
      dzg[q] = dg * (1.0f - g * g);
      dzo[q] = dout * o * (1.0f - o);
      dhPrev[row + q] = 0.0f;
    }
  }
}
