/**
 * Source/target pairs → padded tensors for teacher forcing. A target y_1..y_T becomes
 *   decoder inputs   <bos> y_1 ... y_T
 *   decoder outputs  y_1 ... y_T <eos>
 * (one step longer than the target), so the decoder learns to start after `<bos>` and to stop.
 * Sequences are padded at the end with `padToken`, and masks mark real steps with 1.
 */
import { tf } from '../tf';

export interface Seq2SeqPair {
  source: ArrayLike<number>;
  target: ArrayLike<number>;
}

/** Padded tensors of a mini-batch; the caller disposes them (`disposeSeq2seqBatch`). */
export type Seq2SeqBatch = {
  /** `[batch, srcTime]` int32. */
  source: tf.Tensor2D;
  /** `[batch, srcTime]` float32, 1 real, 0 padding. */
  sourceMask: tf.Tensor2D;
  /** `[batch, tgtTime]` int32: `<bos>` then the target. */
  targetInputs: tf.Tensor2D;
  /** `[batch, tgtTime]` int32: the target then `<eos>`. */
  targetOutputs: tf.Tensor2D;
  /** `[batch, tgtTime]` float32. */
  targetMask: tf.Tensor2D;
};

export interface Seq2SeqBatchOptions {
  startToken: number;
  endToken: number;
  /** Default 0 (`Vocabulary`'s `<pad>`). */
  padToken?: number;
}

function ids(values: ArrayLike<number>, where: string): number[] {
  if (values == null || typeof values.length !== 'number') throw new Error(`${where} must be an array of token ids; got ${String(values)}`);
  const list = Array.from(values);
  list.forEach((v, i) => {
    if (!Number.isInteger(v) || v < 0) throw new Error(`${where}[${i}] must be a non-negative integer token id; got ${v}`);
  });
  return list;
}

function padded(rows: number[][], width: number, pad: number): { values: number[][]; mask: number[][] } {
  return {
    values: rows.map((row) => [...row, ...Array(width - row.length).fill(pad)]),
    mask: rows.map((row) => Array.from({ length: width }, (_, t) => (t < row.length ? 1 : 0))),
  };
}

export function seq2seqBatch(pairs: readonly Seq2SeqPair[], options: Seq2SeqBatchOptions): Seq2SeqBatch {
  if (!Array.isArray(pairs) || pairs.length === 0) throw new Error('seq2seqBatch: expected a non-empty array of { source, target } pairs');
  const { startToken, endToken } = options;
  const pad = options.padToken ?? 0;
  const sources = pairs.map((p, i) => ids(p?.source, `pair ${i}: source`));
  const targets = pairs.map((p, i) => ids(p?.target, `pair ${i}: target`));
  sources.forEach((s, i) => {
    if (s.length === 0) throw new Error(`seq2seqBatch: pair ${i} has an empty source`);
  });
  const srcTime = Math.max(...sources.map((s) => s.length));
  const tgtTime = Math.max(...targets.map((t) => t.length)) + 1;
  const src = padded(sources, srcTime, pad);
  const inputs = padded(targets.map((t) => [startToken, ...t]), tgtTime, pad);
  const outputs = padded(targets.map((t) => [...t, endToken]), tgtTime, pad);
  return {
    source: tf.tensor2d(src.values, [pairs.length, srcTime], 'int32'),
    sourceMask: tf.tensor2d(src.mask, [pairs.length, srcTime], 'float32'),
    targetInputs: tf.tensor2d(inputs.values, [pairs.length, tgtTime], 'int32'),
    targetOutputs: tf.tensor2d(outputs.values, [pairs.length, tgtTime], 'int32'),
    targetMask: tf.tensor2d(outputs.mask, [pairs.length, tgtTime], 'float32'),
  };
}

export function disposeSeq2seqBatch(batch: Seq2SeqBatch): void {
  tf.dispose([batch.source, batch.sourceMask, batch.targetInputs, batch.targetOutputs, batch.targetMask]);
}
