/**
 * An encoder-decoder (seq2seq) model for many-to-many tasks of different lengths (translation):
 *
 *   encoder:  h_i = R_enc(h_{i-1}, x_i), i = 1..S (optionally both directions, h_i = [h→_i ; h←_i])
 *   bridge:   s_0 = the encoder's final state, or tanh(W_b m + b_b) (see `stateBridge.ts`)
 *   decoder:  α_{t,i} = softmax_i(score(s_{t-1}, h_i)),  c_t = Σ_i α_{t,i} h_i
 *             s_t = R_dec(s_{t-1}, [E y_{t-1} ; c_t]),   P(y_t | y_<t, x) = softmax(W_o [s_t ; c_t] + b_o)
 *
 * (`attentionDecoder.ts` has the equations of each score.) Attention `'none'` replaces c_t by the
 * encoder's summary m at every step: the fixed-length context vector whose limits on long
 * sentences motivated attention.
 *
 * Training is maximum likelihood with teacher forcing: the decoder reads `<bos>, y_1, ..., y_{T-1}`
 * and predicts `y_1, ..., y_T, <eos>`. Decoding goes through `stepModelFor`, a `StepModel` that the
 * library's greedy, sampling and beam-search decoders drive unchanged.
 */
import { tf } from '../tf';
import { tidyResult } from '../core/tidyResult';
import type { CellKind } from '../cells/makeCell';
import { childSeed, randomSeed } from '../init/seeds';
import { expectShape } from '../core/expectShape';
import { prefixed, type Module } from '../core/module';
import { sequenceCrossEntropy } from '../train/losses';
import { beamSearch } from '../decode/beamSearch';
import { greedyDecode } from '../decode/greedy';
import { AttentionDecoder, type AttentionKind } from './attentionDecoder';
import { ConditionedDecoder } from './conditionedDecoder';
import { Encoder, type EncodedSource } from './encoder';
import { StateBridge, type BridgeKind } from './stateBridge';
import { checkSeq2SeqOptions } from './seq2seqOptions';

export interface Seq2SeqOptions {
  sourceVocabSize: number;
  targetVocabSize: number;
  /** Encoder state size per direction. */
  hiddenSize: number;
  /** Decoder state size; default `hiddenSize`. */
  decoderHiddenSize?: number;
  /** Cell of both sides (default `'lstm'`); `encoderCell`/`decoderCell` override one side. */
  cell?: CellKind;
  encoderCell?: CellKind;
  decoderCell?: CellKind;
  /** Bidirectional encoder (default false). */
  bidirectional?: boolean;
  /**
   * `'additive'` (default, Bahdanau), `'multiplicative'` (Luong's sᵀWh, also called `'general'`),
   * `'dot'` (sᵀh: needs decoderHiddenSize equal to the encoder's state size) or `'none'` (fixed context vector).
   */
  attention?: AttentionKind;
  /** Width of the additive score's hidden layer; default the decoder's hidden size. */
  attentionSize?: number;
  /** Learned embeddings of this size on both sides; one-hot inputs when omitted. */
  embeddingSize?: number;
  /** How s_0 comes from the encoder (default `'auto'`). */
  bridge?: BridgeKind;
  /** The id the decoder starts from (default 2, `Vocabulary`'s `<bos>`). */
  startToken?: number;
  /** The id that ends a translation (default 3, `Vocabulary`'s `<eos>`). */
  endToken?: number;
  /** Same seed → same weights. Random when omitted (read back `model.seed`). */
  seed?: number;
}

export interface Seq2SeqOutput {
  /** z_t for every target step, `[batch, tgtTime, targetVocab]`. */
  logits: tf.Tensor3D;
  /** α `[batch, tgtTime, srcTime]` (rows of padded target steps are zero); absent for attention `'none'`. */
  attention?: tf.Tensor3D;
}

export interface TranslateOptions {
  /** Most tokens to generate (the end token included). */
  maxLength: number;
  /** 1 (default) decodes greedily; more keeps that many hypotheses (beam search). */
  beamWidth?: number;
  /** Beam search's α in score / |y|^α (default 0). */
  lengthPenalty?: number;
}

