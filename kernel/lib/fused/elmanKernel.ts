/**
 * A whole Elman RNN sequence in one call:
 *
 *   Z_t = x_t W + b + h_{t-1} U,   h_t = g(Z_t)      g = tanh, relu or the identity
 *
 * Backward, step t = T−1 … 0: dZ_t = (∂L/∂h_t) ⊙ g'(Z_t), ∂L/∂h_{t-1} = dZ_t Uᵀ; after the loop
 * ∂L/∂U = Σ_t h_{t-1}ᵀ dZ_t as one product. Shapes: B batch, T time, H hidden.
 */
import { inputWeightGradients, projectInputs, projectionSizes, readInputRows, weightGradientSizes, type InputRows } from './inputProjection';
import type { BatchTask, ElmanActivationCode, F32, Numerics, Retained } from './numerics';
import { rangeRows, stepRows, timeMajorMask, zeroPaddedSteps, type SequenceArrays, type SequenceGradients, type SequenceResult } from './sequenceArrays';

/**
 * Kept in the numerics' memory from forward to backward (`retain`): h `[(T+1)·B, H]` (h_0 … h_T;
 * g' is computed from h_t) and the time-major mask `[T·B]` when `masked`.
 */
export interface ElmanTrace {
  inputs: InputRows;
  masked: boolean;
  kept: Retained<'h' | 'mask'>;
}

/** `keepTrace`: keep what the backward pass needs (only when a gradient may follow). */
export function elmanForward(num: Numerics, p: SequenceArrays, activation: ElmanActivationCode, keepTrace: boolean): SequenceResult<ElmanTrace> {
  const { batch: B, time: T, hidden: H } = p;
  const inputs = readInputRows(p);
  const mask = timeMajorMask(p.mask, B, T);
  const proj = projectionSizes(inputs, p, H, num);
  const kept = num.retain({ h: (T + 1) * B * H, mask: mask ? T * B : 0 });
  const ws = num.allocate(
    { ...proj.f32, recurrent: H * H, packedRecurrent: num.linalg.panelSize(H, H), preactivations: T * B * H, outputs: B * T * H },
    proj.i32,
  );
  const tr = kept.arrays();
  const wsMask = mask ? tr.mask : null;
  if (mask) tr.mask.set(mask);
  projectInputs(num, inputs, p, H, ws, ws.f32.preactivations);
  ws.f32.recurrent.set(p.recurrentKernel);
  num.linalg.packPanels(H, H, ws.f32.recurrent, H, ws.f32.packedRecurrent);
  tr.h.set(p.initialState[0]);

  num.splitBatch(elmanForwardTask(B, T, H, activation, { z: ws.f32.preactivations, h: tr.h, mask: wsMask, packedRecurrent: ws.f32.packedRecurrent }));

  num.linalg.swapTimeBatch(T, B, H, tr.h.subarray(B * H), ws.f32.outputs);
  zeroPaddedSteps(ws.f32.outputs, p.mask, B, T, H);
  const result = {
    outputs: ws.f32.outputs.slice(),
    finalState: [stepRows(tr.h, T, B, H).slice()],
    trace: keepTrace ? { inputs, masked: mask !== null, kept } : undefined,
  };
  if (!keepTrace) kept.release();
  return result;
}

