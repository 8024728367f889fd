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

/** Principal logarithm: log(a + ib) = ½ log(a² + b²) + i atan2(b, a). Undefined at 0. */
export function complexLog(x: Complex): Complex {
  return { re: tf.mul(0.5, tf.log(tf.add(tf.square(x.re), tf.square(x.im)))), im: tf.atan2(x.im, x.re) };
}

/** A real tensor as a complex one with zero imaginary part. */
export function fromReal(re: tf.Tensor): Complex {
  return { re, im: tf.zerosLike(re) };
}