export interface Translation {
  /** Generated target ids, ending with the end token when one was produced. */
  tokens: number[];
  /** log P(tokens | source). */
  logProb: number;
  /** α, one row per generated token, one column per source token; absent for attention `'none'`. */
  attention?: number[][];
  /** True when the end token was generated within `maxLength`. */
  finished: boolean;
  interrupted: boolean;
}

export class Seq2Seq implements Module {
  readonly seed: number;
  readonly startToken: number;
  readonly endToken: number;
  readonly encoder: Encoder;
  readonly decoder: AttentionDecoder;
  readonly bridge: StateBridge;

  constructor(options: Seq2SeqOptions) {
    checkSeq2SeqOptions(options);
    this.seed = options.seed ?? randomSeed();
    this.startToken = options.startToken ?? 2;
    this.endToken = options.endToken ?? 3;
    for (const [name, id] of [['startToken', this.startToken], ['endToken', this.endToken]] as const) {
      if (!Number.isInteger(id) || id < 0 || id >= options.targetVocabSize) {
        throw new Error(`Seq2Seq ${name} must be a target id in [0, ${options.targetVocabSize}); got ${String(id)}`);
      }
    }
    this.encoder = new Encoder({
      vocabSize: options.sourceVocabSize,
      hiddenSize: options.hiddenSize,
      cell: options.encoderCell ?? options.cell,
      bidirectional: options.bidirectional,
      embeddingSize: options.embeddingSize,
      seed: childSeed(this.seed, 'encoder'),
    });
    this.decoder = new AttentionDecoder({
      vocabSize: options.targetVocabSize,
      hiddenSize: options.decoderHiddenSize ?? options.hiddenSize,
      contextSize: this.encoder.outputSize,
      cell: options.decoderCell ?? options.cell,
      attention: options.attention,
      attentionSize: options.attentionSize,
      embeddingSize: options.embeddingSize,
      seed: childSeed(this.seed, 'decoder'),
    });
    this.bridge = new StateBridge(this.encoder, this.decoder, options.bridge ?? 'auto', childSeed(this.seed, 'bridge'));
  }

  get attentionKind(): AttentionKind {
    return this.decoder.attentionKind;
  }

  /** source ids `[batch, srcTime]`, mask `[batch, srcTime]` (optional) → h_1..h_S, mask, summary, final state. */
  encode(source: tf.Tensor2D, sourceMask?: tf.Tensor2D): EncodedSource {
    return this.encoder.encode(source, sourceMask);
  }

  /**
   * Teacher-forced pass. source `[batch, srcTime]` int32 with `sourceMask` (1 real, 0 padding;
   * undefined = all real), targetInputs `[batch, tgtTime]` int32 (`<bos>` y_1 ... y_{T-1}, padded),
   * targetMask `[batch, tgtTime]` (optional; only zeroes the attention rows of padded steps).
   */
  forward(source: tf.Tensor2D, sourceMask: tf.Tensor2D | undefined, targetInputs: tf.Tensor2D, targetMask?: tf.Tensor2D): Seq2SeqOutput {
    expectShape('Seq2Seq targetInputs', targetInputs, ['batch', 'tgtTime'], [source.shape[0]]);
    if (targetMask !== undefined) expectShape('Seq2Seq targetMask', targetMask, ['batch', 'tgtTime'], targetInputs.shape);
    return tidyResult(() => {
      const encoded = this.encode(source, sourceMask);
      const memory = this.decoder.memory(encoded.states, encoded.mask, encoded.summary);
      const out = this.decoder.unroll(targetInputs, this.bridge.initialState(encoded), memory);
      const result: Seq2SeqOutput = { logits: out.logits };
      if (out.attention) {
        result.attention = targetMask
          ? (tf.mul(out.attention, tf.expandDims(tf.cast(tf.notEqual(targetMask, 0), 'float32'), 2)) as tf.Tensor3D)
          : out.attention;
      }
      return result;
    });
  }

