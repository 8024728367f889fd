/**
 * `show.attention(weights, sourceTokens, targetTokens)`: the seq2seq alignment heatmap;
 * `show.attentionPooling(weights, tokens)`: the weights of attention pooling over the input.
 * Weights come from the library's attention and pooling layers (tensors with a batch
 * dimension: the first sequence is shown) or plain arrays.
 */
import { tf } from '../../tf';
import { PAYLOAD_VERSION, type AttentionPayload } from '../../../protocol/payloads';
import { checkedPayload, RichOutput } from '../richOutput';
import { attentionSvg } from '../../../scenes/attention/attentionSvg';

export interface AttentionOptions {
  title?: string;
}

type Matrix = ArrayLike<ArrayLike<number>> | tf.Tensor;
type Tokens = readonly string[] | string;

const tokensOf = (t: Tokens) => (typeof t === 'string' ? [...t] : [...t]);
const round = (v: number) => Number(v.toPrecision(4));

/** `[target][source]` rows; a `[batch, target, source]` tensor gives its first sequence. */
function rowsOf(weights: Matrix, who: string): number[][] {
  if (weights instanceof tf.Tensor) {
    if (weights.rank === 3) return (weights.arraySync() as number[][][])[0];
    if (weights.rank === 2) return weights.arraySync() as number[][];
    if (weights.rank === 1) return [Array.from(weights.dataSync())];
    throw new Error(`${who}: expected weights [target, source] or [batch, target, source]; got shape [${weights.shape.join(', ')}]`);
  }
  return Array.from(weights as ArrayLike<ArrayLike<number>>, (row) => Array.from(row));
}

/** Attention weights of a seq2seq model, `α[t][i]` for target step t over source step i. */
export function attention(weights: Matrix, sourceTokens: Tokens, targetTokens: Tokens, options: AttentionOptions = {}): RichOutput<'attention'> {
  const rows = rowsOf(weights, 'show.attention');
  return attentionFromData({ mode: 'matrix', sourceTokens: tokensOf(sourceTokens), targetTokens: tokensOf(targetTokens), weights: rows.map((r) => r.map(round)), title: options.title });
}

/** Attention-pooling weights over the input tokens: `[source]`, or `[batch, source]` (first row). */
export function attentionPooling(weights: ArrayLike<number> | Matrix, tokens: Tokens, options: AttentionOptions = {}): RichOutput<'attention'> {
  const rows = weights instanceof tf.Tensor || typeof (weights as ArrayLike<unknown>)[0] !== 'number' ? rowsOf(weights as Matrix, 'show.attentionPooling') : [Array.from(weights as ArrayLike<number>)];
  return attentionFromData({ mode: 'pooling', sourceTokens: tokensOf(tokens), weights: [rows[0].map(round)], title: options.title });
}

/** Wraps attention data computed elsewhere (checked against the payload contract). */
export function attentionFromData(data: Omit<AttentionPayload, 'version' | 'kind'>): RichOutput<'attention'> {
  return new RichOutput(checkedPayload('attention', { ...data, version: PAYLOAD_VERSION, kind: 'attention' }, 'show.attention', 'the weights do not match the tokens'), attentionSvg, summary);
}

function summary(p: AttentionPayload): string {
  if (p.mode === 'pooling') {
    const best = p.weights[0].indexOf(Math.max(...p.weights[0]));
    return `attention pooling over ${p.sourceTokens.length} tokens; largest weight ${p.weights[0][best]} on '${p.sourceTokens[best]}'`;
  }
  const aligned = p.weights.map((row, t) => `${p.targetTokens?.[t]}←${p.sourceTokens[row.indexOf(Math.max(...row))]}`);
  return `attention ${p.weights.length} × ${p.sourceTokens.length}: ${aligned.join(' ')}`;
}
