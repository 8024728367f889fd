/**
 * Checks for the exercises of lesson 4 (character-level language models):
 *   checkTemperatureSoftmax(fn)   q_v = exp(z_v / τ) / Σ_w exp(z_w / τ) from raw logits
 *   checkPerplexity(fn)           exp of the mean cross-entropy over the real (unpadded) steps
 *   checkTopK(fn)                 keep the k most likely tokens, renormalise
 * Each returns a line (✓ or "not attempted yet") or throws an `ExerciseError` explaining the mistake.
 * The expected values come from the library (`samplingDistribution`, `crossEntropyPerStep`,
 * `sequenceCrossEntropy`, `perplexity`), so a passing answer agrees with what the lesson's model uses.
 */
import { tf } from '../tf';
import { Random } from '../core/random';
import { samplingDistribution } from '../decode/sampling';
import { crossEntropyPerStep, perplexity, sequenceCrossEntropy } from '../train/losses';
import { callLearner, describeShape, ExerciseError, expectFunction, formatValue, isVector, maxDifference, runCheck } from './checking';

/** Probabilities are compared in float64 on both sides; only rounding separates a right answer. */
const TOLERANCE = 1e-9;

const deepCopy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** The first mistake in `candidates` whose value matches `answer`. */
function likelyMistake(candidates: [string, number[]][], answer: number[]): string | undefined {
  return candidates.find(([, value]) => value.every(Number.isFinite) && maxDifference(value, answer) < 1e-6)?.[0];
}

/** softmax(z) in float64 with the largest logit subtracted. */
function softmax(z: number[]): number[] {
  const max = Math.max(...z);
  const e = z.map((v) => Math.exp(v - max));
  const total = sum(e);
  return e.map((v) => v / total);
}

// ---------------------------------------------------------------------------------------------
// Exercise 1: temperature

export type TemperatureSoftmaxFn = (logits: number[], temperature: number) => number[];

interface TemperatureCase {
  logits: number[];
  temperature: number;
  why: string;
}

function temperatureCases(): TemperatureCase[] {
  const random = new Random(404);
  const logits = (n: number, scale: number) => Array.from({ length: n }, () => scale * (2 * random.next() - 1));
  const base = logits(6, 3);
  return [
    { logits: base, temperature: 1, why: 'τ = 1 (the model’s own distribution)' },
    { logits: base, temperature: 0.5, why: 'τ = 0.5 (sharper)' },
    { logits: base, temperature: 2, why: 'τ = 2 (flatter)' },
    { logits: logits(10, 5), temperature: 0.1, why: 'τ = 0.1 (nearly greedy)' },
    { logits: [1000, 999, 990, -5], temperature: 0.8, why: 'very large logits: exp(1000) overflows unless the largest logit is subtracted first' },
    { logits: [2, 2, 2], temperature: 0.7, why: 'equal logits (uniform at every τ)' },
  ];
}

/** True for an array of the right length holding Infinity or NaN: the mark of an overflowed exp. */
function hasNonFiniteEntry(answer: unknown, length: number): boolean {
  return Array.isArray(answer) && answer.length === length && answer.some((v) => typeof v === 'number' && !Number.isFinite(v));
}

export function checkTemperatureSoftmax(temperatureSoftmax: TemperatureSoftmaxFn): string {
  expectFunction(temperatureSoftmax, 'temperatureSoftmax');
  return runCheck('temperatureSoftmax', () => {
    const cases = temperatureCases();
    for (const c of cases) {
      const given = deepCopy(c);
      const call = `temperatureSoftmax(${formatValue(c.logits)}, ${c.temperature})`;
      const answer = callLearner('temperatureSoftmax', () => temperatureSoftmax(given.logits, given.temperature), () => call);
      if (maxDifference(given.logits, c.logits) !== 0) throw new ExerciseError('temperatureSoftmax changed the logits array it was given; compute a new array of probabilities instead');
      if (!isVector(answer, c.logits.length)) {
        const nonFinite = hasNonFiniteEntry(answer, c.logits.length);
        throw new ExerciseError(
          `${call} must return ${c.logits.length} probabilities, one per token; got ${describeShape(answer)}` +
            (nonFinite ? '\n  Infinity or NaN usually means exp overflowed: subtract the largest z/τ before exponentiating (it cancels in the ratio).' : ''),
        );
      }
      const expected = Array.from(samplingDistribution(c.logits, { temperature: c.temperature }));
      if (maxDifference(answer, expected) > TOLERANCE) {
        const exps = c.logits.map((z) => Math.exp(z / c.temperature));
        const why = likelyMistake(
          [
            ['you multiplied the logits by τ; divide them by τ (τ < 1 must sharpen the distribution)', softmax(c.logits.map((z) => z * c.temperature))],
            ['you returned exp(z/τ) without dividing by the sum; the probabilities must add up to 1', exps],
            ['you returned log-probabilities; exponentiate them', softmax(c.logits.map((z) => z / c.temperature)).map(Math.log)],
            ['the temperature has no effect in your answer: divide every logit by τ before the softmax', softmax(c.logits)],
          ],
          answer,
        );
        throw new ExerciseError(
          `${call} is wrong (${c.why}):\n  expected ${formatValue(expected)}\n  got      ${formatValue(answer)}` +
            (why ? `\n  It looks like ${why}.` : '\n  Check q_v = exp(z_v / τ) / Σ_w exp(z_w / τ), with the largest z_w / τ subtracted from every exponent for safety.'),
        );
      }
    }
    return `✓ temperatureSoftmax matches the library's samplingDistribution on ${cases.length} cases, including τ = 0.1, τ = 2 and logits near 1000.`;
  });
}

