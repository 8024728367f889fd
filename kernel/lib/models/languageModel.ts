/**
 * A recurrent language model, `P(y_1..y_L) = Π_i P(y_i | y_<i)` with the history compressed into
 * the state: tokens → one-hot vectors (or a learned embedding) → stacked recurrent layers →
 * `P(y_{t+1} | y_≤t) = softmax(W h_t + b)`. `forward` returns the logits `W h_t + b` for every
 * step (teacher forcing: the true previous token is the input); `step` feeds one token at a time
 * for sampling and beam search.
 */
import { tf } from '../tf';
import { describeValue } from '../core/expectShape';
import { tidyResult } from '../core/tidyResult';
import type { RecurrentState, SequenceModel, StepInternals, StepModel } from '../core/types';
import type { CellKind } from '../cells/makeCell';
import type { ElmanActivation } from '../cells/elman';
import { childSeed, randomSeed, SeedStream } from '../init/seeds';
import { Dense } from '../layers/dense';
import { checkRate, dropoutMask } from '../layers/dropout';
import { Embedding, oneHot } from '../layers/embedding';
import { prefixed, type Module } from '../core/module';
import { RNN } from '../layers/sequence';
import { StackedRNN } from '../layers/stacked';

export interface LanguageModelOptions {
  vocabSize: number;
  /** State size of every layer. */
  hiddenSize: number;
  /** Default `'lstm'`. */
  cell?: CellKind;
  /** Default 1. */
  numLayers?: number;
  /** Learned embedding of this size; one-hot inputs when omitted. */
  embeddingSize?: number;
  /** Dropout rate between layers and before the output layer, when training (default 0). */
  dropout?: number;
  /** Recurrent dropout rate, one mask per sequence for all steps (default 0). */
  recurrentDropout?: number;
  /** Elman cells only (default tanh). */
  activation?: ElmanActivation;
  /** LSTM cells only (default 1). */
  forgetBias?: number;
  /** Same seed → same weights and same dropout masks. Random when omitted (read back `model.seed`). */
  seed?: number;
  /** Allow fused whole-sequence kernels (default true). */
  fused?: boolean;
}

export interface LanguageModelForwardOptions {
  initialState?: RecurrentState;
  mask?: tf.Tensor2D;
  training?: boolean;
  /** Also return every step's internals (names prefixed `layer0.`, ...); the caller disposes them. */
  internals?: boolean;
}

export interface LanguageModelOutput {
  /** `[batch, time, vocab]`: `W h_t + b`, before the softmax. */
  logits: tf.Tensor3D;
  /** Every layer's state after each sequence's last real step, bottom first. */
  finalState: RecurrentState;
  /** Present when asked for: `[time]` of named `[batch, hidden]` tensors (`layer0.forgetGate`, ...). */
  internals?: StepInternals[];
}

export class LanguageModel implements SequenceModel, StepModel, Module {
  readonly vocabSize: number;
  readonly seed: number;
  readonly dropout: number;
  /** Absent for one-hot inputs. */
  readonly embedding?: Embedding;
  readonly rnn: StackedRNN;
  /** Maps the top layer's h_t to logits over the vocabulary. */
  readonly output: Dense;
  private readonly dropoutSeeds: SeedStream;

  constructor(options: LanguageModelOptions) {
    if (options === null || typeof options !== 'object') throw new Error(`LanguageModel options must be an object like { vocabSize, hiddenSize }; got ${String(options)}`);
    if (!Number.isInteger(options.vocabSize) || options.vocabSize <= 0) throw new Error(`LanguageModel vocabSize must be a positive integer; got ${String(options.vocabSize)}`);
    this.vocabSize = options.vocabSize;
    this.seed = options.seed ?? randomSeed();
    this.dropout = checkRate(options.dropout ?? 0, 'dropout');
    this.dropoutSeeds = new SeedStream(childSeed(this.seed, 'outputDropout'));
    if (options.embeddingSize !== undefined) {
      this.embedding = new Embedding({ vocabSize: this.vocabSize, embeddingSize: options.embeddingSize, seed: childSeed(this.seed, 'embedding') });
    }
    this.rnn = new StackedRNN({
      cell: options.cell ?? 'lstm',
      inputSize: this.embedding ? this.embedding.embeddingSize : this.vocabSize,
      hiddenSize: options.hiddenSize,
      numLayers: options.numLayers ?? 1,
      dropout: this.dropout,
      recurrentDropout: options.recurrentDropout,
      activation: options.activation,
      forgetBias: options.forgetBias,
      fused: options.fused,
      seed: childSeed(this.seed, 'rnn'),
    });
    this.output = new Dense({ inputSize: this.rnn.outputSize, units: this.vocabSize, seed: childSeed(this.seed, 'output') });
  }

