/*
 * Vectorised sigmoid and tanh for the gate nonlinearities, four lanes at a time with wasm SIMD.
 * exp follows Cephes' expf (range reduction by ln 2, degree-6 polynomial, 2^n by exponent bits),
 * accurate to about 2 ulp; tanh uses Cephes' odd polynomial for |x| < 0.625, where the formula
 * 1 − 2 / (e^{2|x|} + 1) would lose relative accuracy to cancellation.
 */
#ifndef UNROLLED_ACTIVATIONS_H
#define UNROLLED_ACTIVATIONS_H
#include <wasm_simd128.h>

static inline v128_t splat(float x) { return wasm_f32x4_splat(x); }

/* e^x per lane; inputs are clamped to [-87.3, 88.3] so the result stays finite and normal. */
static inline v128_t exp4(v128_t x) {
  x = wasm_f32x4_min(wasm_f32x4_max(x, splat(-87.3f)), splat(88.3f));
  /* n = round(x / ln 2); r = x − n ln 2 in two parts for accuracy */
  v128_t n = wasm_f32x4_nearest(wasm_f32x4_mul(x, splat(1.44269504088896341f)));
  v128_t r = wasm_f32x4_sub(x, wasm_f32x4_mul(n, splat(0.693359375f)));
  r = wasm_f32x4_sub(r, wasm_f32x4_mul(n, splat(-2.12194440e-4f)));
  v128_t p = splat(1.9875691500e-4f);
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), splat(1.3981999507e-3f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), splat(8.3334519073e-3f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), splat(4.1665795894e-2f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), splat(1.6666665459e-1f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), splat(5.0000001201e-1f));
  p = wasm_f32x4_add(wasm_f32x4_add(wasm_f32x4_mul(p, wasm_f32x4_mul(r, r)), r), splat(1.0f));
  /* 2^n as a float: n + 127 in the exponent field */
  v128_t pow2n = wasm_i32x4_shl(wasm_i32x4_add(wasm_i32x4_trunc_sat_f32x4(n), wasm_i32x4_splat(127)), 23);
  return wasm_f32x4_mul(p, pow2n);
}

/* σ(x) = 1 / (1 + e^{−x}) */
static inline v128_t sigmoid4(v128_t x) {
  return wasm_f32x4_div(splat(1.0f), wasm_f32x4_add(splat(1.0f), exp4(wasm_f32x4_neg(x))));
}

/* tanh(x): odd polynomial near 0, sign(x)·(1 − 2 / (e^{2|x|} + 1)) elsewhere */
static inline v128_t tanh4(v128_t x) {
  v128_t ax = wasm_f32x4_abs(x);
  v128_t z = wasm_f32x4_mul(x, x);
  v128_t p = splat(-5.70498872745e-3f);
  p = wasm_f32x4_add(wasm_f32x4_mul(p, z), splat(2.06390887954e-2f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, z), splat(-5.37397155531e-2f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, z), splat(1.33314422036e-1f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, z), splat(-3.33332819422e-1f));
  v128_t small = wasm_f32x4_add(wasm_f32x4_mul(wasm_f32x4_mul(p, z), x), x);
  v128_t e = exp4(wasm_f32x4_add(ax, ax));
  v128_t large = wasm_f32x4_sub(splat(1.0f), wasm_f32x4_div(splat(2.0f), wasm_f32x4_add(e, splat(1.0f))));
  /* copy the sign of x onto the large-|x| branch */
  large = wasm_v128_or(large, wasm_v128_and(x, wasm_i32x4_splat((int)0x80000000)));
  return wasm_v128_bitselect(small, large, wasm_f32x4_lt(ax, splat(0.625f)));
}

/* Scalar forms for the tails of rows whose width is not a multiple of 4. */
static inline float sigmoid1(float x) { return wasm_f32x4_extract_lane(sigmoid4(splat(x)), 0); }
static inline float tanh1(float x) { return wasm_f32x4_extract_lane(tanh4(splat(x)), 0); }

#endif
