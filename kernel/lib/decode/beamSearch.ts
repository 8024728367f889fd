/**
 * Beam search: approximately the most probable sequence argmax_y Π_i p(y_i | y_<i).
 *
 * Keep the `beamWidth` best partial sequences (hypotheses). At each step extend every live
 * hypothesis by every token, score each candidate by its cumulative log-probability
 * Σ_i log p(y_i | y_<i), and keep the best `beamWidth` that have not ended. A candidate ending in
 * `endToken` is finished when it ranks among the best `beamWidth` of its step; finished and
 * surviving hypotheses compete at the end by the length-normalised score
 *   score(y) = Σ_i log p(y_i | y_<i) / |y|^α
 * (α = `lengthPenalty`; α = 0 compares raw log-probabilities, which favours short outputs since
 * every extra token lowers the sum; α = 1 compares per-token averages).
 *
 * Exactness: step 1 keeps every first token, so with beamWidth ≥ V^(L−1) nothing is ever pruned
 * before the last of L steps and the result is the exact best sequence; for L = 2 a beam as wide
 * as the vocabulary is already exact.
 *
 * Besides the best sequences, the result holds the whole beam tree: every hypothesis that
 * entered a beam, with its parent, for drawing how the search unfolded.
 */
import type { StepModel } from '../core/types';
import { interruptRequested } from '../core/interrupt';
import { LoopScope } from '../core/loopStops';
import { checkDecodeOptions, interruptedDecoding, logSoftmax, Stepper, type DecodeOptions } from './stepper';

export interface BeamSearchOptions extends DecodeOptions {
  beamWidth: number;
  /** α in score / |y|^α (default 0). */
  lengthPenalty?: number;
  /** How many final hypotheses to return, best first (default `beamWidth`). */
  returnCount?: number;
}

export interface BeamNode {
  id: number;
  /** null for the root (the end of the prompt). */
  parentId: number | null;
  /** The token this hypothesis appended (the root holds the last prompt token). */
  token: number;
  /** log p(token | parent's prefix). */
  logProb: number;
  cumulativeLogProb: number;
  /** cumulativeLogProb / step^α (0 for the root). */
  normalizedScore: number;
  /** Generated tokens so far: 0 for the root. */
  step: number;
  finished: boolean;
  /** p(· | this prefix), recorded when the node was expanded and `recordDistributions` is set. */
  distribution?: Float32Array;
}

export interface BeamHypothesis {
  tokens: number[];
  logProb: number;
  normalizedScore: number;
  finished: boolean;
  /** The tree node that ends this hypothesis. */
  nodeId: number;
}

export interface BeamSearchResult {
  /** Best first, by normalised score. */
  sequences: BeamHypothesis[];
  tree: BeamNode[];
  interrupted: boolean;
}

interface Candidate {
  parentRow: number;
  token: number;
  logProb: number;
  cumulative: number;
}

export function beamSearch(model: StepModel, options: BeamSearchOptions): BeamSearchResult {
  const prompt = checkDecodeOptions(options, 'beamSearch');
  const { beamWidth, maxLength, endToken } = options;
  const alpha = options.lengthPenalty ?? 0;
  if (!Number.isInteger(beamWidth) || beamWidth < 1) throw new Error(`beamSearch: beamWidth must be a positive integer; got ${beamWidth}`);
  if (!(alpha >= 0 && Number.isFinite(alpha))) throw new Error(`beamSearch: lengthPenalty must be a finite number ≥ 0; got ${alpha}`);
  const normalise = (cumulative: number, length: number) => (length === 0 ? 0 : cumulative / Math.pow(length, alpha));

  const root: BeamNode = { id: 0, parentId: null, token: prompt[prompt.length - 1], logProb: 0, cumulativeLogProb: 0, normalizedScore: 0, step: 0, finished: false };
  const tree: BeamNode[] = [root];
  const finished: BeamNode[] = [];
  let live: BeamNode[] = [root];
  let interrupted = false;
  let stepsDone = 0;
  const scope = new LoopScope();
  let stepper: Stepper | undefined;
  try {
    stepper = Stepper.prime(model, prompt, options.initialState);
  } finally {
    if (!stepper) scope.close();
  }
  if (!stepper) {
    interruptedDecoding(scope, 'beamSearch', 'step', 0, maxLength, '');
    return { sequences: [], tree, interrupted: true };
  }
  try {
    for (let step = 1; step <= maxLength; step++) {
      if (step > 1 && interruptRequested()) {
        interrupted = true;
        break;
      }
      stepsDone = step;
      const candidates: Candidate[] = [];
      live.forEach((node, row) => {
        const logits = stepper.row(row);
        const logProbs = logSoftmax(logits);
        if (options.recordDistributions) node.distribution = Float32Array.from(logProbs, Math.exp);
        for (let token = 0; token < logProbs.length; token++) {
          candidates.push({ parentRow: row, token, logProb: logProbs[token], cumulative: node.cumulativeLogProb + logProbs[token] });
        }
      });
      // Best first; ties keep beam order, then token order, so beam width 1 is exactly greedy.
      candidates.sort((a, b) => b.cumulative - a.cumulative || a.parentRow - b.parentRow || a.token - b.token);
      const next: BeamNode[] = [];
      const parents: number[] = [];
      for (let rank = 0; rank < candidates.length && next.length < beamWidth; rank++) {
        const c = candidates[rank];
        const ends = c.token === endToken;
        if (ends && rank >= beamWidth) continue;
        const node: BeamNode = {
          id: tree.length, parentId: live[c.parentRow].id, token: c.token, logProb: c.logProb, cumulativeLogProb: c.cumulative,
          normalizedScore: normalise(c.cumulative, step), step, finished: ends,
        };
        tree.push(node);
        if (ends) {
          finished.push(node);
        } else {
          next.push(node);
          parents.push(c.parentRow);
        }
      }
      live = next;
      if (live.length === 0 || step === maxLength) break;
      stepper.feed(live.map((n) => n.token), parents);
    }
  } finally {
    stepper.dispose();
    scope.close();
  }
  const ends = [...finished, ...live.filter((n) => n !== root)];
  ends.sort((a, b) => b.normalizedScore - a.normalizedScore || a.id - b.id);
  const sequences = ends.slice(0, options.returnCount ?? beamWidth).map((node) => hypothesis(node, tree));
  if (interrupted) interruptedDecoding(scope, 'beamSearch', 'step', stepsDone, maxLength, `the ${sequences.length} best hypotheses found so far`);
  return { sequences, tree, interrupted };
}

function hypothesis(end: BeamNode, tree: BeamNode[]): BeamHypothesis {
  const tokens: number[] = [];
  for (let node: BeamNode = end; node.parentId !== null; node = tree[node.parentId]) tokens.unshift(node.token);
  return { tokens, logProb: end.cumulativeLogProb, normalizedScore: end.normalizedScore, finished: end.finished, nodeId: end.id };
}
