/**
 * The binary Tree-LSTM (the N-ary Tree-LSTM of Tai, Socher & Manning 2015 with N = 2, the variant
 * they use on binarised constituency trees). Each node j has a memory cell c_j and a hidden state
 * h_j; an inner node reads its left and right children (h_L, c_L), (h_R, c_R) with a separate
 * forget gate per child, so it can keep one child's memory and drop the other's:
 *   i   = σ(U_i [h_L; h_R] + b_i)          input gate
 *   f_L = σ(U_fL [h_L; h_R] + b_fL)        forget gate for the left child
 *   f_R = σ(U_fR [h_L; h_R] + b_fR)        forget gate for the right child
 *   o   = σ(U_o [h_L; h_R] + b_o)          output gate
 *   u   = tanh(U_u [h_L; h_R] + b_u)       candidate
 *   c   = i ⊙ u + f_L ⊙ c_L + f_R ⊙ c_R,   h = o ⊙ tanh(c)
 * In a constituency tree only the leaves have an input x (the word vector) and they have no
 * children, so the paper's single set of equations splits into this node form and a leaf form
 *   i = σ(W_i x + b′_i),  o = σ(W_o x + b′_o),  u = tanh(W_u x + b′_u),  c = i ⊙ u,  h = o ⊙ tanh(c).
 * Weights for row vectors: U `[2H, 5H]` (blocks i, f_L, f_R, o, u), node bias `[5H]`,
 * W `[d, 3H]` (blocks i, o, u), leaf bias `[3H]`. The forget biases start at 1, so early in
 * training a parent keeps its children's memories (the large forget-bias trick of LSTMs).
 * The child-sum Tree-LSTM (for trees with any number of unordered children) is not provided.
 */
import { tf } from '../tf';
import { seededVariable } from '../init/seededVariable';
import { asTree } from './parseTree';
import { postOrder, type Tree } from './tree';
import { TreeModel, type TreeInput, type TreeModelOptions } from './treeModel';

export interface TreeLSTMOptions extends TreeModelOptions {
  /** H: size of h and c. */
  hiddenSize: number;
}

export class TreeLSTM extends TreeModel {
  readonly nodeSize: number;
  readonly hiddenSize: number;
  readonly weights: { leafKernel: tf.Variable; leafBias: tf.Variable; nodeKernel: tf.Variable; nodeBias: tf.Variable };

  constructor(options: TreeLSTMOptions) {
    super(options, 'TreeLSTM');
    const { hiddenSize } = options;
    if (!Number.isInteger(hiddenSize) || hiddenSize <= 0) throw new Error(`TreeLSTM: hiddenSize must be a positive integer; got ${hiddenSize}`);
    this.hiddenSize = hiddenSize;
    this.nodeSize = hiddenSize;
    const H = hiddenSize;
    const forgetBias = new Float32Array(5 * H);
    forgetBias.fill(1, H, 3 * H);
    const nodeBiasInit = tf.tensor1d(forgetBias);
    this.weights = {
      leafKernel: seededVariable('glorotUniform', [this.embeddingSize, 3 * H], this.seed, 'leafKernel'),
      leafBias: seededVariable('zeros', [3 * H], this.seed, 'leafBias'),
      nodeKernel: seededVariable('glorotUniform', [2 * H, 5 * H], this.seed, 'nodeKernel'),
      nodeBias: tf.variable(nodeBiasInit),
    };
    nodeBiasInit.dispose();
    this.buildClassifier();
  }

  /** Hidden states h `[nodes, H]` in post-order (the memory cells are available from `cells`). */
  protected composeNodes(order: readonly Tree[], leafVectors: tf.Tensor2D): tf.Tensor2D {
    return this.states(order, leafVectors).h;
  }

  /** h and c of every node, `[nodes, H]` each, post-order. */
  private states(order: readonly Tree[], leafVectors: tf.Tensor2D): { h: tf.Tensor2D; c: tf.Tensor2D } {
    const leaves = leafVectors.shape[0];
    // Every leaf at once: [leaves, 3H] → i, o, u
    const [leafInput, leafOutput, leafCandidate] = tf.split(tf.add(tf.matMul(leafVectors, this.weights.leafKernel), this.weights.leafBias), 3, 1);
    // c = i ⊙ u
    const leafCells = tf.mul(tf.sigmoid(leafInput), tf.tanh(leafCandidate));
    // h = o ⊙ tanh(c)
    const leafHidden = tf.mul(tf.sigmoid(leafOutput), tf.tanh(leafCells));
    const leafH = tf.split(leafHidden, leaves, 0) as tf.Tensor2D[];
    const leafC = tf.split(leafCells, leaves, 0) as tf.Tensor2D[];
    const hs: tf.Tensor2D[] = [];
    const cs: tf.Tensor2D[] = [];
    const stack: { h: tf.Tensor2D; c: tf.Tensor2D }[] = [];
    let nextLeaf = 0;
    for (const t of order) {
      let state: { h: tf.Tensor2D; c: tf.Tensor2D };
      if (t.kind === 'leaf') {
        state = { h: leafH[nextLeaf], c: leafC[nextLeaf] };
        nextLeaf++;
      } else {
        const right = stack.pop()!;
        const left = stack.pop()!;
        state = this.composePair(left, right);
      }
      stack.push(state);
      hs.push(state.h);
      cs.push(state.c);
    }
    return { h: tf.concat(hs, 0), c: tf.concat(cs, 0) };
  }

  /** One inner node from its children's (h, c), each `[1, H]`. */
  private composePair(left: { h: tf.Tensor2D; c: tf.Tensor2D }, right: { h: tf.Tensor2D; c: tf.Tensor2D }): { h: tf.Tensor2D; c: tf.Tensor2D } {
    // U [h_L; h_R] + b for all five blocks at once: [1, 5H]
    const z = tf.add(tf.matMul(tf.concat([left.h, right.h], 1), this.weights.nodeKernel), this.weights.nodeBias);
    const [zInput, zForgetLeft, zForgetRight, zOutput, zCandidate] = tf.split(z, 5, 1);
    const inputGate = tf.sigmoid(zInput);
    const leftForgetGate = tf.sigmoid(zForgetLeft);
    const rightForgetGate = tf.sigmoid(zForgetRight);
    const outputGate = tf.sigmoid(zOutput);
    const candidate = tf.tanh(zCandidate);
    // c = i ⊙ u + f_L ⊙ c_L + f_R ⊙ c_R
    const c = tf.add(tf.mul(inputGate, candidate), tf.add(tf.mul(leftForgetGate, left.c), tf.mul(rightForgetGate, right.c))) as tf.Tensor2D;
    // h = o ⊙ tanh(c)
    const h = tf.mul(outputGate, tf.tanh(c)) as tf.Tensor2D;
    return { h, c };
  }

  /** Memory cells c `[nodes, H]` in post-order, for inspecting what each phrase keeps. */
  cells(input: TreeInput): tf.Tensor2D {
    return tf.tidy(() => {
      const order = postOrder(asTree(input));
      return this.states(order, this.lookupLeaves(order)).c;
    });
  }

  protected compositionVariables(): Record<string, tf.Variable> {
    return { ...this.weights };
  }
}
