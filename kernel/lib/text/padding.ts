/**
 * Padding variable-length id sequences into one `[batch, time]` tensor with a mask, for tasks
 * whose data is not the per-step form `fit` batches (train/batching.ts): sequence classification
 * (one label per sequence, for the pooling layers), and encoder inputs of seq2seq pairs.
 * Padding goes at the end with `<pad>` = id 0, so a left-to-right RNN reads the real tokens first
 * and the mask (1 real, 0 padding) keeps the padding out of states, pooling and losses.
 */
import { tf } from '../tf';

export interface PadOptions {
  /** Pad id (default 0, the vocabulary's `<pad>`). */
  padId?: number;
  /** Cut longer sequences to this many steps, keeping the first ones (default: the longest length). */
  maxLength?: number;
}

export interface PaddedBatch {
  /** `[batch, time]` int32. */
  ids: tf.Tensor2D;
  /** `[batch, time]` float32: 1 for real steps, 0 for padding. */
  mask: tf.Tensor2D;
  /** Real length of each sequence after cutting. */
  lengths: number[];
}

export function padSequences(sequences: readonly ArrayLike<number>[], options: PadOptions = {}): PaddedBatch {
  if (!Array.isArray(sequences) || sequences.length === 0) throw new Error('padSequences: expected a non-empty array of id sequences');
  const { padId = 0 } = options;
  if (!Number.isInteger(padId)) throw new Error(`padSequences: padId must be an integer; got ${padId}`);
  const longest = Math.max(...sequences.map((s, i) => {
    if (s == null || typeof s.length !== 'number') throw new Error(`padSequences: sequence ${i} is not an array of ids`);
    return s.length;
  }));
  const time = options.maxLength ?? longest;
  if (!Number.isInteger(time) || time <= 0) throw new Error(`padSequences: maxLength must be a positive integer; got ${time}`);
  const ids = new Int32Array(sequences.length * time).fill(padId);
  const mask = new Float32Array(sequences.length * time);
  const lengths = sequences.map((sequence, b) => {
    const length = Math.min(sequence.length, time);
    for (let t = 0; t < length; t++) {
      const id = sequence[t];
      if (!Number.isInteger(id)) throw new Error(`padSequences: sequence ${b} holds ${id} at step ${t}; ids must be integers`);
      ids[b * time + t] = id;
      mask[b * time + t] = 1;
    }
    return length;
  });
  return {
    ids: tf.tensor2d(ids, [sequences.length, time], 'int32'),
    mask: tf.tensor2d(mask, [sequences.length, time]),
    lengths,
  };
}
