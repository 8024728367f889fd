/**
 * A linear-chain conditional random field on top of an RNN's emission scores (BiLSTM-CRF,
 * Lample et al. 2016). The RNN says how well each tag fits each token (E `[batch, time, tags]`);
 * the CRF adds a learned score A[i, j] for tag j following tag i, plus start and end scores, and
 * normalises over whole tag paths:
 *   P(y | x) = exp(score(y)) / Z,   L = −log P(y | x) = log Z − score(y)
 * Training back-propagates through the forward algorithm (forwardBackward.ts); decoding is Viterbi
 * (viterbi.ts). Constraints (from `allowedTransitions`) make forbidden transitions impossible.
 */
import { tf } from '../tf';
import { expectShape } from '../core/expectShape';
import { seededVariable } from '../init/seededVariable';
import { randomSeed } from '../init/seeds';
import type { Parameterised } from '../core/types';
import { logPartition, tagMarginals, type ChainPotentials } from './forwardBackward';
import { pathScore } from './pathScore';
import { viterbi, type ViterbiTrellis } from './viterbi';
import { checkTagIds, chainLengths } from './sequenceLengths';
import { allowedTransitions, type TransitionConstraints } from './transitionRules';
import type { TagScheme } from './schemes';

/**
 * Added to forbidden transition scores in the (differentiable) forward algorithm: exp(−1e4)
 * underflows to exactly 0, yet stays finite so log-space sums never meet −∞ − (−∞) = NaN.
 * Viterbi, in float64 JavaScript, uses −Infinity itself.
 */
export const CONSTRAINT_PENALTY = -1e4;

export interface LinearChainCRFOptions {
  /** Tag names in id order; give these or `numTags`. */
  tags?: readonly string[];
  numTags?: number;
  /** Forbid the transitions the scheme disallows (needs `tags`). */
  scheme?: TagScheme;
  /** Explicit constraints (alternative to `scheme`). */
  constraints?: TransitionConstraints;
  /** Seed of the Glorot-uniform initial transition, start and end scores (default: a random seed). */
  seed?: number;
}

export interface CRFDecoding {
  /** The Viterbi path of each sequence, one tag id per real step. */
  paths: number[][];
  /** score(path) of each. */
  scores: number[];
  /** The trellis of each sequence over its real steps. */
  trellises: ViterbiTrellis[];
  /** The paths as tag names, when the CRF knows them. */
  tags?: string[][];
}

export type NLLReduction = 'mean' | 'sum' | 'none';

export class LinearChainCRF implements Parameterised {
  readonly numTags: number;
  readonly tags?: readonly string[];
  readonly constraints?: TransitionConstraints;
  readonly seed: number;
  /** A `[tags, tags]` (A[from, to]), start `[tags]`, end `[tags]`. */
  readonly weights: { transitions: tf.Variable; start: tf.Variable; end: tf.Variable };
  /** 0 where allowed, CONSTRAINT_PENALTY where forbidden; absent without constraints. */
  private readonly penalties?: { transitions: tf.Tensor2D; start: tf.Tensor1D; end: tf.Tensor1D };

  constructor(options: LinearChainCRFOptions) {
    const { tags, scheme } = options;
    const numTags = tags?.length ?? options.numTags;
    if (!Number.isInteger(numTags) || (numTags as number) <= 0) {
      throw new Error(`LinearChainCRF: give tags (a non-empty list of names) or numTags (a positive integer), got ${JSON.stringify({ tags, numTags: options.numTags })}`);
    }
    if (tags && options.numTags !== undefined && options.numTags !== tags.length) {
      throw new Error(`LinearChainCRF: numTags ${options.numTags} disagrees with the ${tags.length} tag names`);
    }
    this.numTags = numTags as number;
    this.tags = tags ? [...tags] : undefined;
    if (scheme !== undefined && options.constraints !== undefined) throw new Error('LinearChainCRF: give scheme or constraints, not both');
    if (scheme !== undefined && !tags) throw new Error(`LinearChainCRF: scheme '${scheme}' needs the tag names (option tags) to know which transitions are valid`);
    this.constraints = scheme !== undefined ? allowedTransitions(tags as readonly string[], scheme) : options.constraints;
    if (this.constraints) this.penalties = penaltiesFor(this.constraints, this.numTags);
    this.seed = options.seed ?? randomSeed();
    this.weights = {
      transitions: seededVariable('glorotUniform', [this.numTags, this.numTags], this.seed, 'transitions'),
      start: seededVariable('glorotUniform', [this.numTags], this.seed, 'start'),
      end: seededVariable('glorotUniform', [this.numTags], this.seed, 'end'),
    };
  }