// ---------------------------------------------------------------------------------------------
// Exercise 2: perplexity

export type PerplexityFn = (losses: number[][], mask: number[][]) => number;

interface PerplexityCase {
  losses: number[][];
  mask: number[][];
  expected: number;
  why: string;
}

/**
 * Per-step losses from the library's cross-entropy on random logits, for a padded batch; the
 * expected perplexity is the library's `perplexity(sequenceCrossEntropy(...))` on the same tensors.
 */
function libraryCase(random: Random, lengths: number[], time: number, vocab: number, why: string): PerplexityCase {
  const batch = lengths.length;
  const logits = Array.from({ length: batch * time * vocab }, () => 3 * (2 * random.next() - 1));
  const targets = Array.from({ length: batch * time }, () => random.int(vocab));
  const mask = lengths.map((length) => Array.from({ length: time }, (_, t) => (t < length ? 1 : 0)));
  return tf.tidy(() => {
    const z = tf.tensor3d(logits, [batch, time, vocab]);
    const y = tf.tensor2d(targets, [batch, time], 'int32');
    const m = tf.tensor2d(mask);
    const losses = crossEntropyPerStep(z, y, m).arraySync() as number[][];
    return { losses, mask, expected: perplexity(sequenceCrossEntropy(z, y, m)), why };
  });
}

function perplexityCases(): PerplexityCase[] {
  const random = new Random(4040);
  const cases = [
    libraryCase(random, [5, 5, 5], 5, 7, 'three full sequences'),
    libraryCase(random, [6, 2, 4, 1], 6, 5, 'four sequences of different lengths, padded to 6'),
    libraryCase(random, [3], 3, 4, 'one sequence'),
  ];
  // A uniform guess over V tokens has loss log V at every step and perplexity exactly V.
  const uniform = Math.log(65);
  cases.push({ losses: [[uniform, uniform, 0], [uniform, 0, 0]], mask: [[1, 1, 0], [1, 0, 0]], expected: 65, why: 'a uniform guess over 65 characters, loss log 65 at every real step' });
  return cases;
}

/** Wrong answers a learner might give, each with the number it produces. */
function perplexityMistakes(c: PerplexityCase): [string, number][] {
  const real: number[] = [];
  c.losses.forEach((row, b) => row.forEach((l, t) => c.mask[b][t] === 1 && real.push(l)));
  const all = c.losses.flat();
  const mean = sum(real) / real.length;
  const perSequence = c.losses
    .map((row, b) => {
      const n = sum(c.mask[b]);
      return n > 0 ? sum(row.filter((_, t) => c.mask[b][t] === 1)) / n : NaN;
    })
    .filter(Number.isFinite);
  return [
    ['you averaged over every entry, padded steps too; divide by the number of real steps (the sum of the mask)', Math.exp(sum(all) / all.length)],
    ['you returned the mean loss itself; perplexity is exp of it', mean],
    ['you exponentiated the total loss; take exp of the mean over real steps', Math.exp(sum(real))],
    ['you averaged exp(loss) over the steps; exp of the mean is not the mean of exp', sum(real.map(Math.exp)) / real.length],
    ['you used 2^mean; the losses are in nats (natural log), so use Math.exp', 2 ** mean],
    ['you averaged the per-sequence means; every real step must weigh the same, so divide the total loss by the total number of real steps', Math.exp(sum(perSequence) / perSequence.length)],
  ];
}

