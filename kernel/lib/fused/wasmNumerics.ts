/**
 * The fused kernels' numerics in WebAssembly SIMD: `native/*.c` compiled to `recurrent.wasm`.
 * Arrays live in the module's linear memory. `retain`ed blocks (traces kept from a forward pass
 * for its backward pass) are placed first-fit between the heap base and the end of the highest
 * retained block; each `allocate` call hands out one scratch arena above them all and invalidates
 * the previous one. The memory is shared (worker threads run instances over it), so growing it
 * detaches nothing, but its `buffer` object changes: arrays are made after the growth, and `at`
 * checks that an array belongs to the current buffer.
 * Keeping traces here instead of copying them to JavaScript arrays and back saved about 16% of a
 * training step plus the garbage collection of those copies (issue 15's profile, H=128, B=32).
 */
import type { WorkerPool } from './fusedThreads';
import type { BatchTask, ElmanSteps, F32, GruSteps, Linalg, LstmSteps, Numerics, Retained, TaskArrays, Workspace } from './numerics';
import { gemmTask } from './rangeTasks';
import type { RecurrentWasmExports, WasmMemory } from './wasmModule';

const PAGE = 65536;
/** Arrays start on 64-byte boundaries (a cache line; SIMD loads never straddle one needlessly). */
const ALIGN = 64;

/**
 * Products of at least this many multiply-adds are split by columns across the worker threads
 * (about 50 µs of work on one core, against a round trip to a worker of roughly 20–50 µs).
 */
const splitProductMacs = 1 << 21;

export interface WasmNumerics extends Numerics {
  /** The instance's (shared) memory, for worker threads to run instances over. */
  readonly memory: WasmMemory;
  /** Worker threads that share this instance's memory, or undefined for this thread alone. */
  setPool(pool: WorkerPool | undefined): void;
}

