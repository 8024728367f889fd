/**
 * Shape checks for public entry points, so that a wrong tensor fails with a sentence that names
 * the argument, the expected layout and what arrived, instead of a broadcasting error deep inside tfjs.
 */
import { tf } from '../tf';

/**
 * Throws unless `t` has `layout.length` dimensions; `layout` names them (e.g. `['batch', 'time', 'hidden']`),
 * and entries of `sizes` that are numbers must match exactly.
 */
export function expectShape(what: string, t: tf.Tensor, layout: string[], sizes: (number | undefined)[] = []): void {
  const expected = `[${layout.map((name, i) => (sizes[i] === undefined ? name : `${name}=${sizes[i]}`)).join(', ')}]`;
  if (!(t instanceof tf.Tensor)) {
    throw new Error(`${what}: expected a tensor ${expected}, got ${t === null ? 'null' : typeof t}`);
  }
  const wrongRank = t.rank !== layout.length;
  const wrongSize = !wrongRank && sizes.some((size, i) => size !== undefined && t.shape[i] !== size);
  if (wrongRank || wrongSize) {
    throw new Error(`${what}: expected shape ${expected}, got [${t.shape.join(', ')}]`);
  }
}

/** A mask `[batch, time]` of 1 (real step) and 0 (padding) matching `[batch, time]` of the states; all ones when absent. */
export function maskOrOnes(what: string, mask: tf.Tensor | undefined, batch: number, time: number): tf.Tensor2D {
  if (mask === undefined) return tf.ones([batch, time]);
  expectShape(`${what} mask`, mask, ['batch', 'time'], [batch, time]);
  return mask.dtype === 'float32' ? (mask as tf.Tensor2D) : (tf.cast(mask, 'float32') as tf.Tensor2D);
}
