/**
 * Checks for the exercises of lesson 9 (implementation tricks):
 *   checkMaskedUpdate(maskedUpdate)       s_t = m ⊙ R(s_{t-1}, x_t) + (1 − m) ⊙ s_{t-1}: values, gradients, and a GRU run over a padded batch
 *   checkMaskedMeanLoss(maskedMeanLoss)   the mean per-step loss over real steps only: values and gradients
 *   checkBucketBatches(bucketBatches)     mini-batches of example indices with little padding
 * Each returns a line (✓ or "not attempted yet") or throws an `ExerciseError` explaining the mistake.
 */
import { tf } from '../tf';
import { Random } from '../core/random';
import { GRUCell } from '../cells/gru';
import { callLearner, ExerciseError, expectFunction, formatValue, runCheck } from './checking';
import { describeTensor, preview, probe, randomTensor, relativeGap } from './tensorChecks';

/** next, prev `[batch, hidden]`; mask `[batch, 1]` (1 = real step, 0 = padding) → the state after this step. */
export type MaskedUpdateFn = (next: tf.Tensor2D, prev: tf.Tensor2D, mask: tf.Tensor2D) => tf.Tensor2D;
/** losses, mask `[batch, time]` → the mean loss over the real steps. */
export type MaskedMeanLossFn = (losses: tf.Tensor2D, mask: tf.Tensor2D) => tf.Scalar;
/** lengths of the examples → example indices per mini-batch. */
export type BucketBatchesFn = (lengths: number[], batchSize: number) => number[][];

const TOLERANCE = 1e-5;

/** A `[batch, 1]` mask of ones and zeros with at least one of each. */
function stepMask(batch: number, random: Random): tf.Tensor2D {
  const values = Array.from({ length: batch }, (_, b) => (b === 0 ? 1 : b === 1 ? 0 : random.next() < 0.5 ? 1 : 0));
  return tf.tensor2d(values, [batch, 1]);
}

function compare(name: string, what: string, expected: ArrayLike<number>, got: ArrayLike<number>, hint: string): void {
  if (relativeGap(got, expected) > TOLERANCE) throw new ExerciseError(`${name}: ${what}\n  expected ${preview(expected)}\n  got      ${preview(got)}\n  ${hint}`);
}

/** Runs a GRU over a padded batch with the learner's update; compares each final state with the sequence run alone. */
function paddedRunAgrees(maskedUpdate: MaskedUpdateFn): void {
  const lengths = [2, 5, 3];
  const time = Math.max(...lengths);
  const cell = new GRUCell({ inputSize: 2, hiddenSize: 3, seed: 909 });
  try {
    tf.tidy(() => {
      const random = new Random(910);
      const inputs = lengths.map(() => randomTensor(random, [time, 2], 1) as tf.Tensor2D);
      let state = cell.zeroState(lengths.length)[0];
      for (let t = 0; t < time; t++) {
        const x = tf.concat(inputs.map((seq) => tf.slice(seq, [t, 0], [1, 2])), 0) as tf.Tensor2D;
        const mask = tf.tensor2d(lengths.map((n) => (t < n ? 1 : 0)), [lengths.length, 1]);
        const next = cell.step(x, [state]).output;
        const updated = callLearner('maskedUpdate', () => maskedUpdate(next, state, mask), () => `maskedUpdate(next, prev, mask) at step ${t + 1} of a padded GRU run`);
        if (!(updated instanceof tf.Tensor) || updated.shape.join() !== state.shape.join()) {
          throw new ExerciseError(`maskedUpdate returned the wrong kind of state in a GRU run: ${describeTensor(updated, state.shape)}`);
        }
        state = updated as tf.Tensor2D;
      }
      lengths.forEach((n, b) => {
        let alone = cell.zeroState(1)[0];
        for (let t = 0; t < n; t++) alone = cell.step(tf.slice(inputs[b], [t, 0], [1, 2]) as tf.Tensor2D, [alone]).output;
        const batched = tf.slice(state, [b, 0], [1, 3]);
        if (relativeGap(batched.dataSync(), alone.dataSync()) > TOLERANCE) {
          throw new ExerciseError(
            `in a GRU run over a padded batch (lengths ${lengths.join(', ')}), sequence ${b + 1} (length ${n}) ends in a different state than when it runs alone:\n  alone   ${preview(alone.dataSync())}\n  batched ${preview(batched.dataSync())}\n  After its last real step, padded steps must leave the state exactly as it was.`,
          );
        }
      });
    });
  } finally {
    cell.dispose();
  }
}

