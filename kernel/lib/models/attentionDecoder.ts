/**
 * The decoder of an encoder-decoder model, one output token per step, in the style of
 * Bahdanau, Cho & Bengio (2015). With s_{t-1} the previous decoder state, h_1..h_S the encoder's
 * states, y_{t-1} the previous target token (`<bos>` at t = 1) and E its embedding (or one-hot):
 *
 *   e_{t,i} = score(s_{t-1}, h_i)                      additive: vᵀ tanh(W s_{t-1} + U h_i)
 *                                                      dot: s_{t-1}ᵀ h_i
 *                                                      multiplicative (= general): s_{t-1}ᵀ W h_i
 *   α_{t,i} = exp(e_{t,i}) / Σ_{j real} exp(e_{t,j})   (padded source positions get α = 0)
 *   c_t     = Σ_i α_{t,i} h_i
 *   s_t     = R(s_{t-1}, [E y_{t-1} ; c_t])             R: the decoder cell (Elman, GRU or LSTM)
 *   z_t     = W_o [s_t ; c_t] + b_o,   P(y_t | y_<t, x) = softmax(z_t)
 *
 * With attention `'none'` (Cho et al. 2014's fixed context vector) c_t = c for every t, where c is
 * the encoder's summary of the whole sentence (its final state): all the decoder ever learns about
 * the source must pass through that one vector. Luong et al. score with the new state s_t; here
 * every score uses s_{t-1}, so all four variants share one step and differ only in `score`.
 *
 * Weights (row-vector layout, `x W`): the cell's `kernel` `[E + K, gates·H]` takes [E y ; c],
 * `output.kernel` `[H + K, V]` is W_oᵀ, with K the encoder state size and H the decoder's.
 */
import { tf } from '../tf';
import { tidyResult } from '../core/tidyResult';
import type { RecurrentState } from '../core/types';
import type { BaseCell } from '../cells/baseCell';
import { makeCell, type CellKind } from '../cells/makeCell';
import type { ElmanActivation } from '../cells/elman';
import { childSeed, randomSeed } from '../init/seeds';
import { expectShape } from '../core/expectShape';
import { AdditiveAttention } from '../attention/additive';
import { MultiplicativeAttention } from '../attention/multiplicative';
import { contextVector, maskedSoftmax } from '../attention/context';
import type { AttentionScorer } from '../attention/scorer';
import { Dense } from '../layers/dense';
import { Embedding, oneHot } from '../layers/embedding';
import { prefixed, type Module } from '../core/module';

/**
 * `'additive'` (Bahdanau), `'multiplicative'` (Luong's sᵀWh; `'general'` is Luong's own name for
 * it), `'dot'` (sᵀh, no weights) or `'none'` (a fixed context vector).
 */
export type AttentionKind = 'additive' | 'multiplicative' | 'general' | 'dot' | 'none';
export const attentionKinds: readonly AttentionKind[] = ['additive', 'multiplicative', 'general', 'dot', 'none'];

/** Throws unless `kind` is an attention kind, naming `owner` (the class the learner called). */
export function checkAttentionKind(owner: string, kind: unknown): AttentionKind {
  if (attentionKinds.includes(kind as AttentionKind)) return kind as AttentionKind;
  throw new Error(
    `${owner} attention must be 'additive' (Bahdanau, vᵀ tanh(W s + U h)), 'multiplicative' (Luong, sᵀ W h; also called 'general'), 'dot' (sᵀ h) or 'none' (a fixed context vector); got ${typeof kind === 'string' ? `'${kind}'` : String(kind)}`,
  );
}

export interface AttentionDecoderOptions {
  vocabSize: number;
  hiddenSize: number;
  /** Size K of each encoder state h_i (and of the summary). */
  contextSize: number;
  /** Default `'lstm'`. */
  cell?: CellKind;
  /** Default `'additive'`; see {@link AttentionKind}. */
  attention?: AttentionKind;
  /** Width of the additive score's hidden layer (length of v); default hiddenSize. */
  attentionSize?: number;
  /** Learned target embedding of this size; one-hot inputs when omitted. */
  embeddingSize?: number;
  activation?: ElmanActivation;
  forgetBias?: number;
  seed?: number;
}

