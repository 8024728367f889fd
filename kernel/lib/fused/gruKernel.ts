/**
 * A whole GRU sequence in one call (tfjs-layers' GRU, reset_after = false, gate order z, r, h):
 *
 *   [Z_z, Z_r] = x_t [W_z, W_r] + [b_z, b_r] + h_{t-1} [U_z, U_r]     one product per step
 *   z, r = σ(Z_z), σ(Z_r)
 *   Z_h = x_t W_h + b_h + (r ⊙ h_{t-1}) U_h                            a second product per step
 *   hh = tanh(Z_h),   h_t = z ⊙ h_{t-1} + (1 − z) ⊙ hh
 *
 * Backward, step t = T−1 … 0: dZ_z and dZ_h and the direct path dh ⊙ z; ∂L/∂(r ⊙ h_{t-1}) =
 * dZ_h U_hᵀ; then dZ_r, the reset path, and ∂L/∂h_{t-1} += [dZ_z, dZ_r] [U_z, U_r]ᵀ. After the loop
 * ∂L/∂[U_z, U_r] = Σ h_{t-1}ᵀ [dZ_z, dZ_r] and ∂L/∂U_h = Σ (r ⊙ h_{t-1})ᵀ dZ_h, one product each.
 * Shapes: B batch, T time, H hidden, G = 3H.
 */
import { inputWeightGradients, projectInputs, projectionSizes, readInputRows, weightGradientSizes, type InputRows } from './inputProjection';
import type { BatchTask, F32, Numerics, Retained } from './numerics';
import { rangeRows, stepRows, timeMajorMask, zeroPaddedSteps, type SequenceArrays, type SequenceGradients, type SequenceResult } from './sequenceArrays';

/**
 * Kept in the numerics' memory from forward to backward (`retain`): gates `[T·B, 3H]` (z, r, hh),
 * h `[(T+1)·B, H]` (h_0 … h_T), resetState `[T·B, H]` (r_t ⊙ h_{t-1}), and the time-major mask
 * `[T·B]` when `masked`.
 */
export interface GruTrace {
  inputs: InputRows;
  masked: boolean;
  kept: Retained<'gates' | 'h' | 'resetState' | 'mask'>;
}

