/**
 * Bidirectional RNN: a forward RNN reads x_1..x_T, a backward RNN reads x_T..x_1, and their
 * states at each position are combined:
 *
 *   u_i = f(W_h u_{i-1} + W_x x_i + b)      forward
 *   v_i = f(V_h v_{i+1} + V_x x_i + c)      backward
 *   h_i = [u_i ; v_i]   (merge 'concat')    or    h_i = u_i + v_i   (merge 'sum')
 *
 * so h_i sees the whole sentence ("Teddy bears" vs "Teddy Roosevelt"). With a mask, each sequence
 * is reversed within its own length, so the backward RNN starts at the sequence's real last token,
 * never at padding. `last` merges the forward state after the last real step with the backward
 * state after x_1 (both directions' summaries of the whole sequence).
 */
import { tf } from '../tf';
import { tidyResult } from '../core/tidyResult';
import type { RecurrentState, StepInternals } from '../core/types';
import { makeCell, type CellKind, type MakeCellOptions } from '../cells/makeCell';
import { childSeed, randomSeed } from '../init/seeds';
import { describeValue } from '../core/expectShape';
import { lengthsFromMask, normaliseMask } from './mask';
import { prefixed } from '../core/module';
import { reverseSequences } from './reverse';
import { RNN, type RNNOptions } from './sequence';
import type { SequenceApplyOptions, SequenceLayer, SequenceResult } from './sequenceLayer';

export type MergeMode = 'concat' | 'sum';

export type BidirectionalOptions =
  | { forward: RNN; backward: RNN; merge?: MergeMode }
  | (MakeCellOptions & RNNOptions & { cell: CellKind; merge?: MergeMode });

export class Bidirectional implements SequenceLayer {
  readonly forward: RNN;
  readonly backward: RNN;
  readonly merge: MergeMode;
  readonly recurrentDirections = 2;

  constructor(options: BidirectionalOptions) {
    if (options === null || typeof options !== 'object') throw new Error(`Bidirectional options must be an object; got ${String(options)}`);
    if ('forward' in options) {
      this.forward = options.forward;
      this.backward = options.backward;
    } else {
      const seed = options.seed ?? randomSeed();
      const direction = (name: string) =>
        new RNN(makeCell(options.cell, { ...options, seed: childSeed(seed, `${name}.cell`) }), {
          recurrentDropout: options.recurrentDropout,
          fused: options.fused,
          seed: childSeed(seed, `${name}.layer`),
        });
      this.forward = direction('forward');
      this.backward = direction('backward');
    }
    this.merge = options.merge ?? 'concat';
    if (this.merge !== 'concat' && this.merge !== 'sum') throw new Error(`Bidirectional merge must be 'concat' or 'sum'; got '${String(this.merge)}'`);
    if (!(this.forward instanceof RNN) || !(this.backward instanceof RNN)) throw new Error('Bidirectional needs two RNN layers, forward and backward');
    if (this.forward.inputSize !== this.backward.inputSize) {
      throw new Error(`Bidirectional: forward and backward input sizes differ (${this.forward.inputSize} vs ${this.backward.inputSize})`);
    }
    if (this.merge === 'sum' && this.forward.outputSize !== this.backward.outputSize) {
      throw new Error(`Bidirectional merge 'sum' needs equal hidden sizes; got ${this.forward.outputSize} and ${this.backward.outputSize}`);
    }
  }

  get inputSize(): number {
    return this.forward.inputSize;
  }
  get outputSize(): number {
    return this.merge === 'concat' ? this.forward.outputSize + this.backward.outputSize : this.forward.outputSize;
  }
  get stateCount(): number {
    return this.forward.stateCount + this.backward.stateCount;
  }
  get directionSizes(): readonly number[] {
    return [this.forward.outputSize, this.backward.outputSize];
  }

  zeroState(batch: number): RecurrentState {
    return [...this.forward.zeroState(batch), ...this.backward.zeroState(batch)];
  }