  /** The chain's potentials with constraint penalties applied; differentiable w.r.t. the weights. */
  potentials(emissions: tf.Tensor3D, mask?: tf.Tensor2D): ChainPotentials {
    expectShape('LinearChainCRF emissions', emissions, ['batch', 'time', 'tags'], [undefined, undefined, this.numTags]);
    const [batch, time] = emissions.shape;
    chainLengths('LinearChainCRF', mask, batch, time);
    return tf.tidy(() => {
      const { transitions, start, end } = this.weights;
      const pen = this.penalties;
      return {
        emissions: tf.clone(emissions),
        transitions: (pen ? tf.add(transitions, pen.transitions) : tf.clone(transitions)) as tf.Tensor2D,
        start: (pen ? tf.add(start, pen.start) : tf.clone(start)) as tf.Tensor1D,
        end: (pen ? tf.add(end, pen.end) : tf.clone(end)) as tf.Tensor1D,
        mask: (mask ? tf.cast(mask, 'float32') : tf.ones([batch, time])) as tf.Tensor2D,
      };
    });
  }

  /** log Z `[batch]` by the forward algorithm. emissions `[batch, time, tags]`, mask `[batch, time]` right-padded. */
  logPartition(emissions: tf.Tensor3D, mask?: tf.Tensor2D): tf.Tensor1D {
    return tf.tidy(() => logPartition(this.potentials(emissions, mask)));
  }

  /** P(y_t = k | x) `[batch, time, tags]` by forward-backward (zero on padding). */
  marginals(emissions: tf.Tensor3D, mask?: tf.Tensor2D): tf.Tensor3D {
    return tf.tidy(() => tagMarginals(this.potentials(emissions, mask)).marginals);
  }

  /** score(y) `[batch]` of the given paths, tags `[batch, time]` int32. */
  sequenceScore(emissions: tf.Tensor3D, tags: tf.Tensor2D, mask?: tf.Tensor2D): tf.Tensor1D {
    this.checkTags(emissions, tags, mask);
    return tf.tidy(() => pathScore(this.potentials(emissions, mask), tags));
  }

  /**
   * −log P(y | x) = log Z − score(y), averaged over the batch (`'mean'`, default), summed, or per
   * sequence (`'none'`, `[batch]`). Differentiable w.r.t. the emissions and the CRF weights.
   */
  negativeLogLikelihood(emissions: tf.Tensor3D, tags: tf.Tensor2D, mask?: tf.Tensor2D, reduction: NLLReduction = 'mean'): tf.Tensor {
    if (!['mean', 'sum', 'none'].includes(reduction)) throw new Error(`LinearChainCRF: reduction must be 'mean', 'sum' or 'none', got '${reduction}'`);
    this.checkTags(emissions, tags, mask);
    return tf.tidy(() => {
      const p = this.potentials(emissions, mask);
      const nll = tf.sub(logPartition(p), pathScore(p, tags));
      if (reduction === 'none') return nll;
      return reduction === 'sum' ? tf.sum(nll) : tf.mean(nll);
    });
  }