export function checkMaskedUpdate(maskedUpdate: MaskedUpdateFn): string {
  expectFunction(maskedUpdate, 'maskedUpdate');
  return runCheck('maskedUpdate', () => {
    const random = new Random(901);
    const shapes: [number, number][] = [[4, 3], [6, 2], [3, 5]];
    for (const [batch, hidden] of shapes) {
      const shape = `batch ${batch}, hidden ${hidden}`;
      const next = randomTensor(random, [batch, hidden], 1);
      const prev = randomTensor(random, [batch, hidden], 1);
      const mask = stepMask(batch, random);
      const direction = randomTensor(random, [batch, hidden], 1);
      try {
        const learner = probe(
          ([n, p, m]) => [callLearner('maskedUpdate', () => maskedUpdate(n as tf.Tensor2D, p as tf.Tensor2D, m as tf.Tensor2D), () => `maskedUpdate(next, prev, mask) with ${shape}`)],
          [next, prev, mask], [direction],
          (_, got) => `maskedUpdate must return the new state: ${describeTensor(got, [batch, hidden])} (${shape})`,
        );
        const expected = probe(([n, p, m]) => [tf.add(tf.mul(m, n), tf.mul(tf.sub(1, m), p))], [next, prev, mask], [direction], () => '');
        const rows = Array.from(mask.dataSync());
        const [n, p] = [next, prev].map((t) => t.arraySync() as number[][]);
        const likely = (out: number[]): string => {
          const flat = (pick: (b: number) => number[]) => rows.flatMap((_, b) => pick(b));
          if (relativeGap(out, flat((b) => n[b])) < TOLERANCE) return 'you returned next for every row: a padded row (mask 0) must keep prev';
          if (relativeGap(out, flat((b) => (rows[b] ? n[b] : n[b].map(() => 0)))) < TOLERANCE) return 'padded rows came out as zeros: a padded step must keep the previous state, not reset it';
          if (relativeGap(out, flat((b) => (rows[b] ? p[b] : n[b]))) < TOLERANCE) return 'the mask is the wrong way round: 1 marks a real step (take next), 0 a padded one (keep prev)';
          return 'each row should be next where mask is 1 and prev where mask is 0';
        };
        compare('maskedUpdate', `wrong values (${shape}, mask ${formatValue(rows)})`, expected.outputs[0], learner.outputs[0], likely(learner.outputs[0]));
        ['next', 'prev'].forEach((name, i) => {
          const got = learner.gradients[i];
          if (got === null) throw new ExerciseError(`maskedUpdate: no gradient reaches ${name}; combine next and prev with tf operations (tf.where, tf.mul, tf.add), without dataSync() or new tensors built from numbers`);
          compare('maskedUpdate', `wrong gradient with respect to ${name} (${shape})`, expected.gradients[i] as number[], got, 'the gradient must flow to next only at real rows and to prev only at padded rows');
        });
      } finally {
        tf.dispose([next, prev, mask, direction]);
      }
    }
    paddedRunAgrees(maskedUpdate);
    return '✓ maskedUpdate keeps the state at padded steps with the right gradients, and a GRU run over a padded batch with it ends every sequence exactly where it ends alone.';
  });
}

