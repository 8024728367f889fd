/**
 * The input side of a recurrent layer, which does not go through time and so is done for all
 * steps at once: the projections `x_t W + b` as one matrix product before the time loop (a row
 * gather when x is one-hot), and after backpropagation through time the gradients
 * `∂L/∂W = Xᵀ dZ`, `∂L/∂b = Σ dZ` and `∂L/∂X = dZ Wᵀ` as one product each
 * (dZ = ∂L/∂ pre-activations of every step, `[time·batch, gates·hidden]`).
 */
import type { F32, Numerics, Retained } from './numerics';
import type { SequenceArrays } from './sequenceArrays';

/** The input rows time-major: token indices when every row is one-hot (or all zero), else the values. */
export type InputRows =
  | { kind: 'oneHot'; index: Int32Array }
  | { kind: 'dense'; rows: F32 };

/** Reads x `[batch, time, input]` into time-major rows, recognising one-hot input. */
export function readInputRows(p: SequenceArrays): InputRows {
  const { batch: B, time: T, inputSize: I, x } = p;
  const index = new Int32Array(T * B);
  let oneHot = true;
  scan: for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      const base = (b * T + t) * I;
      let hot = -1;
      for (let q = 0; q < I; q++) {
        const v = x[base + q];
        if (v === 0) continue;
        if (v !== 1 || hot >= 0) {
          oneHot = false;
          break scan;
        }
        hot = q;
      }
      index[t * B + b] = hot;
    }
  }
  if (oneHot) return { kind: 'oneHot', index };
  const rows = new Float32Array(T * B * I);
  for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) rows.set(x.subarray((b * T + t) * I, (b * T + t + 1) * I), (t * B + b) * I);
  return { kind: 'dense', rows };
}

/** Workspace lengths the forward projection needs, to merge into a kernel's `allocate` call. */
export function projectionSizes(inputs: InputRows, p: SequenceArrays, width: number, num: Numerics) {
  const rows = p.time * p.batch;
  const dense = inputs.kind === 'dense';
  return {
    f32: {
      inKernel: p.inputSize * width,
      inBias: width,
      inRows: dense ? rows * p.inputSize : 0,
      inPackedKernel: dense ? num.linalg.panelSize(p.inputSize, width) : 0,
    },
    i32: { inIndex: dense ? 0 : rows },
  };
}

export interface ProjectionBuffers {
  f32: { inKernel: F32; inBias: F32; inRows: F32; inPackedKernel: F32 };
  i32: { inIndex: Int32Array };
}

/** out `[time·batch, width]` (row stride `width`) = x_t W + b for every step. */
export function projectInputs(num: Numerics, inputs: InputRows, p: SequenceArrays, width: number, ws: ProjectionBuffers, out: F32): void {
  const rows = p.time * p.batch;
  ws.f32.inKernel.set(p.kernel);
  ws.f32.inBias.set(p.bias);
  if (inputs.kind === 'oneHot') {
    ws.i32.inIndex.set(inputs.index);
    num.linalg.gatherRows(rows, ws.i32.inIndex, ws.f32.inKernel, width, ws.f32.inBias, out, width);
    return;
  }
  ws.f32.inRows.set(inputs.rows);
  num.linalg.packPanels(p.inputSize, width, ws.f32.inKernel, width, ws.f32.inPackedKernel);
  num.linalg.fillRows(rows, width, ws.f32.inBias, out, width);
  num.linalg.gemm(rows, width, p.inputSize, ws.f32.inRows, p.inputSize, ws.f32.inPackedKernel, out, width, true);
}

/** Workspace lengths `inputWeightGradients` needs. */
export function weightGradientSizes(inputs: InputRows, p: SequenceArrays, width: number) {
  const rows = p.time * p.batch;
  const dense = inputs.kind === 'dense';
  return {
    f32: { gKernel: p.inputSize * width, gBias: width, gRowsT: dense ? rows * p.inputSize : 0, gRows: dense ? rows * p.inputSize : 0 },
    i32: { gIndex: dense ? 0 : rows },
  };
}

export interface WeightGradientBuffers {
  f32: { gKernel: F32; gBias: F32; gRowsT: F32; gRows: F32 };
  i32: { gIndex: Int32Array };
}

/**
 * ∂L/∂W = Xᵀ dZ (a scatter-add of dZ's rows for one-hot x) and ∂L/∂b = Σ_rows dZ, into
 * `ws.f32.gKernel` and `ws.f32.gBias`. `packedDZ` is dZ after `packPanels` (needed for dense x).
 */
export function inputWeightGradients(
  num: Numerics, inputs: InputRows, p: SequenceArrays, width: number, dZ: F32, packedDZ: F32, ws: WeightGradientBuffers,
): void {
  const rows = p.time * p.batch;
  num.linalg.sumRows(rows, width, dZ, width, ws.f32.gBias);
  if (inputs.kind === 'oneHot') {
    ws.i32.gIndex.set(inputs.index);
    ws.f32.gKernel.fill(0);
    num.linalg.scatterAddRows(rows, ws.i32.gIndex, dZ, width, width, ws.f32.gKernel);
    return;
  }
  ws.f32.gRows.set(inputs.rows);
  num.linalg.transpose(rows, p.inputSize, ws.f32.gRows, p.inputSize, ws.f32.gRowsT, rows);
  num.linalg.gemm(p.inputSize, width, rows, ws.f32.gRowsT, rows, packedDZ, ws.f32.gKernel, width, false);
}

/** ∂L/∂x `[batch, time, input]` = dZ Wᵀ, from the time-major dZ `[time·batch, width]`. */
export function inputGradient(num: Numerics, p: SequenceArrays, width: number, dPreactivations: Retained<'dZ'>): F32 {
  const { batch: B, time: T, inputSize: I } = p;
  const rows = T * B;
  const ws = num.allocate({
    kernel: I * width, kernelT: width * I, packedKernelT: num.linalg.panelSize(width, I), dxRows: rows * I, dx: rows * I,
  });
  const { dZ } = dPreactivations.arrays();
  ws.f32.kernel.set(p.kernel);
  num.linalg.transpose(I, width, ws.f32.kernel, width, ws.f32.kernelT, I);
  num.linalg.packPanels(width, I, ws.f32.kernelT, I, ws.f32.packedKernelT);
  num.linalg.gemm(rows, I, width, dZ, width, ws.f32.packedKernelT, ws.f32.dxRows, I, false);
  num.linalg.swapTimeBatch(T, B, I, ws.f32.dxRows, ws.f32.dx);
  return ws.f32.dx.slice();
}