  /** Viterbi paths, their scores and trellises, over each sequence's real steps. */
  decode(emissions: tf.Tensor3D, mask?: tf.Tensor2D): CRFDecoding {
    expectShape('LinearChainCRF emissions', emissions, ['batch', 'time', 'tags'], [undefined, undefined, this.numTags]);
    const [batch, time] = emissions.shape;
    const lengths = chainLengths('LinearChainCRF.decode', mask, batch, time);
    const e = emissions.arraySync() as number[][][];
    const forbid = (allowedRow: boolean[] | undefined, values: number[]) => values.map((v, k) => (allowedRow && !allowedRow[k] ? -Infinity : v));
    const transitions = (this.weights.transitions.arraySync() as number[][]).map((row, from) => forbid(this.constraints?.allowed[from], row));
    const start = forbid(this.constraints?.start, this.weights.start.arraySync() as number[]);
    const end = forbid(this.constraints?.end, this.weights.end.arraySync() as number[]);
    const results = e.map((sequence, b) => viterbi(sequence.slice(0, lengths[b]), transitions, start, end));
    const decoding: CRFDecoding = {
      paths: results.map((r) => r.path),
      scores: results.map((r) => r.score),
      trellises: results.map((r) => r.trellis),
    };
    if (this.tags) decoding.tags = decoding.paths.map((path) => path.map((id) => (this.tags as readonly string[])[id]));
    return decoding;
  }

  trainableVariables(): tf.Variable[] {
    return [this.weights.transitions, this.weights.start, this.weights.end];
  }

  dispose(): void {
    tf.dispose(this.trainableVariables());
    if (this.penalties) tf.dispose([this.penalties.transitions, this.penalties.start, this.penalties.end]);
  }

  private checkTags(emissions: tf.Tensor3D, tags: tf.Tensor2D, mask?: tf.Tensor2D): void {
    expectShape('LinearChainCRF emissions', emissions, ['batch', 'time', 'tags'], [undefined, undefined, this.numTags]);
    const [batch, time] = emissions.shape;
    const lengths = chainLengths('LinearChainCRF', mask, batch, time);
    const real = lengths.flatMap((length) => Array.from({ length: time }, (_, t) => (t < length ? 1 : 0)));
    checkTagIds('LinearChainCRF', tags, real, batch, time, this.numTags);
    if (this.constraints) this.checkPathsAllowed(tags.arraySync() as number[][], lengths);
  }

  /**
   * A gold path through a forbidden transition has probability 0 under a constrained CRF (its NLL
   * would be about −CONSTRAINT_PENALTY), so it is refused with where it breaks the rules.
   */
  private checkPathsAllowed(paths: number[][], lengths: readonly number[]): void {
    const { allowed, start, end } = this.constraints as TransitionConstraints;
    const name = (id: number) => (this.tags ? `'${this.tags[id]}'` : `tag ${id}`);
    const repair = this.tags ? '; ill-formed tag sequences can be repaired with convertTags(tags, scheme, scheme)' : '';
    paths.forEach((path, b) => {
      const n = lengths[b];
      let problem = '';
      if (!start[path[0]]) problem = `starts with ${name(path[0])}`;
      for (let t = 1; t < n && !problem; t++) {
        if (!allowed[path[t - 1]][path[t]]) problem = `has ${name(path[t])} after ${name(path[t - 1])} at step ${t}`;
      }
      if (!problem && !end[path[n - 1]]) problem = `ends with ${name(path[n - 1])}`;
      if (problem) throw new Error(`LinearChainCRF: the gold tags of row ${b} break the transition constraints: the path ${problem}${repair}`);
    });
  }
}

function penaltiesFor(constraints: TransitionConstraints, numTags: number): { transitions: tf.Tensor2D; start: tf.Tensor1D; end: tf.Tensor1D } {
  const { allowed, start, end } = constraints;
  if (allowed.length !== numTags || allowed.some((row) => row.length !== numTags) || start.length !== numTags || end.length !== numTags) {
    throw new Error(`LinearChainCRF: constraints must be allowed [${numTags}][${numTags}], start [${numTags}], end [${numTags}]`);
  }
  const penalty = (ok: boolean) => (ok ? 0 : CONSTRAINT_PENALTY);
  return {
    transitions: tf.tensor2d(allowed.map((row) => row.map(penalty))),
    start: tf.tensor1d(start.map(penalty)),
    end: tf.tensor1d(end.map(penalty)),
  };
}
