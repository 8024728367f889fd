/**
 * Reference solutions to the exercises of lesson 8 (08-beyond-sequences.seqnb). Paste a function
 * into the exercise cell, or compare it with yours.
 */
import type { Tree } from '../../kernel/lib/trees/tree';

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
/** M v for M `[rows][cols]` and v `[cols]`. */
const matVec = (M: number[][], v: number[]) => M.map((row) => row.reduce((s, m, k) => s + m * v[k], 0));

/** The root vector of a recursive network: a leaf is its word vector, a node p = tanh(W [c₁; c₂] + b). */
export function encodeTree(tree: Tree, wordVector: (word: string) => number[], W: number[][], b: number[]): number[] {
  if (tree.kind === 'leaf') return wordVector(tree.word);
  const children = [...encodeTree(tree.left, wordVector, W, b), ...encodeTree(tree.right, wordVector, W, b)];
  return matVec(W, children).map((z, i) => Math.tanh(z + b[i]));
}

type NodeState = { h: number[]; c: number[] };
type GateBlocks<T> = { input: T; forgetLeft: T; forgetRight: T; output: T; candidate: T };

/** One binary Tree-LSTM node: gates from [h_L; h_R], c = i ⊙ u + f_L ⊙ c_L + f_R ⊙ c_R, h = o ⊙ tanh(c). */
export function treeLstmNode(left: NodeState, right: NodeState, U: GateBlocks<number[][]>, bias: GateBlocks<number[]>): NodeState {
  const x = [...left.h, ...right.h];
  const gate = (name: keyof GateBlocks<unknown>, squash: (v: number) => number) => matVec(U[name], x).map((z, j) => squash(z + bias[name][j]));
  const inputGate = gate('input', sigmoid);
  const leftForgetGate = gate('forgetLeft', sigmoid);
  const rightForgetGate = gate('forgetRight', sigmoid);
  const outputGate = gate('output', sigmoid);
  const candidate = gate('candidate', Math.tanh);
  const c = candidate.map((u, j) => inputGate[j] * u + leftForgetGate[j] * left.c[j] + rightForgetGate[j] * right.c[j]);
  return { h: c.map((cj, j) => outputGate[j] * Math.tanh(cj)), c };
}

/** Raster order: each pixel drawn as 1 when u < p(ink | pixels so far), then fed back for the next. */
export function sampleImage(height: number, width: number, probabilityOfInk: (image: number[][], r: number, c: number) => number, uniform: () => number): number[][] {
  const image = Array.from({ length: height }, () => new Array<number>(width).fill(0));
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const p = probabilityOfInk(image, r, c);
      image[r][c] = uniform() < p ? 1 : 0;
    }
  }
  return image;
}
