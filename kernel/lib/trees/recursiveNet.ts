/**
 * The recursive neural network of Socher, Lin, Ng & Manning (2011): one shared layer composes
 * the vectors of two children c₁, c₂ into their parent's vector,
 *   p = tanh(W [c₁; c₂] + b)
 * applied from the leaves (word vectors) up to the root, so phrases and sentences get vectors of
 * the same size as words. A softmax classifier can read any node (e.g. sentiment per phrase).
 * W is stored as `[2d, d]` for row vectors: p = tanh([c₁, c₂] W + b).
 */
import { tf } from '../tf';
import { seededVariable } from '../init/seededVariable';
import type { Tree } from './tree';
import { TreeModel, type TreeModelOptions } from './treeModel';

export type RecursiveNetOptions = TreeModelOptions;

export class RecursiveNet extends TreeModel {
  readonly nodeSize: number;
  /** W `[2d, d]`, b `[d]`. */
  readonly weights: { W: tf.Variable; b: tf.Variable };

  constructor(options: RecursiveNetOptions) {
    super(options, 'RecursiveNet');
    const d = this.embeddingSize;
    this.nodeSize = d;
    this.weights = {
      W: seededVariable('glorotUniform', [2 * d, d], this.seed, 'W'),
      b: seededVariable('zeros', [d], this.seed, 'b'),
    };
    this.buildClassifier();
  }

  protected composeNodes(order: readonly Tree[], leafVectors: tf.Tensor2D): tf.Tensor2D {
    const leafRows = tf.split(leafVectors, leafVectors.shape[0], 0) as tf.Tensor2D[];
    const vectors: tf.Tensor2D[] = [];
    // In post-order a node's children are the last finished subtrees: a stack holds them.
    const stack: tf.Tensor2D[] = [];
    let nextLeaf = 0;
    for (const t of order) {
      let vector: tf.Tensor2D;
      if (t.kind === 'leaf') {
        vector = leafRows[nextLeaf++];
      } else {
        const right = stack.pop()!;
        const left = stack.pop()!;
        // p = tanh(W [c₁; c₂] + b): [1, d]
        vector = tf.tanh(tf.add(tf.matMul(tf.concat([left, right], 1), this.weights.W), this.weights.b)) as tf.Tensor2D;
      }
      stack.push(vector);
      vectors.push(vector);
    }
    return tf.concat(vectors, 0);
  }

  protected compositionVariables(): Record<string, tf.Variable> {
    return { ...this.weights };
  }
}