/** dOutputs `[B, T, H]` = ∂L/∂outputs; dFinal = [∂L/∂h_T] `[B, H]`. */
export function elmanBackward(
  num: Numerics, p: SequenceArrays, activation: ElmanActivationCode, trace: ElmanTrace, dOutputs: F32, dFinal: F32[],
): SequenceGradients {
  const { batch: B, time: T, hidden: H } = p;
  const rows = T * B;
  const grads = weightGradientSizes(trace.inputs, p, H);
  const dPreactivations = num.retain({ dZ: rows * H });
  const ws = num.allocate(
    {
      ...grads.f32,
      dOutputs: rows * H, dOut: rows * H, dh: B * H, dhPrev: B * H,
      recurrent: H * H, recurrentT: H * H, packedRecurrentT: num.linalg.panelSize(H, H),
      hT: H * rows, packedDZ: num.linalg.panelSize(rows, H), dRecurrent: H * H,
    },
    grads.i32,
  );
  const tr = trace.kept.arrays();
  const allDZ = dPreactivations.arrays().dZ;
  const mask = trace.masked ? tr.mask : null;
  ws.f32.dOutputs.set(dOutputs);
  num.linalg.swapTimeBatch(B, T, H, ws.f32.dOutputs, ws.f32.dOut);
  ws.f32.dh.set(dFinal[0]);
  ws.f32.recurrent.set(p.recurrentKernel);
  num.linalg.transpose(H, H, ws.f32.recurrent, H, ws.f32.recurrentT, H);
  num.linalg.packPanels(H, H, ws.f32.recurrentT, H, ws.f32.packedRecurrentT);

  const { dh, dhPrev } = ws.f32;
  num.splitBatch(elmanBackwardTask(B, T, H, activation, { h: tr.h, mask, dOut: ws.f32.dOut, dh, dhPrev, dZ: allDZ, packedRecurrentT: ws.f32.packedRecurrentT }));
  // the loop swaps dh and dhPrev once per step: after T steps ∂L/∂h_0 is in dh when T is even
  const dh0 = T % 2 === 0 ? dh : dhPrev;

  // ∂L/∂U = [h_0 … h_{T-1}]ᵀ dZ
  num.linalg.transpose(rows, H, tr.h, H, ws.f32.hT, rows);
  num.linalg.packPanels(rows, H, allDZ, H, ws.f32.packedDZ);
  num.linalg.gemm(H, H, rows, ws.f32.hT, rows, ws.f32.packedDZ, ws.f32.dRecurrent, H, false);
  inputWeightGradients(num, trace.inputs, p, H, allDZ, ws.f32.packedDZ, ws);
  return {
    dInitialState: [dh0.slice()],
    dKernel: ws.f32.gKernel.slice(),
    dRecurrentKernel: ws.f32.dRecurrent.slice(),
    dBias: ws.f32.gBias.slice(),
    dPreactivations,
  };
}

type ElmanForwardArrays = { z: F32; h: F32; mask: F32 | null; packedRecurrent: F32 };

/** The forward time loop over batch rows [b0, b1): rows of a batch never meet, so parts run on separate threads. */
export function elmanForwardTask(B: number, T: number, H: number, activation: ElmanActivationCode, arrays: ElmanForwardArrays): BatchTask<ElmanForwardArrays> {
  return { name: 'elmanForward', count: B, granularity: 1, sizes: [B, T, H, activation], arrays, run: elmanForwardRows };
}

export function elmanForwardRows(num: Numerics, [B, T, H, activation]: number[], a: ElmanForwardArrays, b0: number, b1: number): void {
  const n = b1 - b0;
  for (let t = 0; t < T; t++) {
    const z = rangeRows(a.z, t, B, H, b0, b1);
    const hPrev = rangeRows(a.h, t, B, H, b0, b1);
    // Z_t = (x_t W + b) + h_{t-1} U
    num.linalg.gemm(n, H, H, hPrev, H, a.packedRecurrent, z, H, true);
    num.elman.forward(n, H, activation as ElmanActivationCode, z, hPrev, rangeRows(a.h, t + 1, B, H, b0, b1), a.mask ? rangeRows(a.mask, t, B, 1, b0, b1) : null);
  }
}

type ElmanBackwardArrays = { h: F32; mask: F32 | null; dOut: F32; dh: F32; dhPrev: F32; dZ: F32; packedRecurrentT: F32 };

/** The backward time loop over batch rows [b0, b1) (dh and dhPrev are `[B, H]`, swapped each step). */
export function elmanBackwardTask(B: number, T: number, H: number, activation: ElmanActivationCode, arrays: ElmanBackwardArrays): BatchTask<ElmanBackwardArrays> {
  return { name: 'elmanBackward', count: B, granularity: 1, sizes: [B, T, H, activation], arrays, run: elmanBackwardRows };
}

export function elmanBackwardRows(num: Numerics, [B, T, H, activation]: number[], a: ElmanBackwardArrays, b0: number, b1: number): void {
  const n = b1 - b0;
  let dh = a.dh.subarray(b0 * H, b1 * H);
  let dhPrev = a.dhPrev.subarray(b0 * H, b1 * H);
  for (let t = T - 1; t >= 0; t--) {
    const dZ = rangeRows(a.dZ, t, B, H, b0, b1);
    num.elman.backward(
      n, H, activation as ElmanActivationCode, rangeRows(a.h, t + 1, B, H, b0, b1), dh, rangeRows(a.dOut, t, B, H, b0, b1), dZ, dhPrev,
      a.mask ? rangeRows(a.mask, t, B, 1, b0, b1) : null,
    );
    // ∂L/∂h_{t-1} += dZ_t Uᵀ
    num.linalg.gemm(n, H, H, dZ, H, a.packedRecurrentT, dhPrev, H, true);
    [dh, dhPrev] = [dhPrev, dh];
  }
}
