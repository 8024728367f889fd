/**
 * Checks for the exercises of lesson 8 (beyond sequences: trees and images):
 *   checkEncodeTree(encodeTree)        the root vector of a recursive network, p = tanh(W [c₁; c₂] + b),
 *                                      against the library's RecursiveNet
 *   checkTreeLstmNode(treeLstmNode)    one binary Tree-LSTM node from its children's (h, c), against TreeLSTM
 *   checkSampleImage(sampleImage)      the raster-order sampling loop of an autoregressive image model
 * Matrices are in the lecture's layout (a matrix times a column vector): W `[d][2d]` multiplies
 * [c₁; c₂], each Tree-LSTM block U `[H][2H]` multiplies [h_L; h_R].
 * Each returns a line (✓ or "not attempted yet") or throws an `ExerciseError` explaining the mistake.
 */
import { tf } from '../tf';
import { Random } from '../core/random';
import { Vocabulary } from '../text/vocabulary';
import { parseTree } from '../trees/parseTree';
import { RecursiveNet } from '../trees/recursiveNet';
import { TreeLSTM } from '../trees/treeLSTM';
import type { Tree } from '../trees/tree';
import { callLearner, describeShape, ExerciseError, expectFunction, formatValue, isVector, maxDifference, runCheck } from './checking';

export type EncodeTreeFn = (tree: Tree, wordVector: (word: string) => number[], W: number[][], b: number[]) => number[];
export interface NodeState {
  h: number[];
  c: number[];
}
export interface GateBlocks<T> {
  input: T;
  forgetLeft: T;
  forgetRight: T;
  output: T;
  candidate: T;
}
export type TreeLstmNodeFn = (left: NodeState, right: NodeState, U: GateBlocks<number[][]>, bias: GateBlocks<number[]>) => NodeState;
export type ProbabilityOfInk = (image: number[][], r: number, c: number) => number;
export type SampleImageFn = (height: number, width: number, probabilityOfInk: ProbabilityOfInk, uniform: () => number) => number[][];

/** Float32 in the library against float64 in the learner's code. */
const TOLERANCE = 1e-5;

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
/** M v for M `[rows][cols]`, v `[cols]`. */
const matVec = (M: number[][], v: number[]) => M.map((row) => row.reduce((s, m, k) => s + m * v[k], 0));
const add = (a: number[], b: number[]) => a.map((v, i) => v + b[i]);
const mul = (a: number[], b: number[]) => a.map((v, i) => v * b[i]);
/** Row-vector weights `[rows, cols]` read as the lecture's column-vector matrix `[cols][rows]`. */
const transpose = (M: number[][]) => M[0].map((_, j) => M.map((row) => row[j]));

// ---------------------------------------------------------------------------------------------
// Exercise 1: the recursive network

const encodeTrees = ['a', '(a b)', '((a b) c)', '(a (b c))', '(d (a (b (c e))))', '((a b) (c (d e)))'];

interface RecursiveVariant {
  swap?: boolean;
  noTanh?: boolean;
  noBias?: boolean;
}

/** The root vector with a possible mistake built in, for naming what went wrong. */
function encodeVariant(tree: Tree, wordVector: (w: string) => number[], W: number[][], b: number[], v: RecursiveVariant): number[] {
  if (tree.kind === 'leaf') return wordVector(tree.word);
  const left = encodeVariant(tree.left, wordVector, W, b, v);
  const right = encodeVariant(tree.right, wordVector, W, b, v);
  const z = add(matVec(W, v.swap ? [...right, ...left] : [...left, ...right]), v.noBias ? b.map(() => 0) : b);
  return v.noTanh ? z : z.map(Math.tanh);
}

