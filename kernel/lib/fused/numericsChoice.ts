/**
 * Which numerics run the fused kernels: the WebAssembly SIMD module when `npm run build` produced
 * it, else plain JavaScript (with a one-line notice, once); both give the unfused layers' numbers
 * to float32 rounding. `setFusedKernels` overrides the choice or switches fusion off.
 */
import { availableParallelism } from 'node:os';
import { tf } from '../tf';
import { findWorkerScript, WorkerPool } from './fusedThreads';
import { jsNumerics } from './jsNumerics';
import type { Numerics } from './numerics';
import { instantiateRecurrentWasm, loadRecurrentWasm } from './wasmModule';
import { wasmNumerics, type WasmNumerics } from './wasmNumerics';

/** `auto`: WebAssembly if built, else JavaScript; `wasm` / `javascript`: force one; `off`: never fuse. */
export type FusedMode = 'auto' | 'wasm' | 'javascript' | 'off';
const modes: readonly FusedMode[] = ['auto', 'wasm', 'javascript', 'off'];

/** Backends whose tensors live in main memory, where reading them into the kernel costs a copy at most. */
export const hostBackends: readonly string[] = ['cpu', 'wasm'];

let mode: FusedMode = 'auto';
let wasm: { numerics: WasmNumerics; module: object; path: string } | { missing: string } | undefined;
let noticeShown = false;

/**
 * At most this many threads by default: the batch is split in as many parts, and on the 2-core
 * machine we measure on, 2 is all there is. `setFusedThreads` or UNROLLED_THREADS go higher.
 */
const defaultThreadCap = 4;
let threadSetting: number | 'auto' = threadsFromEnvironment();
let pool: WorkerPool | undefined;
let threadNote = '';

function threadsFromEnvironment(): number | 'auto' {
  const text = process.env.UNROLLED_THREADS;
  if (text === undefined || text === '' || text === 'auto') return 'auto';
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 32) {
    console.warn(`unrolled: UNROLLED_THREADS must be an integer from 1 to 32 or 'auto'; got '${text}', using auto`);
    return 'auto';
  }
  return n;
}

function wantedThreads(): number {
  return threadSetting === 'auto' ? Math.max(1, Math.min(availableParallelism(), defaultThreadCap)) : threadSetting;
}

/** Starts (or stops) the worker threads of the shared WebAssembly numerics to match the setting. */
function applyThreads(loaded: { numerics: WasmNumerics; module: object }): void {
  const threads = wantedThreads();
  // fewer threads than the pool has: keep its workers idle (switching back and forth is free)
  if (pool && pool.threads >= threads) {
    pool.active = threads;
    loaded.numerics.setPool(threads > 1 ? pool : undefined);
    return;
  }
  if (threads === 1) return;
  const script = findWorkerScript();
  if (!script) {
    threadNote = 'one thread: dist/fused/fusedWorker.js not found (run `npm run build`)';
    return;
  }
  pool?.close();
  pool = new WorkerPool(script, loaded.module, loaded.numerics.memory, loaded.numerics, threads);
  loaded.numerics.setPool(pool);
}

function loadWasm(): { numerics: WasmNumerics; module: object; path: string } | { missing: string } {
  if (!wasm) {
    const loaded = loadRecurrentWasm();
    wasm = 'missing' in loaded ? loaded : { numerics: wasmNumerics(instantiateRecurrentWasm(loaded.module)), module: loaded.module, path: loaded.path };
  }
  if ('numerics' in wasm) applyThreads(wasm);
  return wasm;
}

/**
 * How many threads run the WebAssembly fused kernels: `'auto'` (the default, or the
 * UNROLLED_THREADS environment variable) uses up to 4 of this machine's cores, 1 on a one-core
 * machine; a number caps it. The batch of a sequence is split in that many parts, each run on its
 * own core, and so are large matrix products; results are the same to float32 rounding.
 */
export function setFusedThreads(threads: number | 'auto'): void {
  if (threads !== 'auto' && (!Number.isInteger(threads) || threads < 1 || threads > 32)) {
    throw new Error(`setFusedThreads: threads must be 'auto' or an integer from 1 to 32; got ${String(threads)}`);
  }
  threadSetting = threads;
  if (wasm && 'numerics' in wasm) applyThreads(wasm);
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
  /** Threads running the WebAssembly kernels (1 for the JavaScript ones), and why fewer when so. */
  threads: number;
  threadNote: string;
}

export function fusedKernelInfo(): FusedKernelInfo {
  const loaded = loadWasm();
  const numerics = currentNumerics();
  const threads = numerics?.name === 'wasm-simd' && pool && !pool.failure ? Math.min(pool.active, wantedThreads()) : 1;
  return { mode, numerics: numerics?.name ?? 'none', wasm: 'missing' in loaded ? loaded.missing : loaded.path, threads, threadNote: pool?.failure || threadNote };
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
