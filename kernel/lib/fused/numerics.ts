/**
 * The primitives a fused recurrent kernel is assembled from, and nothing else: one matrix product
 * (C (+)= A·B with B packed into 8-column panels), a few row moves, and the elementwise part of one
 * time step of each built-in cell. `lstmKernel.ts`, `gruKernel.ts` and `elmanKernel.ts` write the
 * time loops once against this contract; `wasmNumerics.ts` implements it in WebAssembly SIMD
 * (C sources in `native/`), `jsNumerics.ts` in plain JavaScript (the fallback when the .wasm file
 * was not built, and the readable statement of the same arithmetic).
 *
 * Conventions: matrices are row-major Float32Arrays with an explicit leading dimension (`ld*`, the
 * distance between rows); a `mask` row is 1 for a real step and 0 for padding, `null` when every
 * step is real. Arrays passed in must come from the same implementation's `allocate`.
 */
export type F32 = Float32Array;

/** Elman activation codes, shared with `native/elman.c`. */
export const elmanActivationCodes = { tanh: 0, relu: 1, identity: 2 } as const;
export type ElmanActivationCode = (typeof elmanActivationCodes)[keyof typeof elmanActivationCodes];

export interface Workspace<F extends string, I extends string> {
  f32: Record<F, F32>;
  i32: Record<I, Int32Array>;
}

/**
 * Arrays that outlive the call that made them: a forward pass's trace, read in place by its
 * backward pass, and ∂L/∂ pre-activations kept for the input-gradient closure. Held until
 * `release()` (which may be called more than once); `allocate` never hands out their memory.
 */
export interface Retained<F extends string> {
  /**
   * The arrays. In WebAssembly memory a growth replaces the buffer, so take them after the
   * call's `allocate` (which may grow it) and before the next one.
   */
  arrays(): Record<F, F32>;
  release(): void;
}

/** Arrays of a batch task by name (`null` for an absent mask). */
export type TaskArrays = Record<string, F32 | null>;

/**
 * Work over rows `[b0, b1)` of a batch (or columns, for a split product) that may run on several
 * threads at once: `run` touches only its rows. `name` finds the same function in a worker
 * thread (`rangeTasks.ts`), which rebuilds `arrays` over the shared memory from their offsets.
 */
export interface BatchTask<A extends TaskArrays = TaskArrays> {
  name: string;
  /** Rows (or columns) to split, and the unit a part is a multiple of (8: one packed panel). */
  count: number;
  granularity: number;
  /** Sizes and flags the task needs, as plain numbers. */
  sizes: number[];
  arrays: A;
  run(num: Numerics, sizes: number[], arrays: A, b0: number, b1: number): void;
}

export interface Linalg {
  /** Floats `packPanels` writes for a `[K, N]` matrix: N rounded up to a multiple of 8, times K. */
  panelSize(K: number, N: number): number;
  /** Packs B `[K, N]` (row stride ldb) into panels `[ceil(N/8)][K][8]`, zero-padded. */
  packPanels(K: number, N: number, B: F32, ldb: number, out: F32): void;
  /** C `[M, N]` = (accumulate ? C : 0) + A `[M, K]` · B, where `packed` is B after `packPanels`. */
  gemm(M: number, N: number, K: number, A: F32, lda: number, packed: F32, C: F32, ldc: number, accumulate: boolean): void;
  /** AT `[cols, rows]` = A `[rows, cols]`ᵀ. */
  transpose(rows: number, cols: number, A: F32, lda: number, AT: F32, ldat: number): void;
  /** Every row of out `[n, width]` (stride ldo) = row `[width]`. */
  fillRows(n: number, width: number, row: F32, out: F32, ldo: number): void;
  /** out[r] = bias + W[index[r]] (bias alone where index[r] < 0): a one-hot input times W. */
  gatherRows(n: number, index: Int32Array, W: F32, width: number, bias: F32, out: F32, ldo: number): void;
  /** W[index[r]] += src[r] for index[r] ≥ 0: the transpose of `gatherRows`. */
  scatterAddRows(n: number, index: Int32Array, src: F32, lds: number, width: number, W: F32): void;
  /** out `[width]` = Σ_r src[r]. */
  sumRows(n: number, width: number, src: F32, lds: number, out: F32): void;
  /** dst `[inner, outer, width]` = src `[outer, inner, width]` with the first two axes swapped. */
  swapTimeBatch(outer: number, inner: number, width: number, src: F32, dst: F32): void;
}

/** LSTM step maths, gate order i, f, c~, o (`native/lstm.c` documents each array). */
export interface LstmSteps {
  forward(B: number, H: number, gates: F32, cPrev: F32, hPrev: F32, c: F32, h: F32, tanhC: F32, mask: F32 | null): void;
  backward(B: number, H: number, gates: F32, cPrev: F32, tanhC: F32, dh: F32, dOut: F32, dc: F32, dZ: F32, dhPrev: F32, mask: F32 | null): void;
}

/** GRU step maths, gate order z, r, h, split around its two matrix products (`native/gru.c`). */
export interface GruSteps {
  gates(B: number, H: number, gates: F32, hPrev: F32, rh: F32): void;
  state(B: number, H: number, gates: F32, hPrev: F32, h: F32, mask: F32 | null): void;
  candidateBackward(B: number, H: number, gates: F32, hPrev: F32, dh: F32, dOut: F32, dZ: F32, dhPrev: F32, mask: F32 | null): void;
  resetBackward(B: number, H: number, gates: F32, hPrev: F32, dRH: F32, dZ: F32, dhPrev: F32): void;
}

/** Elman step maths (`native/elman.c`). */
export interface ElmanSteps {
  forward(B: number, H: number, activation: ElmanActivationCode, z: F32, hPrev: F32, h: F32, mask: F32 | null): void;
  backward(B: number, H: number, activation: ElmanActivationCode, h: F32, dh: F32, dOut: F32, dZ: F32, dhPrev: F32, mask: F32 | null): void;
}

export interface Numerics {
  /** `wasm-simd` or `javascript`, shown by `fusedKernelInfo()`. */
  readonly name: string;
  /**
   * Arrays for one kernel call, by name and length, contents unspecified (every kernel writes before
   * it reads). Arrays from an earlier `allocate` of the same implementation may be overwritten:
   * what must outlive the call belongs in `retain`ed arrays.
   */
  allocate<F extends string, I extends string = never>(f32: Record<F, number>, i32?: Record<I, number>): Workspace<F, I>;
  /**
   * Runs `task` over all its rows: split across worker threads where this numerics has them (the
   * calling thread takes the first part and returns once every part is done), else inline.
   */
  splitBatch<A extends TaskArrays>(task: BatchTask<A>): void;
  /** Arrays by name and length that stay put until released (see `Retained`); contents unspecified. */
  retain<F extends string>(f32: Record<F, number>): Retained<F>;
  readonly linalg: Linalg;
  readonly lstm: LstmSteps;
  readonly gru: GruSteps;
  readonly elman: ElmanSteps;
}
