/**
 * Reference solutions to the exercises of lesson 3 (03-gating-gru-lstm.seqnb). Paste a function
 * into the exercise cell, or compare it with yours. Row convention: x `[batch, input]` times
 * `Wx·` `[input, hidden]`, the previous state `[batch, hidden]` times `Wh·` `[hidden, hidden]`.
 */
import { tf } from '../../kernel/lib/tf';
import type { GruParams, LstmParams } from '../../kernel/lib/exercises/lesson03';

/** One GRU step: s_t = z_t ⊙ s_{t-1} + (1 − z_t) ⊙ s~_t. */
export function gruStep(x: tf.Tensor2D, sPrev: tf.Tensor2D, p: GruParams): tf.Tensor2D {
  return tf.tidy(() => {
    // z_t = σ(x_t Wxz + s_{t-1} Whz + bz)
    const z = tf.sigmoid(tf.add(tf.add(tf.matMul(x, p.Wxz), tf.matMul(sPrev, p.Whz)), p.bz));
    // r_t = σ(x_t Wxr + s_{t-1} Whr + br)
    const r = tf.sigmoid(tf.add(tf.add(tf.matMul(x, p.Wxr), tf.matMul(sPrev, p.Whr)), p.br));
    // s~_t = tanh(x_t Wxh + (r_t ⊙ s_{t-1}) Whh + bh)
    const candidate = tf.tanh(tf.add(tf.add(tf.matMul(x, p.Wxh), tf.matMul(tf.mul(r, sPrev), p.Whh)), p.bh));
    return tf.add(tf.mul(z, sPrev), tf.mul(tf.sub(1, z), candidate)) as tf.Tensor2D;
  });
}

/** One LSTM step: c_t = f_t ⊙ c_{t-1} + i_t ⊙ c~_t, h_t = o_t ⊙ tanh(c_t). */
export function lstmStep(x: tf.Tensor2D, hPrev: tf.Tensor2D, cPrev: tf.Tensor2D, p: LstmParams): { h: tf.Tensor2D; c: tf.Tensor2D } {
  return tf.tidy(() => {
    const affine = (Wx: tf.Tensor2D, Wh: tf.Tensor2D, b: tf.Tensor1D) => tf.add(tf.add(tf.matMul(x, Wx), tf.matMul(hPrev, Wh)), b);
    const inputGate = tf.sigmoid(affine(p.Wxi, p.Whi, p.bi));
    const forgetGate = tf.sigmoid(affine(p.Wxf, p.Whf, p.bf));
    const candidate = tf.tanh(affine(p.Wxc, p.Whc, p.bc));
    const outputGate = tf.sigmoid(affine(p.Wxo, p.Who, p.bo));
    const c = tf.add(tf.mul(forgetGate, cPrev), tf.mul(inputGate, candidate)) as tf.Tensor2D;
    const h = tf.mul(outputGate, tf.tanh(c)) as tf.Tensor2D;
    return { h, c };
  });
}

/** σ(−a) = 1 − σ(a): negating the update gate's weights and bias turns u_t into z_t = 1 − u_t. */
export function fromOtherConvention(q: GruParams): GruParams {
  return { ...q, Wxz: tf.neg(q.Wxz), Whz: tf.neg(q.Whz), bz: tf.neg(q.bz) };
}