  /**
   * Mean cross-entropy over the real target steps (`sequenceCrossEntropy`):
   * Σ_{b,t} m_{b,t} · −log P(y_{b,t} | y_{b,<t}, x_b) / Σ m. targetOutputs `[batch, tgtTime]` int32
   * (y_1 ... y_T `<eos>`, padded), targetMask `[batch, tgtTime]`.
   */
  loss(source: tf.Tensor2D, sourceMask: tf.Tensor2D | undefined, targetInputs: tf.Tensor2D, targetOutputs: tf.Tensor2D, targetMask?: tf.Tensor2D): tf.Scalar {
    return tidyResult(() => {
      const { logits } = this.forward(source, sourceMask, targetInputs);
      return sequenceCrossEntropy(logits, targetOutputs, targetMask);
    });
  }

  /**
   * The decoder conditioned on `source`, as a `StepModel`: `initialState` is the bridged s_0,
   * `step(y_{t-1}, s_{t-1})` attends over this source. Dispose it when done.
   */
  stepModelFor(source: tf.Tensor2D, sourceMask?: tf.Tensor2D): ConditionedDecoder {
    const { memory, startState } = tidyResult(() => {
      const encoded = this.encode(source, sourceMask);
      return { memory: this.decoder.memory(encoded.states, encoded.mask, encoded.summary), startState: this.bridge.initialState(encoded) };
    });
    return new ConditionedDecoder(this.decoder, memory, startState);
  }

  /**
   * Translates one source sentence (ids, no padding): greedy or beam search from `startToken`
   * until `endToken` or `maxLength`. The attention matrix is that of the returned tokens: row t is
   * α_t computed from the decoder state after the tokens before it.
   */
  translate(source: ArrayLike<number>, options: TranslateOptions): Translation {
    const ids = Array.from(source ?? []);
    if (ids.length === 0) throw new Error('Seq2Seq.translate: the source must hold at least one token id');
    const beamWidth = options?.beamWidth ?? 1;
    const src = tf.tensor2d([ids], [1, ids.length], 'int32');
    try {
      const stepModel = this.stepModelFor(src);
      let decoded: { tokens: number[]; logProb: number; finished: boolean; interrupted: boolean };
      try {
        const common = { prompt: [this.startToken], maxLength: options.maxLength, endToken: this.endToken };
        if (beamWidth === 1) {
          decoded = greedyDecode(stepModel, common);
        } else {
          const search = beamSearch(stepModel, { ...common, beamWidth, lengthPenalty: options.lengthPenalty, returnCount: 1 });
          const best = search.sequences[0] ?? { tokens: [], logProb: 0, finished: false };
          decoded = { tokens: best.tokens, logProb: best.logProb, finished: best.finished, interrupted: search.interrupted };
        }
      } finally {
        stepModel.dispose();
      }
      const translation: Translation = { tokens: decoded.tokens, logProb: decoded.logProb, finished: decoded.finished, interrupted: decoded.interrupted };
      if (this.decoder.attention && decoded.tokens.length > 0) translation.attention = this.attentionFor(src, decoded.tokens);
      return translation;
    } finally {
      src.dispose();
    }
  }

  /** α of generating `tokens` after `<bos>` from `source` `[1, srcTime]`, as `[tokens][srcTime]`. */
  private attentionFor(source: tf.Tensor2D, tokens: number[]): number[][] {
    return tidyResult(() => {
      const previous = tf.tensor2d([[this.startToken, ...tokens.slice(0, -1)]], [1, tokens.length], 'int32');
      const { attention } = this.forward(source, undefined, previous);
      return (attention as tf.Tensor3D).arraySync()[0];
    });
  }

  trainableVariables(): tf.Variable[] {
    return [...this.encoder.trainableVariables(), ...this.bridge.trainableVariables(), ...this.decoder.trainableVariables()];
  }

  namedVariables(): Record<string, tf.Variable> {
    return {
      ...prefixed('encoder', this.encoder.namedVariables()),
      ...prefixed('bridge', this.bridge.namedVariables()),
      ...prefixed('decoder', this.decoder.namedVariables()),
    };
  }

  /** Encoder, bridge, decoder, each in its own order. */
  layersWeights(): tf.Variable[] {
    return [...this.encoder.layersWeights(), ...this.bridge.layersWeights(), ...this.decoder.layersWeights()];
  }

  dispose(): void {
    this.encoder.dispose();
    this.bridge.dispose();
    this.decoder.dispose();
  }
}
