/**
 * Weights as Float32Arrays, read from the backend once per value. A tensor's `dataId` changes
 * whenever its data does (`variable.assign`, every optimiser update), so a cache keyed by it is
 * never stale, and its entries go with the data. Sampling calls a fused kernel once per character
 * with the same weights; reading them each time (tfjs-wasm copies them out of its heap) cost more
 * than the step's arithmetic. The arrays are read-only: on the cpu backend they are the tensor's own.
 */
import type { tf } from '../tf';
import type { F32 } from './numerics';

const cache = new WeakMap<object, F32>();

export function weightValues(t: tf.Tensor): F32 {
  const key = t.dataId as object;
  let values = cache.get(key);
  if (!values) {
    values = t.dataSync() as F32;
    cache.set(key, values);
  }
  return values;
}
