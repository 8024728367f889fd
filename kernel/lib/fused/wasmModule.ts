/**
 * Finds and instantiates `recurrent.wasm`, the SIMD build of `native/*.c` that `npm run build`
 * writes to `dist/fused/` (scripts/buildWasm.mjs). Bundles live at different depths (dist/kernel,
 * out/test/lib/fused, out/scripts/bench), so the file is looked for next to the bundle and in the
 * `dist/fused` folder of every ancestor directory, then of the working directory.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const wasmFileName = 'recurrent.wasm';

/**
 * The part of the WebAssembly JS API used here. TypeScript declares `WebAssembly` only in its DOM
 * library, which the kernel project (Node, lib ES2022) does not load; Node provides it at run time.
 */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: object };
};

/** The module's exports: every function takes byte offsets into `memory` for its arrays. */
export interface RecurrentWasmExports {
  memory: WasmMemory;
  __heap_base: { value: number };
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

/** Candidate paths of the .wasm file, nearest first. */
export function wasmCandidates(from: string = __dirname): string[] {
  const candidates = [join(from, '..', 'fused', wasmFileName)];
  for (let dir = from; ; dir = dirname(dir)) {
    candidates.push(join(dir, 'dist', 'fused', wasmFileName));
    if (dirname(dir) === dir) break;
  }
  candidates.push(join(process.cwd(), 'dist', 'fused', wasmFileName));
  return candidates;
}

export type WasmLoadResult = { module: object; path: string } | { missing: string };

/** Compiles the module (it is small, so synchronously), or says why it could not. */
export function loadRecurrentWasm(): WasmLoadResult {
  if (typeof WebAssembly === 'undefined') return { missing: 'this JavaScript runtime has no WebAssembly' };
  const candidates = wasmCandidates();
  const path = candidates.find((p) => existsSync(p));
  if (!path) return { missing: `${wasmFileName} not found (run \`npm run build\`; looked in ${candidates.slice(0, 2).join(', ')} and parents)` };
  try {
    const module = new WebAssembly.Module(readFileSync(path));
    instantiateRecurrentWasm(module);
    return { module, path };
  } catch (e) {
    return { missing: `${path} could not be instantiated (${(e as Error).message})` };
  }
}

/** A fresh instance of the compiled module, with its own memory. */
export function instantiateRecurrentWasm(module: object): RecurrentWasmExports {
  return new WebAssembly.Instance(module, {}).exports as unknown as RecurrentWasmExports;
}