  /** tokens `[...]` → `[..., inputSize]`: one-hot vectors or embeddings. */
  private encode(tokens: tf.Tensor): tf.Tensor {
    return this.embedding ? this.embedding.apply(tokens) : oneHot(tokens, this.vocabSize);
  }

  /**
   * inputs: token ids `[batch, time]`, or already encoded features `[batch, time, inputSize]`.
   * Returns logits `[batch, time, vocab]` (`W h_t + b`, before the softmax) and the final state.
   */
  forward(inputs: tf.Tensor, options: LanguageModelForwardOptions = {}): LanguageModelOutput {
    const inputSize = this.rnn.inputSize;
    if (!(inputs instanceof tf.Tensor) || !(inputs.rank === 2 || (inputs.rank === 3 && inputs.shape[2] === inputSize))) {
      throw new Error(`LanguageModel.forward: inputs must be token ids [batch, time] or features [batch, time, ${inputSize}]; got ${describeValue(inputs)}`);
    }
    return tidyResult(() => {
      const x = (inputs.rank === 2 ? this.encode(inputs) : inputs) as tf.Tensor3D;
      const result = this.rnn.apply(x, options);
      let top = result.outputs;
      if (options.training && this.dropout > 0) top = tf.mul(top, dropoutMask(top.shape, this.dropout, this.dropoutSeeds.next()));
      // logits_t = W h_t + b
      const logits = this.output.apply(top) as tf.Tensor3D;
      const out: LanguageModelOutput = { logits, finalState: result.finalState };
      if (options.internals) out.internals = result.internals;
      return out;
    });
  }

  /** Zero state for `batch` sequences: every layer's states, bottom first. */
  initialState(batch: number): RecurrentState {
    return this.rnn.zeroState(batch);
  }

  /** tokens `[batch]` → logits `[batch, vocab]` for the next token, and the next state. No dropout. */
  step(tokens: tf.Tensor1D, state: RecurrentState): { logits: tf.Tensor2D; state: RecurrentState } {
    if (!(tokens instanceof tf.Tensor) || tokens.rank !== 1) {
      throw new Error(`LanguageModel.step: tokens must be [batch] token ids; got ${tokens instanceof tf.Tensor ? `shape [${tokens.shape.join(', ')}]` : String(tokens)}`);
    }
    if (!Array.isArray(state) || state.length !== this.rnn.stateCount) {
      throw new Error(`LanguageModel.step: state must hold ${this.rnn.stateCount} tensors (from initialState or a previous step); got ${Array.isArray(state) ? state.length : String(state)}`);
    }
    return tidyResult(() => {
      let x = this.encode(tokens) as tf.Tensor2D;
      let offset = 0;
      const next: RecurrentState = [];
      for (const layer of this.rnn.layers as readonly RNN[]) {
        const result = layer.cell.step(x, state.slice(offset, offset + layer.stateCount));
        offset += layer.stateCount;
        next.push(...result.state);
        x = result.output;
      }
      return { logits: this.output.apply(x) as tf.Tensor2D, state: next };
    });
  }

  trainableVariables(): tf.Variable[] {
    return [...(this.embedding?.trainableVariables() ?? []), ...this.rnn.trainableVariables(), ...this.output.trainableVariables()];
  }

  namedVariables(): Record<string, tf.Variable> {
    return {
      ...(this.embedding ? prefixed('embedding', this.embedding.namedVariables()) : {}),
      ...prefixed('rnn', this.rnn.namedVariables()),
      ...prefixed('output', this.output.namedVariables()),
    };
  }

  /** The order of a tfjs-layers `sequential([embedding?, rnn layers..., dense])`. */
  layersWeights(): tf.Variable[] {
    return [...(this.embedding?.layersWeights() ?? []), ...this.rnn.layersWeights(), ...this.output.layersWeights()];
  }

  dispose(): void {
    this.embedding?.dispose();
    this.rnn.dispose();
    this.output.dispose();
  }
}
