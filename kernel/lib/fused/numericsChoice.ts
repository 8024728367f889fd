/**
 * Which numerics run the fused kernels: the WebAssembly SIMD module when `npm run build` produced
 * it, else plain JavaScript (with a one-line notice, once); both give the unfused layers' numbers
 * to float32 rounding. `setFusedKernels` overrides the choice or switches fusion off.
 */
import { tf } from '../tf';
import { jsNumerics } from './jsNumerics';
import type { Numerics } from './numerics';
import { instantiateRecurrentWasm, loadRecurrentWasm } from './wasmModule';
import { wasmNumerics } from './wasmNumerics';

/** `auto`: WebAssembly if built, else JavaScript; `wasm` / `javascript`: force one; `off`: never fuse. */
export type FusedMode = 'auto' | 'wasm' | 'javascript' | 'off';
const modes: readonly FusedMode[] = ['auto', 'wasm', 'javascript', 'off'];

/** Backends whose tensors live in main memory, where reading them into the kernel costs a copy at most. */
export const hostBackends: readonly string[] = ['cpu', 'wasm'];

let mode: FusedMode = 'auto';
let wasm: { numerics: Numerics; module: object; path: string } | { missing: string } | undefined;
let noticeShown = false;

function loadWasm(): { numerics: Numerics; module: object; path: string } | { missing: string } {
  if (!wasm) {
    const loaded = loadRecurrentWasm();
    wasm = 'missing' in loaded ? loaded : { numerics: wasmNumerics(instantiateRecurrentWasm(loaded.module)), module: loaded.module, path: loaded.path };
  }
  return wasm;
}

/** Chooses what runs the fused kernels (sequences of built-in cells, dense layers); default `auto`. */
export function setFusedKernels(next: FusedMode): void {
  if (!modes.includes(next)) throw new Error(`setFusedKernels: mode must be one of ${modes.join(', ')}; got '${String(next)}'`);
  if (next === 'wasm') {
    const loaded = loadWasm();
    if ('missing' in loaded) throw new Error(`setFusedKernels('wasm'): the WebAssembly kernel is unavailable: ${loaded.missing}`);
  }
  mode = next;
}

export interface FusedKernelInfo {
  mode: FusedMode;
  /** What runs a fused sequence now: `wasm-simd`, `javascript`, or `none` when switched off. */
  numerics: string;
  /** Where the .wasm file was found, or why it was not. */
  wasm: string;
}

export function fusedKernelInfo(): FusedKernelInfo {
  const loaded = loadWasm();
  const numerics = currentNumerics();
  return { mode, numerics: numerics?.name ?? 'none', wasm: 'missing' in loaded ? loaded.missing : loaded.path };
}

export function currentNumerics(): Numerics | undefined {
  if (mode === 'off') return undefined;
  if (mode === 'javascript') return jsNumerics;
  const loaded = loadWasm();
  if ('numerics' in loaded) return loaded.numerics;
  if (!noticeShown) {
    noticeShown = true;
    console.warn(`unrolled: fused recurrent kernels run in plain JavaScript (slower): ${loaded.missing}`);
  }
  return jsNumerics;
}

/** The numerics to use now, or undefined when fusion is off or the backend keeps tensors elsewhere. */
export function hostNumerics(): Numerics | undefined {
  return hostBackends.includes(tf.getBackend()) ? currentNumerics() : undefined;
}

/**
 * Numerics of its own for a long-lived user that allocates once and keeps its arrays (a decoding
 * stepper): a separate WebAssembly instance, so the shared instance's per-call arenas never
 * overwrite them. Undefined where `hostNumerics()` is.
 */
export function dedicatedNumerics(): Numerics | undefined {
  const shared = hostNumerics();
  if (!shared || shared.name !== 'wasm-simd') return shared;
  const loaded = loadWasm();
  return 'module' in loaded ? wasmNumerics(instantiateRecurrentWasm(loaded.module)) : undefined;
}
