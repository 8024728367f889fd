/**
 * A fused whole-sequence kernel as one tfjs operation with its own gradient, so autograd around it
 * (losses, dense layers, optimisers, a stacked layer below) works as with any other op.
 *
 * It is recorded through the engine's `runKernelFunc`, the mechanism `tf.customGrad` is built on,
 * because `customGrad` allows only one output and computes every input's gradient eagerly. Here
 * the op has one output per state tensor besides the sequence, and each input's gradient is a
 * closure the engine calls only for inputs on the path to the differentiated variables (so
 * ∂L/∂x, a product as large as a time step's whole input side, is skipped for one-hot input).
 * The backward pass through time runs once, on the first closure called.
 *
 * The forward pass's trace stays in the numerics' memory (`Numerics.retain`) until that backward
 * pass has read it, or, when no gradient ever asks for it, until the op's record is garbage
 * collected. ∂L/∂ pre-activations are kept for the ∂L/∂x closure, which the engine calls (if at
 * all) right after the op's other closures (tfjs-core tape.js), before any other op's backward
 * pass: so the next fused backward pass releases them if that closure did not run.
 */
import { tf } from '../tf';
import { elmanBackward, elmanForward } from './elmanKernel';
import { gruBackward, gruForward } from './gruKernel';
import { inputGradient } from './inputProjection';
import { lstmBackward, lstmForward } from './lstmKernel';
import { elmanActivationCodes, type F32, type Numerics, type Retained } from './numerics';
import type { SequenceArrays, SequenceGradients, SequenceResult } from './sequenceArrays';
import { weightValues } from './weightValues';

export type FusedCellKind = 'lstm' | 'gru' | 'rnn';

export interface FusedSequenceArgs {
  kind: FusedCellKind;
  /** Elman activation; ignored for the gated cells. */
  activation?: keyof typeof elmanActivationCodes;
  /** `[batch, time, input]` float32. */
  x: tf.Tensor3D;
  /** `[h0]` or `[h0, c0]`, `[batch, hidden]` each. */
  initialState: tf.Tensor2D[];
  kernel: tf.Tensor2D;
  recurrentKernel: tf.Tensor2D;
  bias: tf.Tensor1D;
  /** `[batch, time]`, 1 = real step; not differentiated. */
  mask?: tf.Tensor2D;
}

/** The engine method `tf.customGrad` uses; not in tfjs-core's public typings. */
interface KernelFuncEngine {
  runKernelFunc(params: {
    forwardFunc: () => tf.Tensor[];
    backwardsFunc: (dys: tf.Tensor | tf.Tensor[]) => Record<string, () => tf.Tensor>;
    inputs: Record<string, tf.Tensor>;
  }): tf.Tensor | tf.Tensor[];
}

interface CellKernel {
  gates: number;
  forward(num: Numerics, p: SequenceArrays, keepTrace: boolean): SequenceResult<{ kept: Retained<string> }>;
  backward(num: Numerics, p: SequenceArrays, trace: unknown, dOutputs: F32, dFinal: F32[]): SequenceGradients;
}

function cellKernel(args: FusedSequenceArgs): CellKernel {
  switch (args.kind) {
    case 'lstm':
      return { gates: 4, forward: lstmForward, backward: (n, p, tr, d, f) => lstmBackward(n, p, tr as Parameters<typeof lstmBackward>[2], d, f) };
    case 'gru':
      return { gates: 3, forward: gruForward, backward: (n, p, tr, d, f) => gruBackward(n, p, tr as Parameters<typeof gruBackward>[2], d, f) };
    case 'rnn': {
      const code = elmanActivationCodes[args.activation ?? 'tanh'];
      if (code === undefined) throw new Error(`fused Elman kernel: activation must be one of ${Object.keys(elmanActivationCodes).join(', ')}; got '${args.activation}'`);
      return {
        gates: 1,
        forward: (n, p, keep) => elmanForward(n, p, code, keep),
        backward: (n, p, tr, d, f) => elmanBackward(n, p, code, tr as Parameters<typeof elmanBackward>[3], d, f),
      };
    }
    default:
      throw new Error(`fused kernel: unknown cell kind '${String(args.kind)}'; expected lstm, gru or rnn`);
  }
}

