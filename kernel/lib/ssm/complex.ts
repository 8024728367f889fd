/**
 * Complex numbers as pairs of real tensors `{ re, im }`, for the diagonal state space models.
 *
 * Why not tfjs' own complex64 tensors: the wasm backend has no `Complex`/`Real`/`Imag` kernels,
 * tfjs-core registers no gradients for `FFT`, and most elementwise ops refuse complex64 inputs.
 * Keeping the real and imaginary parts as two float32 tensors works on every backend and keeps
 * autograd intact, because every operation below is written with real ops that have gradients.
 * Shapes of `re` and `im` always agree; binary operations broadcast like tfjs.
 */
import { tf } from '../tf';

export type Complex = {
  re: tf.Tensor;
  im: tf.Tensor;
};

/** (a + ib) + (c + id) = (a + c) + i(b + d) */
export function complexAdd(x: Complex, y: Complex): Complex {
  return { re: tf.add(x.re, y.re), im: tf.add(x.im, y.im) };
}

/** (a + ib)(c + id) = (ac − bd) + i(ad + bc) */
export function complexMul(x: Complex, y: Complex): Complex {
  return {
    re: tf.sub(tf.mul(x.re, y.re), tf.mul(x.im, y.im)),
    im: tf.add(tf.mul(x.re, y.im), tf.mul(x.im, y.re)),
  };
}

/** Multiplies by a real tensor r: (a + ib) r = ar + ibr. */
export function complexScale(x: Complex, r: tf.Tensor): Complex {
  return { re: tf.mul(x.re, r), im: tf.mul(x.im, r) };
}

/** (a + ib) / (c + id) = ((ac + bd) + i(bc − ad)) / (c² + d²) */
export function complexDiv(x: Complex, y: Complex): Complex {
  const denominator = tf.add(tf.square(y.re), tf.square(y.im));
  return {
    re: tf.div(tf.add(tf.mul(x.re, y.re), tf.mul(x.im, y.im)), denominator),
    im: tf.div(tf.sub(tf.mul(x.im, y.re), tf.mul(x.re, y.im)), denominator),
  };
}

/** exp(a + ib) = e^a (cos b + i sin b) */
export function complexExp(x: Complex): Complex {
  const magnitude = tf.exp(x.re);
  return { re: tf.mul(magnitude, tf.cos(x.im)), im: tf.mul(magnitude, tf.sin(x.im)) };
}

/**
 * exp(z) − 1 for z = x + iy, accurate when |z| is small, where exp(z) − 1 would cancel to the
 * digits float32 keeps of exp(z) (relative error 6e-3 at |z| = 1e-5):
 *   Re = e^x cos y − 1 = expm1(x) cos y − 2 sin²(y/2)   (cos y − 1 = −2 sin²(y/2), no cancellation)
 *   Im = e^x sin y
 * The sines are taken of |y| (sin² is even, sin odd): the wasm backend's Sin loses the digits of a
 * small negative argument (measured: sin(−1e-6) 22 % off, sin(−0.01) 5e-6 relative, while
 * positive arguments are exact to float32), and here the small arguments are the point.
 */
export function complexExpm1(x: Complex): Complex {
  // σ = −1 where y < 0, else +1 (step has a zero gradient); sin y = σ sin(σy), whose derivative
  // σ² cos(σy) = cos y holds at y = 0 too, unlike sign(y) sin|y|.
  const sigma = tf.sub(1, tf.mul(2, tf.step(tf.neg(x.im))));
  // |y| = σy
  const magnitude = tf.mul(sigma, x.im);
  const sine = tf.mul(sigma, tf.sin(magnitude));
  const halfSine = tf.sin(tf.mul(0.5, magnitude));
  return {
    re: tf.sub(tf.mul(tf.expm1(x.re), tf.cos(x.im)), tf.mul(2, tf.square(halfSine))),
    im: tf.mul(tf.exp(x.re), sine),
  };
}

/** Principal logarithm: log(a + ib) = ½ log(a² + b²) + i atan2(b, a). Undefined at 0. */
export function complexLog(x: Complex): Complex {
  return { re: tf.mul(0.5, tf.log(tf.add(tf.square(x.re), tf.square(x.im)))), im: tf.atan2(x.im, x.re) };
}

/** A real tensor as a complex one with zero imaginary part. */
export function fromReal(re: tf.Tensor): Complex {
  return { re, im: tf.zerosLike(re) };
}
