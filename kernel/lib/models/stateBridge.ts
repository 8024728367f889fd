/**
 * How the decoder's initial state s_0 comes from the encoder:
 *
 *   'copy'   s_0 = the encoder's final state (h_S, and c_S for an LSTM), as Sutskever et al. 2014.
 *            Needs one direction, the same cell kind and the same hidden size on both sides.
 *   'dense'  h_0 = tanh(W_b m + b_b), with m the encoder's summary ([h→_S ; h←_1] when
 *            bidirectional), as Bahdanau et al. 2015 (who used s_0 = tanh(W_s h←_1)); an LSTM
 *            decoder's memory cell starts at c_0 = 0.
 *
 * `'auto'` copies when it can and uses the dense bridge otherwise.
 */
import { tf } from '../tf';
import type { RecurrentState } from '../core/types';
import { Dense } from '../layers/dense';
import { prefixed, type Module } from '../core/module';
import type { EncodedSource, Encoder } from './encoder';
import type { AttentionDecoder } from './attentionDecoder';

export type BridgeKind = 'auto' | 'copy' | 'dense';

export class StateBridge implements Module {
  readonly kind: 'copy' | 'dense';
  /** W_b `[summary, decoderHidden]`, b_b; absent when copying. */
  readonly dense?: Dense;
  private readonly decoderStates: number;

  constructor(encoder: Encoder, decoder: AttentionDecoder, requested: BridgeKind, seed: number) {
    if (requested !== 'auto' && requested !== 'copy' && requested !== 'dense') throw new Error(`bridge must be 'auto', 'copy' or 'dense'; got '${String(requested)}'`);
    const canCopy = !encoder.bidirectional && encoder.cellKind === decoder.cell.kind && encoder.hiddenSize === decoder.hiddenSize;
    if (requested === 'copy' && !canCopy) {
      throw new Error(
        `bridge 'copy' needs a one-direction encoder with the decoder's cell kind and hidden size; got encoder ${encoder.bidirectional ? 'bidirectional ' : ''}${encoder.cellKind} ${encoder.hiddenSize}, decoder ${decoder.cell.kind} ${decoder.hiddenSize}; use bridge 'dense'`,
      );
    }
    this.kind = requested === 'dense' || !canCopy ? 'dense' : 'copy';
    this.decoderStates = decoder.cell.stateNames.length;
    if (this.kind === 'dense') {
      this.dense = new Dense({ inputSize: encoder.outputSize, units: decoder.hiddenSize, activation: 'tanh', seed });
    }
  }

  /** s_0 for the decoder, one tensor per decoder state name, each `[batch, decoderHidden]`. */
  initialState(encoded: EncodedSource): RecurrentState {
    return tf.tidy(() => {
      if (!this.dense) return encoded.finalState.map((s) => tf.clone(s));
      // h_0 = tanh(W_b m + b_b)
      const h0 = this.dense.apply(encoded.summary) as tf.Tensor2D;
      // c_0 = 0 for an LSTM decoder
      return [h0, ...Array.from({ length: this.decoderStates - 1 }, () => tf.zerosLike(h0))];
    });
  }

  trainableVariables(): tf.Variable[] {
    return this.dense?.trainableVariables() ?? [];
  }
  namedVariables(): Record<string, tf.Variable> {
    return this.dense ? prefixed('dense', this.dense.namedVariables()) : {};
  }
  layersWeights(): tf.Variable[] {
    return this.trainableVariables();
  }
  dispose(): void {
    this.dense?.dispose();
  }
}