/** Releases the trace of a forward pass whose backward pass never ran, once its record is collected. */
const unusedTraces = new FinalizationRegistry<Retained<string>>((kept) => kept.release());
/** ∂L/∂ pre-activations of the latest backward pass, until its ∂L/∂x closure ran or another backward pass starts. */
let pendingPreactivations: Retained<'dZ'> | undefined;

/** Outputs `[batch, time, hidden]` and the final state, differentiable w.r.t. x, initial state and weights. */
export function fusedSequenceOp(num: Numerics, args: FusedSequenceArgs): { outputs: tf.Tensor3D; finalState: tf.Tensor2D[] } {
  const kernel = cellKernel(args);
  const [B, T, I] = args.x.shape;
  const H = args.recurrentKernel.shape[0];
  const width = kernel.gates * H;
  const inputs: Record<string, tf.Tensor> = { x: args.x, kernel: args.kernel, recurrentKernel: args.recurrentKernel, bias: args.bias };
  args.initialState.forEach((s, i) => (inputs[`state${i}`] = s));

  let arrays: SequenceArrays | undefined;
  let forward: SequenceResult<{ kept: Retained<string> }> | undefined;
  // Outside a gradient tape (evaluation, inference) no backward pass can follow: save no trace.
  const keepTrace = tf.engine().isTapeOn();
  const engine = tf.engine() as unknown as KernelFuncEngine;
  const result = engine.runKernelFunc({
    forwardFunc: () => {
      arrays = {
        batch: B, time: T, inputSize: I, hidden: H,
        x: args.x.dataSync() as F32,
        mask: args.mask ? Float32Array.from(args.mask.dataSync()) : null,
        initialState: args.initialState.map((s) => s.dataSync() as F32),
        kernel: weightValues(args.kernel),
        recurrentKernel: weightValues(args.recurrentKernel),
        bias: weightValues(args.bias),
      };
      forward = kernel.forward(num, arrays, keepTrace);
      if (forward.trace) unusedTraces.register(forward, forward.trace.kept, forward);
      return [tf.tensor3d(forward.outputs, [B, T, H]), ...forward.finalState.map((s) => tf.tensor2d(s, [B, H]))];
    },
    backwardsFunc: (dys) => {
      const [dOutputs, ...dFinal] = Array.isArray(dys) ? dys : [dys];
      let grads: SequenceGradients | undefined;
      const backward = (): SequenceGradients => {
        if (grads) return grads;
        const trace = forward!.trace!;
        pendingPreactivations?.release();
        grads = kernel.backward(num, arrays!, trace, dOutputs.dataSync() as F32, dFinal.map((d) => d.dataSync() as F32));
        pendingPreactivations = grads.dPreactivations;
        trace.kept.release();
        unusedTraces.unregister(forward!);
        return grads;
      };
      const closures: Record<string, () => tf.Tensor> = {
        x: () => {
          const { dPreactivations } = backward();
          const dx = tf.tensor3d(inputGradient(num, arrays!, width, dPreactivations), [B, T, I]);
          dPreactivations.release();
          return dx;
        },
        kernel: () => tf.tensor2d(backward().dKernel, args.kernel.shape),
        recurrentKernel: () => tf.tensor2d(backward().dRecurrentKernel, args.recurrentKernel.shape),
        bias: () => tf.tensor1d(backward().dBias),
      };
      args.initialState.forEach((_, i) => (closures[`state${i}`] = () => tf.tensor2d(backward().dInitialState[i], [B, H])));
      return closures;
    },
    inputs,
  }) as tf.Tensor[];
  const [outputs, ...finalState] = result;
  return { outputs: outputs as tf.Tensor3D, finalState: finalState as tf.Tensor2D[] };
}
