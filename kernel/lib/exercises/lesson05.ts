/**
 * Checks for the exercises of lesson 5 (sequence tagging):
 *   checkBioToSpans(bioToSpans)      B-I-O tags → spans, read leniently like `tagsToSpans`
 *   checkViterbi(viterbiPath)        the best tag path under emission + transition scores
 *   checkForwardLogZ(forwardLogZ)    log Z by the forward algorithm, in log space
 * A chain here has emissions E `[time][tags]` and transitions A `[tags][tags]` (A[j][k]: tag k
 * after tag j) and no start or end scores: score(y) = Σ_t E[t][y_t] + Σ_{t≥1} A[y_{t-1}][y_t].
 * Each returns a line (✓ or "not attempted yet") or throws an `ExerciseError` explaining the mistake.
 */
import { Random } from '../core/random';
import { tagsToSpans, type Span } from '../tagging/schemes';
import { viterbi } from '../tagging/viterbi';
import { callLearner, ExerciseError, expectFunction, formatValue, runCheck } from './checking';

export type BioToSpansFn = (tags: string[]) => Span[];
export type ViterbiPathFn = (emissions: number[][], transitions: number[][]) => number[];
export type ForwardLogZFn = (emissions: number[][], transitions: number[][]) => number;

const spanText = (spans: readonly Span[]) => (spans.length === 0 ? '[]' : spans.map((s) => `${s.label} ${s.start}..${s.end}`).join(', '));
const sameSpans = (a: readonly Span[], b: readonly Span[]) => a.length === b.length && a.every((s, i) => s.label === b[i].label && s.start === b[i].start && s.end === b[i].end);

const bioCases: string[][] = [
  ['B-PER', 'I-PER', 'O', 'O', 'B-LOC', 'I-LOC', 'O', 'B-LOC'],
  [],
  ['O', 'O', 'O'],
  ['B-LOC', 'B-LOC'],
  ['O', 'B-ORG', 'I-ORG', 'I-ORG'],
  ['B-PER', 'I-PER', 'B-PER', 'I-PER', 'O'],
  ['O', 'I-PER', 'I-PER', 'O'],
  ['B-LOC', 'I-PER', 'O'],
  ['I-ORG'],
  ['B-LOC', 'I-LOC', 'I-ORG', 'I-ORG'],
  ['B-MISC', 'O', 'B-PER'],
];

/** Spans read strictly: an I-X that continues nothing is ignored (a common alternative to the lenient rule). */
function strictSpans(tags: readonly string[]): Span[] {
  const spans: Span[] = [];
  let open: Span | null = null;
  tags.forEach((tag, t) => {
    const label = tag.slice(2);
    if (tag.startsWith('I-') && open && open.label === label) {
      open.end = t + 1;
      return;
    }
    if (open) spans.push(open);
    open = tag.startsWith('B-') ? { label, start: t, end: t + 1 } : null;
  });
  if (open) spans.push(open);
  return spans;
}

/** Spans where an I- tag continues any open span, whatever its type. */
function labelBlindSpans(tags: readonly string[]): Span[] {
  return tagsToSpans(tags.map((tag, t) => (tag.startsWith('I-') && t > 0 && tags[t - 1] !== 'O' ? `I-${tags[t - 1].slice(2)}` : tag)), 'BIO');
}

function bioMistake(tags: readonly string[], answer: Span[], expected: Span[]): string {
  if (answer.some((s) => /^[BI]-/.test(s.label))) return 'It looks like the labels keep their B-/I- prefix; a span\'s label is the entity type alone ("PER", not "B-PER").';
  if (sameSpans(answer, expected.map((s) => ({ ...s, end: s.end - 1 })))) return 'It looks like `end` is the last token of each span; it should be one past it (like slice and tagsToSpans).';
  if (expected.length > 0 && sameSpans(answer, expected.slice(0, -1)) && expected[expected.length - 1].end === tags.length) {
    return 'It looks like the span that runs to the end of the sentence is missing; close any open span after the last tag.';
  }
  if (sameSpans(answer, strictSpans(tags))) return 'It looks like an I-X that does not continue an X span was dropped; the lenient (CoNLL) reading starts a new span there.';
  if (sameSpans(answer, labelBlindSpans(tags))) return 'It looks like an I-X continued a span of another type; I-X continues only a span of type X, otherwise it starts a new one.';
  return 'Hint: walk the tags once: B-X opens a span, I-X extends an open X span (or opens one), O and a new B- close the open span.';
}