export function checkMaskedMeanLoss(maskedMeanLoss: MaskedMeanLossFn): string {
  expectFunction(maskedMeanLoss, 'maskedMeanLoss');
  return runCheck('maskedMeanLoss', () => {
    const random = new Random(902);
    const cases: number[][] = [[3, 5, 1], [6, 6], [1, 4, 2, 4]];
    for (const lengths of cases) {
      const time = Math.max(...lengths);
      const shape = `lengths ${lengths.join(', ')} padded to ${time}`;
      const losses = tf.tidy(() => tf.abs(randomTensor(random, [lengths.length, time], 3)));
      const mask = tf.tensor2d(lengths.flatMap((n) => Array.from({ length: time }, (_, t) => (t < n ? 1 : 0))), [lengths.length, time]);
      const direction = tf.scalar(1);
      try {
        const learner = probe(
          ([l, m]) => [callLearner('maskedMeanLoss', () => maskedMeanLoss(l as tf.Tensor2D, m as tf.Tensor2D), () => `maskedMeanLoss(losses, mask) with ${shape}`)],
          [losses, mask], [direction],
          (_, got) => `maskedMeanLoss must return one number as a scalar tensor: ${describeTensor(got, [])} (tf.sum(...) gives a scalar)`,
        );
        const value = learner.outputs[0][0];
        const l = losses.arraySync() as number[][];
        const real = lengths.reduce((a, b) => a + b, 0);
        const sumReal = l.reduce((acc, row, b) => acc + row.slice(0, lengths[b]).reduce((s, v) => s + v, 0), 0);
        const want = sumReal / real;
        if (Math.abs(value - want) > TOLERANCE * Math.max(1, want)) {
          const all = l.flat().reduce((s, v) => s + v, 0) / (lengths.length * time);
          const perSequence = l.reduce((acc, row, b) => acc + row.slice(0, lengths[b]).reduce((s, v) => s + v, 0) / lengths[b], 0) / lengths.length;
          const close = (v: number) => Math.abs(value - v) <= TOLERANCE * Math.max(1, v);
          const hint = close(all)
            ? 'that is the mean over every step, padding included: multiply by the mask before summing'
            : close(sumReal / (lengths.length * time))
              ? 'the padded steps are masked out of the sum but still counted in the denominator: divide by the number of real steps, Σ mask'
              : close(perSequence)
                ? 'you averaged each sequence first and then the sequences; here every real step of the batch counts the same: Σ(loss ⊙ mask) / Σ mask'
                : 'compute Σ(loss ⊙ mask) / Σ mask';
          throw new ExerciseError(`maskedMeanLoss gives ${value.toPrecision(5)} for ${shape}; the mean over the ${real} real steps is ${want.toPrecision(5)}.\n  It looks like ${hint}.`);
        }
        const grad = learner.gradients[0];
        if (grad === null) throw new ExerciseError('maskedMeanLoss: no gradient reaches the losses; compute the mean with tf operations, so training can backpropagate through it');
        const expected = (mask.dataSync() as Float32Array).map((m) => m / real);
        compare('maskedMeanLoss', `wrong gradient with respect to the losses (${shape})`, expected, grad, 'each real step should receive 1 / (number of real steps), each padded step 0');
      } finally {
        tf.dispose([losses, mask, direction]);
      }
    }
    return '✓ maskedMeanLoss averages over real steps only, with gradient 1/(real steps) at each real step and 0 at padding.';
  });
}

/** Σ over batches of (batch size × longest length in it): the steps a padded batch computes. */
export function paddedSteps(lengths: readonly number[], batches: readonly (readonly number[])[]): number {
  return batches.reduce((sum, batch) => sum + batch.length * Math.max(...batch.map((i) => lengths[i])), 0);
}

