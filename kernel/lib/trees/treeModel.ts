/**
 * What the recursive network and the Tree-LSTM share: leaf words become vectors through an
 * embedding table, a composition function (the subclass) computes one vector per node from the
 * leaves up, and an optional softmax classifier reads every node's vector. Nodes are always in
 * post-order: children before parents, leaves left to right, the root last.
 */
import { tf } from '../tf';
import { Embedding } from '../layers/embedding';
import { Dense } from '../layers/dense';
import { childSeed } from '../init/seeds';
import { Vocabulary } from '../text/vocabulary';
import { asTree } from './parseTree';
import { postOrder, type NestedTree, type Tree } from './tree';
import { treeNodeLoss, type LossNodes } from './nodeLoss';

export type TreeInput = Tree | string | NestedTree;

export interface TreeModelOptions {
  /** Leaf words are looked up here; unknown words use `<unk>`'s vector. */
  vocabulary: Vocabulary;
  /** Length of the word vectors. */
  embeddingSize: number;
  /** Number of node classes; absent: no classifier (encode only). */
  classes?: number;
  seed?: number;
}

export type TreeEncoding = {
  /** Node vectors `[nodes, size]` in post-order (root last). */
  vectors: tf.Tensor2D;
  /** Classifier logits `[nodes, classes]`, when the model has a classifier. */
  logits?: tf.Tensor2D;
};

export interface TreePrediction {
  /** The nodes in post-order, root last. */
  order: Tree[];
  /** Most probable class per node. */
  classes: number[];
  /** softmax(z_n) per node. */
  probabilities: number[][];
}

export abstract class TreeModel {
  readonly vocabulary: Vocabulary;
  readonly embeddingSize: number;
  /** Size of the node vectors the classifier reads. */
  abstract readonly nodeSize: number;
  readonly classes?: number;
  readonly embedding: Embedding;
  protected classifier?: Dense;
  protected readonly seed: number;

  constructor(options: TreeModelOptions, who: string) {
    const { vocabulary, embeddingSize, classes, seed = 0 } = options ?? ({} as TreeModelOptions);
    if (!(vocabulary instanceof Vocabulary)) throw new Error(`${who}: options.vocabulary must be a Vocabulary`);
    if (!Number.isInteger(embeddingSize) || embeddingSize <= 0) throw new Error(`${who}: embeddingSize must be a positive integer; got ${embeddingSize}`);
    if (classes !== undefined && (!Number.isInteger(classes) || classes <= 0)) throw new Error(`${who}: classes must be a positive integer; got ${classes}`);
    this.vocabulary = vocabulary;
    this.embeddingSize = embeddingSize;
    this.classes = classes;
    this.seed = seed;
    this.embedding = new Embedding({ vocabSize: vocabulary.size, embeddingSize, seed: childSeed(seed, 'embedding'), initializer: 'glorotUniform' });
  }

  /** Builds the classifier once the subclass knows its node size (call at the end of the subclass constructor). */
  protected buildClassifier(): void {
    if (this.classes !== undefined) {
      this.classifier = new Dense({ inputSize: this.nodeSize, units: this.classes, seed: childSeed(this.seed, 'classifier') });
    }
  }

  /** The subclass's composition: leaf vectors `[leaves, embeddingSize]` (left to right) → node vectors `[nodes, nodeSize]` in post-order. */
  protected abstract composeNodes(order: readonly Tree[], leafVectors: tf.Tensor2D): tf.Tensor2D;

  /** The composition weights (without embedding and classifier). */
  protected abstract compositionVariables(): Record<string, tf.Variable>;

  /** The word vectors of the leaves, left to right: `[leaves, embeddingSize]`. */
  protected lookupLeaves(order: readonly Tree[]): tf.Tensor2D {
    const ids = order.flatMap((t) => (t.kind === 'leaf' ? [this.vocabulary.idOf(t.word)] : []));
    return this.embedding.apply(tf.tensor1d(ids, 'int32')) as tf.Tensor2D;
  }

  /** Node vectors (and logits) for one tree. */
  forward(input: TreeInput): TreeEncoding {
    const tree = asTree(input);
    return tf.tidy(() => {
      const order = postOrder(tree);
      const vectors = this.composeNodes(order, this.lookupLeaves(order));
      return this.classifier ? { vectors, logits: this.classifier.apply(vectors) as tf.Tensor2D } : { vectors };
    });
  }

  /** The root's vector `[nodeSize]`: the tree's (sentence's) representation. */
  encode(input: TreeInput): tf.Tensor1D {
    return tf.tidy(() => {
      const { vectors } = this.forward(input);
      return tf.reshape(tf.slice(vectors, [vectors.shape[0] - 1, 0], [1, this.nodeSize]), [this.nodeSize]) as tf.Tensor1D;
    });
  }

  /**
   * Mean cross-entropy over the labelled nodes of all trees (`at: 'all'`, default) or over their
   * roots. `trees`: one labelled tree (a `Tree` or bracketed string) or an array of them; nested
   * arrays carry no labels, so an array here is always a list of trees.
   */
  loss(trees: Tree | string | readonly (Tree | string)[], options: { at?: LossNodes } = {}): tf.Scalar {
    const classifier = this.requireClassifier('loss');
    const list: readonly (Tree | string)[] = Array.isArray(trees) ? trees : [trees as Tree | string];
    if (list.length === 0) throw new Error('tree loss: no trees given');
    const parsed = list.map(asTree);
    return tf.tidy(() => {
      let total: tf.Scalar = tf.scalar(0);
      let count = 0;
      for (const tree of parsed) {
        const { vectors } = this.forward(tree);
        const part = treeNodeLoss(classifier.apply(vectors) as tf.Tensor2D, postOrder(tree), options.at ?? 'all');
        total = tf.add(total, part.total);
        count += part.count;
      }
      if (count === 0) throw new Error('tree loss: none of the trees has a labelled node');
      return tf.div(total, count) as tf.Scalar;
    });
  }

  /** Class and probabilities of every node, as plain numbers. */
  predict(input: TreeInput): TreePrediction {
    this.requireClassifier('predict');
    const tree = asTree(input);
    const probabilities = tf.tidy(() => tf.softmax(this.forward(tree).logits!).arraySync() as number[][]);
    return {
      order: postOrder(tree),
      classes: probabilities.map((p) => p.indexOf(Math.max(...p))),
      probabilities,
    };
  }

  /** Every weight by name: `embedding`, the composition's, and `classifier.kernel`/`classifier.bias`. */
  namedVariables(): Record<string, tf.Variable> {
    const named: Record<string, tf.Variable> = { embedding: this.embedding.embeddings, ...this.compositionVariables() };
    if (this.classifier) for (const [name, v] of Object.entries(this.classifier.namedVariables())) named[`classifier.${name}`] = v;
    return named;
  }

  trainableVariables(): tf.Variable[] {
    return Object.values(this.namedVariables());
  }

  dispose(): void {
    tf.dispose(this.trainableVariables());
  }

  private requireClassifier(who: string): Dense {
    if (!this.classifier) throw new Error(`${who}: this model was built without a classifier; pass options.classes`);
    return this.classifier;
  }
}
