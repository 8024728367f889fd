/**
 * The forward-backward algorithm of a linear-chain CRF, in log space so that long sequences do not
 * underflow. A tag path y_1..y_T scores
 *   score(y) = start[y_1] + Σ_t E[t, y_t] + Σ_{t>1} A[y_{t-1}, y_t] + end[y_T]
 * and P(y | x) = exp(score(y)) / Z. Summing over all K^T paths step by step:
 *   forward:   α_1(k) = start[k] + E[1, k]
 *              α_t(k) = E[t, k] + logΣexp_j (α_{t-1}(j) + A[j, k])
 *   partition: log Z = logΣexp_k (α_T(k) + end[k])
 *   backward:  β_T(k) = end[k]
 *              β_t(k) = logΣexp_j (A[k, j] + E[t+1, j] + β_{t+1}(j))
 *   marginal:  P(y_t = k | x) = exp(α_t(k) + β_t(k) − log Z)
 * All are tfjs ops, so log Z is differentiable (its gradient w.r.t. E is exactly the marginals).
 * Padded steps (mask 0, always after the real ones) carry α forward unchanged and hold β at `end`,
 * so each sequence ends at its own last real step.
 */
import { tf } from '../tf';

/** The potentials of a batch of chains; transitions and start/end already include any constraints. */
export interface ChainPotentials {
  /** E `[batch, time, tags]`. */
  emissions: tf.Tensor3D;
  /** A `[tags, tags]`, A[from, to]. */
  transitions: tf.Tensor2D;
  /** `[tags]`. */
  start: tf.Tensor1D;
  /** `[tags]`. */
  end: tf.Tensor1D;
  /** `[batch, time]` float, right-padded, at least one real step per row. */
  mask: tf.Tensor2D;
}

/** Emissions and mask of one step: E[t] `[batch, tags]`, mask[t] `[batch, 1]`. */
function stepSlices(p: ChainPotentials, t: number): { emission: tf.Tensor2D; real: tf.Tensor2D } {
  const [batch, , tags] = p.emissions.shape;
  return {
    emission: tf.reshape(tf.slice(p.emissions, [0, t, 0], [batch, 1, tags]), [batch, tags]) as tf.Tensor2D,
    real: tf.slice(p.mask, [0, t], [batch, 1]) as tf.Tensor2D,
  };
}

/** log α `[batch, time, tags]`; at padded steps the last real step's α is repeated. */
export function forwardLogAlphas(p: ChainPotentials): tf.Tensor3D {
  return tf.tidy(() => {
    const [batch, time, tags] = p.emissions.shape;
    const transitions = tf.reshape(p.transitions, [1, tags, tags]);
    // α_1(k) = start[k] + E[1, k]
    let alpha = tf.add(p.start, stepSlices(p, 0).emission) as tf.Tensor2D;
    const alphas: tf.Tensor2D[] = [alpha];
    for (let t = 1; t < time; t++) {
      const { emission, real } = stepSlices(p, t);
      // α_t(k) = E[t, k] + logΣexp_j (α_{t-1}(j) + A[j, k]);   [batch, from, 1] + [1, from, to]
      const next = tf.add(tf.logSumExp(tf.add(tf.reshape(alpha, [batch, tags, 1]), transitions), 1), emission);
      alpha = tf.add(tf.mul(real, next), tf.mul(tf.sub(1, real), alpha)) as tf.Tensor2D;
      alphas.push(alpha);
    }
    return tf.stack(alphas, 1) as tf.Tensor3D;
  });
}

/** log β `[batch, time, tags]`; β at the last real step and at padded steps is `end`. */
export function backwardLogBetas(p: ChainPotentials): tf.Tensor3D {
  return tf.tidy(() => {
    const [batch, time, tags] = p.emissions.shape;
    const transitions = tf.reshape(p.transitions, [1, tags, tags]);
    const end = tf.tile(tf.reshape(p.end, [1, tags]), [batch, 1]) as tf.Tensor2D;
    // β_T(k) = end[k]
    let beta = end;
    const betas: tf.Tensor2D[] = [beta];
    for (let t = time - 2; t >= 0; t--) {
      const { emission, real } = stepSlices(p, t + 1);
      // β_t(k) = logΣexp_j (A[k, j] + E[t+1, j] + β_{t+1}(j));   [1, from, to] + [batch, 1, to]
      const ahead = tf.reshape(tf.add(emission, beta), [batch, 1, tags]);
      const next = tf.logSumExp(tf.add(transitions, ahead), 2);
      // When step t+1 is padding, step t is the last real one (or padding): β_t = end.
      beta = tf.add(tf.mul(real, next), tf.mul(tf.sub(1, real), end)) as tf.Tensor2D;
      betas.unshift(beta);
    }
    return tf.stack(betas, 1) as tf.Tensor3D;
  });
}

/** log Z `[batch]` from the forward pass alone. */
export function logPartition(p: ChainPotentials): tf.Tensor1D {
  return tf.tidy(() => {
    const [batch, time, tags] = p.emissions.shape;
    const lastAlpha = tf.reshape(tf.slice(forwardLogAlphas(p), [0, time - 1, 0], [batch, 1, tags]), [batch, tags]);
    // log Z = logΣexp_k (α_T(k) + end[k])
    return tf.logSumExp(tf.add(lastAlpha, p.end), 1) as tf.Tensor1D;
  });
}

/** P(y_t = k | x) `[batch, time, tags]` (zero on padded steps), and log Z `[batch]`. */
export function tagMarginals(p: ChainPotentials): { marginals: tf.Tensor3D; logZ: tf.Tensor1D } {
  return tf.tidy(() => {
    const [batch, time, tags] = p.emissions.shape;
    const alphas = forwardLogAlphas(p);
    const betas = backwardLogBetas(p);
    const lastAlpha = tf.reshape(tf.slice(alphas, [0, time - 1, 0], [batch, 1, tags]), [batch, tags]);
    const logZ = tf.logSumExp(tf.add(lastAlpha, p.end), 1) as tf.Tensor1D;
    // exp(α_t(k) + β_t(k) − log Z)
    const logMarginals = tf.sub(tf.add(alphas, betas), tf.reshape(logZ, [batch, 1, 1]));
    const marginals = tf.mul(tf.exp(logMarginals), tf.expandDims(p.mask, 2)) as tf.Tensor3D;
    return { marginals, logZ };
  });
}
