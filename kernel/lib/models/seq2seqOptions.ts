/**
 * The checks of `new Seq2Seq(options)`, made before any part is built so that a wrong option is
 * named as the learner wrote it (`Seq2Seq hiddenSize ...`), not by the encoder, decoder or
 * attention class it would otherwise first reach.
 */
import { cellKinds, type CellKind } from '../cells/makeCell';
import { checkAttentionKind } from './attentionDecoder';
import type { Seq2SeqOptions } from './seq2seq';

/** Throws an `Error` naming `Seq2Seq`, the option, what it must be and what arrived. */
export function checkSeq2SeqOptions(options: Seq2SeqOptions): void {
  if (options === null || typeof options !== 'object') {
    throw new Error(`Seq2Seq options must be an object like { sourceVocabSize, targetVocabSize, hiddenSize }; got ${String(options)}`);
  }
  const sizes = {
    sourceVocabSize: options.sourceVocabSize,
    targetVocabSize: options.targetVocabSize,
    hiddenSize: options.hiddenSize,
    decoderHiddenSize: options.decoderHiddenSize ?? options.hiddenSize,
    embeddingSize: options.embeddingSize ?? 1,
    attentionSize: options.attentionSize ?? 1,
  };
  for (const [name, value] of Object.entries(sizes)) {
    if (!Number.isInteger(value) || value <= 0) throw new Error(`Seq2Seq ${name} must be a positive integer; got ${String(value)}`);
  }
  for (const name of ['cell', 'encoderCell', 'decoderCell'] as const) {
    const kind = options[name];
    if (kind !== undefined && !cellKinds.includes(kind as CellKind)) {
      throw new Error(`Seq2Seq ${name} must be one of ${cellKinds.map((k) => `'${k}'`).join(', ')}; got '${String(kind)}'`);
    }
  }
  const attention = checkAttentionKind('Seq2Seq', options.attention ?? 'additive');
  const encoderSize = sizes.hiddenSize * (options.bidirectional ? 2 : 1);
  if (attention === 'dot' && sizes.decoderHiddenSize !== encoderSize) {
    const encoder = options.bidirectional ? `${encoderSize} = 2 × hiddenSize ${sizes.hiddenSize}, one per direction` : `hiddenSize ${encoderSize}`;
    throw new Error(
      `Seq2Seq attention 'dot' scores sᵀh, so the decoder state must be as long as each encoder state: decoderHiddenSize is ${sizes.decoderHiddenSize}, the encoder states have ${encoder}; set decoderHiddenSize: ${encoderSize}, or use attention 'multiplicative' (sᵀWh, any sizes)`,
    );
  }
  const bridge = options.bridge ?? 'auto';
  if (bridge !== 'auto' && bridge !== 'copy' && bridge !== 'dense') throw new Error(`Seq2Seq bridge must be 'auto', 'copy' or 'dense'; got '${String(bridge)}'`);
}
