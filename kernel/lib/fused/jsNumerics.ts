/**
 * The fused kernels' numerics in plain JavaScript: fresh typed arrays per call, `jsLinalg` for
 * the products, `jsCellSteps` for the gate arithmetic. Slower than the WebAssembly SIMD module
 * but dependency-free; used when `dist/fused/recurrent.wasm` was not built.
 */
import { jsElmanSteps, jsGruSteps, jsLstmSteps } from './jsCellSteps';
import { jsLinalg } from './jsLinalg';
import type { Numerics, Retained, Workspace } from './numerics';

export const jsNumerics: Numerics = {
  name: 'javascript',
  allocate<F extends string, I extends string = never>(f32: Record<F, number>, i32?: Record<I, number>): Workspace<F, I> {
    const floats = {} as Record<F, Float32Array>;
    for (const name of Object.keys(f32) as F[]) floats[name] = new Float32Array(f32[name]);
    const ints = {} as Record<I, Int32Array>;
    if (i32) for (const name of Object.keys(i32) as I[]) ints[name] = new Int32Array(i32[name]);
    return { f32: floats, i32: ints };
  },
  splitBatch(task) {
    task.run(jsNumerics, task.sizes, task.arrays, 0, task.count);
  },
  retain<F extends string>(f32: Record<F, number>): Retained<F> {
    const arrays = {} as Record<F, Float32Array>;
    for (const name of Object.keys(f32) as F[]) arrays[name] = new Float32Array(f32[name]);
    return { arrays: () => arrays, release: () => undefined };
  },
  linalg: jsLinalg,
  lstm: jsLstmSteps,
  gru: jsGruSteps,
  elman: jsElmanSteps,
};
