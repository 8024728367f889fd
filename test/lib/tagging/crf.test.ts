import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../kernel/lib/tf';
import { LinearChainCRF } from '../../../kernel/lib/tagging/crf';
import { viterbi } from '../../../kernel/lib/tagging/viterbi';
import { tagSet } from '../../../kernel/lib/tagging/schemes';
import { isValidTagSequence } from '../../../kernel/lib/tagging/transitionRules';
import { gradCheck } from '../../support/gradcheck';
import { assertNoLeak, onEachBackend } from '../../support/backends';
import { assertClose } from '../../support/closeness';
import { logSumExpJs } from '../../support/plainMath';
import { random1d, random2d, random3d, seededUniform } from '../../support/random';

interface JsChain {
  emissions: number[][];
  transitions: number[][];
  start: number[];
  end: number[];
}

/** score(y) = start[y_1] + Σ_t E[t, y_t] + Σ_{t>1} A[y_{t-1}, y_t] + end[y_T], in float64. */
function pathScoreJs(c: JsChain, path: number[]): number {
  let score = c.start[path[0]] + c.end[path[path.length - 1]];
  path.forEach((tag, t) => {
    score += c.emissions[t][tag];
    if (t > 0) score += c.transitions[path[t - 1]][tag];
  });
  return score;
}

/** Every tag path of `length` steps over `tags` tags. */
function allPaths(tags: number, length: number): number[][] {
  if (length === 0) return [[]];
  return allPaths(tags, length - 1).flatMap((prefix) => Array.from({ length: tags }, (_, k) => [...prefix, k]));
}

/** log Z, marginals and the best path by enumerating all K^T paths. */
function bruteForce(c: JsChain) {
  const tags = c.start.length;
  const paths = allPaths(tags, c.emissions.length);
  const scores = paths.map((p) => pathScoreJs(c, p));
  const logZ = logSumExpJs(scores);
  const marginals = c.emissions.map(() => new Array(tags).fill(0));
  paths.forEach((p, i) => p.forEach((tag, t) => (marginals[t][tag] += Math.exp(scores[i] - logZ))));
  const best = scores.indexOf(Math.max(...scores));
  return { logZ, marginals, bestPath: paths[best], bestScore: scores[best], paths, scores };
}

/** The CRF's weights as float64 arrays, forbidden entries −Infinity. */
function chainOf(crf: LinearChainCRF, emissions: number[][]): JsChain {
  const forbid = (ok: boolean[] | undefined, row: number[]) => row.map((v, k) => (ok && !ok[k] ? -Infinity : v));
  return {
    emissions,
    transitions: (crf.weights.transitions.arraySync() as number[][]).map((row, i) => forbid(crf.constraints?.allowed[i], row)),
    start: forbid(crf.constraints?.start, crf.weights.start.arraySync() as number[]),
    end: forbid(crf.constraints?.end, crf.weights.end.arraySync() as number[]),
  };
}

/** A CRF whose weights are set to seeded values of the given scale. */
function seededCRF(numTags: number, seed: number, scale = 1, options: Partial<ConstructorParameters<typeof LinearChainCRF>[0]> = {}): LinearChainCRF {
  const crf = new LinearChainCRF({ numTags, ...options });
  const random = seededUniform(seed, scale);
  crf.weights.transitions.assign(tf.tensor2d(random2d(random, numTags, numTags)));
  crf.weights.start.assign(tf.tensor1d(random1d(random, numTags)));
  crf.weights.end.assign(tf.tensor1d(random1d(random, numTags)));
  return crf;
}

// 3 sequences, 4 steps, 3 tags; lengths 4, 2 and 1 (right-padded).
const lengths = [4, 2, 1];
const mask = lengths.map((n) => [0, 1, 2, 3].map((t) => (t < n ? 1 : 0)));
const emissions = random3d(seededUniform(3, 2), 3, 4, 3);