/** The encoder side as one decoder step reads it; the tensors belong to whoever built the memory. */
export type DecoderMemory = {
  /** h_1..h_S `[batch, srcTime, contextSize]`. */
  keys: tf.Tensor3D;
  /** `[batch, srcTime]` float, 1 real, 0 padding. */
  mask: tf.Tensor2D;
  /** The fixed context c for attention `'none'`, `[batch, contextSize]`. */
  summary: tf.Tensor2D;
  /** U h_i, precomputed once per source for the additive score `[batch, srcTime, attentionSize]`. */
  projectedKeys?: tf.Tensor3D;
};

export type DecoderStepResult = {
  /** z_t `[batch, vocab]`. */
  logits: tf.Tensor2D;
  /** s_t (the cell's state list). */
  state: RecurrentState;
  /** c_t `[batch, contextSize]`. */
  context: tf.Tensor2D;
  /** α_t `[batch, srcTime]`; absent for attention `'none'`. */
  weights?: tf.Tensor2D;
};

export class AttentionDecoder implements Module {
  readonly vocabSize: number;
  readonly contextSize: number;
  readonly attentionKind: AttentionKind;
  readonly seed: number;
  readonly embedding?: Embedding;
  readonly cell: BaseCell;
  /** Absent for `'none'`. */
  readonly attention?: AttentionScorer;
  /** z_t = W_o [s_t ; c_t] + b_o. */
  readonly output: Dense;

  constructor(options: AttentionDecoderOptions) {
    if (options === null || typeof options !== 'object') throw new Error(`AttentionDecoder options must be an object like { vocabSize, hiddenSize, contextSize }; got ${String(options)}`);
    const { vocabSize, hiddenSize, contextSize } = options;
    for (const [name, value] of Object.entries({ vocabSize, hiddenSize, contextSize })) {
      if (!Number.isInteger(value) || value <= 0) throw new Error(`AttentionDecoder ${name} must be a positive integer; got ${String(value)}`);
    }
    this.vocabSize = vocabSize;
    this.contextSize = contextSize;
    this.attentionKind = checkAttentionKind('AttentionDecoder', options.attention ?? 'additive');
    this.seed = options.seed ?? randomSeed();
    if (options.embeddingSize !== undefined) {
      this.embedding = new Embedding({ vocabSize, embeddingSize: options.embeddingSize, seed: childSeed(this.seed, 'embedding') });
    }
    const inputSize = (this.embedding ? this.embedding.embeddingSize : vocabSize) + contextSize;
    this.cell = makeCell(options.cell ?? 'lstm', {
      inputSize, hiddenSize, activation: options.activation, forgetBias: options.forgetBias, seed: childSeed(this.seed, 'cell'),
    });
    const attentionSeed = childSeed(this.seed, 'attention');
    if (this.attentionKind === 'additive') {
      this.attention = new AdditiveAttention({ querySize: hiddenSize, keySize: contextSize, attentionSize: options.attentionSize ?? hiddenSize, seed: attentionSeed });
    } else if (this.attentionKind !== 'none') {
      const variant = this.attentionKind === 'dot' ? 'dot' : 'general';
      this.attention = new MultiplicativeAttention({ variant, querySize: hiddenSize, keySize: contextSize, seed: attentionSeed });
    }
    this.output = new Dense({ inputSize: hiddenSize + contextSize, units: vocabSize, seed: childSeed(this.seed, 'output') });
  }

  get hiddenSize(): number {
    return this.cell.hiddenSize;
  }

  /** Builds the memory the steps read from the encoder's states; the caller disposes `projectedKeys` if set. */
  memory(keys: tf.Tensor3D, mask: tf.Tensor2D, summary: tf.Tensor2D): DecoderMemory {
    expectShape('AttentionDecoder keys', keys, ['batch', 'srcTime', 'contextSize'], [undefined, undefined, this.contextSize]);
    const [batch, time] = keys.shape;
    expectShape('AttentionDecoder source mask', mask, ['batch', 'srcTime'], [batch, time]);
    expectShape('AttentionDecoder summary', summary, ['batch', 'contextSize'], [batch, this.contextSize]);
    const memory: DecoderMemory = { keys, mask, summary };
    if (this.attention instanceof AdditiveAttention) memory.projectedKeys = this.attention.projectKeys(keys);
    return memory;
  }

  /** previous tokens y_{t-1} `[batch]` int32 → `[batch, E]` (embedding or one-hot). */
  embed(tokens: tf.Tensor): tf.Tensor {
    return this.embedding ? this.embedding.apply(tokens) : oneHot(tokens, this.vocabSize);
  }