function checkSpanShape(answer: unknown, tags: readonly string[]): asserts answer is Span[] {
  const ok = Array.isArray(answer) && answer.every((s) => s !== null && typeof s === 'object' && typeof s.label === 'string' && Number.isInteger(s.start) && Number.isInteger(s.end));
  if (!ok) {
    throw new ExerciseError(`bioToSpans must return an array of { label, start, end } objects (start and end whole numbers); for [${tags.join(', ')}] it returned ${formatValue(answer)}`);
  }
}

export function checkBioToSpans(bioToSpans: BioToSpansFn): string {
  expectFunction(bioToSpans, 'bioToSpans');
  return runCheck('bioToSpans', () => {
    for (const tags of bioCases) {
      const answer = callLearner('bioToSpans', () => bioToSpans([...tags]), () => `bioToSpans([${tags.map((t) => `"${t}"`).join(', ')}])`);
      checkSpanShape(answer, tags);
      const expected = tagsToSpans(tags, 'BIO');
      if (!sameSpans(answer, expected)) {
        throw new ExerciseError(
          `bioToSpans([${tags.join(', ')}]):\n  expected ${spanText(expected)}\n  got      ${spanText(answer)}\n  ${bioMistake(tags, answer, expected)}`,
        );
      }
    }
    return `✓ bioToSpans agrees with tagsToSpans on ${bioCases.length} tag sequences, including adjacent names, spans at the end, and stray I- tags.`;
  });
}

// ---------------------------------------------------------------------------------------------
// chains: emissions E [time][tags], transitions A [tags][tags]

interface Chain {
  emissions: number[][];
  transitions: number[][];
}

const chainScore = (c: Chain, y: readonly number[]) => y.reduce((s, k, t) => s + c.emissions[t][k] + (t > 0 ? c.transitions[y[t - 1]][k] : 0), 0);

/** Every tag path of a short chain, with its score. */
function allPaths(c: Chain): { path: number[]; score: number }[] {
  const T = c.emissions.length;
  const K = c.transitions.length;
  return Array.from({ length: K ** T }, (_, code) => {
    const path = Array.from({ length: T }, (_, t) => Math.floor(code / K ** t) % K);
    return { path, score: chainScore(c, path) };
  });
}

const logSumExp = (values: readonly number[]) => {
  const top = Math.max(...values);
  return top + Math.log(values.reduce((s, v) => s + Math.exp(v - top), 0));
};

function randomChain(random: Random, time: number, tags: number, scale = 2): Chain {
  const draw = () => scale * (2 * random.next() - 1);
  return {
    emissions: Array.from({ length: time }, () => Array.from({ length: tags }, draw)),
    transitions: Array.from({ length: tags }, () => Array.from({ length: tags }, draw)),
  };
}

const transposed = (c: Chain): Chain => ({ emissions: c.emissions, transitions: c.transitions.map((row, j) => row.map((_, k) => c.transitions[k][j])) });
const withoutTransitions = (c: Chain): Chain => ({ emissions: c.emissions, transitions: c.transitions.map((row) => row.map(() => 0)) });
const copyChain = (c: Chain): Chain => ({ emissions: c.emissions.map((r) => [...r]), transitions: c.transitions.map((r) => [...r]) });
const argMax = (v: readonly number[]) => v.indexOf(Math.max(...v));

