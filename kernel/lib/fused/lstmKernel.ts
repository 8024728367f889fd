/**
 * A whole LSTM sequence in one call, forward and backward through time (gate order i, f, c~, o):
 *
 *   Z_t = x_t W + b + h_{t-1} U        all input projections first, then one product per step
 *   i, f, c~, o = σ(Z_i), σ(Z_f), tanh(Z_c), σ(Z_o)
 *   c_t = f ⊙ c_{t-1} + i ⊙ c~,   h_t = o ⊙ tanh(c_t)
 *
 * Backward, step t = T−1 … 0: the elementwise step gives dZ_t and ∂L/∂c_{t-1}, then
 * ∂L/∂h_{t-1} = dZ_t Uᵀ (Uᵀ transposed and packed once); after the loop
 * ∂L/∂U = Σ_t h_{t-1}ᵀ dZ_t is one product `[H, T·B]·[T·B, 4H]`, and the input side is
 * `inputProjection.ts`'s. Shapes: B batch, T time, I input, H hidden, G = 4H.
 */
import { inputWeightGradients, projectInputs, projectionSizes, readInputRows, weightGradientSizes, type InputRows } from './inputProjection';
import type { BatchTask, F32, Numerics, Retained } from './numerics';
import { rangeRows, stepRows, timeMajorMask, zeroPaddedSteps, type SequenceArrays, type SequenceGradients, type SequenceResult } from './sequenceArrays';

/**
 * Kept in the numerics' memory from forward to backward (`retain`): gates `[T·B, 4H]` (i, f, c~, o),
 * h and c `[(T+1)·B, H]` (h_0 … h_T, c_0 … c_T), tanhC `[T·B, H]` (tanh(c_t), t = 1 … T), and the
 * time-major mask `[T·B]` when `masked`.
 */
export interface LstmTrace {
  inputs: InputRows;
  masked: boolean;
  kept: Retained<'gates' | 'h' | 'c' | 'tanhC' | 'mask'>;
}

/** `keepTrace`: keep what the backward pass needs (only when a gradient may follow). */
export function lstmForward(num: Numerics, p: SequenceArrays, keepTrace: boolean): SequenceResult<LstmTrace> {
  const { batch: B, time: T, hidden: H } = p;
  const G = 4 * H;
  const inputs = readInputRows(p);
  const mask = timeMajorMask(p.mask, B, T);
  const proj = projectionSizes(inputs, p, G, num);
  const kept = num.retain({ gates: T * B * G, h: (T + 1) * B * H, c: (T + 1) * B * H, tanhC: T * B * H, mask: mask ? T * B : 0 });
  const ws = num.allocate({ ...proj.f32, recurrent: H * G, packedRecurrent: num.linalg.panelSize(H, G), outputs: B * T * H }, proj.i32);
  const tr = kept.arrays();
  const wsMask = mask ? tr.mask : null;
  if (mask) tr.mask.set(mask);
  projectInputs(num, inputs, p, G, ws, tr.gates);
  ws.f32.recurrent.set(p.recurrentKernel);
  num.linalg.packPanels(H, G, ws.f32.recurrent, G, ws.f32.packedRecurrent);
  tr.h.set(p.initialState[0]);
  tr.c.set(p.initialState[1]);

  num.splitBatch(lstmForwardTask(B, T, H, { gates: tr.gates, h: tr.h, c: tr.c, tanhC: tr.tanhC, mask: wsMask, packedRecurrent: ws.f32.packedRecurrent }));

  num.linalg.swapTimeBatch(T, B, H, tr.h.subarray(B * H), ws.f32.outputs);
  zeroPaddedSteps(ws.f32.outputs, p.mask, B, T, H);
  const result = {
    outputs: ws.f32.outputs.slice(),
    finalState: [stepRows(tr.h, T, B, H).slice(), stepRows(tr.c, T, B, H).slice()],
    trace: keepTrace ? { inputs, masked: mask !== null, kept } : undefined,
  };
  if (!keepTrace) kept.release();
  return result;
}