export function checkBucketBatches(bucketBatches: BucketBatchesFn): string {
  expectFunction(bucketBatches, 'bucketBatches');
  return runCheck('bucketBatches', () => {
    const random = new Random(903);
    const cases: [number[], number][] = [
      [Array.from({ length: 103 }, () => 1 + Math.floor(60 * random.next() ** 2)), 16],
      [[5, 1, 9, 3, 7, 2, 8], 3],
      [[4, 4, 4], 5],
    ];
    let report = '';
    for (const [lengths, batchSize] of cases) {
      const given = [...lengths];
      const describe = () => `bucketBatches(lengths, ${batchSize}) with ${lengths.length} lengths`;
      const batches = callLearner('bucketBatches', () => bucketBatches(given, batchSize), describe);
      if (!Array.isArray(batches) || !batches.every((b) => Array.isArray(b) && b.every((i) => Number.isInteger(i)))) {
        throw new ExerciseError(`bucketBatches must return an array of batches, each an array of example indices; got ${formatValue(batches)}`);
      }
      const seen = new Array(lengths.length).fill(0);
      for (const batch of batches) for (const i of batch) if (i >= 0 && i < lengths.length) seen[i]++;
      const outOfRange = batches.flat().filter((i) => i < 0 || i >= lengths.length);
      if (outOfRange.length > 0) {
        const looksLikeLengths = batches.flat().every((v) => lengths.includes(v));
        throw new ExerciseError(`bucketBatches returned ${formatValue(outOfRange.slice(0, 5))}, which are not indices of the ${lengths.length} examples` + (looksLikeLengths ? '; return indices into lengths (0 … n−1), not the lengths themselves' : ''));
      }
      const missing = seen.flatMap((n, i) => (n === 0 ? [i] : []));
      const repeated = seen.flatMap((n, i) => (n > 1 ? [i] : []));
      if (missing.length > 0 || repeated.length > 0) {
        throw new ExerciseError(`every example must be in exactly one batch; ${missing.length > 0 ? `missing ${formatValue(missing.slice(0, 8))}${missing.length > 8 ? ' …' : ''}` : ''}${missing.length > 0 && repeated.length > 0 ? ', ' : ''}${repeated.length > 0 ? `repeated ${formatValue(repeated.slice(0, 8))}` : ''} (${lengths.length} examples, batch size ${batchSize})`);
      }
      const tooBig = batches.find((b) => b.length > batchSize || b.length === 0);
      if (tooBig) throw new ExerciseError(`a batch holds ${tooBig.length} examples; each batch must hold between 1 and ${batchSize}`);
      const fewest = Math.ceil(lengths.length / batchSize);
      if (batches.length !== fewest) throw new ExerciseError(`${batches.length} batches for ${lengths.length} examples of batch size ${batchSize}; use full batches, ${fewest} in all (only one may be smaller)`);
      const sorted = lengths.map((_, i) => i).sort((a, b) => lengths[a] - lengths[b]);
      const bucketed = Array.from({ length: fewest }, (_, k) => sorted.slice(k * batchSize, (k + 1) * batchSize));
      const inOrder = Array.from({ length: fewest }, (_, k) => lengths.map((_, i) => i).slice(k * batchSize, (k + 1) * batchSize));
      const real = lengths.reduce((a, b) => a + b, 0);
      const [mine, target, naive] = [batches, bucketed, inOrder].map((b) => paddedSteps(lengths, b));
      if (mine > target) {
        throw new ExerciseError(`your batches compute ${mine} padded steps for ${real} real ones (${(100 * (1 - real / mine)).toFixed(1)} % padding); sorting by length and cutting consecutive batches needs only ${target} (${(100 * (1 - real / target)).toFixed(1)} %). Put sequences of similar length together.`);
      }
      if (report === '') report = `on ${lengths.length} examples: ${(100 * (1 - real / mine)).toFixed(1)} % of the computed steps are padding, against ${(100 * (1 - real / naive)).toFixed(1)} % for batches in the given order`;
      if (given.some((v, i) => v !== lengths[i])) throw new ExerciseError('bucketBatches changed the lengths array it was given; sort a copy (or sort indices) instead');
    }
    return `✓ bucketBatches puts every example in one full batch and pads as little as sorting by length does (${report}).`;
  });
}
