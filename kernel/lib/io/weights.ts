/**
 * Moving weights in and out of the library's layers and models.
 *
 * - tfjs-layers / Keras layout: `toLayersWeights(m)` lists the weights in the order the
 *   equivalent tfjs-layers layer's `getWeights()` does (`simpleRNN`/`gru`/`lstm`: kernel
 *   `[input, G·H]`, recurrentKernel `[H, G·H]`, bias `[G·H]`, gate order LSTM i,f,c,o and GRU z,r,h;
 *   `bidirectional`: forward then backward; `dense`: kernel, bias; `embedding`: embeddings;
 *   a stack or model: layer by layer), so `tflLayer.setWeights(toLayersWeights(ours))` and
 *   `loadLayersWeights(ours, tflLayer.getWeights())` move trained weights both ways.
 *   The weights then match, but the gates only compute the same thing if the tfjs-layers layer
 *   was built with `recurrentActivation: 'sigmoid'`: tfjs-layers' `lstm` and `gru` default to
 *   `'hardSigmoid'` (a piecewise-linear σ), and with that default the outputs differ from ours
 *   by about 3–6e-2.
 * - Plain JSON: `exportWeights(m)` / `importWeights(m, saved)` by hierarchical name, for saving.
 */
import { tf } from '../tf';
import type { Module } from '../core/module';

export interface SavedWeights {
  format: 'unrolled-weights';
  version: 1;
  weights: { name: string; shape: number[]; values: number[] }[];
}

/** Copies of the weights in tfjs-layers order; the caller disposes them. */
export function toLayersWeights(module: Module): tf.Tensor[] {
  return module.layersWeights().map((v) => tf.clone(v));
}

function shapeText(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** Sets the weights from tensors in tfjs-layers order, checking count and shapes. */
export function loadLayersWeights(module: Module, weights: readonly tf.Tensor[]): void {
  const targets = module.layersWeights();
  if (!Array.isArray(weights) || weights.length !== targets.length) {
    throw new Error(`expected ${targets.length} weight tensors in tfjs-layers order (shapes ${targets.map((t) => shapeText(t.shape)).join(', ')}); got ${Array.isArray(weights) ? weights.length : String(weights)}`);
  }
  targets.forEach((target, i) => {
    const w = weights[i];
    if (!(w instanceof tf.Tensor) || w.shape.length !== target.shape.length || w.shape.some((d: number, k: number) => d !== target.shape[k])) {
      const got = w instanceof tf.Tensor ? shapeText(w.shape) : String(w);
      const resetAfter = w instanceof tf.Tensor && w.rank === 2 && w.shape[0] === 2 && target.rank === 1 && w.shape[1] === target.shape[0];
      const hint = resetAfter
        ? ' (a [2, 3·hidden] bias comes from a Keras GRU with reset_after=True, a different cell; train it with reset_after=False)'
        : '';
      throw new Error(`weight ${i} must have shape ${shapeText(target.shape)}; got ${got}${hint}`);
    }
  });
  tf.tidy(() => targets.forEach((target, i) => target.assign(tf.cast(weights[i], 'float32'))));
}

/** All weights by name with their values, ready for JSON.stringify. */
export function exportWeights(module: Module): SavedWeights {
  const named = module.namedVariables();
  return {
    format: 'unrolled-weights',
    version: 1,
    weights: Object.entries(named).map(([name, v]) => ({ name, shape: [...v.shape], values: Array.from(v.dataSync()) })),
  };
}

/** Loads weights saved by `exportWeights` into a module of the same architecture. */
export function importWeights(module: Module, saved: SavedWeights): void {
  if (!saved || saved.format !== 'unrolled-weights' || !Array.isArray(saved.weights)) {
    throw new Error(`importWeights expects the object exportWeights returns ({ format: 'unrolled-weights', weights: [...] }); got ${JSON.stringify(saved)?.slice(0, 80)}`);
  }
  const named = module.namedVariables();
  const byName = new Map(saved.weights.map((w) => [w.name, w]));
  const missing = Object.keys(named).filter((name) => !byName.has(name));
  const extra = saved.weights.map((w) => w.name).filter((name) => !(name in named));
  if (missing.length || extra.length) {
    throw new Error(`saved weights do not match this model: missing ${missing.join(', ') || 'none'}; unexpected ${extra.join(', ') || 'none'}`);
  }
  for (const [name, v] of Object.entries(named)) {
    const w = byName.get(name)!;
    const size = v.shape.reduce((a, b) => a * b, 1);
    if (w.shape.length !== v.shape.length || w.shape.some((d, k) => d !== v.shape[k]) || w.values.length !== size) {
      throw new Error(`saved weight ${name} has shape ${shapeText(w.shape)} with ${w.values.length} values; this model needs ${shapeText(v.shape)}`);
    }
  }
  tf.tidy(() => {
    for (const [name, v] of Object.entries(named)) v.assign(tf.tensor(byName.get(name)!.values, v.shape, 'float32'));
  });
}
