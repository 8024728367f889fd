/**
 * Every batch task by name, for worker threads (fusedWorker.ts), which receive a task's name and
 * its arrays' offsets and run the same function the calling thread runs on its own part.
 */
import { elmanBackwardRows, elmanForwardRows } from './elmanKernel';
import { gruBackwardRows, gruForwardRows } from './gruKernel';
import { lstmBackwardRows, lstmForwardRows } from './lstmKernel';
import type { BatchTask, F32, Numerics, TaskArrays } from './numerics';

type GemmArrays = { A: F32; packed: F32; C: F32 };

/** Columns [j0, j1) of C (+)= A·B, j0 a multiple of 8 (a packed panel starts there). */
function gemmColumns(num: Numerics, [M, K, lda, ldc, accumulate]: number[], a: GemmArrays, j0: number, j1: number): void {
  num.linalg.gemm(M, j1 - j0, K, a.A, lda, a.packed.subarray(j0 * K), a.C.subarray(j0), ldc, accumulate === 1);
}

/** A large product split by columns, in parts of whole 8-column panels. */
export function gemmTask(M: number, N: number, K: number, A: F32, lda: number, packed: F32, C: F32, ldc: number, accumulate: boolean): BatchTask<GemmArrays> {
  return { name: 'gemmColumns', count: N, granularity: 8, sizes: [M, K, lda, ldc, accumulate ? 1 : 0], arrays: { A, packed, C }, run: gemmColumns };
}

type RowsFunction = (num: Numerics, sizes: number[], arrays: TaskArrays, b0: number, b1: number) => void;

export const rangeTasks: Record<string, RowsFunction> = {
  lstmForward: lstmForwardRows as RowsFunction,
  lstmBackward: lstmBackwardRows as RowsFunction,
  gruForward: gruForwardRows as RowsFunction,
  gruBackward: gruBackwardRows as RowsFunction,
  elmanForward: elmanForwardRows as RowsFunction,
  elmanBackward: elmanBackwardRows as RowsFunction,
  gemmColumns: gemmColumns as RowsFunction,
};
