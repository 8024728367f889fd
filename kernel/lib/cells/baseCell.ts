/**
 * What the built-in cells share: weights in tfjs-layers layout, seeded initialisation, the zero
 * state and input checks. Layout (row-vector convention, `x W` rather than `W x`):
 *   kernel          `[input, gates·hidden]`   the input weights of every gate, side by side
 *   recurrentKernel `[hidden, gates·hidden]`  the recurrent weights of every gate, side by side
 *   bias            `[gates·hidden]`
 * so a lecture's `W_xh x_t` is `x_t · kernel` here and its matrix `W_xh` is `kernelᵀ`.
 */
import { tf } from '../tf';
import type { CellStepResult, RecurrentCell, RecurrentState } from '../core/types';
import type { Module } from '../core/module';
import { childSeed, randomSeed } from '../init/seeds';
import { resolveInitializer, type InitializerSpec } from '../init/initializers';

export interface CellOptions {
  /** Features per input step (I). */
  inputSize: number;
  /** State size (H). */
  hiddenSize: number;
  /** Same seed → same weights, on every backend. Random when omitted (read it back from `cell.seed`). */
  seed?: number;
  /** Input weights `kernel`; default `glorotUniform`. */
  kernelInitializer?: InitializerSpec;
  /** Recurrent weights `recurrentKernel`; default `orthogonal` (per gate block). */
  recurrentInitializer?: InitializerSpec;
  /** `bias`; default `zeros`. */
  biasInitializer?: InitializerSpec;
}

export interface CellWeights {
  kernel: tf.Variable;
  recurrentKernel: tf.Variable;
  bias: tf.Variable;
  [name: string]: tf.Variable;
}

function checkSize(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new Error(`${name} must be a positive integer; got ${String(value)}`);
  }
  return value;
}

export abstract class BaseCell implements RecurrentCell, Module {
  abstract readonly kind: string;
  abstract readonly stateNames: readonly string[];
  /** Names of the gate blocks in `kernel`'s columns, in tfjs-layers order. */
  abstract readonly gateNames: readonly string[];
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly seed: number;
  readonly weights: CellWeights;

  /** `gates`: how many `[hidden]` blocks the weight matrices hold side by side (1 Elman, 3 GRU, 4 LSTM). */
  protected constructor(options: CellOptions, gates: number, defaultBias?: (hidden: number) => tf.Tensor) {
    if (options === null || typeof options !== 'object') throw new Error(`cell options must be an object like { inputSize, hiddenSize }; got ${String(options)}`);
    this.inputSize = checkSize(options.inputSize, 'inputSize');
    this.hiddenSize = checkSize(options.hiddenSize, 'hiddenSize');
    this.seed = options.seed ?? randomSeed();
    const width = gates * this.hiddenSize;
    const kernelInit = resolveInitializer(options.kernelInitializer ?? 'glorotUniform');
    const recurrentInit = resolveInitializer(options.recurrentInitializer ?? 'orthogonal');
    const biasInit = resolveInitializer(options.biasInitializer ?? 'zeros');
    const make = (init: () => tf.Tensor) => {
      const value = init();
      const variable = tf.variable(value);
      value.dispose();
      return variable;
    };
    this.weights = {
      kernel: make(() => kernelInit([this.inputSize, width], childSeed(this.seed, 'kernel'))),
      recurrentKernel: make(() => recurrentInit([this.hiddenSize, width], childSeed(this.seed, 'recurrentKernel'))),
      bias: make(() =>
        defaultBias && options.biasInitializer === undefined
          ? defaultBias(this.hiddenSize)
          : biasInit([width], childSeed(this.seed, 'bias')),
      ),
    };
  }

  abstract step(x: tf.Tensor2D, state: RecurrentState, options?: { internals?: boolean }): CellStepResult;

  zeroState(batch: number): RecurrentState {
    checkSize(batch, 'batch');
    return this.stateNames.map(() => tf.zeros([batch, this.hiddenSize]) as tf.Tensor2D);
  }

  trainableVariables(): tf.Variable[] {
    return [this.weights.kernel, this.weights.recurrentKernel, this.weights.bias];
  }

  /** Weights by name, for export/import (`kernel`, `recurrentKernel`, `bias`). */
  namedVariables(): Record<string, tf.Variable> {
    return { kernel: this.weights.kernel, recurrentKernel: this.weights.recurrentKernel, bias: this.weights.bias };
  }

  /** tfjs-layers' order for a recurrent cell: kernel, recurrentKernel, bias. */
  layersWeights(): tf.Variable[] {
    return this.trainableVariables();
  }

  dispose(): void {
    for (const v of this.trainableVariables()) v.dispose();
  }

  /** Throws a clear error unless x is `[batch, input]` and the state holds one `[batch, hidden]` per state name. */
  protected checkStep(x: tf.Tensor, state: RecurrentState): void {
    const who = `${this.kind} cell (input ${this.inputSize}, hidden ${this.hiddenSize})`;
    if (!(x instanceof tf.Tensor) || x.rank !== 2 || x.shape[1] !== this.inputSize) {
      const got = x instanceof tf.Tensor ? `shape [${x.shape.join(', ')}]` : String(x);
      throw new Error(`${who}: x must be [batch, ${this.inputSize}]; got ${got}`);
    }
    if (x.dtype !== 'float32') throw new Error(`${who}: x must be float32; got ${x.dtype} (one-hot encode token ids first)`);
    if (!Array.isArray(state) || state.length !== this.stateNames.length) {
      throw new Error(`${who}: state must be [${this.stateNames.join(', ')}]; got ${Array.isArray(state) ? `${state.length} tensors` : String(state)}`);
    }
    state.forEach((s, i) => {
      if (!(s instanceof tf.Tensor) || s.rank !== 2 || s.shape[0] !== x.shape[0] || s.shape[1] !== this.hiddenSize) {
        const got = s instanceof tf.Tensor ? `shape [${s.shape.join(', ')}]` : String(s);
        throw new Error(`${who}: state ${this.stateNames[i]} must be [${x.shape[0]}, ${this.hiddenSize}]; got ${got}`);
      }
    });
  }
}
