/**
 * Sampling from a language model: draw y_i from a reshaped p(· | y_<i) and feed it back.
 *
 * Reshaping, in this order (the order most libraries use):
 * - temperature τ: q_v ∝ exp(z_v / τ). τ < 1 sharpens towards the most likely token (τ → 0 is
 *   greedy decoding), τ > 1 flattens towards uniform;
 * - top-k: keep the k most likely tokens;
 * - top-p (nucleus): keep the smallest set of most likely tokens whose mass is at least p;
 * then renormalise. Draws use a seeded generator, so a seed replays the same text.
 */
import type { StepModel } from '../core/types';
import { Random } from '../core/random';
import { argmax, decodeOneByOne, logSoftmax, type DecodeOptions, type DecodedSequence } from './stepper';

export interface SamplingFilter {
  /** τ ≥ 0 (default 1); 0 means always the most likely token. */
  temperature?: number;
  /** Keep only the k most likely tokens (k ≥ 1). */
  topK?: number;
  /** Keep the smallest most-likely set with mass ≥ p, 0 < p ≤ 1. */
  topP?: number;
}

export interface SamplingOptions extends DecodeOptions, SamplingFilter {
  /** Seed of the draws; absent: a fresh one, reported in the result so the sample can be replayed. */
  seed?: number;
}

export interface SampledSequence extends DecodedSequence {
  seed: number;
  /** The reshaped distribution each token was drawn from, when `recordDistributions` is set. */
  samplingDistributions?: Float64Array[];
}

function checkFilter(filter: SamplingFilter, vocab: number): void {
  const { temperature, topK, topP } = filter;
  if (temperature !== undefined && !(temperature >= 0 && Number.isFinite(temperature))) throw new Error(`sampling: temperature must be a finite number ≥ 0; got ${temperature}`);
  if (topK !== undefined && !(Number.isInteger(topK) && topK >= 1)) throw new Error(`sampling: topK must be a positive integer; got ${topK}`);
  if (topP !== undefined && !(topP > 0 && topP <= 1)) throw new Error(`sampling: topP must lie in (0, 1]; got ${topP}`);
  if (vocab === 0) throw new Error('sampling: the distribution is empty');
}

/** The distribution sampling draws from, given logits z `[vocab]`: temperature, then top-k, then top-p. */
export function samplingDistribution(logits: ArrayLike<number>, filter: SamplingFilter = {}): Float64Array {
  checkFilter(filter, logits.length);
  const temperature = filter.temperature ?? 1;
  const q = new Float64Array(logits.length);
  if (temperature === 0) {
    q[argmax(logits)] = 1;
    return q;
  }
  // q_v ∝ exp(z_v / τ), through a max-subtracted log-softmax so small τ cannot overflow.
  const scaled = logSoftmax(Array.from(logits, (z) => z / temperature));
  for (let v = 0; v < q.length; v++) q[v] = Math.exp(scaled[v]);
  // Most likely first; equal probabilities keep index order, so the kept set is well defined.
  const order = Array.from(q.keys()).sort((a, b) => q[b] - q[a] || a - b);
  let keep = order.length;
  if (filter.topK !== undefined) keep = Math.min(keep, filter.topK);
  if (filter.topP !== undefined) {
    let mass = 0;
    for (let r = 0; r < keep; r++) {
      mass += q[order[r]];
      // A relative slack of 1e-12 absorbs rounding when the mass lands exactly on p.
      if (mass >= filter.topP * (1 - 1e-12)) {
        keep = r + 1;
        break;
      }
    }
  }
  let total = 0;
  for (let r = 0; r < keep; r++) total += q[order[r]];
  const filtered = new Float64Array(q.length);
  for (let r = 0; r < keep; r++) filtered[order[r]] = q[order[r]] / total;
  return filtered;
}

/** Generates by drawing each token from the reshaped distribution. */
export function sample(model: StepModel, options: SamplingOptions): SampledSequence {
  const seed = options.seed ?? Math.floor(Math.random() * 0x7fffffff);
  const random = new Random(seed);
  const shaped: Float64Array[] = [];
  checkFilter(options, 1);
  const result = decodeOneByOne(model, options, 'sample', (_logProbs, logits) => {
    const q = samplingDistribution(logits, options);
    if (options.recordDistributions) shaped.push(q);
    return random.categorical(q);
  });
  return options.recordDistributions ? { ...result, seed, samplingDistributions: shaped } : { ...result, seed };
}
