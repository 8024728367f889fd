/**
 * Plausible wrong GRU and LSTM steps, each computed with tfjs ops, so that a check can recognise
 * the one a learner's answer matches and name the mistake. `gruStepVariant(…, {})` and
 * `lstmStepVariant(…, {})` are the correct steps (the library's equations, in row convention).
 */
import { tf } from '../tf';
import type { GruParams, LstmParams } from './lesson03';

/** x · Wx + s · Wh + b, `[batch, hidden]`. */
function affine(x: tf.Tensor2D, s: tf.Tensor2D, Wx: tf.Tensor2D, Wh: tf.Tensor2D, b: tf.Tensor1D): tf.Tensor2D {
  return tf.add(tf.add(tf.matMul(x, Wx), tf.matMul(s, Wh)), b);
}

export interface GruMistakes {
  /** s_t = (1 − z) ⊙ s_{t-1} + z ⊙ s~ (the other courses' update, with our weights). */
  otherConvention?: boolean;
  /** s~ = tanh(x Wxh + r ⊙ (s Whh) + bh): the reset applied after the product (cuDNN's variant). */
  resetAfter?: boolean;
  /** s~ = tanh(x Wxh + s Whh + bh). */
  noReset?: boolean;
  /** Returns the candidate instead of the interpolation. */
  candidateOnly?: boolean;
  /** σ instead of tanh for the candidate. */
  sigmoidCandidate?: boolean;
  /** The update gate's weights used for the reset gate and vice versa. */
  swapGates?: boolean;
}

export function gruStepVariant(x: tf.Tensor2D, s: tf.Tensor2D, p: GruParams, m: GruMistakes = {}): tf.Tensor2D {
  const [zp, rp] = m.swapGates ? [[p.Wxr, p.Whr, p.br], [p.Wxz, p.Whz, p.bz]] as const : [[p.Wxz, p.Whz, p.bz], [p.Wxr, p.Whr, p.br]] as const;
  const z = tf.sigmoid(affine(x, s, ...zp));
  const r = tf.sigmoid(affine(x, s, ...rp));
  const recurrent = m.noReset ? tf.matMul(s, p.Whh) : m.resetAfter ? tf.mul(r, tf.matMul(s, p.Whh)) : tf.matMul(tf.mul(r, s), p.Whh);
  const pre = tf.add(tf.add(tf.matMul(x, p.Wxh), recurrent), p.bh);
  const candidate = m.sigmoidCandidate ? tf.sigmoid(pre) : tf.tanh(pre);
  if (m.candidateOnly) return candidate as tf.Tensor2D;
  const [keep, take] = m.otherConvention ? [tf.sub(1, z), z] : [z, tf.sub(1, z)];
  return tf.add(tf.mul(keep, s), tf.mul(take, candidate)) as tf.Tensor2D;
}

/** Each likely mistake with the step it produces. */
export function gruVariants(x: tf.Tensor2D, s: tf.Tensor2D, p: GruParams): [string, tf.Tensor2D][] {
  const mistakes: [string, GruMistakes][] = [
    ['you used the other convention, s_t = (1 − z_t) ⊙ s_{t-1} + z_t ⊙ s~_t; here z_t weights the OLD state: s_t = z_t ⊙ s_{t-1} + (1 − z_t) ⊙ s~_t', { otherConvention: true }],
    ['you applied the reset gate after the product, r_t ⊙ (s_{t-1} · Whh); here it multiplies the state first: (r_t ⊙ s_{t-1}) · Whh', { resetAfter: true }],
    ['the reset gate is missing from the candidate: s~_t = tanh(x_t · Wxh + (r_t ⊙ s_{t-1}) · Whh + bh)', { noReset: true }],
    ['you returned the candidate s~_t; the new state interpolates between s_{t-1} and s~_t with the update gate', { candidateOnly: true }],
    ['the candidate uses σ; it uses tanh (the gates use σ)', { sigmoidCandidate: true }],
    ['the update and reset gates are swapped: z uses Wxz, Whz, bz and r uses Wxr, Whr, br', { swapGates: true }],
  ];
  return mistakes.map(([why, m]) => [why, gruStepVariant(x, s, p, m)]);
}

export interface LstmMistakes {
  /** h_t = o ⊙ c_t. */
  noTanhOnCell?: boolean;
  /** c_t = f ⊙ c_{t-1} + c~. */
  noInputGate?: boolean;
  /** c_t = c_{t-1} + i ⊙ c~. */
  noForgetGate?: boolean;
  /** Input and forget gates' weights exchanged. */
  swapInputForget?: boolean;
  /** σ instead of tanh for the candidate. */
  sigmoidCandidate?: boolean;
  /** h_t = o ⊙ tanh(c_{t-1}). */
  oldCell?: boolean;
}

export function lstmStepVariant(x: tf.Tensor2D, h: tf.Tensor2D, c: tf.Tensor2D, p: LstmParams, m: LstmMistakes = {}): { h: tf.Tensor2D; c: tf.Tensor2D } {
  const [ip, fp] = m.swapInputForget ? [[p.Wxf, p.Whf, p.bf], [p.Wxi, p.Whi, p.bi]] as const : [[p.Wxi, p.Whi, p.bi], [p.Wxf, p.Whf, p.bf]] as const;
  const i = tf.sigmoid(affine(x, h, ...ip));
  const f = tf.sigmoid(affine(x, h, ...fp));
  const candidatePre = affine(x, h, p.Wxc, p.Whc, p.bc);
  const candidate = m.sigmoidCandidate ? tf.sigmoid(candidatePre) : tf.tanh(candidatePre);
  const o = tf.sigmoid(affine(x, h, p.Wxo, p.Who, p.bo));
  const kept = m.noForgetGate ? c : tf.mul(f, c);
  const written = m.noInputGate ? candidate : tf.mul(i, candidate);
  const cell = tf.add(kept, written) as tf.Tensor2D;
  const shown = m.oldCell ? c : cell;
  return { h: tf.mul(o, m.noTanhOnCell ? shown : tf.tanh(shown)) as tf.Tensor2D, c: cell };
}

export function lstmVariants(x: tf.Tensor2D, h: tf.Tensor2D, c: tf.Tensor2D, p: LstmParams): [string, { h: tf.Tensor2D; c: tf.Tensor2D }][] {
  const mistakes: [string, LstmMistakes][] = [
    ['h_t misses the tanh: h_t = o_t ⊙ tanh(c_t)', { noTanhOnCell: true }],
    ['the input gate is missing: c_t = f_t ⊙ c_{t-1} + i_t ⊙ c~_t', { noInputGate: true }],
    ['the forget gate is missing: c_t = f_t ⊙ c_{t-1} + i_t ⊙ c~_t', { noForgetGate: true }],
    ['the input and forget gates are swapped: i uses Wxi, Whi, bi and f uses Wxf, Whf, bf', { swapInputForget: true }],
    ['the candidate uses σ; it uses tanh (the gates use σ)', { sigmoidCandidate: true }],
    ['h_t reads the old cell state; compute c_t first, then h_t = o_t ⊙ tanh(c_t)', { oldCell: true }],
  ];
  return mistakes.map(([why, m]) => [why, lstmStepVariant(x, h, c, p, m)]);
}