/** `keepTrace`: keep what the backward pass needs (only when a gradient may follow). */
export function gruForward(num: Numerics, p: SequenceArrays, keepTrace: boolean): SequenceResult<GruTrace> {
  const { batch: B, time: T, hidden: H } = p;
  const G = 3 * H;
  const inputs = readInputRows(p);
  const mask = timeMajorMask(p.mask, B, T);
  const proj = projectionSizes(inputs, p, G, num);
  const kept = num.retain({ gates: T * B * G, h: (T + 1) * B * H, resetState: T * B * H, mask: mask ? T * B : 0 });
  const ws = num.allocate(
    {
      ...proj.f32,
      recurrent: H * G, packedGates: num.linalg.panelSize(H, 2 * H), packedCandidate: num.linalg.panelSize(H, H), outputs: B * T * H,
    },
    proj.i32,
  );
  const tr = kept.arrays();
  const wsMask = mask ? tr.mask : null;
  if (mask) tr.mask.set(mask);
  projectInputs(num, inputs, p, G, ws, tr.gates);
  ws.f32.recurrent.set(p.recurrentKernel);
  // U = [U_z, U_r | U_h]: the gates' columns and the candidate's, packed separately
  num.linalg.packPanels(H, 2 * H, ws.f32.recurrent, G, ws.f32.packedGates);
  num.linalg.packPanels(H, H, ws.f32.recurrent.subarray(2 * H), G, ws.f32.packedCandidate);
  tr.h.set(p.initialState[0]);

  num.splitBatch(gruForwardTask(B, T, H, {
    gates: tr.gates, h: tr.h, resetState: tr.resetState, mask: wsMask, packedGates: ws.f32.packedGates, packedCandidate: ws.f32.packedCandidate,
  }));

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
export function gruBackward(num: Numerics, p: SequenceArrays, trace: GruTrace, dOutputs: F32, dFinal: F32[]): SequenceGradients {
  const { batch: B, time: T, hidden: H } = p;
  const G = 3 * H;
  const rows = T * B;
  const grads = weightGradientSizes(trace.inputs, p, G);
  const dPreactivations = num.retain({ dZ: rows * G });
  const ws = num.allocate(
    {
      ...grads.f32,
      dOutputs: rows * H, dOut: rows * H, dh: B * H, dhPrev: B * H, dResetState: B * H,
      recurrent: H * G, gatesT: 2 * H * H, candidateT: H * H,
      packedGatesT: num.linalg.panelSize(2 * H, H), packedCandidateT: num.linalg.panelSize(H, H),
      hT: H * rows, resetStateT: H * rows, packedDZGates: num.linalg.panelSize(rows, 2 * H),
      packedDZCandidate: num.linalg.panelSize(rows, H), packedDZ: trace.inputs.kind === 'dense' ? num.linalg.panelSize(rows, G) : 0,
      dRecurrent: H * G,
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
  num.linalg.transpose(H, 2 * H, ws.f32.recurrent, G, ws.f32.gatesT, H);
  num.linalg.packPanels(2 * H, H, ws.f32.gatesT, H, ws.f32.packedGatesT);
  num.linalg.transpose(H, H, ws.f32.recurrent.subarray(2 * H), G, ws.f32.candidateT, H);
  num.linalg.packPanels(H, H, ws.f32.candidateT, H, ws.f32.packedCandidateT);

  const { dh, dhPrev } = ws.f32;
  num.splitBatch(gruBackwardTask(B, T, H, {
    gates: tr.gates, h: tr.h, mask, dOut: ws.f32.dOut, dh, dhPrev, dResetState: ws.f32.dResetState, dZ: allDZ,
    packedGatesT: ws.f32.packedGatesT, packedCandidateT: ws.f32.packedCandidateT,
  }));
  // the loop swaps dh and dhPrev once per step: after T steps ∂L/∂h_0 is in dh when T is even
  const dh0 = T % 2 === 0 ? dh : dhPrev;

  // ∂L/∂[U_z, U_r] = [h_0 … h_{T-1}]ᵀ [dZ_z, dZ_r];  ∂L/∂U_h = [r ⊙ h_{t-1}]ᵀ dZ_h
  num.linalg.transpose(rows, H, tr.h, H, ws.f32.hT, rows);
  num.linalg.packPanels(rows, 2 * H, allDZ, G, ws.f32.packedDZGates);
  num.linalg.gemm(H, 2 * H, rows, ws.f32.hT, rows, ws.f32.packedDZGates, ws.f32.dRecurrent, G, false);
  num.linalg.transpose(rows, H, tr.resetState, H, ws.f32.resetStateT, rows);
  num.linalg.packPanels(rows, H, allDZ.subarray(2 * H), G, ws.f32.packedDZCandidate);
  num.linalg.gemm(H, H, rows, ws.f32.resetStateT, rows, ws.f32.packedDZCandidate, ws.f32.dRecurrent.subarray(2 * H), G, false);
  if (trace.inputs.kind === 'dense') num.linalg.packPanels(rows, G, allDZ, G, ws.f32.packedDZ);
  inputWeightGradients(num, trace.inputs, p, G, allDZ, ws.f32.packedDZ, ws);
  return {
    dInitialState: [dh0.slice()],
    dKernel: ws.f32.gKernel.slice(),
    dRecurrentKernel: ws.f32.dRecurrent.slice(),
    dBias: ws.f32.gBias.slice(),
    dPreactivations,
  };
}

type GruForwardArrays = { gates: F32; h: F32; resetState: F32; mask: F32 | null; packedGates: F32; packedCandidate: F32 };

/** The forward time loop over batch rows [b0, b1): rows of a batch never meet, so parts run on separate threads. */
export function gruForwardTask(B: number, T: number, H: number, arrays: GruForwardArrays): BatchTask<GruForwardArrays> {
  return { name: 'gruForward', count: B, granularity: 1, sizes: [B, T, H], arrays, run: gruForwardRows };
}

export function gruForwardRows(num: Numerics, [B, T, H]: number[], a: GruForwardArrays, b0: number, b1: number): void {
  const G = 3 * H;
  const n = b1 - b0;
  for (let t = 0; t < T; t++) {
    const gates = rangeRows(a.gates, t, B, G, b0, b1);
    const hPrev = rangeRows(a.h, t, B, H, b0, b1);
    const resetState = rangeRows(a.resetState, t, B, H, b0, b1);
    // [Z_z, Z_r] += h_{t-1} [U_z, U_r]
    num.linalg.gemm(n, 2 * H, H, hPrev, H, a.packedGates, gates, G, true);
    num.gru.gates(n, H, gates, hPrev, resetState);
    // Z_h += (r ⊙ h_{t-1}) U_h
    num.linalg.gemm(n, H, H, resetState, H, a.packedCandidate, gates.subarray(2 * H), G, true);
    num.gru.state(n, H, gates, hPrev, rangeRows(a.h, t + 1, B, H, b0, b1), a.mask ? rangeRows(a.mask, t, B, 1, b0, b1) : null);
  }
}

type GruBackwardArrays = {
  gates: F32; h: F32; mask: F32 | null; dOut: F32; dh: F32; dhPrev: F32; dResetState: F32; dZ: F32; packedGatesT: F32; packedCandidateT: F32;
};

/** The backward time loop over batch rows [b0, b1) (dh, dhPrev, dResetState are `[B, H]`). */
export function gruBackwardTask(B: number, T: number, H: number, arrays: GruBackwardArrays): BatchTask<GruBackwardArrays> {
  return { name: 'gruBackward', count: B, granularity: 1, sizes: [B, T, H], arrays, run: gruBackwardRows };
}

export function gruBackwardRows(num: Numerics, [B, T, H]: number[], a: GruBackwardArrays, b0: number, b1: number): void {
  const G = 3 * H;
  const n = b1 - b0;
  let dh = a.dh.subarray(b0 * H, b1 * H);
  let dhPrev = a.dhPrev.subarray(b0 * H, b1 * H);
  const dResetState = a.dResetState.subarray(b0 * H, b1 * H);
  for (let t = T - 1; t >= 0; t--) {
    const gates = rangeRows(a.gates, t, B, G, b0, b1);
    const hPrev = rangeRows(a.h, t, B, H, b0, b1);
    const dZ = rangeRows(a.dZ, t, B, G, b0, b1);
    num.gru.candidateBackward(n, H, gates, hPrev, dh, rangeRows(a.dOut, t, B, H, b0, b1), dZ, dhPrev, a.mask ? rangeRows(a.mask, t, B, 1, b0, b1) : null);
    // ∂L/∂(r ⊙ h_{t-1}) = dZ_h U_hᵀ
    num.linalg.gemm(n, H, H, dZ.subarray(2 * H), G, a.packedCandidateT, dResetState, H, false);
    num.gru.resetBackward(n, H, gates, hPrev, dResetState, dZ, dhPrev);
    // ∂L/∂h_{t-1} += [dZ_z, dZ_r] [U_z, U_r]ᵀ
    num.linalg.gemm(n, H, 2 * H, dZ, G, a.packedGatesT, dhPrev, H, true);
    [dh, dhPrev] = [dhPrev, dh];
  }
}
