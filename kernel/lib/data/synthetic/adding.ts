/**
 * The adding problem (Hochreiter & Schmidhuber 1997; the version of Le, Jaitly & Hinton 2015 and
 * Arjovsky et al. 2016): each step carries two numbers, a value drawn uniformly from [0, 1) and a
 * marker that is 1 at exactly two steps and 0 elsewhere, one marked step in each half of the
 * sequence. The target is the sum of the two marked values. The network must remember the first
 * marked value across up to `length` steps. Always answering 1 (the mean of the sum) gives a mean
 * squared error of Var(u₁ + u₂) = 2/12 = 1/6: a model has learned something only below that.
 */
import { Random } from '../../core/random';
import { positiveInteger } from './checks';

export interface AddingProblemOptions {
  count: number;
  /** Steps per sequence (at least 2). */
  length: number;
  seed?: number;
}

export interface AddingProblem {
  /** `[count][length][2]`: (value, marker) per step. */
  inputs: number[][][];
  /** `[count]`: the sum of the two marked values. */
  targets: number[];
  /** `[count][2]`: the marked positions (first half, second half). */
  markers: [number, number][];
  length: number;
  /** 1/6: the mean squared error of always predicting 1. */
  baselineMSE: number;
}

export function addingProblem(options: AddingProblemOptions): AddingProblem {
  const count = positiveInteger('addingProblem', 'count', options?.count);
  const length = positiveInteger('addingProblem', 'length', options.length);
  if (length < 2) throw new Error(`addingProblem: length must be at least 2 (one marker per half); got ${length}`);
  const random = new Random(options.seed ?? 0);
  const half = Math.floor(length / 2);
  const inputs: number[][][] = [];
  const targets: number[] = [];
  const markers: [number, number][] = [];
  for (let i = 0; i < count; i++) {
    const values = Array.from({ length }, () => random.next());
    const first = random.int(half);
    const second = half + random.int(length - half);
    inputs.push(values.map((value, t) => [value, t === first || t === second ? 1 : 0]));
    targets.push(values[first] + values[second]);
    markers.push([first, second]);
  }
  return { inputs, targets, markers, length, baselineMSE: 1 / 6 };
}
