/**
 * Causal convolution of each channel with its own kernel, `y_t = Σ_{k=0}^{t} K_k u_{t−k}`: the
 * convolutional view of a linear time-invariant SSM, computed for all steps at once.
 *
 * How: the kernel becomes a lower-triangular Toeplitz matrix `Toe[t, s] = K_{t−s}` (0 for s > t)
 * per channel, and one batched matrix product applies it. The matrix is built without `gather`
 * (whose gradient needs a kernel the wasm backend lacks) by the skew trick: tile the reversed,
 * zero-padded kernel `q = [K_{T−1} … K_0, 0 … 0]` (length 2T) T times, read the flat result in rows
 * of 2T − 1 starting at T − 1 — each row starts one place further left in q — and keep T columns.
 * Cost O(T²) per channel; tfjs has no FFT gradient, so the O(T log T) FFT route is not used.
 */
import { tf } from '../tf';
import { expectShape } from '../core/expectShape';

/** kernel `[channels, length]` → Toeplitz `[channels, length, length]` with `Toe[h, t, s] = K[h, t − s]` for s ≤ t, else 0. */
export function causalToeplitz(kernel: tf.Tensor2D): tf.Tensor3D {
  expectShape('causalToeplitz kernel', kernel, ['channels', 'length']);
  return tf.tidy(() => {
    const [channels, length] = kernel.shape;
    // q = [K_{T−1}, …, K_0, 0 × T]: [channels, 2T]
    const q = tf.concat([tf.reverse(kernel, 1), tf.zeros([channels, length])], 1);
    // T copies of q side by side: [channels, 2T·T]
    const tiled = tf.tile(q, [1, length]);
    // rows of 2T − 1 starting at T − 1: row t, column s reads q[(T − 1 − t + s) mod 2T]
    const skewed = tf.reshape(tf.slice(tiled, [0, length - 1], [channels, length * (2 * length - 1)]), [channels, length, 2 * length - 1]);
    return tf.slice(skewed, [0, 0, 0], [channels, length, length]) as tf.Tensor3D;
  });
}

/**
 * kernel `[channels, L]` with L ≥ time, input u `[batch, time, channels]` → y `[batch, time, channels]`,
 * `y[b, t, h] = Σ_{s ≤ t} K[h, t − s] u[b, s, h]`. Only the first `time` taps of the kernel are used.
 */
export function causalConvolve(kernel: tf.Tensor2D, input: tf.Tensor3D): tf.Tensor3D {
  expectShape('causalConvolve input', input, ['batch', 'time', 'channels']);
  const [, time, channels] = input.shape;
  expectShape('causalConvolve kernel', kernel, ['channels', 'length'], [channels, undefined]);
  if (kernel.shape[1] < time) {
    throw new Error(`causalConvolve: the kernel has ${kernel.shape[1]} taps but the input has ${time} steps; need at least one tap per step`);
  }
  return tf.tidy(() => {
    const taps = kernel.shape[1] === time ? kernel : (tf.slice(kernel, [0, 0], [channels, time]) as tf.Tensor2D);
    const toeplitz = causalToeplitz(taps);
    // u per channel as columns: [channels, time, batch]
    const columns = tf.transpose(input, [2, 1, 0]);
    // y_h = Toe_h u_h: [channels, time, batch]
    const convolved = tf.matMul(toeplitz, columns);
    return tf.transpose(convolved, [2, 1, 0]) as tf.Tensor3D;
  });
}
