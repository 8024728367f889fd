/**
 * A whole-sequence problem as flat arrays, the form the fused kernels read and write. Tensors
 * arrive batch-major (`[batch, time, ...]`, tfjs' layout); inside the kernels every per-step array
 * is time-major (`[time, batch, ...]`) so that step t is one contiguous `[batch, ...]` block.
 */
import type { F32, Retained } from './numerics';

export interface SequenceArrays {
  batch: number;
  time: number;
  inputSize: number;
  hidden: number;
  /** `[batch, time, input]`; read only (on the cpu backend it is the tensor's own storage). */
  x: F32;
  /** `[batch, time]`, 1 = real step, 0 = padding; `null` when every step is real. */
  mask: F32 | null;
  /** `[batch, hidden]` per state tensor: `[h0]`, or `[h0, c0]` for the LSTM. */
  initialState: F32[];
  /** tfjs-layers layout: `[input, gates·hidden]`, `[hidden, gates·hidden]`, `[gates·hidden]`. */
  kernel: F32;
  recurrentKernel: F32;
  bias: F32;
}

export interface SequenceResult<Trace> {
  /** `[batch, time, hidden]`: h_t at every real step, zero at padded steps (as the unfused layer). */
  outputs: F32;
  /** `[batch, hidden]` per state tensor, after the last step. */
  finalState: F32[];
  /** What the backward pass needs, kept in the numerics' memory (release it after); absent when not asked for. */
  trace?: Trace;
}

export interface SequenceGradients {
  /** ∂L/∂ initial state, `[batch, hidden]` each. */
  dInitialState: F32[];
  dKernel: F32;
  dRecurrentKernel: F32;
  dBias: F32;
  /**
   * `[time·batch, gates·hidden]` time-major ∂L/∂ pre-activations, kept in the numerics' memory for
   * `inputGradient` to make ∂L/∂x from (the caller releases it).
   */
  dPreactivations: Retained<'dZ'>;
}

/** The mask time-major (`[time·batch]`), or `null` when no step is padding. */
export function timeMajorMask(mask: F32 | null, batch: number, time: number): F32 | null {
  if (mask === null || mask.every((m) => m !== 0)) return null;
  const out = new Float32Array(batch * time);
  for (let b = 0; b < batch; b++) for (let t = 0; t < time; t++) out[t * batch + b] = mask[b * time + t] === 0 ? 0 : 1;
  return out;
}

/** Rows of a time-major array for step t: `[batch, width]`. */
export function stepRows(a: F32, t: number, batch: number, width: number): F32 {
  return a.subarray(t * batch * width, (t + 1) * batch * width);
}

/** Rows b0 … b1−1 of step t of a time-major array `[time, batch, width]`: `[b1 − b0, width]`. */
export function rangeRows(a: F32, t: number, batch: number, width: number, b0: number, b1: number): F32 {
  return a.subarray((t * batch + b0) * width, (t * batch + b1) * width);
}

/** Zeroes the padded steps of batch-major outputs `[batch, time, width]`; mask `[batch, time]` as given. */
export function zeroPaddedSteps(outputs: F32, mask: F32 | null, batch: number, time: number, width: number): void {
  if (mask === null) return;
  for (let r = 0; r < batch * time; r++) if (mask[r] === 0) outputs.fill(0, r * width, (r + 1) * width);
}
