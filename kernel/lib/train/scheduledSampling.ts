/**
 * Scheduled sampling (Bengio et al. 2015), a remedy for exposure bias.
 *
 * Teacher forcing feeds the true previous token y_{t−1} at every step, so a model never sees its
 * own mistakes in training but must live with them when it generates. Scheduled sampling flips a
 * coin per example and step: with probability p it feeds the model's own prediction ŷ_{t−1}
 * (sampled from its softmax) instead, and p grows over training. The unroll goes through
 * `StepModel.step`, one token at a time; the sampled tokens are data (no gradient flows through
 * the choice), the logits they produce are trained on the true targets as usual.
 */
import { tf } from '../tf';
import type { RecurrentState, StepModel } from '../core/types';
import type { Random } from '../core/random';
import type { ChunkArrays } from './batching';

/** Probability of feeding the model's own prediction, fixed or as a function of training progress. */
export type SamplingSchedule = number | ((progress: { step: number; epoch: number }) => number);

export interface ScheduledSamplingOptions {
  probability: SamplingSchedule;
  /** How the fed-back token is chosen from the model's softmax: `sample` (default, as in the paper) or `argmax`. */
  feed?: 'sample' | 'argmax';
}

/**
 * The paper's inverse-sigmoid decay, turned into the probability of feeding the model:
 * teacher probability ε_i = k / (k + exp(i / k)) at step i, so p_i = 1 − ε_i. Larger k decays later.
 */
export function inverseSigmoidSchedule(k: number): (progress: { step: number }) => number {
  if (!(k >= 1)) throw new Error(`inverseSigmoidSchedule: k must be ≥ 1; got ${k}`);
  return ({ step }) => 1 - k / (k + Math.exp(step / k));
}

/** p grows linearly from `start` to `end` over `steps` optimiser steps, then stays at `end`. */
export function linearSchedule(start: number, end: number, steps: number): (progress: { step: number }) => number {
  if (!(steps > 0)) throw new Error(`linearSchedule: steps must be positive; got ${steps}`);
  return ({ step }) => start + (end - start) * Math.min(1, step / steps);
}

/** Resolves a schedule at a point of training and checks it is a probability. */
export function samplingProbability(schedule: SamplingSchedule, progress: { step: number; epoch: number }): number {
  const p = typeof schedule === 'number' ? schedule : schedule(progress);
  if (!(p >= 0 && p <= 1)) throw new Error(`scheduledSampling: the probability must lie in [0, 1]; the schedule gave ${p} at step ${progress.step}`);
  return p;
}

/**
 * Unrolls `model` over one chunk of token inputs, replacing each true input (after the first) by
 * the model's previous prediction with probability `p`. Padded rows keep their state:
 * s_t = m_t · step(s_{t−1}) + (1 − m_t) · s_{t−1}.
 * Returns logits `[batch, time, vocab]` and the final state; call inside a gradient tape.
 */
export function unrollWithSampling(
  model: StepModel,
  chunk: ChunkArrays,
  initialState: RecurrentState | undefined,
  p: number,
  random: Random,
  feed: 'sample' | 'argmax',
): { logits: tf.Tensor3D; finalState: RecurrentState } {
  const { batch, time } = chunk;
  const teacher = chunk.inputs as Int32Array;
  let state = initialState ?? model.initialState(batch);
  const stepLogits: tf.Tensor2D[] = [];
  const tokens = new Int32Array(batch);
  for (let t = 0; t < time; t++) {
    for (let b = 0; b < batch; b++) {
      const useModel = t > 0 && random.next() < p;
      tokens[b] = useModel ? predictedToken(stepLogits[t - 1], b, random, feed) : teacher[b * time + t];
    }
    const out = model.step(tf.tensor1d(tokens, 'int32'), state);
    const m = tf.tensor2d(chunk.mask.filter((_, i) => i % time === t), [batch, 1]);
    const keep = tf.sub(1, m);
    state = out.state.map((s, i) => tf.add(tf.mul(s, m), tf.mul(state[i], keep)) as tf.Tensor2D);
    stepLogits.push(out.logits);
  }
  return { logits: tf.stack(stepLogits, 1) as tf.Tensor3D, finalState: state };
}

function predictedToken(logits: tf.Tensor2D, row: number, random: Random, feed: 'sample' | 'argmax'): number {
  const vocab = logits.shape[1];
  const rowLogits = logits.dataSync().subarray(row * vocab, (row + 1) * vocab);
  let best = 0;
  for (let v = 1; v < vocab; v++) if (rowLogits[v] > rowLogits[best]) best = v;
  if (feed === 'argmax') return best;
  const weights = Array.from(rowLogits, (z) => Math.exp(z - rowLogits[best]));
  return random.categorical(weights);
}
