/**
 * Whether a sequence runs through a fused whole-sequence kernel. Importing this module registers `fusedUnrollPath` with the sequence layer (`layers/fusedPaths.ts`),
 * which then unrolls step by step only for a learner's own cell (or a subclass of a built-in one),
 * when internals or recurrent dropout are asked for, on backends whose tensors do not live in main
 * memory, or when fused kernels are switched off (`setFusedKernels('off')`).
 * `numericsChoice.ts` says which numerics run it.
 */
import { tf } from '../tf';
import type { RecurrentCell } from '../core/types';
import { registerFusedUnroll, type FusedUnrollPath, type UnrollRequest, type UnrollResult } from '../layers/fusedPaths';
import { ElmanCell } from '../cells/elman';
import { GRUCell } from '../cells/gru';
import { LSTMCell } from '../cells/lstm';
import { fusedSequenceOp, type FusedCellKind } from './fusedOp';
import { currentNumerics, hostBackends } from './numericsChoice';

export { setFusedKernels, setFusedThreads, fusedKernelInfo, type FusedMode, type FusedKernelInfo } from './numericsChoice';

/** The built-in cell kind when `cell` is exactly a built-in cell (not a subclass that may change `step`). */
function builtInKind(cell: RecurrentCell): FusedCellKind | undefined {
  const proto = Object.getPrototypeOf(cell);
  if (proto === LSTMCell.prototype) return 'lstm';
  if (proto === GRUCell.prototype) return 'gru';
  if (proto === ElmanCell.prototype) return 'rnn';
  return undefined;
}

/** `[batch, 1]`: 1 where the sequence has at least one real step (its `last` output is h_T), else 0. */
function hasRealStep(mask: tf.Tensor2D): tf.Tensor2D {
  const [batch, time] = mask.shape;
  const values = mask.dataSync();
  const any = new Float32Array(batch);
  for (let b = 0; b < batch; b++) for (let t = 0; t < time && any[b] === 0; t++) if (values[b * time + t]) any[b] = 1;
  return tf.tensor2d(any, [batch, 1]);
}

/**
 * The sequence layer's fused path (see `layers/fusedPaths.ts`): it takes a request when the cell
 * is exactly a built-in cell, no internals or recurrent dropout are asked for, the backend keeps
 * tensors in main memory and fused kernels are on; the layer unrolls step by step otherwise.
 */
export const fusedUnrollPath: FusedUnrollPath = {
  get name() {
    return `fused-${currentNumerics()?.name ?? 'off'}`;
  },

  supports(request: UnrollRequest): boolean {
    const { cell, inputs, initialState } = request;
    if (request.internals || request.recurrentDropoutMask) return false;
    if (builtInKind(cell) === undefined || !hostBackends.includes(tf.getBackend())) return false;
    if (inputs.rank !== 3 || inputs.dtype !== 'float32' || inputs.shape[0] === 0 || inputs.shape[1] === 0 || inputs.shape[2] !== cell.inputSize) return false;
    if (initialState.length !== cell.stateNames.length) return false;
    if (initialState.some((s) => s.rank !== 2 || s.shape[0] !== inputs.shape[0] || s.shape[1] !== cell.hiddenSize)) return false;
    return currentNumerics() !== undefined;
  },

  run(request: UnrollRequest): UnrollResult {
    const { cell, inputs, initialState, mask } = request;
    const numerics = currentNumerics();
    const kind = builtInKind(cell);
    if (!numerics || !kind) throw new Error(`fused path: cannot run a '${cell.kind}' cell here (call supports() first)`);
    const { kernel, recurrentKernel, bias } = cell.weights;
    const { outputs, finalState } = fusedSequenceOp(numerics, {
      kind,
      activation: cell instanceof ElmanCell ? cell.activation : undefined,
      x: inputs,
      initialState,
      kernel: kernel as tf.Tensor2D,
      recurrentKernel: recurrentKernel as tf.Tensor2D,
      bias: bias as tf.Tensor1D,
      mask,
    });
    // the output at the last real step is h_T, or zeros for a sequence that is all padding
    const last = (mask ? tf.mul(finalState[0], hasRealStep(mask)) : finalState[0].clone()) as tf.Tensor2D;
    return { outputs, last, finalState };
  },
};

registerFusedUnroll(fusedUnrollPath);
