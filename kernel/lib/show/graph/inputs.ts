/**
 * Turns what a learner passes as "the input sequence" into one `[1, features]` tensor per step:
 * `[time, features]` or `[batch, time, features]` (the first sequence of the batch is drawn),
 * nested number arrays, or a single `[features]` vector (one step, for one-to-many).
 * Call inside a tf scope; the returned tensors belong to it.
 */
import { tf } from '../../tf';

export type SequenceInput = tf.Tensor | ReadonlyArray<ArrayLike<number>> | ArrayLike<number>;

function shapeText(input: SequenceInput): string {
  if (input instanceof tf.Tensor) return `a tensor of shape [${input.shape.join(', ')}]`;
  if (Array.isArray(input)) return Array.isArray(input[0]) || ArrayBuffer.isView(input[0]) ? `an array of ${input.length} rows` : `an array of ${input.length} numbers`;
  return typeof input;
}

/** `[time, features]` as a tensor, from any accepted form. */
function asMatrix(input: SequenceInput, features: number, what: string): tf.Tensor2D {
  const fail = (): never => {
    throw new Error(`show.graph: ${what} must be [time, ${features}], [batch, time, ${features}] or one step [${features}]; got ${shapeText(input)}`);
  };
  if (input instanceof tf.Tensor) {
    const x = tf.cast(input, 'float32');
    if (x.rank === 1 && x.shape[0] === features) return tf.reshape(x, [1, features]);
    if (x.rank === 2 && x.shape[1] === features) return x as tf.Tensor2D;
    if (x.rank === 3 && x.shape[2] === features && x.shape[0] >= 1) return tf.reshape(tf.slice(x, [0, 0, 0], [1, -1, -1]), [x.shape[1] as number, features]);
    return fail();
  }
  if (typeof input !== 'object' || input === null || typeof input.length !== 'number') return fail();
  const rows = Array.from(input as ArrayLike<unknown>);
  if (rows.every((v) => typeof v === 'number')) return rows.length === features ? tf.tensor2d([rows as number[]]) : fail();
  const matrix = rows.map((row, t) => {
    if (row === null || typeof row !== 'object' || (row as ArrayLike<number>).length !== features) fail();
    return Array.from(row as ArrayLike<number>, (v, j) => {
      if (!Number.isFinite(v)) throw new Error(`show.graph: ${what}[${t}][${j}] is ${v}; expected a finite number`);
      return v;
    });
  });
  return tf.tensor2d(matrix, [matrix.length, features]);
}

/** One `[1, features]` tensor per step. */
export function toSteps(input: SequenceInput, features: number, what: string): tf.Tensor2D[] {
  const m = asMatrix(input, features, what);
  if (m.shape[0] === 0) throw new Error(`show.graph: ${what} has no time steps`);
  return tf.split(m, m.shape[0], 0);
}

/** Token ids `[time]` or `[batch, time]` (first row) → plain numbers. */
export function toTokenIds(input: SequenceInput, what: string): number[] {
  if (input instanceof tf.Tensor) {
    if (input.rank === 1) return Array.from(input.dataSync());
    if (input.rank === 2) return (input.arraySync() as number[][])[0];
    throw new Error(`show.graph: ${what} must be token ids [time] or [batch, time]; got ${shapeText(input)}`);
  }
  const ids = Array.from(input as ArrayLike<unknown>);
  const flat = ids.length > 0 && Array.isArray(ids[0]) ? Array.from(ids[0] as ArrayLike<unknown>) : ids;
  if (!flat.every((v) => Number.isInteger(v))) throw new Error(`show.graph: ${what} must be integer token ids; got ${shapeText(input)}`);
  return flat as number[];
}
