/**
 * Masks for padded batches: `[batch, time]`, 1 (or true) for a real step, 0 for padding.
 * Sequences are padded at the end, so each row is a run of ones followed by zeros.
 */
import { tf } from '../tf';

/** Checks the shape and returns the mask as bool `[batch, time]`. */
export function normaliseMask(mask: tf.Tensor, batch: number, time: number): tf.Tensor2D {
  if (!(mask instanceof tf.Tensor) || mask.rank !== 2 || mask.shape[0] !== batch || mask.shape[1] !== time) {
    const got = mask instanceof tf.Tensor ? `shape [${mask.shape.join(', ')}]` : String(mask);
    throw new Error(`mask must be [batch, time] = [${batch}, ${time}] (1 = real step, 0 = padding); got ${got}`);
  }
  return tf.tidy(() => (mask.dtype === 'bool' ? mask.clone() : tf.notEqual(mask, 0))) as tf.Tensor2D;
}

/** Lengths of each row of a bool mask; throws unless every row is ones then zeros (end padding). */
export function lengthsFromMask(mask: tf.Tensor2D): number[] {
  const rows = mask.arraySync() as unknown as boolean[][];
  return rows.map((row, b) => {
    const length = row.findIndex((real) => !real);
    const n = length === -1 ? row.length : length;
    if (row.slice(n).some((real) => real)) {
      throw new Error(`mask row ${b} has a real step after padding; pad sequences at the end (mask ${row.map(Number).join('')})`);
    }
    return n;
  });
}