/** dOutputs `[B, T, H]` = ∂L/∂outputs; dFinal = [∂L/∂h_T, ∂L/∂c_T], `[B, H]` each. */
export function lstmBackward(num: Numerics, p: SequenceArrays, trace: LstmTrace, dOutputs: F32, dFinal: F32[]): SequenceGradients {
  const { batch: B, time: T, hidden: H } = p;
  const G = 4 * H;
  const rows = T * B;
  const grads = weightGradientSizes(trace.inputs, p, G);
  const dPreactivations = num.retain({ dZ: rows * G });
  const ws = num.allocate(
    {
      ...grads.f32,
      dOutputs: rows * H, dOut: rows * H, dh: B * H, dhPrev: B * H, dc: B * H,
      recurrent: H * G, recurrentT: G * H, packedRecurrentT: num.linalg.panelSize(G, H),
      hT: H * rows, packedDZ: num.linalg.panelSize(rows, G), dRecurrent: H * G,
    },
    grads.i32,
  );
  const tr = trace.kept.arrays();
  const allDZ = dPreactivations.arrays().dZ;
  const mask = trace.masked ? tr.mask : null;
  ws.f32.dOutputs.set(dOutputs);
  num.linalg.swapTimeBatch(B, T, H, ws.f32.dOutputs, ws.f32.dOut);
  ws.f32.dh.set(dFinal[0]);
  ws.f32.dc.set(dFinal[1]);
  ws.f32.recurrent.set(p.recurrentKernel);
  num.linalg.transpose(H, G, ws.f32.recurrent, G, ws.f32.recurrentT, H);
  num.linalg.packPanels(G, H, ws.f32.recurrentT, H, ws.f32.packedRecurrentT);

  const { dh, dc, dhPrev } = ws.f32;
  num.splitBatch(lstmBackwardTask(B, T, H, {
    gates: tr.gates, c: tr.c, tanhC: tr.tanhC, mask, dOut: ws.f32.dOut, dh, dhPrev, dc, dZ: allDZ, packedRecurrentT: ws.f32.packedRecurrentT,
  }));
  // the loop swaps dh and dhPrev once per step: after T steps ∂L/∂h_0 is in dh when T is even
  const dh0 = T % 2 === 0 ? dh : dhPrev;

  // ∂L/∂U = [h_0 … h_{T-1}]ᵀ dZ
  num.linalg.transpose(rows, H, tr.h, H, ws.f32.hT, rows);
  num.linalg.packPanels(rows, G, allDZ, G, ws.f32.packedDZ);
  num.linalg.gemm(H, G, rows, ws.f32.hT, rows, ws.f32.packedDZ, ws.f32.dRecurrent, G, false);
  inputWeightGradients(num, trace.inputs, p, G, allDZ, ws.f32.packedDZ, ws);
  return {
    dInitialState: [dh0.slice(), ws.f32.dc.slice()],
    dKernel: ws.f32.gKernel.slice(),
    dRecurrentKernel: ws.f32.dRecurrent.slice(),
    dBias: ws.f32.gBias.slice(),
    dPreactivations,
  };
}

type LstmForwardArrays = { gates: F32; h: F32; c: F32; tanhC: F32; mask: F32 | null; packedRecurrent: F32 };

/** The forward time loop over batch rows [b0, b1): rows of a batch never meet, so parts run on separate threads. */
export function lstmForwardTask(B: number, T: number, H: number, arrays: LstmForwardArrays): BatchTask<LstmForwardArrays> {
  return { name: 'lstmForward', count: B, granularity: 1, sizes: [B, T, H], arrays, run: lstmForwardRows };
}

export function lstmForwardRows(num: Numerics, [B, T, H]: number[], a: LstmForwardArrays, b0: number, b1: number): void {
  const G = 4 * H;
  const n = b1 - b0;
  for (let t = 0; t < T; t++) {
    const gates = rangeRows(a.gates, t, B, G, b0, b1);
    const hPrev = rangeRows(a.h, t, B, H, b0, b1);
    // Z_t = (x_t W + b) + h_{t-1} U
    num.linalg.gemm(n, G, H, hPrev, H, a.packedRecurrent, gates, G, true);
    num.lstm.forward(
      n, H, gates, rangeRows(a.c, t, B, H, b0, b1), hPrev, rangeRows(a.c, t + 1, B, H, b0, b1), rangeRows(a.h, t + 1, B, H, b0, b1),
      rangeRows(a.tanhC, t, B, H, b0, b1), a.mask ? rangeRows(a.mask, t, B, 1, b0, b1) : null,
    );
  }
}

type LstmBackwardArrays = {
  gates: F32; c: F32; tanhC: F32; mask: F32 | null; dOut: F32; dh: F32; dhPrev: F32; dc: F32; dZ: F32; packedRecurrentT: F32;
};

/** The backward time loop over batch rows [b0, b1) (dh, dhPrev, dc are `[B, H]`, swapped each step). */
export function lstmBackwardTask(B: number, T: number, H: number, arrays: LstmBackwardArrays): BatchTask<LstmBackwardArrays> {
  return { name: 'lstmBackward', count: B, granularity: 1, sizes: [B, T, H], arrays, run: lstmBackwardRows };
}

export function lstmBackwardRows(num: Numerics, [B, T, H]: number[], a: LstmBackwardArrays, b0: number, b1: number): void {
  const G = 4 * H;
  const n = b1 - b0;
  let dh = a.dh.subarray(b0 * H, b1 * H);
  let dhPrev = a.dhPrev.subarray(b0 * H, b1 * H);
  const dc = a.dc.subarray(b0 * H, b1 * H);
  for (let t = T - 1; t >= 0; t--) {
    const dZ = rangeRows(a.dZ, t, B, G, b0, b1);
    num.lstm.backward(
      n, H, rangeRows(a.gates, t, B, G, b0, b1), rangeRows(a.c, t, B, H, b0, b1), rangeRows(a.tanhC, t, B, H, b0, b1),
      dh, rangeRows(a.dOut, t, B, H, b0, b1), dc, dZ, dhPrev, a.mask ? rangeRows(a.mask, t, B, 1, b0, b1) : null,
    );
    // ∂L/∂h_{t-1} += dZ_t Uᵀ
    num.linalg.gemm(n, H, G, dZ, G, a.packedRecurrentT, dhPrev, H, true);
    [dh, dhPrev] = [dhPrev, dh];
  }
}
