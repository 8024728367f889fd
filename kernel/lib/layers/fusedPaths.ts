/**
 * Where whole-sequence (fused) kernels plug into the sequence layer. `RNN.apply` builds an
 * `UnrollRequest` and asks the registered paths, newest first, whether one `supports` it; if so
 * that path's `run` replaces the step-by-step `unrollCell`. A path must return exactly what
 * `unrollCell` would (same outputs and gradients, within float32 rounding) and must decline
 * requests it cannot honour (custom cells, internals, a backend it was not built for).
 */
import type { tf } from '../tf';
import type { RecurrentCell, RecurrentState, StepInternals } from '../core/types';

export interface UnrollRequest {
  cell: RecurrentCell;
  /** `[batch, time, input]` float32. */
  inputs: tf.Tensor3D;
  /** One `[batch, hidden]` tensor per `cell.stateNames`. */
  initialState: RecurrentState;
  /** bool `[batch, time]`, true = real step; absent means every step is real. */
  mask?: tf.Tensor2D;
  /** `[batch, hidden]`, multiplies h_{t-1} (the first state tensor) where it enters the recurrence. */
  recurrentDropoutMask?: tf.Tensor2D;
  /** Whether per-step internals are wanted. */
  internals: boolean;
}

export interface UnrollResult {
  /** `[batch, time, hidden]`, zero at padded steps. */
  outputs: tf.Tensor3D;
  /** `[batch, hidden]`, each sequence's output at its last real step (zeros for an empty sequence). */
  last: tf.Tensor2D;
  finalState: RecurrentState;
  internals?: StepInternals[];
}

export interface FusedUnrollPath {
  readonly name: string;
  supports(request: UnrollRequest): boolean;
  run(request: UnrollRequest): UnrollResult;
}

const paths: FusedUnrollPath[] = [];

/** Registers a fused path; returns a function that removes it again. */
export function registerFusedUnroll(path: FusedUnrollPath): () => void {
  paths.unshift(path);
  return () => {
    const i = paths.indexOf(path);
    if (i >= 0) paths.splice(i, 1);
  };
}

/** The newest registered path that supports the request, if any. */
export function findFusedUnroll(request: UnrollRequest): FusedUnrollPath | undefined {
  return paths.find((path) => path.supports(request));
}
