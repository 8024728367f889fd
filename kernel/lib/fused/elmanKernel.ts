/**
 * A whole Elman RNN sequence in one call:
 *
 *   Z_t = x_t W + b + h_{t-1} U,   h_t = g(Z_t)      g = tanh, relu or the identity
 *
 * Backward, step t = T−1 … 0: dZ_t = (∂L/∂h_t) ⊙ g'(Z_t), ∂L/∂h_{t-1} = dZ_t Uᵀ; after the loop
 * ∂L/∂U = Σ_t h_{t-1}ᵀ dZ_t as one product. Shapes: B batch, T time, H hidden.
 */
import { inputWeightGradients, projectInputs, projectionSizes, readInputRows, weightGradientSizes, type InputRows } from './inputProjection';
import type { ElmanActivationCode, F32, Numerics, Retained } from './numerics';
import { stepRows, timeMajorMask, zeroPaddedSteps, type SequenceArrays, type SequenceGradients, type SequenceResult } from './sequenceArrays';

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

  for (let t = 0; t < T; t++) {
    const z = stepRows(ws.f32.preactivations, t, B, H);
    const hPrev = stepRows(tr.h, t, B, H);
    // Z_t = (x_t W + b) + h_{t-1} U
    num.linalg.gemm(B, H, H, hPrev, H, ws.f32.packedRecurrent, z, H, true);
    num.elman.forward(B, H, activation, z, hPrev, stepRows(tr.h, t + 1, B, H), wsMask ? stepRows(wsMask, t, B, 1) : null);
  }

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

  let dh = ws.f32.dh;
  let dhPrev = ws.f32.dhPrev;
  for (let t = T - 1; t >= 0; t--) {
    const dZ = stepRows(allDZ, t, B, H);
    num.elman.backward(
      B, H, activation, stepRows(tr.h, t + 1, B, H), dh, stepRows(ws.f32.dOut, t, B, H), dZ, dhPrev,
      mask ? stepRows(mask, t, B, 1) : null,
    );
    // ∂L/∂h_{t-1} += dZ_t Uᵀ
    num.linalg.gemm(B, H, H, dZ, H, ws.f32.packedRecurrentT, dhPrev, H, true);
    [dh, dhPrev] = [dhPrev, dh];
  }

  // ∂L/∂U = [h_0 … h_{T-1}]ᵀ dZ
  num.linalg.transpose(rows, H, tr.h, H, ws.f32.hT, rows);
  num.linalg.packPanels(rows, H, allDZ, H, ws.f32.packedDZ);
  num.linalg.gemm(H, H, rows, ws.f32.hT, rows, ws.f32.packedDZ, ws.f32.dRecurrent, H, false);
  inputWeightGradients(num, trace.inputs, p, H, allDZ, ws.f32.packedDZ, ws);
  return {
    dInitialState: [dh.slice()],
    dKernel: ws.f32.gKernel.slice(),
    dRecurrentKernel: ws.f32.dRecurrent.slice(),
    dBias: ws.f32.gBias.slice(),
    dPreactivations,
  };
}