export function checkPerplexity(perplexityFromLosses: PerplexityFn): string {
  expectFunction(perplexityFromLosses, 'perplexityFromLosses');
  return runCheck('perplexityFromLosses', () => {
    const cases = perplexityCases();
    for (const c of cases) {
      const given = deepCopy(c);
      const call = `perplexityFromLosses(losses, mask) for ${c.why}`;
      const answer = callLearner('perplexityFromLosses', () => perplexityFromLosses(given.losses, given.mask), () => call);
      if (maxDifference(given.losses, c.losses) !== 0 || maxDifference(given.mask, c.mask) !== 0) {
        throw new ExerciseError('perplexityFromLosses changed the losses or the mask it was given; only read them');
      }
      if (typeof answer !== 'number' || !Number.isFinite(answer)) throw new ExerciseError(`${call} must return one finite number; got ${formatValue(answer)}`);
      if (Math.abs(answer - c.expected) > 1e-4 * c.expected) {
        const why = perplexityMistakes(c).find(([, value]) => Math.abs(value - answer) <= 1e-4 * Math.abs(value))?.[0];
        throw new ExerciseError(
          `${call} is wrong:\n  expected ${formatValue(c.expected)}\n  got      ${formatValue(answer)}` +
            (why ? `\n  It looks like ${why}.` : '\n  Check: perplexity = exp( Σ_{b,t} m_{b,t} ℓ_{b,t} / Σ_{b,t} m_{b,t} ).'),
        );
      }
    }
    return `✓ perplexityFromLosses agrees with the library's perplexity(sequenceCrossEntropy(...)) on ${cases.length} batches, padded ones included (and gives exactly 65 for a uniform guess over 65 characters).`;
  });
}

// ---------------------------------------------------------------------------------------------
// Exercise 3: top-k

export type TopKFn = (probabilities: number[], k: number) => number[];

interface TopKCase {
  probabilities: number[];
  k: number;
}

function topKCases(): TopKCase[] {
  const random = new Random(40400);
  // Distinct probabilities, so "the k most likely" is one well-defined set.
  const distribution = (n: number) => softmax(Array.from({ length: n }, (_, i) => 2 * random.next() + i * 1e-3));
  const eight = distribution(8);
  return [
    { probabilities: eight, k: 3 },
    { probabilities: eight, k: 1 },
    { probabilities: distribution(12), k: 5 },
    { probabilities: [0.05, 0.4, 0.1, 0.3, 0.15], k: 2 },
    { probabilities: [0.05, 0.4, 0.1, 0.3, 0.15], k: 5 },
  ];
}

export function checkTopK(topKFilter: TopKFn): string {
  expectFunction(topKFilter, 'topKFilter');
  return runCheck('topKFilter', () => {
    const cases = topKCases();
    for (const c of cases) {
      const given = deepCopy(c);
      const call = `topKFilter(${formatValue(c.probabilities.map((p) => Number(p.toFixed(4))))}, ${c.k})`;
      const answer = callLearner('topKFilter', () => topKFilter(given.probabilities, given.k), () => call);
      if (maxDifference(given.probabilities, c.probabilities) !== 0) {
        throw new ExerciseError('topKFilter changed the probabilities array it was given (sort a copy, e.g. [...probabilities], or sort indices)');
      }
      if (!isVector(answer, c.probabilities.length)) {
        throw new ExerciseError(`${call} must return ${c.probabilities.length} numbers, one per token (0 for the dropped ones); got ${describeShape(answer)}`);
      }
      const expected = Array.from(samplingDistribution(c.probabilities.map(Math.log), { topK: c.k }));
      if (maxDifference(answer, expected) > TOLERANCE) {
        const order = c.probabilities.map((_, i) => i).sort((a, b) => c.probabilities[b] - c.probabilities[a]);
        const keep = (ids: number[], normalise: boolean) => {
          const kept = c.probabilities.map((p, i) => (ids.includes(i) ? p : 0));
          const total = sum(kept);
          return normalise ? kept.map((p) => p / total) : kept;
        };
        const mistakes: [string, number[]][] = [
          ['you kept the right tokens but did not renormalise; divide the kept probabilities by their sum so they add up to 1', keep(order.slice(0, c.k), false)],
          ['you kept the k least likely tokens; keep the k largest probabilities', keep(order.slice(-c.k), true)],
          ['you kept the first k tokens by index; keep the k with the largest probabilities, wherever they are', keep(c.probabilities.map((_, i) => i).slice(0, c.k), true)],
        ];
        if (c.k + 1 <= order.length) mistakes.push([`you kept k + 1 = ${c.k + 1} tokens; keep exactly k`, keep(order.slice(0, c.k + 1), true)]);
        if (c.k > 1) mistakes.push([`you kept k − 1 = ${c.k - 1} tokens; keep exactly k`, keep(order.slice(0, c.k - 1), true)]);
        const why = likelyMistake(mistakes, answer);
        throw new ExerciseError(
          `${call} is wrong:\n  expected ${formatValue(expected)}\n  got      ${formatValue(answer)}` +
            (why ? `\n  It looks like ${why}.` : '\n  Keep the k largest probabilities, set the others to 0, and divide the kept ones by their sum.'),
        );
      }
    }
    return `✓ topKFilter matches the library's samplingDistribution(…, { topK }) on ${cases.length} distributions, k = 1 and k = V included.`;
  });
}
