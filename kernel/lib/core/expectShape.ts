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
    throw new Error(`${what}: expected a tensor ${expected}, got ${describeValue(t)}`);
  }
  const wrongRank = t.rank !== layout.length;
  const wrongSize = !wrongRank && sizes.some((size, i) => size !== undefined && t.shape[i] !== size);
  if (wrongRank || wrongSize) {
    throw new Error(`${what}: expected shape ${expected}, got [${t.shape.join(', ')}]`);
  }
}

/**
 * What arrived where a tensor was expected, for the end of an error message: `shape [2, 5, 3]`
 * for a tensor, and for a plain JavaScript array its nested shape and how to make a tensor of it
 * (printing the array itself would show only its flattened numbers, `0,0,0,0,0`).
 */
export function describeValue(value: unknown): string {
  if (value instanceof tf.Tensor) return `shape [${value.shape.join(', ')}]`;
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    const shape: number[] = [];
    // A loop, not recursion: the array may be nested arbitrarily deep.
    for (let level: unknown = value; Array.isArray(level) || ArrayBuffer.isView(level); level = (level as ArrayLike<unknown>)[0]) {
      shape.push((level as ArrayLike<unknown>).length);
      if (shape.length > 8) break;
    }
    const rank = shape.length;
    const maker = rank >= 1 && rank <= 4 ? `tf.tensor${rank}d` : 'tf.tensor';
    return `a plain JavaScript array of shape [${shape.join(', ')}${shape.length > 8 ? ', …' : ''}], not a tensor; make one with ${maker}(array)`;
  }
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `a ${typeof value === 'object' ? (value.constructor?.name ?? 'object') : typeof value}`;
}

/** A mask `[batch, time]` of 1 (real step) and 0 (padding) matching `[batch, time]` of the states; all ones when absent. */
export function maskOrOnes(what: string, mask: tf.Tensor | undefined, batch: number, time: number): tf.Tensor2D {
  if (mask === undefined) return tf.ones([batch, time]);
  expectShape(`${what} mask`, mask, ['batch', 'time'], [batch, time]);
  return mask.dtype === 'float32' ? (mask as tf.Tensor2D) : (tf.cast(mask, 'float32') as tf.Tensor2D);
}
