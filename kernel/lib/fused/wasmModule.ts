/**
 * Finds and instantiates the SIMD build of `native/*.c` that `npm run build` writes to
 * `dist/fused/` (scripts/buildWasm.mjs): `recurrent-relaxed.wasm` (relaxed SIMD: fused
 * multiply-add in the gemm) where it was built and this runtime accepts relaxed SIMD, else
 * `recurrent.wasm` (SIMD128, every V8 since Node 16.4). Bundles live at different depths
 * (dist/kernel, out/test/lib/fused, out/scripts/bench), so the files are looked for next to the
 * bundle and in the `dist/fused` folder of every ancestor directory, then of the working directory.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setFlagsFromString } from 'node:v8';

export const wasmFileName = 'recurrent.wasm';
export const relaxedWasmFileName = 'recurrent-relaxed.wasm';

/** `relaxed`: the relaxed-SIMD build; `simd128`: the baseline build. */
export type WasmVariant = 'relaxed' | 'simd128';

/** A module whose one function is `f32x4.relaxed_madd` (opcode 0xfd 0x105): validates only where relaxed SIMD is on. */
const relaxedProbe = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x01, 0x60, 0x03, 0x7b, 0x7b, 0x7b, 0x01, 0x7b,
  0x03, 0x02, 0x01, 0x00, 0x0a, 0x0d, 0x01, 0x0b, 0x00, 0x20, 0x00, 0x20, 0x01, 0x20, 0x02, 0xfd, 0x85, 0x02, 0x0b,
]);

let relaxedSupport: boolean | undefined;

/**
 * Whether this runtime runs relaxed SIMD. V8 ships it from 11.4 (Node 21+); Node 20's V8 11.3 has
 * it behind `--experimental-wasm-relaxed-simd`, which takes effect for modules compiled after it
 * is set, so it is set here (the probe then validates) rather than asking users for a flag.
 */
export function relaxedSimdSupported(): boolean {
  if (relaxedSupport === undefined) {
    relaxedSupport = WebAssembly.validate(relaxedProbe);
    if (!relaxedSupport && process.versions.node.startsWith('20.')) {
      setFlagsFromString('--experimental-wasm-relaxed-simd');
      relaxedSupport = WebAssembly.validate(relaxedProbe);
    }
  }
  return relaxedSupport;
}

/**
 * The part of the WebAssembly JS API used here. TypeScript declares `WebAssembly` only in its DOM
 * library, which the kernel project (Node, lib ES2022) does not load; Node provides it at run time.
 */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
declare const WebAssembly: {
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  validate(bytes: Uint8Array): boolean;
  Instance: new (module: object, imports: object) => { exports: object };
};

/** The module's exports: every function takes byte offsets into `memory` for its arrays. */
export interface RecurrentWasmExports {
  /** Imported (shared), not exported: see `instantiateRecurrentWasm`. */
  memory: WasmMemory;
  __heap_base: { value: number };
  /** This instance's stack top; instances sharing a memory each need their own stack. */
  __stack_pointer: { value: number };
  pack_panels(K: number, N: number, B: number, ldb: number, out: number): void;
  gemm(M: number, N: number, K: number, A: number, lda: number, packed: number, C: number, ldc: number, accumulate: number): void;
  transpose(rows: number, cols: number, A: number, lda: number, AT: number, ldat: number): void;
  fill_rows(n: number, width: number, row: number, out: number, ldo: number): void;
  gather_rows(n: number, index: number, W: number, width: number, bias: number, out: number, ldo: number): void;
  scatter_add_rows(n: number, index: number, src: number, lds: number, width: number, W: number): void;
  sum_rows(n: number, width: number, src: number, lds: number, out: number): void;
  swap_time_batch(outer: number, inner: number, width: number, src: number, dst: number): void;
  lstm_forward_step(B: number, H: number, gates: number, cPrev: number, hPrev: number, c: number, h: number, tanhC: number, mask: number): void;
  lstm_backward_step(B: number, H: number, gates: number, cPrev: number, tanhC: number, dh: number, dOut: number, dc: number, dZ: number, dhPrev: number, mask: number): void;
  gru_gates_step(B: number, H: number, gates: number, hPrev: number, rh: number): void;
  gru_state_step(B: number, H: number, gates: number, hPrev: number, h: number, mask: number): void;
  gru_candidate_backward(B: number, H: number, gates: number, hPrev: number, dh: number, dOut: number, dZ: number, dhPrev: number, mask: number): void;
  gru_reset_backward(B: number, H: number, gates: number, hPrev: number, dRH: number, dZ: number, dhPrev: number): void;
  elman_forward_step(B: number, H: number, activation: number, z: number, hPrev: number, h: number, mask: number): void;
  elman_backward_step(B: number, H: number, activation: number, h: number, dh: number, dOut: number, dZ: number, dhPrev: number, mask: number): void;
}

