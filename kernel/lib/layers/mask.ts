/**
 * Masks for padded batches: `[batch, time]`, 1 (or true) for a real step, 0 for padding.
 * Sequences are padded at the end, so each row is a run of ones followed by zeros. A row with a
 * gap (`1 0 1`) is refused wherever a mask enters a recurrent layer: the layers keep the state
 * over padded steps and read the last real step as the row's length, so a real step after
 * padding would be silently mixed into a wrong summary.
 */
import { tf } from '../tf';

/**
 * Checks the shape and the end padding (see {@link lengthsFromMask}) and returns the mask as
 * bool `[batch, time]`. Reads the mask back once to check it (a `[batch, time]` copy).
 */
export function normaliseMask(mask: tf.Tensor, batch: number, time: number): tf.Tensor2D {
  if (!(mask instanceof tf.Tensor) || mask.rank !== 2 || mask.shape[0] !== batch || mask.shape[1] !== time) {
    const got = mask instanceof tf.Tensor ? `shape [${mask.shape.join(', ')}]` : String(mask);
    throw new Error(`mask must be [batch, time] = [${batch}, ${time}] (1 = real step, 0 = padding); got ${got}`);
  }
  const real = tf.tidy(() => (mask.dtype === 'bool' ? mask.clone() : tf.notEqual(mask, 0))) as tf.Tensor2D;
  try {
    lengthsFromMask(real);
  } catch (error) {
    real.dispose();
    throw error;
  }
  return real;
}

/**
 * Lengths of each row of a mask `[batch, time]` (bool, or numbers with 0 for padding); throws
 * unless every row is real steps then padding (end padding), naming the first row that is not.
 */
export function lengthsFromMask(mask: tf.Tensor2D): number[] {
  const rows = mask.arraySync() as unknown as (boolean | number)[][];
  return rows.map((row, b) => {
    const length = row.findIndex((real) => !real);
    const n = length === -1 ? row.length : length;
    if (row.slice(n).some((real) => real)) {
      const shown = row.slice(0, 40).map(Number).join('') + (row.length > 40 ? '…' : '');
      throw new Error(`mask row ${b} has a real step after padding; pad sequences at the end (mask ${shown})`);
    }
    return n;
  });
}