  /** One step: y_{t-1} `[batch]`, s_{t-1} → z_t, s_t, c_t and α_t (equations above). */
  step(previousTokens: tf.Tensor1D, state: RecurrentState, memory: DecoderMemory): DecoderStepResult {
    expectShape('AttentionDecoder previous tokens', previousTokens, ['batch'], [memory.keys.shape[0]]);
    return tidyResult(() => this.stepEmbedded(this.embed(previousTokens) as tf.Tensor2D, state, memory));
  }

  /** `step` from the embedded previous token E y_{t-1} `[batch, E]`. */
  private stepEmbedded(previous: tf.Tensor2D, state: RecurrentState, memory: DecoderMemory): DecoderStepResult {
    return tidyResult(() => {
      const query = state[0];
      let context: tf.Tensor2D;
      let weights: tf.Tensor2D | undefined;
      if (this.attention) {
        // e_{t,i} = score(s_{t-1}, h_i)
        const scores = this.attention instanceof AdditiveAttention
          ? this.attention.score(query, memory.keys, memory.projectedKeys)
          : this.attention.score(query, memory.keys);
        // α_{t,i} = softmax over the real source positions
        weights = maskedSoftmax(scores, memory.mask);
        // c_t = Σ_i α_{t,i} h_i
        context = contextVector(weights, memory.keys);
      } else {
        // c_t = c, the encoder's summary, at every step
        context = memory.summary;
      }
      // s_t = R(s_{t-1}, [E y_{t-1} ; c_t])
      const next = this.cell.step(tf.concat([previous, context], 1), state);
      // z_t = W_o [s_t ; c_t] + b_o
      const logits = this.output.apply(tf.concat([next.output, context], 1)) as tf.Tensor2D;
      const result: DecoderStepResult = { logits, state: next.state, context: tf.clone(context) };
      if (weights) result.weights = weights;
      return result;
    });
  }

  /**
   * Teacher forcing: previous tokens `[batch, tgtTime]` (`<bos>`, y_1, ..., y_{T-1}) from the
   * initial state s_0 → logits `[batch, tgtTime, vocab]`, the final state and, with attention,
   * α `[batch, tgtTime, srcTime]` (row t = where output step t looked).
   */
  unroll(previousTokens: tf.Tensor2D, initialState: RecurrentState, memory: DecoderMemory): { logits: tf.Tensor3D; attention?: tf.Tensor3D; finalState: RecurrentState } {
    expectShape('AttentionDecoder target inputs', previousTokens, ['batch', 'tgtTime'], [memory.keys.shape[0]]);
    return tidyResult(() => {
      // Embed all previous tokens at once: [batch, tgtTime, E], then one column per step.
      const columns = tf.unstack(this.embed(previousTokens), 1) as tf.Tensor2D[];
      let state = initialState;
      const logits: tf.Tensor2D[] = [];
      const weights: tf.Tensor2D[] = [];
      for (const previous of columns) {
        const step = this.stepEmbedded(previous, state, memory);
        state = step.state;
        logits.push(step.logits);
        if (step.weights) weights.push(step.weights);
        step.context.dispose();
      }
      const result: { logits: tf.Tensor3D; attention?: tf.Tensor3D; finalState: RecurrentState } = {
        logits: tf.stack(logits, 1) as tf.Tensor3D,
        finalState: state,
      };
      if (this.attention) result.attention = tf.stack(weights, 1) as tf.Tensor3D;
      return result;
    });
  }

  trainableVariables(): tf.Variable[] {
    return [
      ...(this.embedding?.trainableVariables() ?? []),
      ...this.cell.trainableVariables(),
      ...(this.attention?.trainableVariables() ?? []),
      ...this.output.trainableVariables(),
    ];
  }

  namedVariables(): Record<string, tf.Variable> {
    return {
      ...(this.embedding ? prefixed('embedding', this.embedding.namedVariables()) : {}),
      ...prefixed('cell', this.cell.namedVariables()),
      ...(this.attention ? prefixed('attention', this.attention.weights) : {}),
      ...prefixed('output', this.output.namedVariables()),
    };
  }

  /** Embedding, cell (kernel, recurrentKernel, bias), attention weights, output (kernel, bias). */
  layersWeights(): tf.Variable[] {
    return this.trainableVariables();
  }

  dispose(): void {
    this.embedding?.dispose();
    this.cell.dispose();
    this.attention?.dispose();
    this.output.dispose();
  }
}
