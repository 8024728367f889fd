/**
 * The encoder of an encoder-decoder (seq2seq) model: source tokens → one-hot vectors or a learned
 * embedding → a recurrent layer, one or both directions,
 *
 *   h_i = R(h_{i-1}, x_i)                                   (one direction)
 *   h_i = [h→_i ; h←_i]                                    (bidirectional, Bahdanau et al. 2015)
 *
 * It returns every position's state h_1..h_S (what attention reads), the summary of the whole
 * sentence (h_S, or [h→_S ; h←_1] when bidirectional: the "fixed-length context vector" of
 * Cho et al. / Sutskever et al. 2014), and the final recurrent state (for copying into the decoder).
 * With a source mask, padded positions change no state and their h_i are zero.
 */
import { tf } from '../tf';
import { tidyResult } from '../core/tidyResult';
import type { RecurrentState } from '../core/types';
import { makeCell, type CellKind } from '../cells/makeCell';
import type { ElmanActivation } from '../cells/elman';
import { childSeed, randomSeed } from '../init/seeds';
import { expectShape } from '../core/expectShape';
import { Bidirectional } from '../layers/bidirectional';
import { Embedding, oneHot } from '../layers/embedding';
import { prefixed, type Module } from '../core/module';
import { RNN } from '../layers/sequence';

export interface EncoderOptions {
  vocabSize: number;
  /** State size of each direction. */
  hiddenSize: number;
  /** Default `'lstm'`. */
  cell?: CellKind;
  /** Read the source both ways and concatenate the states (default false). */
  bidirectional?: boolean;
  /** Learned embedding of this size; one-hot inputs when omitted. */
  embeddingSize?: number;
  /** Elman cells only. */
  activation?: ElmanActivation;
  /** LSTM cells only (default 1). */
  forgetBias?: number;
  seed?: number;
}

/** What the decoder reads; all tensors belong to the caller (`disposeEncoded` frees them). */
export type EncodedSource = {
  /** h_1..h_S, `[batch, srcTime, outputSize]`; zero at padded positions. */
  states: tf.Tensor3D;
  /** `[batch, srcTime]` float, 1 = real position, 0 = padding (all ones when no mask was given). */
  mask: tf.Tensor2D;
  /** The sentence summary `[batch, outputSize]`: h at the last real position (both directions' ends when bidirectional). */
  summary: tf.Tensor2D;
  /** The recurrent state after the last real position (forward states, then backward states). */
  finalState: RecurrentState;
};

export function disposeEncoded(encoded: EncodedSource): void {
  tf.dispose([encoded.states, encoded.mask, encoded.summary, ...encoded.finalState]);
}

export class Encoder implements Module {
  readonly vocabSize: number;
  readonly cellKind: CellKind;
  readonly hiddenSize: number;
  readonly bidirectional: boolean;
  readonly seed: number;
  readonly embedding?: Embedding;
  readonly rnn: RNN | Bidirectional;

  constructor(options: EncoderOptions) {
    if (options === null || typeof options !== 'object') throw new Error(`Encoder options must be an object like { vocabSize, hiddenSize }; got ${String(options)}`);
    if (!Number.isInteger(options.vocabSize) || options.vocabSize <= 0) throw new Error(`Encoder vocabSize must be a positive integer; got ${String(options.vocabSize)}`);
    this.vocabSize = options.vocabSize;
    this.cellKind = options.cell ?? 'lstm';
    this.hiddenSize = options.hiddenSize;
    this.bidirectional = options.bidirectional ?? false;
    this.seed = options.seed ?? randomSeed();
    if (options.embeddingSize !== undefined) {
      this.embedding = new Embedding({ vocabSize: this.vocabSize, embeddingSize: options.embeddingSize, seed: childSeed(this.seed, 'embedding') });
    }
    const cellOptions = {
      inputSize: this.embedding ? this.embedding.embeddingSize : this.vocabSize,
      hiddenSize: options.hiddenSize,
      activation: options.activation,
      forgetBias: options.forgetBias,
    };
    this.rnn = this.bidirectional
      ? new Bidirectional({ ...cellOptions, cell: this.cellKind, merge: 'concat', seed: childSeed(this.seed, 'rnn') })
      : new RNN(makeCell(this.cellKind, { ...cellOptions, seed: childSeed(this.seed, 'cell') }), { seed: childSeed(this.seed, 'rnn') });
  }

  /** Size K of each h_i: hiddenSize, or 2·hiddenSize when bidirectional. */
  get outputSize(): number {
    return this.rnn.outputSize;
  }

  /**
   * source token ids `[batch, srcTime]` (int32), mask `[batch, srcTime]` (1 real, 0 padding at
   * the end; optional) → the states, mask, summary and final state (see `EncodedSource`).
   */
  encode(source: tf.Tensor2D, mask?: tf.Tensor2D): EncodedSource {
    expectShape('Encoder source', source, ['batch', 'srcTime']);
    const [batch, time] = source.shape;
    if (time === 0) throw new Error('Encoder: the source must hold at least one position');
    if (mask !== undefined) expectShape('Encoder source mask', mask, ['batch', 'srcTime'], [batch, time]);
    return tidyResult(() => {
      const x = (this.embedding ? this.embedding.apply(source) : oneHot(source, this.vocabSize)) as tf.Tensor3D;
      const result = this.rnn.apply(x, { mask });
      const encoded: EncodedSource = {
        states: result.outputs,
        mask: mask ? (tf.cast(tf.notEqual(mask, 0), 'float32') as tf.Tensor2D) : tf.ones([batch, time]),
        summary: result.last,
        finalState: result.finalState,
      };
      return encoded;
    });
  }

  trainableVariables(): tf.Variable[] {
    return [...(this.embedding?.trainableVariables() ?? []), ...this.rnn.trainableVariables()];
  }

  namedVariables(): Record<string, tf.Variable> {
    return {
      ...(this.embedding ? prefixed('embedding', this.embedding.namedVariables()) : {}),
      ...prefixed('rnn', this.rnn.namedVariables()),
    };
  }

  /** tfjs-layers order: embedding (if any), then the recurrent layer. */
  layersWeights(): tf.Variable[] {
    return [...(this.embedding?.layersWeights() ?? []), ...this.rnn.layersWeights()];
  }

  dispose(): void {
    this.embedding?.dispose();
    this.rnn.dispose();
  }
}