const recursiveMistakes: [RecursiveVariant, string][] = [
  [{ swap: true }, 'It looks like the children are swapped: the left child c₁ comes first in [c₁; c₂].'],
  [{ noTanh: true }, 'It looks like the tanh is missing: p = tanh(W [c₁; c₂] + b).'],
  [{ noBias: true }, 'It looks like the bias b is missing: p = tanh(W [c₁; c₂] + b).'],
];

export function checkEncodeTree(encodeTree: EncodeTreeFn): string {
  expectFunction(encodeTree, 'encodeTree');
  return runCheck('encodeTree', () =>
    tf.tidy(() => {
      const d = 3;
      const vocabulary = Vocabulary.fromTokens(['a', 'b', 'c', 'd', 'e']);
      const net = new RecursiveNet({ vocabulary, embeddingSize: d, seed: 8 });
      try {
        // Random nonzero bias, so a forgotten b shows.
        net.weights.b.assign(tf.randomUniform([d], -0.5, 0.5, 'float32', 9));
        const W = transpose(net.weights.W.arraySync() as number[][]);
        const b = net.weights.b.arraySync() as number[];
        const table = net.embedding.embeddings.arraySync() as number[][];
        const wordVector = (word: string) => {
          if (!vocabulary.has(word)) throw new ExerciseError(`wordVector was asked for '${word}', which is not a leaf of the tree`);
          return [...table[vocabulary.idOf(word)]];
        };
        for (const text of encodeTrees) {
          const tree = parseTree(text, { labelled: false });
          const expected = Array.from(net.encode(tree).dataSync());
          const answer = callLearner('encodeTree', () => encodeTree(tree, wordVector, W.map((row) => [...row]), [...b]), () => `encodeTree(${text}, wordVector, W, b)`);
          if (!isVector(answer, d)) {
            throw new ExerciseError(`encodeTree(${text}) must return the root vector, ${d} finite numbers; got ${describeShape(answer)}.` +
              ` (W has d = ${d} rows of 2d = ${2 * d} numbers: W[i][k] multiplies entry k of [c₁; c₂].)`);
          }
          if (maxDifference(answer, expected) > TOLERANCE) {
            const hint = recursiveMistakes.find(([v]) => maxDifference(answer, encodeVariant(tree, wordVector, W, b, v)) < TOLERANCE)?.[1]
              ?? 'Hint: a leaf is its word vector; a node is tanh(W [left; right] + b) of its children\'s vectors, computed recursively.';
            throw new ExerciseError(`encodeTree(${text}, …):\n  expected ${formatValue(expected)}\n  got      ${formatValue(answer)}\n  ${hint}`);
          }
        }
        return `✓ encodeTree agrees with the library's RecursiveNet on ${encodeTrees.length} trees, from a single word to depth ${4}.`;
      } finally {
        net.dispose();
      }
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Exercise 2: one Tree-LSTM node

const GATE_NAMES = ['input', 'forgetLeft', 'forgetRight', 'output', 'candidate'] as const;

interface LstmVariant {
  swapForget?: boolean;
  leftForgetOnly?: boolean;
  noInputGate?: boolean;
  hWithoutTanh?: boolean;
  sigmoidCandidate?: boolean;
}

function nodeVariant(left: NodeState, right: NodeState, U: GateBlocks<number[][]>, bias: GateBlocks<number[]>, v: LstmVariant): NodeState {
  const x = [...left.h, ...right.h];
  const pre = (g: (typeof GATE_NAMES)[number]) => add(matVec(U[g], x), bias[g]);
  const i = pre('input').map(sigmoid);
  let fL = pre('forgetLeft').map(sigmoid);
  let fR = pre('forgetRight').map(sigmoid);
  if (v.swapForget) [fL, fR] = [fR, fL];
  if (v.leftForgetOnly) fR = fL;
  const o = pre('output').map(sigmoid);
  const u = pre('candidate').map(v.sigmoidCandidate ? sigmoid : Math.tanh);
  const c = add(v.noInputGate ? u : mul(i, u), add(mul(fL, left.c), mul(fR, right.c)));
  return { h: mul(o, v.hWithoutTanh ? c : c.map(Math.tanh)), c };
}

const lstmMistakes: [LstmVariant, string][] = [
  [{ swapForget: true }, 'It looks like the forget gates are swapped: f_L multiplies the left child\'s memory c_L, f_R the right child\'s c_R.'],
  [{ leftForgetOnly: true }, 'It looks like one forget gate is used for both children; the binary Tree-LSTM has one per child (f_L for c_L, f_R for c_R).'],
  [{ noInputGate: true }, 'It looks like the input gate is missing: c = i ⊙ u + f_L ⊙ c_L + f_R ⊙ c_R.'],
  [{ sigmoidCandidate: true }, 'It looks like the candidate u uses σ; it is u = tanh(U⁽ᵘ⁾ [h_L; h_R] + b⁽ᵘ⁾).'],
  [{ hWithoutTanh: true }, 'Your c is right but h is not: h = o ⊙ tanh(c), with a tanh on the memory.'],
];

/** A trained-looking TreeLSTM with random biases, its node weights in the lecture layout, and the (h, c) of the nodes of `(x y)`. */
function treeLstmCase(seed: number, text: string) {
  const H = 3;
  const vocabulary = Vocabulary.fromTokens(['a', 'b']);
  const model = new TreeLSTM({ vocabulary, embeddingSize: 2, hiddenSize: H, seed });
  try {
    tf.tidy(() => {
      model.weights.nodeBias.assign(tf.randomUniform([5 * H], -1, 1.5, 'float32', seed + 1));
      model.weights.leafBias.assign(tf.randomUniform([3 * H], -1, 1, 'float32', seed + 2));
    });
    const kernel = model.weights.nodeKernel.arraySync() as number[][]; // [2H, 5H]
    const nodeBias = model.weights.nodeBias.arraySync() as number[];
    const U = Object.fromEntries(GATE_NAMES.map((g, k) => [g, transpose(kernel.map((row) => row.slice(k * H, (k + 1) * H)))])) as unknown as GateBlocks<number[][]>;
    const bias = Object.fromEntries(GATE_NAMES.map((g, k) => [g, nodeBias.slice(k * H, (k + 1) * H)])) as unknown as GateBlocks<number[]>;
    const tree = parseTree(text, { labelled: false });
    const h = tf.tidy(() => model.forward(tree).vectors.arraySync() as number[][]);
    const c = tf.tidy(() => model.cells(tree).arraySync() as number[][]);
    // Post-order of (x y): left leaf, right leaf, root.
    return { H, U, bias, left: { h: h[0], c: c[0] }, right: { h: h[1], c: c[1] }, parent: { h: h[2], c: c[2] } };
  } finally {
    model.dispose();
  }
}

const copyState = (s: NodeState): NodeState => ({ h: [...s.h], c: [...s.c] });

export function checkTreeLstmNode(treeLstmNode: TreeLstmNodeFn): string {
  expectFunction(treeLstmNode, 'treeLstmNode');
  return runCheck('treeLstmNode', () => {
    const cases = [[11, '(a b)'], [12, '(b a)'], [13, '(a b)']] as const;
    for (const [seed, text] of cases) {
      const { H, U, bias, left, right, parent } = treeLstmCase(seed, text);
      const copyBlocks = <T>(blocks: GateBlocks<T>, copy: (v: T) => T) => Object.fromEntries(GATE_NAMES.map((g) => [g, copy(blocks[g])])) as unknown as GateBlocks<T>;
      const answer = callLearner('treeLstmNode', () => treeLstmNode(copyState(left), copyState(right), copyBlocks(U, (m) => m.map((row) => [...row])), copyBlocks(bias, (v) => [...v])),
        () => `treeLstmNode(left, right, U, bias) for the root of ${text} (H = ${H})`);
      if (answer === null || typeof answer !== 'object' || !isVector((answer as NodeState).h, H) || !isVector((answer as NodeState).c, H)) {
        const a = answer as Partial<NodeState> | null;
        throw new ExerciseError(`treeLstmNode must return { h, c }, each ${H} finite numbers; got ${a && typeof a === 'object' ? `h: ${describeShape(a.h)}, c: ${describeShape(a.c)}` : formatValue(answer)}`);
      }
      const cGap = maxDifference(answer.c, parent.c);
      const hGap = maxDifference(answer.h, parent.h);
      if (cGap > TOLERANCE || hGap > TOLERANCE) {
        const matches = (v: LstmVariant) => {
          const wrong = nodeVariant(left, right, U, bias, v);
          return maxDifference(answer.c, wrong.c) < TOLERANCE && maxDifference(answer.h, wrong.h) < TOLERANCE;
        };
        const hint = lstmMistakes.find(([v]) => matches(v))?.[1]
          ?? (cGap <= TOLERANCE ? 'Your c is right; check h = o ⊙ tanh(c).' : 'Hint: every gate reads [h_L; h_R] (left first): i, f_L, f_R, o through σ, u through tanh; then c = i ⊙ u + f_L ⊙ c_L + f_R ⊙ c_R and h = o ⊙ tanh(c).');
        throw new ExerciseError(`treeLstmNode for the root of ${text}:\n  expected c ${formatValue(parent.c)}, h ${formatValue(parent.h)}\n  got      c ${formatValue(answer.c)}, h ${formatValue(answer.h)}\n  ${hint}`);
      }
    }
    return `✓ treeLstmNode agrees with the library's TreeLSTM on ${cases.length} nodes (memory c and state h).`;
  });
}

// ---------------------------------------------------------------------------------------------
// Exercise 3: sampling an image in raster order

/** A causal toy model: ink is likelier below ink and right of ink. */
function toyProbability(image: number[][], r: number, c: number): number {
  const above = r > 0 ? image[r - 1][c] : 0;
  const left = c > 0 ? image[r][c - 1] : 0;
  return 0.2 + 0.55 * above + 0.2 * left;
}

interface SamplingVariant {
  columnMajor?: boolean;
  noFeedback?: boolean;
  inverted?: boolean;
}

function sampleVariant(height: number, width: number, uniform: () => number, v: SamplingVariant): number[][] {
  const image = Array.from({ length: height }, () => new Array<number>(width).fill(0));
  const blank = Array.from({ length: height }, () => new Array<number>(width).fill(0));
  const visit = (r: number, c: number) => {
    const p = toyProbability(v.noFeedback ? blank : image, r, c);
    const u = uniform();
    image[r][c] = (v.inverted ? u >= p : u < p) ? 1 : 0;
  };
  if (v.columnMajor) for (let c = 0; c < width; c++) for (let r = 0; r < height; r++) visit(r, c);
  else for (let r = 0; r < height; r++) for (let c = 0; c < width; c++) visit(r, c);
  return image;
}

const samplingMistakes: [SamplingVariant, string][] = [
  [{ noFeedback: true }, 'It looks like the drawn pixels are not fed back: probabilityOfInk must see the image with every pixel drawn so far.'],
  [{ inverted: true }, 'It looks like the comparison is the wrong way round: the pixel is 1 (ink) when u < p.'],
  [{ columnMajor: true }, 'It looks like the pixels are visited column by column; raster order is row by row, left to right.'],
];

const imageText = (image: number[][]) => image.map((row) => row.join('')).join(' / ');

export function checkSampleImage(sampleImage: SampleImageFn): string {
  expectFunction(sampleImage, 'sampleImage');
  return runCheck('sampleImage', () => {
    const cases = [[4, 5, 1], [4, 5, 2], [6, 3, 3], [1, 1, 4], [5, 5, 5]] as const;
    for (const [height, width, seed] of cases) {
      const random = new Random(seed);
      const expectedImage = sampleVariant(height, width, () => random.next(), {});
      const learnerRandom = new Random(seed);
      let draws = 0;
      const calls: [number, number][] = [];
      const uniform = () => {
        draws++;
        return learnerRandom.next();
      };
      const probabilityOfInk: ProbabilityOfInk = (image, r, c) => {
        if (!Array.isArray(image) || image.length !== height || image.some((row) => !Array.isArray(row) || row.length !== width)) {
          throw new ExerciseError(`probabilityOfInk(image, ${r}, ${c}) needs the image drawn so far, ${height} rows of ${width} pixels; got ${describeShape(image)}`);
        }
        if (!Number.isInteger(r) || !Number.isInteger(c) || r < 0 || r >= height || c < 0 || c >= width) {
          throw new ExerciseError(`probabilityOfInk was called for pixel (${String(r)}, ${String(c)}), outside the ${height} × ${width} image`);
        }
        const n = calls.length;
        if (n >= height * width || r !== Math.floor(n / width) || c !== n % width) {
          const expectedPixel = n < height * width ? `pixel (${Math.floor(n / width)}, ${n % width})` : 'no more calls (every pixel was visited)';
          const column = n === 1 && width > 1 && r === 1 && c === 0 ? ` ${samplingMistakes[2][1]}` : '';
          throw new ExerciseError(`sampleImage must call probabilityOfInk once per pixel in raster order, (0, 0), (0, 1), …; call ${n + 1} asked for pixel (${r}, ${c}), expected ${expectedPixel}.${column}`);
        }
        for (let k = r * width + c; k < height * width; k++) {
          const [rr, cc] = [Math.floor(k / width), k % width];
          if (image[rr][cc] !== 0) {
            throw new ExerciseError(`probabilityOfInk(image, ${r}, ${c}) was shown pixel (${rr}, ${cc}) = ${formatValue(image[rr][cc])}, which comes at or after (${r}, ${c}) in raster order and must still be 0: the model may only see earlier pixels`);
          }
        }
        calls.push([r, c]);
        return toyProbability(image, r, c);
      };
      const answer = callLearner('sampleImage', () => sampleImage(height, width, probabilityOfInk, uniform), () => `sampleImage(${height}, ${width}, probabilityOfInk, uniform)`);
      const shapeOk = Array.isArray(answer) && answer.length === height && answer.every((row) => Array.isArray(row) && row.length === width && row.every((v) => v === 0 || v === 1));
      if (!shapeOk) throw new ExerciseError(`sampleImage(${height}, ${width}, …) must return ${height} rows of ${width} pixels, each 0 or 1; got ${describeShape(answer)}`);
      if (draws !== height * width) {
        throw new ExerciseError(`sampleImage(${height}, ${width}, …) called uniform() ${draws} times; draw exactly one number per pixel (${height * width}), in raster order, so that a seed gives the same image`);
      }
      if (calls.length !== height * width) {
        throw new ExerciseError(`sampleImage must call probabilityOfInk once per pixel in raster order; it was called ${calls.length} times for ${height * width} pixels`);
      }
      if (maxDifference(answer, expectedImage) > 0) {
        const hint = samplingMistakes.find(([v]) => {
          const r = new Random(seed);
          return maxDifference(answer, sampleVariant(height, width, () => r.next(), v)) === 0;
        })?.[1] ?? 'Hint: for each pixel in raster order: p = probabilityOfInk(image, r, c), u = uniform(), image[r][c] = u < p ? 1 : 0.';
        throw new ExerciseError(`sampleImage(${height}, ${width}, …) with seed ${seed}:\n  expected ${imageText(expectedImage)}\n  got      ${imageText(answer)}\n  ${hint}`);
      }
    }
    return `✓ sampleImage draws the expected images for ${cases.length} sizes and seeds, visiting pixels in raster order and feeding each one back.`;
  });
}