export function wasmNumerics(e: RecurrentWasmExports): WasmNumerics {
  let pool: WorkerPool | undefined;
  const heapBase = Math.ceil(e.__heap_base.value / ALIGN) * ALIGN;

  /** Byte offset of an array in the module's memory; throws for arrays allocated elsewhere. */
  const at = (a: F32 | Int32Array): number => {
    if (a.buffer !== e.memory.buffer) throw new Error('fused kernel: array is not in the WebAssembly memory (allocate it with this numerics)');
    return a.byteOffset;
  };
  const maskAt = (mask: F32 | null): number => (mask === null ? 0 : at(mask));

  /** Retained blocks `[start, end)` in bytes, sorted by start. */
  const blocks: { start: number; end: number }[] = [];
  const retainedEnd = () => (blocks.length ? blocks[blocks.length - 1].end : heapBase);

  function ensure(end: number): void {
    const have = e.memory.buffer.byteLength;
    if (end > have) e.memory.grow(Math.ceil((end - have) / PAGE));
  }

  function retain<F extends string>(f32: Record<F, number>): Retained<F> {
    const layout = Object.entries<number>(f32).map(([name, length]) => ({ name, length, offset: 0 }));
    let bytes = 0;
    for (const entry of layout) {
      entry.offset = bytes;
      bytes += Math.ceil((entry.length * 4) / ALIGN) * ALIGN;
    }
    bytes = Math.max(bytes, ALIGN);
    let start = heapBase;
    let at = 0;
    for (; at < blocks.length && blocks[at].start - start < bytes; at++) start = blocks[at].end;
    const block = { start, end: start + bytes };
    blocks.splice(at, 0, block);
    ensure(block.end);
    let views: { buffer: ArrayBuffer; arrays: Record<F, F32> } | undefined;
    let released = false;
    return {
      arrays() {
        if (released) throw new Error('fused kernel: retained arrays used after release');
        if (views?.buffer !== e.memory.buffer) {
          const arrays = {} as Record<F, F32>;
          for (const { name, length, offset } of layout) arrays[name as F] = new Float32Array(e.memory.buffer, block.start + offset, length);
          views = { buffer: e.memory.buffer, arrays };
        }
        return views.arrays;
      },
      release() {
        if (released) return;
        released = true;
        blocks.splice(blocks.indexOf(block), 1);
      },
    };
  }

  function allocate<F extends string, I extends string = never>(f32: Record<F, number>, i32?: Record<I, number>): Workspace<F, I> {
    const entries: [string, number, 'f32' | 'i32'][] = [
      ...Object.entries<number>(f32).map(([n, len]): [string, number, 'f32'] => [n, len, 'f32']),
      ...Object.entries<number>(i32 ?? {}).map(([n, len]): [string, number, 'i32'] => [n, len, 'i32']),
    ];
    const offsets: number[] = [];
    let end = retainedEnd();
    for (const [, length] of entries) {
      offsets.push(end);
      end += Math.ceil((length * 4) / ALIGN) * ALIGN;
    }
    ensure(end);
    const workspace = { f32: {}, i32: {} } as Workspace<F, I>;
    entries.forEach(([name, length, type], k) => {
      if (type === 'f32') (workspace.f32 as Record<string, F32>)[name] = new Float32Array(e.memory.buffer, offsets[k], length);
      else (workspace.i32 as Record<string, Int32Array>)[name] = new Int32Array(e.memory.buffer, offsets[k], length);
    });
    return workspace;
  }

  const linalg: Linalg = {
    panelSize: (K, N) => Math.ceil(N / 8) * 8 * K,
    packPanels: (K, N, B, ldb, out) => e.pack_panels(K, N, at(B), ldb, at(out)),
    gemm: (M, N, K, A, lda, packed, C, ldc, accumulate) => {
      if (pool && !pool.inPart && N >= 16 && M * N * K >= splitProductMacs) pool.split(gemmTask(M, N, K, A, lda, packed, C, ldc, accumulate));
      else e.gemm(M, N, K, at(A), lda, at(packed), at(C), ldc, accumulate ? 1 : 0);
    },
    transpose: (rows, cols, A, lda, AT, ldat) => e.transpose(rows, cols, at(A), lda, at(AT), ldat),
    fillRows: (n, width, row, out, ldo) => e.fill_rows(n, width, at(row), at(out), ldo),
    gatherRows: (n, index, W, width, bias, out, ldo) => e.gather_rows(n, at(index), at(W), width, at(bias), at(out), ldo),
    scatterAddRows: (n, index, src, lds, width, W) => e.scatter_add_rows(n, at(index), at(src), lds, width, at(W)),
    sumRows: (n, width, src, lds, out) => e.sum_rows(n, width, at(src), lds, at(out)),
    swapTimeBatch: (outer, inner, width, src, dst) => e.swap_time_batch(outer, inner, width, at(src), at(dst)),
  };

  const lstm: LstmSteps = {
    forward: (B, H, gates, cPrev, hPrev, c, h, tanhC, mask) =>
      e.lstm_forward_step(B, H, at(gates), at(cPrev), at(hPrev), at(c), at(h), at(tanhC), maskAt(mask)),
    backward: (B, H, gates, cPrev, tanhC, dh, dOut, dc, dZ, dhPrev, mask) =>
      e.lstm_backward_step(B, H, at(gates), at(cPrev), at(tanhC), at(dh), at(dOut), at(dc), at(dZ), at(dhPrev), maskAt(mask)),
  };

  const gru: GruSteps = {
    gates: (B, H, gates, hPrev, rh) => e.gru_gates_step(B, H, at(gates), at(hPrev), at(rh)),
    state: (B, H, gates, hPrev, h, mask) => e.gru_state_step(B, H, at(gates), at(hPrev), at(h), maskAt(mask)),
    candidateBackward: (B, H, gates, hPrev, dh, dOut, dZ, dhPrev, mask) =>
      e.gru_candidate_backward(B, H, at(gates), at(hPrev), at(dh), at(dOut), at(dZ), at(dhPrev), maskAt(mask)),
    resetBackward: (B, H, gates, hPrev, dRH, dZ, dhPrev) => e.gru_reset_backward(B, H, at(gates), at(hPrev), at(dRH), at(dZ), at(dhPrev)),
  };

  const elman: ElmanSteps = {
    forward: (B, H, activation, z, hPrev, h, mask) => e.elman_forward_step(B, H, activation, at(z), at(hPrev), at(h), maskAt(mask)),
    backward: (B, H, activation, h, dh, dOut, dZ, dhPrev, mask) =>
      e.elman_backward_step(B, H, activation, at(h), at(dh), at(dOut), at(dZ), at(dhPrev), maskAt(mask)),
  };

  return {
    name: 'wasm-simd',
    allocate,
    retain,
    splitBatch<A extends TaskArrays>(task: BatchTask<A>) {
      if (pool) pool.split(task);
      else task.run(this, task.sizes, task.arrays, 0, task.count);
    },
    setPool: (next) => (pool = next),
    memory: e.memory,
    linalg,
    lstm,
    gru,
    elman,
  };
}