onEachBackend(() => {
  test('log Z by the forward algorithm equals log-sum-exp over all tag paths, per sequence length', () => {
    const crf = seededCRF(3, 1);
    const inputs = [tf.tensor3d(emissions), tf.tensor2d(mask)] as const;
    const logZ = assertNoLeak(() => tf.tidy(() => Array.from(crf.logPartition(...inputs).dataSync())));
    lengths.forEach((n, b) => assertClose(logZ[b], bruteForce(chainOf(crf, emissions[b].slice(0, n))).logZ, 2e-6, `log Z ${b}`));
    tf.dispose([...inputs]);
    crf.dispose();
  });

  test('forward-backward marginals equal brute-force marginals, are zero on padding, and equal ∂ log Z / ∂E', () => {
    const crf = seededCRF(3, 2);
    const inputs = [tf.tensor3d(emissions), tf.tensor2d(mask)] as const;
    const [marginals, gradient] = assertNoLeak(() =>
      tf.tidy(() => [
        crf.marginals(...inputs).arraySync(),
        tf.grad((e: tf.Tensor) => tf.sum(crf.logPartition(e as tf.Tensor3D, inputs[1])))(inputs[0]).arraySync() as number[][][],
      ]),
    );
    lengths.forEach((n, b) => {
      const expected = bruteForce(chainOf(crf, emissions[b].slice(0, n))).marginals;
      const padded = [...expected, ...Array.from({ length: 4 - n }, () => [0, 0, 0])];
      assertClose(marginals[b].flat(), padded.flat(), 2e-6, `marginals ${b}`);
      assertClose(gradient[b].flat(), padded.flat(), 2e-6, `gradient ${b}`);
    });
    tf.dispose([...inputs]);
    crf.dispose();
  });

  test('the score of a given path and the NLL match the enumeration: NLL = −log P(y | x)', () => {
    const crf = seededCRF(3, 3);
    // Padding ids are never read; −1 proves it.
    const gold = [[2, 0, 1, 1], [1, 1, -1, -1], [0, -1, -1, -1]];
    const inputs = [tf.tensor3d(emissions), tf.tensor2d(gold, undefined, 'int32'), tf.tensor2d(mask)] as const;
    const [scores, nll, nllSum] = assertNoLeak(() =>
      tf.tidy(() => [
        Array.from(crf.sequenceScore(...inputs).dataSync()),
        Array.from(crf.negativeLogLikelihood(...inputs, 'none').dataSync()),
        crf.negativeLogLikelihood(...inputs, 'sum').dataSync()[0],
      ]),
    );
    let total = 0;
    lengths.forEach((n, b) => {
      const chain = chainOf(crf, emissions[b].slice(0, n));
      const score = pathScoreJs(chain, gold[b].slice(0, n));
      assertClose(scores[b], score, 2e-6, `score ${b}`);
      assertClose(nll[b], bruteForce(chain).logZ - score, 2e-6, `nll ${b}`);
      total += bruteForce(chain).logZ - score;
    });
    assertClose(nllSum, total, 2e-6, 'summed nll');
    tf.dispose([...inputs]);
    crf.dispose();
  });

  test('Viterbi returns the brute-force best path and score, with a trellis of best prefix scores and back-pointers', () => {
    for (let trial = 0; trial < 20; trial++) {
      const crf = seededCRF(3, 100 + trial, 2);
      const e = random3d(seededUniform(200 + trial, 3), 3, 4, 3);
      const inputs = [tf.tensor3d(e), tf.tensor2d(mask)] as const;
      const decoding = assertNoLeak(() => crf.decode(...inputs));
      lengths.forEach((n, b) => {
        const chain = chainOf(crf, e[b].slice(0, n));
        const expected = bruteForce(chain);
        assert.deepEqual(decoding.paths[b], expected.bestPath, `trial ${trial}, sequence ${b}`);
        assertClose(decoding.scores[b], expected.bestScore, 1e-5, 'best score');
        const { scores, backPointers } = decoding.trellises[b];
        assert.equal(scores.length, n);
        // δ_t(k) is the best score over prefixes ending in tag k at step t (no end score yet).
        for (let t = 0; t < n; t++) {
          for (let k = 0; k < 3; k++) {
            const prefixes = allPaths(3, t + 1).filter((p) => p[t] === k);
            const best = Math.max(...prefixes.map((p) => pathScoreJs({ ...chain, end: [0, 0, 0] }, p)));
            assertClose(scores[t][k], best, 1e-5, `δ_${t}(${k})`);
          }
        }
        const path = decoding.paths[b];
        for (let t = 1; t < n; t++) assert.equal(backPointers[t][path[t]], path[t - 1]);
        assert.deepEqual(backPointers[0], [-1, -1, -1]);
      });
      tf.dispose([...inputs]);
      crf.dispose();
    }
  });

  test('with BIO constraints, log Z and marginals sum over the valid paths only and decoding never emits an invalid transition', () => {
    const tags = tagSet(['PER', 'LOC'], 'BIO');
    const constrained = new LinearChainCRF({ tags, scheme: 'BIO' });
    const free = new LinearChainCRF({ tags });
    let invalidWithoutConstraints = 0;
    for (let trial = 0; trial < 150; trial++) {
      const random = seededUniform(1000 + trial, 3);
      // Transitions that favour the forbidden moves, and strong random emissions.
      const transitions = random2d(random, 5, 5).map((row, i) => row.map((v, j) => (tags[j].startsWith('I-') && !tags[i].endsWith(tags[j].slice(2)) ? v + 3 : v)));
      for (const crf of [constrained, free]) {
        crf.weights.transitions.assign(tf.tensor2d(transitions));
        crf.weights.start.assign(tf.tensor1d([0, 0, 3, 0, 3]));
        crf.weights.end.assign(tf.tensor1d(random1d(random, 5)));
      }
      const e = random3d(random, 2, 6, 5);
      const trialMask = [[1, 1, 1, 1, 1, 1], [1, 1, 1, 0, 0, 0]];
      const inputs = [tf.tensor3d(e), tf.tensor2d(trialMask)] as const;
      const decoded = constrained.decode(...inputs);
      decoded.tags!.forEach((path) => assert.ok(isValidTagSequence(path, 'BIO'), `trial ${trial}: ${path.join(' ')}`));
      if (free.decode(...inputs).tags!.some((path) => !isValidTagSequence(path, 'BIO'))) invalidWithoutConstraints++;
      if (trial < 3) {
        // Compare with enumeration over the 5^3 paths of the shorter sequence.
        const chain = chainOf(constrained, e[1].slice(0, 3));
        const expected = bruteForce(chain);
        const [logZ, marginals] = tf.tidy(() => [constrained.logPartition(...inputs).dataSync()[1], constrained.marginals(...inputs).arraySync()[1]]);
        assertClose(logZ, expected.logZ, 2e-6, 'constrained log Z');
        assertClose(marginals.slice(0, 3).flat(), expected.marginals.flat(), 2e-6, 'constrained marginals');
        assert.deepEqual(decoded.paths[1], expected.bestPath);
      }
      tf.dispose([...inputs]);
    }
    // The same weights without constraints do produce invalid sequences, so the check above can fail.
    assert.ok(invalidWithoutConstraints > 50, `only ${invalidWithoutConstraints} invalid unconstrained decodings`);
    constrained.dispose();
    free.dispose();
  });

  test('padded steps do not change log Z, marginals, scores or the decoded paths', () => {
    const crf = seededCRF(3, 4);
    const gold = tf.tensor2d([[0, 1, 2, 0], [1, 2, 0, 0], [2, 0, 0, 0]], undefined, 'int32');
    const m = tf.tensor2d(mask);
    const run = (e: number[][][]) =>
      tf.tidy(() => {
        const E = tf.tensor3d(e);
        return JSON.stringify([crf.logPartition(E, m).arraySync(), crf.marginals(E, m).arraySync(), crf.negativeLogLikelihood(E, gold, m, 'none').arraySync(), crf.decode(E, m).paths]);
      });
    const changed = emissions.map((row, b) => row.map((step, t) => (t < lengths[b] ? step : [50, -50, 7])));
    assert.equal(run(changed), run(emissions));
    tf.dispose([gold, m]);
    crf.dispose();
  });

  test('the gradient of the CRF negative log-likelihood w.r.t. emissions, transitions, start and end agrees with finite differences', () => {
    const tags = tagSet(['PER'], 'BIOS');
    for (const crf of [seededCRF(3, 5), seededCRF(4, 6, 1, { tags, scheme: 'BIOS' })]) {
      const K = crf.numTags;
      const E = tf.variable(tf.tensor3d(random3d(seededUniform(7 + K), 3, 4, K)));
      const gold = tf.tensor2d(K === 3 ? [[0, 1, 2, 1], [2, 2, 0, 0], [1, 0, 0, 0]] : [[1, 2, 0, 3], [0, 3, 0, 0], [0, 0, 0, 0]], undefined, 'int32');
      const m = tf.tensor2d(mask);
      const before = tf.memory().numTensors;
      const result = gradCheck(() => crf.negativeLogLikelihood(E as unknown as tf.Tensor3D, gold, m) as tf.Scalar, { emissions: E, ...crf.weights });
      assert.equal(tf.memory().numTensors, before, 'gradCheck leaked');
      assert.ok(result.maxRelativeError < 2e-3, `${K} tags: ${JSON.stringify(result)}`);
      tf.dispose([E, gold, m]);
      crf.dispose();
    }
  });

  test('masks that are not right-padded, unknown tag ids and wrong emission sizes are refused', () => {
    const crf = seededCRF(3, 8);
    tf.tidy(() => {
      const E = tf.tensor3d(emissions);
      assert.throws(() => crf.logPartition(E, tf.tensor2d([[1, 1, 1, 1], [0, 1, 1, 0], [1, 0, 0, 0]])), /mask row 1 has a real step after padding; pad sequences at the end \(mask 0110\)/);
      assert.throws(() => crf.logPartition(E, tf.tensor2d([[1, 1, 1, 1], [1, 1, 0, 0], [0, 0, 0, 0]])), /mask row 2 has no real step; a linear chain needs at least one tag/);
      assert.throws(() => crf.negativeLogLikelihood(E, tf.tensor2d([[0, 1, 3, 0], [0, 0, 0, 0], [0, 0, 0, 0]], undefined, 'int32')), /tag id 3 at row 0, step 2 is outside \[0, 3\)/);
      assert.throws(() => crf.negativeLogLikelihood(E, tf.zeros([3, 4])), /tags must be an int32 tensor of tag ids, got dtype float32/);
      assert.throws(() => crf.decode(tf.zeros([3, 4, 5]) as tf.Tensor3D), /emissions: expected shape \[batch, time, tags=3\], got \[3, 4, 5\]/);
    });
    assert.throws(() => new LinearChainCRF({ numTags: 3, scheme: 'BIO' }), /scheme 'BIO' needs the tag names/);
    const constrained = new LinearChainCRF({ tags: tagSet(['PER', 'LOC'], 'BIO'), scheme: 'BIO', seed: 1 });
    tf.tidy(() => {
      // O, B-LOC, I-PER: I-PER (id 2) after B-LOC (id 3).
      const invalid = tf.tensor2d([[0, 3, 2]], undefined, 'int32');
      assert.throws(() => constrained.negativeLogLikelihood(tf.zeros([1, 3, 5]) as tf.Tensor3D, invalid), /gold tags of row 0 break the transition constraints: the path has 'I-PER' after 'B-LOC' at step 2; ill-formed tag sequences can be repaired with convertTags/);
      assert.throws(() => constrained.sequenceScore(tf.zeros([1, 2, 5]) as tf.Tensor3D, tf.tensor2d([[2, 2]], undefined, 'int32')), /the path starts with 'I-PER'/);
    });
    constrained.dispose();
    crf.dispose();
  });
});

test('Viterbi refuses when the constraints forbid every path', () => {
  assert.throws(() => viterbi([[0, 0]], [[0, 0], [0, 0]], [-Infinity, -Infinity], [0, 0]), /every tag path is forbidden/);
});