  /** inputs `[batch, time, input]` → outputs `[batch, time, H_f + H_b]` (concat) or `[batch, time, H]` (sum). */
  apply(inputs: tf.Tensor3D, options: SequenceApplyOptions = {}): SequenceResult {
    const n = this.forward.stateCount;
    const recurrent = options.dropoutMasks?.recurrent;
    if (recurrent && recurrent.length !== 2) throw new Error(`Bidirectional: dropoutMasks.recurrent must hold 2 masks (forward, backward); got ${recurrent.length}`);
    if (options.initialState && options.initialState.length !== this.stateCount) {
      throw new Error(`Bidirectional: initialState must hold ${this.stateCount} tensors (forward then backward); got ${options.initialState.length}`);
    }
    if (!(inputs instanceof tf.Tensor) || inputs.rank !== 3) {
      throw new Error(`Bidirectional: inputs must be a tensor [batch, time, features=${this.inputSize}]; got ${describeValue(inputs)}`);
    }
    return tidyResult(() => {
      const mask = options.mask ? normaliseMask(options.mask, inputs.shape[0], inputs.shape[1]) : undefined;
      const lengths = mask ? lengthsFromMask(mask) : undefined;
      const shared = { mask, training: options.training, internals: options.internals };
      const fwd = this.forward.apply(inputs, {
        ...shared,
        initialState: options.initialState?.slice(0, n),
        dropoutMasks: recurrent ? { recurrent: [recurrent[0]] } : undefined,
      });
      const bwd = this.backward.apply(reverseSequences(inputs, lengths), {
        ...shared,
        initialState: options.initialState?.slice(n),
        dropoutMasks: recurrent ? { recurrent: [recurrent[1]] } : undefined,
      });
      const result: SequenceResult = {
        outputs: this.combine(fwd.outputs, reverseSequences(bwd.outputs, lengths)) as tf.Tensor3D,
        last: this.combine(fwd.last, bwd.last) as tf.Tensor2D,
        finalState: [...fwd.finalState, ...bwd.finalState],
      };
      if (options.internals) result.internals = mergeInternals(fwd.internals ?? [], backInOrder(bwd.internals ?? [], lengths));
      return result;
    });
  }

  private combine(u: tf.Tensor, v: tf.Tensor): tf.Tensor {
    // h_i = [u_i ; v_i]  or  h_i = u_i + v_i
    return this.merge === 'concat' ? tf.concat([u, v], -1) : tf.add(u, v);
  }

  trainableVariables(): tf.Variable[] {
    return [...this.forward.trainableVariables(), ...this.backward.trainableVariables()];
  }

  namedVariables(): Record<string, tf.Variable> {
    return { ...prefixed('forward', this.forward.namedVariables()), ...prefixed('backward', this.backward.namedVariables()) };
  }

  /** tfjs-layers' `bidirectional` order: the forward layer's weights, then the backward layer's. */
  layersWeights(): tf.Variable[] {
    return [...this.forward.layersWeights(), ...this.backward.layersWeights()];
  }

  dispose(): void {
    this.forward.dispose();
    this.backward.dispose();
  }
}

/** Puts the backward direction's per-step internals back in input order (position i, not step i). */
function backInOrder(internals: StepInternals[], lengths: readonly number[] | undefined): StepInternals[] {
  if (internals.length === 0) return internals;
  const names = Object.keys(internals[0]);
  const reordered = names.map((name) => {
    const sequence = tf.stack(internals.map((step) => step[name]), 1) as tf.Tensor3D;
    return tf.unstack(reverseSequences(sequence, lengths), 1) as tf.Tensor2D[];
  });
  return internals.map((_, t) => Object.fromEntries(names.map((name, k) => [name, reordered[k][t]])));
}

function mergeInternals(forward: StepInternals[], backward: StepInternals[]): StepInternals[] {
  return forward.map((step, t) => ({ ...prefixed('forward', step), ...prefixed('backward', backward[t]) }));
}
