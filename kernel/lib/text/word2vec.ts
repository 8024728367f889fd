/**
 * word2vec's continuous bag of words (CBOW; Mikolov et al. 2013): predict a word from the words
 * around it. With the c words on each side of position t as context,
 *   h = (1 / |C_t|) Σ_{j ∈ C_t} W[w_j]          (average of the context's input vectors, `[dim]`)
 *   P(w_t | context) = softmax(h W′)            (W′ `[dim, vocab]`)
 * and training minimises −log P(w_t | context) over the corpus. Words used in similar contexts
 * end up with similar rows of W: those rows are the word vectors, compared by cosine similarity.
 *
 * This trainer uses the full softmax, which is exact and fine for lesson-sized vocabularies (a
 * few thousand words); large corpora use negative sampling or a hierarchical softmax instead.
 * Contexts near the ends of a sentence are shorter; padded slots are masked out of the average.
 * `<unk>` is never a target. Training is seeded and stops between steps when interrupted.
 */
import { tf } from '../tf';
import { Random } from '../core/random';
import { interruptRequested } from '../core/interrupt';
import { seededVariable } from '../init/seededVariable';
import { embeddingLookup } from '../layers/embedding';
import { classificationCrossEntropy } from '../train/losses';
import { Vocabulary } from './vocabulary';

export interface CBOWOptions {
  vocabulary: Vocabulary;
  /** Length of each word vector (default 32). */
  dimension?: number;
  /** c: words taken on each side of the target (default 2). */
  window?: number;
  seed?: number;
}

export interface CBOWTrainOptions {
  epochs?: number;
  batchSize?: number;
  /** Adam's learning rate (default 0.01). */
  learningRate?: number;
  /** Called after every epoch with its mean loss. */
  onEpoch?: (epoch: number, loss: number) => void;
}

export interface CBOWHistory {
  /** Mean cross-entropy per finished epoch. */
  losses: number[];
  steps: number;
  /** True when an interrupt stopped training between two steps. */
  interrupted: boolean;
}

/** Context windows as plain arrays: `contexts[i]` has 2c ids (pad where the sentence ends), `mask[i]` 1 for real slots. */
export interface CBOWExamples {
  contexts: Int32Array;
  mask: Float32Array;
  targets: Int32Array;
  count: number;
  width: number;
}

export interface Neighbour {
  word: string;
  similarity: number;
}

export class CBOW {
  readonly vocabulary: Vocabulary;
  readonly dimension: number;
  readonly window: number;
  /** W `[vocab, dim]` (input vectors: the embeddings) and W′ `[dim, vocab]` (output vectors). */
  readonly weights: { input: tf.Variable; output: tf.Variable };
  private readonly seed: number;

  constructor(options: CBOWOptions) {
    const { vocabulary, dimension = 32, window = 2, seed = 0 } = options;
    if (!(vocabulary instanceof Vocabulary)) throw new Error('CBOW: options.vocabulary must be a Vocabulary');
    for (const [name, value] of Object.entries({ dimension, window })) {
      if (!Number.isInteger(value) || value <= 0) throw new Error(`CBOW: ${name} must be a positive integer; got ${value}`);
    }
    this.vocabulary = vocabulary;
    this.dimension = dimension;
    this.window = window;
    this.seed = seed;
    this.weights = {
      input: seededVariable('glorotUniform', [vocabulary.size, dimension], seed, 'input'),
      output: seededVariable('glorotUniform', [dimension, vocabulary.size], seed, 'output'),
    };
  }

  /** Every (context, target) pair of the sentences (token lists); sentences are never crossed. */
  examples(sentences: readonly (readonly string[])[]): CBOWExamples {
    if (!Array.isArray(sentences)) throw new Error('CBOW.examples: expected sentences as an array of token arrays');
    const width = 2 * this.window;
    const contexts: number[] = [];
    const mask: number[] = [];
    const targets: number[] = [];
    sentences.forEach((sentence, s) => {
      if (!Array.isArray(sentence)) throw new Error(`CBOW.examples: sentence ${s} is not an array of tokens`);
      const ids = this.vocabulary.encode(sentence);
      for (let t = 0; t < ids.length; t++) {
        if (ids[t] === this.vocabulary.unkId || ids.length < 2) continue;
        targets.push(ids[t]);
        for (let offset = -this.window; offset <= this.window; offset++) {
          if (offset === 0) continue;
          const j = t + offset;
          const inside = j >= 0 && j < ids.length;
          contexts.push(inside ? ids[j] : this.vocabulary.padId);
          mask.push(inside ? 1 : 0);
        }
      }
    });
    return { contexts: Int32Array.from(contexts), mask: Float32Array.from(mask), targets: Int32Array.from(targets), count: targets.length, width };
  }

