/**
 * What every layer and model of the library offers beyond `Parameterised`: weights by
 * hierarchical name (for `exportWeights`/`importWeights`), weights in the order tfjs-layers'
 * `getWeights()` lists them (for `toLayersWeights`/`loadLayersWeights`), and `dispose`.
 */
import type { tf } from '../tf';
import type { Parameterised } from './types';

export interface Module extends Parameterised {
  /** Every weight by a dotted path, e.g. `layers.0.cell.recurrentKernel`. */
  namedVariables(): Record<string, tf.Variable>;
  /** The weights in the order the equivalent tfjs-layers layer's `getWeights()` returns them. */
  layersWeights(): tf.Variable[];
  /** Frees the weights; the module cannot be used afterwards. */
  dispose(): void;
}

/** `{a: v}` with prefix `p` → `{'p.a': v}`. */
export function prefixed<T>(prefix: string, record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).map(([name, v]) => [`${prefix}.${name}`, v]));
}
