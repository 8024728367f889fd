/**
 * Token inputs: one-hot vectors, or a learned embedding table (a lookup that equals the one-hot
 * vector times the table, `e_t = onehot(x_t) · E`, without building the one-hot vector).
 */
import { tf } from '../tf';
import { childSeed, randomSeed } from '../init/seeds';
import { resolveInitializer, uniform, type InitializerSpec } from '../init/initializers';
import type { Module } from '../core/module';

/** Checks token ids against the vocabulary and returns them as int32 (float tensors of whole numbers are cast). */
export function checkTokenIds(ids: tf.Tensor, vocabSize: number, who: string): tf.Tensor {
  if (!(ids instanceof tf.Tensor)) throw new Error(`${who}: token ids must be a tensor; got ${String(ids)}`);
  if (ids.dtype === 'bool' || ids.dtype === 'string' || ids.dtype === 'complex64') {
    throw new Error(`${who}: token ids must be int32; got ${ids.dtype}`);
  }
  if (ids.size === 0) return ids.dtype === 'int32' ? ids.clone() : tf.cast(ids, 'int32');
  const values = ids.dataSync();
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isInteger(v)) throw new Error(`${who}: token ids must be whole numbers; got ${v}`);
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if (lo < 0 || hi >= vocabSize) throw new Error(`${who}: token ids must lie in [0, ${vocabSize}); got values from ${lo} to ${hi}`);
  return ids.dtype === 'int32' ? ids.clone() : tf.cast(ids, 'int32');
}

/**
 * int32 ids `[n]` → float32 one-hot rows `[n, depth]`. tf.oneHot is asked for int32 and cast: with
 * dtype 'float32' the wasm backend (4.22) writes the integer bit pattern 1 into float memory.
 */
function oneHotRows(ids: tf.Tensor1D, depth: number): tf.Tensor2D {
  return tf.tidy(() => tf.cast(tf.oneHot(ids, depth), 'float32') as tf.Tensor2D);
}

/** ids `[...]` → float32 `[..., depth]` one-hot vectors. */
export function oneHot(ids: tf.Tensor, depth: number): tf.Tensor {
  return tf.tidy(() => {
    const checked = checkTokenIds(ids, depth, 'oneHot');
    return tf.reshape(oneHotRows(tf.reshape(checked, [-1]) as tf.Tensor1D, depth), [...ids.shape, depth]);
  });
}

/**
 * table `[vocab, dim]`, ids `[...]` (int32, already checked) → `[..., dim]`. The gradient with
 * respect to the table adds each row of dy into the row of its token: `dE = onehot(ids)ᵀ · dy`.
 * tfjs computes tf.gather's gradient with the UnsortedSegmentSum kernel, which the wasm backend
 * lacks; there this lookup uses the one-hot product (transposed explicitly, since wasm's
 * transposed matMul is slow) instead.
 */
export function embeddingLookup(table: tf.Tensor2D, ids: tf.Tensor): tf.Tensor {
  const [vocab, dim] = table.shape;
  // tfjs passes the inputs and then the save function through one rest parameter
  const lookup = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [rows, save] = args as [tf.Tensor, tf.GradSaveFunc];
    const flat = tf.reshape(ids, [-1]) as tf.Tensor1D;
    save([flat]);
    const value = tf.reshape(tf.gather(rows, flat), [...ids.shape, dim]);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [tokens] = saved as [tf.Tensor1D];
      const dRows = tf.reshape(dy, [-1, dim]);
      if (tf.getKernel('UnsortedSegmentSum', tf.getBackend()) !== undefined) {
        return tf.unsortedSegmentSum(dRows, tokens, vocab);
      }
      // dE = onehot(ids)ᵀ · dy
      return tf.matMul(tf.transpose(oneHotRows(tokens, vocab)), dRows);
    };
    return { value, gradFunc };
  });
  return lookup(table);
}

export interface EmbeddingOptions {
  vocabSize: number;
  embeddingSize: number;
  seed?: number;
  /** Default: uniform in ±0.05, as tfjs-layers' `embedding`. */
  initializer?: InitializerSpec;
}

export class Embedding implements Module {
  readonly vocabSize: number;
  readonly embeddingSize: number;
  readonly seed: number;
  /** `[vocab, embeddingSize]`; row v is token v's vector. */
  readonly embeddings: tf.Variable;

  constructor(options: EmbeddingOptions) {
    const { vocabSize, embeddingSize } = options ?? ({} as EmbeddingOptions);
    for (const [name, value] of [['vocabSize', vocabSize], ['embeddingSize', embeddingSize]] as const) {
      if (!Number.isInteger(value) || value <= 0) throw new Error(`Embedding ${name} must be a positive integer; got ${String(value)}`);
    }
    this.vocabSize = vocabSize;
    this.embeddingSize = embeddingSize;
    this.seed = options.seed ?? randomSeed();
    const init = resolveInitializer(options.initializer ?? uniform());
    const value = init([vocabSize, embeddingSize], childSeed(this.seed, 'embeddings'));
    this.embeddings = tf.variable(value);
    value.dispose();
  }

  /** ids `[...]` (int32 in [0, vocab)) → `[..., embeddingSize]`. */
  apply(ids: tf.Tensor): tf.Tensor {
    return tf.tidy(() => embeddingLookup(this.embeddings as tf.Tensor2D, checkTokenIds(ids, this.vocabSize, 'Embedding')));
  }

  trainableVariables(): tf.Variable[] {
    return [this.embeddings];
  }
  namedVariables(): Record<string, tf.Variable> {
    return { embeddings: this.embeddings };
  }
  layersWeights(): tf.Variable[] {
    return [this.embeddings];
  }
  dispose(): void {
    this.embeddings.dispose();
  }
}