/** Candidate paths of a .wasm file, nearest first. */
export function wasmCandidates(from: string = __dirname, file: string = wasmFileName): string[] {
  const candidates = [join(from, '..', 'fused', file)];
  for (let dir = from; ; dir = dirname(dir)) {
    candidates.push(join(dir, 'dist', 'fused', file));
    if (dirname(dir) === dir) break;
  }
  candidates.push(join(process.cwd(), 'dist', 'fused', file));
  return candidates;
}

export type WasmLoadResult = { module: object; path: string; variant: WasmVariant } | { missing: string };

/**
 * Compiles the module (it is small, so synchronously), or says why it could not. Without
 * `variant`, the relaxed build where it exists next to the baseline one and the runtime supports
 * it, else the baseline.
 */
export function loadRecurrentWasm(variant?: WasmVariant): WasmLoadResult {
  if (typeof WebAssembly === 'undefined') return { missing: 'this JavaScript runtime has no WebAssembly' };
  const candidates = wasmCandidates();
  const baseline = candidates.find((p) => existsSync(p));
  if (!baseline) return { missing: `${wasmFileName} not found (run \`npm run build\`; looked in ${candidates.slice(0, 2).join(', ')} and parents)` };
  const relaxed = join(dirname(baseline), relaxedWasmFileName);
  const chosen: WasmVariant = variant ?? (existsSync(relaxed) && relaxedSimdSupported() ? 'relaxed' : 'simd128');
  if (chosen === 'relaxed' && !existsSync(relaxed)) return { missing: `${relaxed} was not built (it needs clang 16 or later)` };
  if (chosen === 'relaxed' && !relaxedSimdSupported()) return { missing: 'this runtime does not accept WebAssembly relaxed SIMD' };
  const path = chosen === 'relaxed' ? relaxed : baseline;
  try {
    const module = new WebAssembly.Module(readFileSync(path));
    instantiateRecurrentWasm(module);
    return { module, path, variant: chosen };
  } catch (e) {
    return { missing: `${path} could not be instantiated (${(e as Error).message})` };
  }
}

/** Pages (64 KiB) a fresh memory starts with: the module's stack and data need 1.1 of them. */
const initialPages = 32;
/** wasm32's whole 4 GiB, as the module declares (scripts/buildWasm.mjs): reserved, committed as it grows. */
const maximumPages = 65536;

/**
 * An instance of the compiled module over `memory` (shared, so worker threads can run instances
 * over the same arrays), or over a fresh memory of its own.
 */
export function instantiateRecurrentWasm(module: object, memory?: WasmMemory): RecurrentWasmExports {
  const shared = memory ?? new WebAssembly.Memory({ initial: initialPages, maximum: maximumPages, shared: true });
  const exports = new WebAssembly.Instance(module, { env: { memory: shared } }).exports;
  return { ...(exports as object), memory: shared } as RecurrentWasmExports;
}
