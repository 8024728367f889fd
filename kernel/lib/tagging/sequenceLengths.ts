/**
 * Checks on the data a CRF is given: masks must be right-padded (real steps first, then padding)
 * with at least one real step, and tag ids at real steps must name a tag. Both are data, not
 * parameters, so reading them back to JavaScript costs one small transfer and breaks no gradient.
 */
import { tf } from '../tf';
import { expectShape } from '../core/expectShape';
import { lengthsFromMask, normaliseMask } from '../layers/mask';

/** mask `[batch, time]` → the length of each row; all `time` without a mask. */
export function chainLengths(what: string, mask: tf.Tensor2D | undefined, batch: number, time: number): number[] {
  if (mask === undefined) return new Array(batch).fill(time);
  const real = normaliseMask(mask, batch, time);
  let lengths: number[];
  try {
    lengths = lengthsFromMask(real);
  } finally {
    real.dispose();
  }
  const empty = lengths.indexOf(0);
  if (empty !== -1) throw new Error(`${what}: mask row ${empty} has no real step; a linear chain needs at least one tag`);
  return lengths;
}

/**
 * Throws unless `tags` is `[batch, time]` int32 with the id at every real step (maskValues, the
 * flattened `[batch, time]` mask, nonzero) in [0, numTags). Ids on padding are never read.
 */
export function checkTagIds(what: string, tags: tf.Tensor, maskValues: ArrayLike<number>, batch: number, time: number, numTags: number): void {
  expectShape(`${what} tags`, tags, ['batch', 'time'], [batch, time]);
  if (tags.dtype !== 'int32') throw new Error(`${what}: tags must be an int32 tensor of tag ids, got dtype ${tags.dtype}`);
  const ids = tags.dataSync();
  for (let i = 0; i < batch * time; i++) {
    if (maskValues[i] !== 0 && (ids[i] < 0 || ids[i] >= numTags)) {
      throw new Error(`${what}: tag id ${ids[i]} at row ${Math.floor(i / time)}, step ${i % time} is outside [0, ${numTags})`);
    }
  }
}
