import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../kernel/lib/tf';
import { selectBackend } from '../../kernel/lib/backend';
import { checkEncodeTree, checkSampleImage, checkTreeLstmNode, type ProbabilityOfInk } from '../../kernel/lib/exercises/lesson08';
import type { Tree } from '../../kernel/lib/trees/tree';
import { encodeTree, sampleImage, treeLstmNode } from '../../lessons/solutions/lesson08';
import { rejects, stub } from '../support/exercises';

before(async () => {
  await selectBackend('cpu');
});

const matVec = (M: number[][], v: number[]) => M.map((row) => row.reduce((s, m, k) => s + m * v[k], 0));
const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

test('the reference encodeTree passes; the stub is reported as not attempted; no tensors are left behind', () => {
  const before = tf.memory().numTensors;
  assert.match(checkEncodeTree(encodeTree), /^✓ encodeTree agrees with the library's RecursiveNet on 6 trees/);
  assert.match(checkEncodeTree(stub), /^not attempted yet: encodeTree still throws "your code here"/);
  assert.equal(tf.memory().numTensors, before);
});

test('common encodeTree mistakes are named', () => {
  type Encode = typeof encodeTree;
  const withComposition = (compose: (W: number[][], b: number[], left: number[], right: number[]) => number[]): Encode => {
    const encode: Encode = (tree: Tree, wordVector, W, b) =>
      tree.kind === 'leaf' ? wordVector(tree.word) : compose(W, b, encode(tree.left, wordVector, W, b), encode(tree.right, wordVector, W, b));
    return encode;
  };
  const swapped = withComposition((W, b, l, r) => matVec(W, [...r, ...l]).map((z, i) => Math.tanh(z + b[i])));
  rejects(() => checkEncodeTree(swapped), /\(a b\)/, /children are swapped/);
  const noTanh = withComposition((W, b, l, r) => matVec(W, [...l, ...r]).map((z, i) => z + b[i]));
  rejects(() => checkEncodeTree(noTanh), /tanh is missing/);
  const noBias = withComposition((W, _b, l, r) => matVec(W, [...l, ...r]).map(Math.tanh));
  rejects(() => checkEncodeTree(noBias), /bias b is missing/);
  // Reads W as [2d][d] (the library's row-vector layout): W[k] for k ≥ d does not exist.
  const rowLayout = withComposition((W, b, l, r) => b.map((bj, j) => Math.tanh([...l, ...r].reduce((s, v, k) => s + v * W[k]?.[j], bj))));
  rejects(() => checkEncodeTree(rowLayout), /must return the root vector, 3 finite numbers/, /W\[i\]\[k\] multiplies entry k/);
  const crashes: Encode = () => {
    throw new TypeError('W[k] is undefined');
  };
  rejects(() => checkEncodeTree(crashes), /encodeTree threw TypeError: W\[k\] is undefined/);
});

test('the reference treeLstmNode passes; the stub is reported as not attempted; no tensors are left behind', () => {
  const before = tf.memory().numTensors;
  assert.match(checkTreeLstmNode(treeLstmNode), /^✓ treeLstmNode agrees with the library's TreeLSTM on 3 nodes/);
  assert.match(checkTreeLstmNode(stub), /^not attempted yet: treeLstmNode still throws "your code here"/);
  assert.equal(tf.memory().numTensors, before);
});

test('common treeLstmNode mistakes are named', () => {
  type Node = typeof treeLstmNode;
  /** The node with one of its ingredients replaced. */
  const variant = (change: { swapForget?: boolean; oneForget?: boolean; noInput?: boolean; hNoTanh?: boolean }): Node => (left, right, U, bias) => {
    const x = [...left.h, ...right.h];
    const gate = (name: keyof typeof U, squash: (v: number) => number) => matVec(U[name], x).map((z, j) => squash(z + bias[name][j]));
    const i = gate('input', sigmoid);
    let fL = gate('forgetLeft', sigmoid);
    let fR = gate('forgetRight', sigmoid);
    if (change.swapForget) [fL, fR] = [fR, fL];
    if (change.oneForget) fR = fL;
    const o = gate('output', sigmoid);
    const u = gate('candidate', Math.tanh);
    const c = u.map((uj, j) => (change.noInput ? uj : i[j] * uj) + fL[j] * left.c[j] + fR[j] * right.c[j]);
    return { h: c.map((cj, j) => o[j] * (change.hNoTanh ? cj : Math.tanh(cj))), c };
  };
  rejects(() => checkTreeLstmNode(variant({ swapForget: true })), /root of \(a b\)/, /forget gates are swapped/);
  rejects(() => checkTreeLstmNode(variant({ oneForget: true })), /one forget gate is used for both children/);
  rejects(() => checkTreeLstmNode(variant({ noInput: true })), /input gate is missing/);
  rejects(() => checkTreeLstmNode(variant({ hNoTanh: true })), /Your c is right but h is not/);
  const onlyH = (left: { h: number[] }) => ({ h: left.h });
  rejects(() => checkTreeLstmNode(onlyH as unknown as typeof treeLstmNode), /must return \{ h, c \}, each 3 finite numbers/);
});

test('the reference sampleImage passes and the stub is reported as not attempted', () => {
  assert.match(checkSampleImage(sampleImage), /^✓ sampleImage draws the expected images for 5 sizes and seeds/);
  assert.match(checkSampleImage(stub), /^not attempted yet: sampleImage still throws "your code here"/);
});

test('common sampleImage mistakes are named', () => {
  type Sample = typeof sampleImage;
  const blankImage = (height: number, width: number) => Array.from({ length: height }, () => new Array<number>(width).fill(0));
  const inverted: Sample = (height, width, p, uniform) => {
    const image = blankImage(height, width);
    for (let r = 0; r < height; r++) for (let c = 0; c < width; c++) image[r][c] = uniform() >= p(image, r, c) ? 1 : 0;
    return image;
  };
  rejects(() => checkSampleImage(inverted), /with seed 1/, /comparison is the wrong way round/);
  const noFeedback: Sample = (height, width, p, uniform) => {
    const image = blankImage(height, width);
    for (let r = 0; r < height; r++) for (let c = 0; c < width; c++) image[r][c] = uniform() < p(blankImage(height, width), r, c) ? 1 : 0;
    return image;
  };
  rejects(() => checkSampleImage(noFeedback), /drawn pixels are not fed back/);
  const columnMajor: Sample = (height, width, p, uniform) => {
    const image = blankImage(height, width);
    for (let c = 0; c < width; c++) for (let r = 0; r < height; r++) image[r][c] = uniform() < p(image, r, c) ? 1 : 0;
    return image;
  };
  rejects(() => checkSampleImage(columnMajor), /call 2 asked for pixel \(1, 0\), expected pixel \(0, 1\)/, /column by column/);
  // Shows the model the whole image drawn by a first pass: later pixels are visible.
  const peeks: Sample = (height, width, p, uniform) => {
    const first = sampleImage(height, width, p, uniform);
    return first.map((row, r) => row.map((_, c) => (uniform() < p(first, r, c) ? 1 : 0)));
  };
  rejects(() => checkSampleImage(peeks), /the model may only see earlier pixels|called uniform\(\) 40 times|call 21 asked/);
  const twoDraws: Sample = (height, width, p, uniform) => {
    const image = blankImage(height, width);
    for (let r = 0; r < height; r++) for (let c = 0; c < width; c++) image[r][c] = (uniform() + uniform()) / 2 < p(image, r, c) ? 1 : 0;
    return image;
  };
  rejects(() => checkSampleImage(twoDraws), /called uniform\(\) 40 times; draw exactly one number per pixel \(20\)/);
  const probabilities: Sample = (height, width, p: ProbabilityOfInk) => {
    const image = blankImage(height, width);
    for (let r = 0; r < height; r++) for (let c = 0; c < width; c++) image[r][c] = p(image, r, c);
    return image;
  };
  rejects(() => checkSampleImage(probabilities), /each 0 or 1/);
});