  /**
   * The CBOW logits h W′ `[batch, vocab]` for context ids `[batch, 2c]` (int32) and mask `[batch, 2c]`.
   */
  logits(contexts: tf.Tensor2D, mask: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      // W[w_j] for every context slot: [batch, 2c, dim]
      const vectors = embeddingLookup(this.weights.input as tf.Tensor2D, contexts);
      // h = Σ_j mask_j W[w_j] / Σ_j mask_j: [batch, dim]
      const summed = tf.sum(tf.mul(vectors, tf.expandDims(mask, 2)), 1);
      const h = tf.div(summed, tf.maximum(tf.sum(mask, 1, true), 1));
      // h W′: [batch, vocab]
      return tf.matMul(h, this.weights.output) as tf.Tensor2D;
    });
  }

  /** Mean −log P(w_t | context) over a batch; targets `[batch]` int32. */
  loss(contexts: tf.Tensor2D, mask: tf.Tensor2D, targets: tf.Tensor1D): tf.Scalar {
    return tf.tidy(() => classificationCrossEntropy(this.logits(contexts, mask), targets));
  }

  /** Trains on sentences (token lists) with Adam, shuffling the examples each epoch with the model's seed. */
  train(sentences: readonly (readonly string[])[], options: CBOWTrainOptions = {}): CBOWHistory {
    const { epochs = 5, batchSize = 64, learningRate = 0.01, onEpoch } = options;
    for (const [name, value] of Object.entries({ epochs, batchSize })) {
      if (!Number.isInteger(value) || value <= 0) throw new Error(`CBOW.train: ${name} must be a positive integer; got ${value}`);
    }
    const data = this.examples(sentences);
    if (data.count === 0) throw new Error('CBOW.train: the sentences give no training examples (need sentences of at least 2 known words)');
    const optimizer = tf.train.adam(learningRate);
    const random = new Random(this.seed);
    const history: CBOWHistory = { losses: [], steps: 0, interrupted: false };
    const order = Array.from({ length: data.count }, (_, i) => i);
    try {
      for (let epoch = 0; epoch < epochs && !history.interrupted; epoch++) {
        random.shuffle(order);
        let total = 0;
        let seen = 0;
        for (let start = 0; start < data.count; start += batchSize) {
          if (interruptRequested()) {
            history.interrupted = true;
            break;
          }
          const batch = order.slice(start, start + batchSize);
          const loss = tf.tidy(() => {
            const { contexts, mask, targets } = this.batchTensors(data, batch);
            const value = optimizer.minimize(() => this.loss(contexts, mask, targets), true, [this.weights.input, this.weights.output]);
            return value!.dataSync()[0];
          });
          total += loss * batch.length;
          seen += batch.length;
          history.steps++;
        }
        if (seen === data.count) {
          history.losses.push(total / seen);
          onEpoch?.(epoch, total / seen);
        }
      }
    } finally {
      optimizer.dispose();
    }
    return history;
  }

  private batchTensors(data: CBOWExamples, batch: readonly number[]): { contexts: tf.Tensor2D; mask: tf.Tensor2D; targets: tf.Tensor1D } {
    const { width } = data;
    const contexts = new Int32Array(batch.length * width);
    const mask = new Float32Array(batch.length * width);
    const targets = new Int32Array(batch.length);
    batch.forEach((example, row) => {
      contexts.set(data.contexts.subarray(example * width, (example + 1) * width), row * width);
      mask.set(data.mask.subarray(example * width, (example + 1) * width), row * width);
      targets[row] = data.targets[example];
    });
    return {
      contexts: tf.tensor2d(contexts, [batch.length, width], 'int32'),
      mask: tf.tensor2d(mask, [batch.length, width]),
      targets: tf.tensor1d(targets, 'int32'),
    };
  }

  /** The word's vector (a row of W); throws for a word outside the vocabulary. */
  vector(word: string): Float32Array {
    const id = this.knownId(word, 'vector');
    return tf.tidy(() => tf.slice(this.weights.input, [id, 0], [1, this.dimension]).dataSync() as Float32Array);
  }

  /** cos(v_a, v_b) = v_a · v_b / (‖v_a‖ ‖v_b‖). */
  similarity(a: string, b: string): number {
    return cosine(this.vector(a), this.vector(b));
  }

  /** The k words whose vectors have the highest cosine similarity to `word` (itself and specials excluded). */
  nearest(word: string, k = 5): Neighbour[] {
    const id = this.knownId(word, 'nearest');
    if (!Number.isInteger(k) || k <= 0) throw new Error(`CBOW.nearest: k must be a positive integer; got ${k}`);
    const table = this.weights.input.dataSync();
    const query = table.subarray(id * this.dimension, (id + 1) * this.dimension);
    const neighbours: Neighbour[] = [];
    for (let other = 4; other < this.vocabulary.size; other++) {
      if (other === id) continue;
      const similarity = cosine(query, table.subarray(other * this.dimension, (other + 1) * this.dimension));
      neighbours.push({ word: this.vocabulary.tokenOf(other), similarity });
    }
    return neighbours.sort((x, y) => y.similarity - x.similarity).slice(0, k);
  }

  trainableVariables(): tf.Variable[] {
    return [this.weights.input, this.weights.output];
  }

  /** The weights by name, for `exportWeights`/`importWeights`. */
  namedVariables(): Record<string, tf.Variable> {
    return { ...this.weights };
  }

  dispose(): void {
    tf.dispose(this.trainableVariables());
  }

  private knownId(word: string, who: string): number {
    if (!this.vocabulary.has(word)) throw new Error(`CBOW.${who}: '${word}' is not in the vocabulary`);
    return this.vocabulary.idOf(word);
  }
}

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