/**
 * A two-tag toy (0 = O, 1 = NAME) where the per-token argmax is wrong: the middle token leans
 * to O, but staying in NAME is worth more than the two switches.
 */
const toyChain: Chain = {
  emissions: [[0, 2], [0.5, 0], [0, 2], [1, 0]],
  transitions: [[0.5, -1.5], [-1.5, 1]],
};

function chainCases(): { chain: Chain; enumerate: boolean }[] {
  const random = new Random(5005);
  const cases = [{ chain: toyChain, enumerate: true }, { chain: randomChain(random, 1, 2), enumerate: true }];
  for (const [time, tags] of [[5, 2], [6, 2], [4, 3], [5, 3], [3, 4]]) cases.push({ chain: randomChain(random, time, tags), enumerate: true });
  cases.push({ chain: randomChain(random, 40, 2), enumerate: false });
  return cases;
}

const describeChain = (c: Chain) => `a chain of ${c.emissions.length} tokens and ${c.transitions.length} tags`;

function viterbiMistake(c: Chain, answer: number[]): string {
  const greedy = c.emissions.map(argMax);
  if (answer.join() === greedy.join()) return 'It looks like you took the best tag of every token on its own (argmax of the emissions); the transition scores never entered.';
  const leftToRight: number[] = [];
  c.emissions.forEach((row, t) => leftToRight.push(argMax(row.map((e, k) => e + (t > 0 ? c.transitions[leftToRight[t - 1]][k] : 0)))));
  if (answer.join() === leftToRight.join()) {
    return 'It looks like you decided each tag from the previous decision only (greedy left to right); Viterbi keeps the best score δ_t(k) for every tag k and decides only at the end, following the back-pointers.';
  }
  if (answer.join() === viterbi(c.emissions, transposed(c).transitions, c.transitions.map(() => 0), c.transitions.map(() => 0)).path.join()) {
    return 'It looks like you read transitions[k][j] for "tag k after tag j"; the row is the previous tag: transitions[j][k].';
  }
  if ([...answer].reverse().join() === viterbi(c.emissions, c.transitions, c.transitions.map(() => 0), c.transitions.map(() => 0)).path.join()) {
    return 'It looks like the path comes out reversed; back-pointers give the tags from the last token to the first, so reverse them.';
  }
  return 'Hint: check the recursion δ_t(k) = E[t][k] + max_j (δ_{t-1}(j) + A[j][k]) and the back-pointers ψ_t(k) = the j that achieves it.';
}

export function checkViterbi(viterbiPath: ViterbiPathFn): string {
  expectFunction(viterbiPath, 'viterbiPath');
  return runCheck('viterbiPath', () => {
    const cases = chainCases();
    for (const { chain, enumerate } of cases) {
      const T = chain.emissions.length;
      const K = chain.transitions.length;
      const answer = callLearner('viterbiPath', () => { const c = copyChain(chain); return viterbiPath(c.emissions, c.transitions); }, () => `viterbiPath(emissions, transitions) on ${describeChain(chain)}`);
      if (!Array.isArray(answer) || answer.length !== T || !answer.every((k) => Number.isInteger(k) && k >= 0 && k < K)) {
        throw new ExerciseError(`viterbiPath must return one tag id (a whole number from 0 to ${K - 1}) per token, ${T} in all, on ${describeChain(chain)}; got ${formatValue(answer)}`);
      }
      const best = enumerate
        ? allPaths(chain).reduce((a, b) => (b.score > a.score ? b : a))
        : (() => {
            const r = viterbi(chain.emissions, chain.transitions, chain.transitions.map(() => 0), chain.transitions.map(() => 0));
            return { path: r.path, score: r.score };
          })();
      const score = chainScore(chain, answer);
      if (score < best.score - 1e-9) {
        throw new ExerciseError(
          `on ${describeChain(chain)} the best path is ${formatValue(best.path)} with score ${formatValue(best.score)} (found by ${enumerate ? `enumerating all ${K ** T} paths` : "the library's viterbi"});\n` +
            `  viterbiPath returned ${formatValue(answer)} with score ${formatValue(score)}.\n  ${viterbiMistake(chain, answer)}`,
        );
      }
    }
    return `✓ viterbiPath finds the best path on ${cases.length} chains: the two-tag toy where the per-token argmax is wrong, random 2–4-tag chains checked by enumeration, and a 40-token chain checked against the library.`;
  });
}

