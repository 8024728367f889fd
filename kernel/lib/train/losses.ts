/**
 * Cross-entropy losses for sequence models, with masks for padded batches.
 *
 * Per step t of sequence b, with logits z and target token y:
 *   ℓ_{b,t} = −log softmax(z_{b,t})[y_{b,t}] = −z_{b,t,y} + log Σ_v exp(z_{b,t,v})
 * computed through `logSoftmax` (max-subtracted), so large logits neither overflow nor lose digits.
 * The target's log-probability is picked with a one-hot product, not `gather`: the gradient of
 * `gather` needs a kernel the wasm backend lacks, and the one-hot form trains on every backend.
 *
 * Masks are `[batch, time]` with 1 for real steps and 0 for padding; padded steps contribute
 * neither to the loss nor to the gradients. Maximum likelihood training minimises the mean over
 * real steps; perplexity is exp of that mean.
 */
import { tf } from '../tf';

function checkTargets(logits: tf.Tensor, targets: tf.Tensor, what: string): void {
  const batchShape = logits.shape.slice(0, -1);
  if (targets.shape.length !== batchShape.length || targets.shape.some((d, i) => d !== batchShape[i])) {
    throw new Error(`${what}: targets must have shape [${batchShape.join(', ')}] to match logits [${logits.shape.join(', ')}]; got [${targets.shape.join(', ')}]`);
  }
  if (targets.dtype !== 'int32') throw new Error(`${what}: targets must be int32 token ids; got ${targets.dtype}`);
  const vocab = logits.shape[logits.shape.length - 1];
  const ids = targets.dataSync();
  for (let i = 0; i < ids.length; i++) {
    if (ids[i] < 0 || ids[i] >= vocab) {
      throw new Error(`${what}: target id ${ids[i]} at flat position ${i} is outside the vocabulary [0, ${vocab})`);
    }
  }
}

function checkMask(mask: tf.Tensor, targets: tf.Tensor, what: string): void {
  if (mask.shape.length !== targets.shape.length || mask.shape.some((d, i) => d !== targets.shape[i])) {
    throw new Error(`${what}: mask must have shape [${targets.shape.join(', ')}] like the targets; got [${mask.shape.join(', ')}]`);
  }
}

/**
 * Cross-entropy of every step, `[batch, time]`; padded steps (mask 0) are exactly 0.
 * logits `[batch, time, vocab]`, targets `[batch, time]` int32, mask `[batch, time]` (optional).
 */
export function crossEntropyPerStep(logits: tf.Tensor3D, targets: tf.Tensor2D, mask?: tf.Tensor2D): tf.Tensor2D {
  if (logits.rank !== 3) throw new Error(`crossEntropyPerStep: logits must be [batch, time, vocab]; got shape [${logits.shape.join(', ')}]`);
  checkTargets(logits, targets, 'crossEntropyPerStep');
  if (mask) checkMask(mask, targets, 'crossEntropyPerStep');
  return tf.tidy(() => {
    const vocab = logits.shape[2];
    // ℓ_{b,t} = −Σ_v onehot(y)_v · log softmax(z)_v
    const logProbs = tf.logSoftmax(logits);
    const picked = tf.sum(tf.mul(logProbs, tf.oneHot(targets, vocab)), -1);
    const losses = tf.neg(picked) as tf.Tensor2D;
    return mask ? (tf.mul(losses, tf.cast(mask, 'float32')) as tf.Tensor2D) : losses;
  });
}

/**
 * The training loss: mean cross-entropy over real steps, Σ_{b,t} m_{b,t} ℓ_{b,t} / Σ_{b,t} m_{b,t}.
 * A batch whose mask is all zeros has loss 0 (there is nothing to predict).
 */
export function sequenceCrossEntropy(logits: tf.Tensor3D, targets: tf.Tensor2D, mask?: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const perStep = crossEntropyPerStep(logits, targets, mask);
    if (!mask) return tf.mean(perStep) as tf.Scalar;
    const realSteps = tf.sum(tf.cast(mask, 'float32'));
    return tf.div(tf.sum(perStep), tf.maximum(realSteps, 1)) as tf.Scalar;
  });
}

/**
 * Negative log-likelihood of each whole sequence, `[batch]`: −log P(y_1..y_L) = Σ_t ℓ_t over real
 * steps (the chain rule P(y_1..y_L) = Π_t P(y_t | y_<t)). Divide by the lengths for per-token values.
 */
export function sequenceNegLogLikelihood(logits: tf.Tensor3D, targets: tf.Tensor2D, mask?: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => tf.sum(crossEntropyPerStep(logits, targets, mask), 1) as tf.Tensor1D);
}

/**
 * One label per sequence (acceptor / many-to-one): mean over the batch of −log softmax(z_b)[y_b].
 * logits `[batch, classes]`, labels `[batch]` int32.
 */
export function classificationCrossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  if (logits.rank !== 2) throw new Error(`classificationCrossEntropy: logits must be [batch, classes]; got shape [${logits.shape.join(', ')}]`);
  checkTargets(logits, labels, 'classificationCrossEntropy');
  return tf.tidy(() => {
    const picked = tf.sum(tf.mul(tf.logSoftmax(logits), tf.oneHot(labels, logits.shape[1])), -1);
    return tf.neg(tf.mean(picked)) as tf.Scalar;
  });
}

/** Perplexity = exp(mean cross-entropy in nats): the effective number of equally likely choices per step. */
export function perplexity(meanLoss: number | tf.Scalar): number {
  const value = typeof meanLoss === 'number' ? meanLoss : meanLoss.dataSync()[0];
  if (!Number.isFinite(value)) throw new Error(`perplexity: the mean loss must be a finite number; got ${value}`);
  return Math.exp(value);
}
