/**
 * `RNN`: a sequence layer that unrolls any `RecurrentCell` over `[batch, time, features]`, like
 * Keras' `RNN(cell)`. It checks its inputs, prepares the mask, initial state and recurrent
 * dropout mask, then hands the loop to a registered fused path when one applies
 * (`fusedPaths.ts`) or to the step-by-step `unrollCell` (`unroll.ts`).
 */
import { tf } from '../tf';
import { describeValue } from '../core/expectShape';
import { tidyResult } from '../core/tidyResult';
import type { RecurrentCell, RecurrentState } from '../core/types';
import { childSeed, randomSeed, SeedStream } from '../init/seeds';
import { checkMaskShape, checkRate, dropoutMask } from './dropout';
import { findFusedUnroll, type UnrollRequest, type UnrollResult } from './fusedPaths';
import { normaliseMask } from './mask';
import { prefixed } from '../core/module';
import type { SequenceApplyOptions, SequenceLayer, SequenceResult } from './sequenceLayer';
import { unrollCell } from './unroll';

export interface RNNOptions {
  /**
   * Recurrent dropout rate (Gal & Ghahramani 2016): one mask `[batch, hidden]` per sequence,
   * the same at every step, multiplies h_{t-1} where it enters the recurrence. Default 0.
   */
  recurrentDropout?: number;
  /** Seeds the dropout masks; random when omitted. */
  seed?: number;
  /** Use a registered fused whole-sequence path when one applies (default true). */
  fused?: boolean;
}

/** What may act as a cell's weights for `RNN`: the built-in cells also list and free their weights. */
type ModuleCell = RecurrentCell & { trainableVariables?(): tf.Variable[]; dispose?(): void };

export class RNN implements SequenceLayer {
  readonly cell: RecurrentCell;
  readonly recurrentDropout: number;
  readonly fused: boolean;
  readonly recurrentDirections = 1;
  /** Which loop ran last: `'steps'` (unrollCell) or a fused path's name. */
  lastUnrollPath = '';
  private readonly dropoutSeeds: SeedStream;

  constructor(cell: RecurrentCell, options: RNNOptions = {}) {
    if (!cell || typeof cell.step !== 'function' || typeof cell.zeroState !== 'function') {
      throw new Error(`RNN needs a RecurrentCell (with step and zeroState); got ${String(cell)}`);
    }
    this.cell = cell;
    this.recurrentDropout = checkRate(options.recurrentDropout ?? 0, 'recurrentDropout');
    this.fused = options.fused ?? true;
    this.dropoutSeeds = new SeedStream(childSeed(options.seed ?? randomSeed(), 'recurrentDropout'));
  }

  get inputSize(): number {
    return this.cell.inputSize;
  }
  get outputSize(): number {
    return this.cell.hiddenSize;
  }
  get stateCount(): number {
    return this.cell.stateNames.length;
  }
  get directionSizes(): readonly number[] {
    return [this.cell.hiddenSize];
  }

  zeroState(batch: number): RecurrentState {
    return this.cell.zeroState(batch);
  }

  /** inputs `[batch, time, input]` → outputs `[batch, time, hidden]`, last `[batch, hidden]`, final state. */
  apply(inputs: tf.Tensor3D, options: SequenceApplyOptions = {}): SequenceResult {
    const who = `RNN(${this.cell.kind}, input ${this.inputSize}, hidden ${this.outputSize})`;
    if (!(inputs instanceof tf.Tensor) || inputs.rank !== 3 || inputs.shape[2] !== this.inputSize) {
      throw new Error(`${who}: inputs must be a tensor [batch, time, features=${this.inputSize}]; got ${describeValue(inputs)}`);
    }
    const [batch, time] = inputs.shape;
    const initialState = options.initialState;
    if (initialState !== undefined && (!Array.isArray(initialState) || initialState.length !== this.stateCount)) {
      throw new Error(`${who}: initialState must hold ${this.stateCount} tensors [${this.cell.stateNames.join(', ')}]; got ${Array.isArray(initialState) ? initialState.length : String(initialState)}`);
    }
    return tidyResult(() => {
      const request: UnrollRequest = {
        cell: this.cell,
        inputs: inputs.dtype === 'float32' ? inputs : (tf.cast(inputs, 'float32') as tf.Tensor3D),
        initialState: initialState ?? this.cell.zeroState(batch),
        mask: options.mask ? normaliseMask(options.mask, batch, time) : undefined,
        recurrentDropoutMask: this.recurrentMask(batch, options),
        internals: options.internals === true,
      };
      const path = this.fused ? findFusedUnroll(request) : undefined;
      this.lastUnrollPath = path ? path.name : 'steps';
      const result: UnrollResult = path ? path.run(request) : unrollCell(request);
      return result;
    });
  }

  private recurrentMask(batch: number, options: SequenceApplyOptions): tf.Tensor2D | undefined {
    const given = options.dropoutMasks?.recurrent;
    if (given) {
      if (given.length !== 1) throw new Error(`RNN: dropoutMasks.recurrent must hold 1 mask; got ${given.length}`);
      checkMaskShape(given[0], [batch, this.outputSize], 'recurrent dropout mask');
      return given[0];
    }
    if (!options.training || this.recurrentDropout === 0) return undefined;
    return dropoutMask([batch, this.outputSize], this.recurrentDropout, this.dropoutSeeds.next()) as tf.Tensor2D;
  }

  trainableVariables(): tf.Variable[] {
    const cell = this.cell as ModuleCell;
    return cell.trainableVariables ? cell.trainableVariables() : Object.values(cell.weights);
  }

  namedVariables(): Record<string, tf.Variable> {
    return prefixed('cell', this.cell.weights);
  }

  /** tfjs-layers' `simpleRNN`/`gru`/`lstm` order: kernel, recurrentKernel, bias. */
  layersWeights(): tf.Variable[] {
    const { kernel, recurrentKernel, bias } = this.cell.weights;
    if (!kernel || !recurrentKernel || !bias) {
      throw new Error(`RNN(${this.cell.kind}): tfjs-layers layout needs weights kernel, recurrentKernel and bias; the cell has ${Object.keys(this.cell.weights).join(', ')}`);
    }
    return [kernel, recurrentKernel, bias];
  }

  dispose(): void {
    const cell = this.cell as ModuleCell;
    if (cell.dispose) cell.dispose();
    else for (const v of Object.values(cell.weights)) v.dispose();
  }
}