function logZMistake(c: Chain, answer: number): string {
  const close = (v: number) => Math.abs(v - answer) < 1e-6 * Math.max(1, Math.abs(v));
  if (close(Math.max(...allPaths(c).map((p) => p.score)))) return 'It looks like you returned the score of the best path (max, as in Viterbi); the forward algorithm sums over paths: log Σ exp.';
  if (close(Math.exp(logSumExp(allPaths(c).map((p) => p.score))))) return 'It looks like you returned Z itself; return its logarithm, log Z.';
  if (close(logSumExp(allPaths(withoutTransitions(c)).map((p) => p.score)))) return 'It looks like the transition scores are missing from the recursion.';
  if (close(logSumExp(allPaths(transposed(c)).map((p) => p.score)))) return 'It looks like you used transitions[k][j] for "tag k after tag j"; the row is the previous tag: transitions[j][k].';
  return 'Hint: check α_1(k) = E[1][k], α_t(k) = E[t][k] + log Σ_j exp(α_{t-1}(j) + A[j][k]), and log Z = log Σ_k exp(α_T(k)).';
}

export function checkForwardLogZ(forwardLogZ: ForwardLogZFn): string {
  expectFunction(forwardLogZ, 'forwardLogZ');
  return runCheck('forwardLogZ', () => {
    const random = new Random(5006);
    const cases = chainCases().filter((c) => c.enumerate).map((c) => c.chain);
    for (const chain of cases) {
      const answer = callLearner('forwardLogZ', () => { const c = copyChain(chain); return forwardLogZ(c.emissions, c.transitions); }, () => `forwardLogZ(emissions, transitions) on ${describeChain(chain)}`);
      if (typeof answer !== 'number') throw new ExerciseError(`forwardLogZ must return a number, log Z; got ${formatValue(answer)} on ${describeChain(chain)}`);
      const expected = logSumExp(allPaths(chain).map((p) => p.score));
      if (!(Math.abs(answer - expected) <= 1e-6 * Math.max(1, Math.abs(expected)))) {
        throw new ExerciseError(
          `on ${describeChain(chain)} log Z is ${formatValue(expected)} (by enumerating all paths); forwardLogZ returned ${formatValue(answer)}.\n  ${logZMistake(chain, answer)}`,
        );
      }
    }
    // Scores in the hundreds: exp overflows to Infinity unless the maximum is subtracted first.
    const big = randomChain(random, 6, 3, 2);
    big.emissions = big.emissions.map((row) => row.map((e) => e + 400));
    const expected = logSumExp(allPaths(big).map((p) => p.score));
    const answer = callLearner('forwardLogZ', () => { const c = copyChain(big); return forwardLogZ(c.emissions, c.transitions); }, () => 'forwardLogZ(emissions, transitions) with emissions around 400');
    if (typeof answer !== 'number' || !Number.isFinite(answer)) {
      throw new ExerciseError(`with emissions around 400 forwardLogZ returned ${formatValue(answer)}; exp(400+) overflows to Infinity. Compute log Σ exp(v) as m + log Σ exp(v − m) with m = max(v).`);
    }
    if (Math.abs(answer - expected) > 1e-6 * Math.abs(expected)) {
      throw new ExerciseError(`with emissions around 400, log Z is ${formatValue(expected)}; forwardLogZ returned ${formatValue(answer)}. Subtract the maximum before exponentiating and add it back after the log.`);
    }
    return `✓ forwardLogZ matches enumeration on ${cases.length} chains and stays finite with scores in the hundreds.`;
  });
}
