/**
 * `show.tags(tokens, predicted, { gold, trellis })`: tokens with predicted and gold tags
 * (B-I-O spans underlined, invalid transitions flagged) and the Viterbi trellis with the best
 * path. `predicted` may be tag names, tag ids (with `tagNames`), or a CRF decoding
 * (`crf.decode(...)`: its first sequence's path and trellis are used).
 */
import { PAYLOAD_VERSION, type TaggingPayload, type ViterbiTrellis } from '../../../protocol/payloads';
import { roundValue } from '../../../scenes/format';
import { checkedPayload, RichOutput } from '../richOutput';
import { taggingSvg } from '../../../scenes/tagging/taggingSvg';

/** The library's Viterbi trellis: δ scores and back-pointers per step. */
export interface TrellisSource {
  scores: readonly (readonly number[])[];
  backPointers: readonly (readonly number[])[];
}

/** The parts of a CRF decoding `show.tags` reads (`LinearChainCRF.decode` / `CRFTagger.decode`). */
export interface DecodingSource {
  paths: number[][];
  trellises: TrellisSource[];
  tags?: string[][];
}

export interface TagsOptions {
  gold?: readonly string[] | readonly number[];
  /** Tag id → name, for ids and for the trellis rows. */
  tagNames?: readonly string[];
  /** A Viterbi result (`viterbi(...)`: `{ path, trellis }`) or a bare trellis with its best path. */
  trellis?: { path: number[]; trellis: TrellisSource } | (TrellisSource & { path: number[] });
  title?: string;
  /** Name of the first tag row (default 'predicted'), e.g. 'gold' when showing reference tags. */
  label?: string;
}

function names(tags: readonly (string | number)[], tagNames: readonly string[] | undefined, what: string): string[] {
  return tags.map((tag, t) => {
    if (typeof tag === 'string') return tag;
    const name = tagNames?.[tag];
    if (name === undefined) throw new Error(`show.tags: ${what}[${t}] is tag id ${tag}; pass tagNames to name the ids`);
    return name;
  });
}

function isDecoding(x: unknown): x is DecodingSource {
  return typeof x === 'object' && x !== null && 'paths' in x && 'trellises' in x;
}

function trellisOf(trellis: TrellisSource, path: number[], tagNames: readonly string[] | undefined): ViterbiTrellis {
  const K = trellis.scores[0]?.length ?? 0;
  return {
    tags: tagNames ? [...tagNames] : Array.from({ length: K }, (_, k) => String(k)),
    scores: trellis.scores.map((row) => row.map((v) => roundValue(v))),
    backpointers: trellis.backPointers.map((row) => [...row]),
    bestPath: [...path],
  };
}

export function tags(tokens: readonly string[], predicted: readonly string[] | readonly number[] | DecodingSource, options: TagsOptions = {}): RichOutput<'tagging'> {
  let predictedNames: string[];
  let trellis: ViterbiTrellis | undefined;
  if (isDecoding(predicted)) {
    const path = predicted.paths[0];
    if (!path) throw new Error('show.tags: the decoding has no sequences');
    predictedNames = predicted.tags?.[0] ?? names(path, options.tagNames, 'predicted');
    trellis = trellisOf(predicted.trellises[0], path, options.tagNames);
  } else {
    predictedNames = names(predicted, options.tagNames, 'predicted');
  }
  if (options.trellis) {
    const source = 'trellis' in options.trellis ? options.trellis.trellis : options.trellis;
    trellis = trellisOf(source, options.trellis.path, options.tagNames);
  }
  return tagsFromData({
    tokens: [...tokens],
    predicted: predictedNames,
    label: options.label,
    gold: options.gold ? names(options.gold, options.tagNames, 'gold') : undefined,
    trellis,
    title: options.title,
  });
}

/** Wraps tagging data computed elsewhere (checked against the payload contract). */
export function tagsFromData(data: Omit<TaggingPayload, 'version' | 'kind'>): RichOutput<'tagging'> {
  return new RichOutput(checkedPayload('tagging', { ...data, version: PAYLOAD_VERSION, kind: 'tagging' }, 'show.tags', 'the data does not match the tagging payload'), taggingSvg, summary);
}

function summary(p: TaggingPayload): string {
  const line = p.tokens.map((tok, t) => `${tok}/${p.predicted[t]}`).join(' ');
  if (!p.gold) return line;
  const correct = p.predicted.filter((tag, t) => tag === p.gold![t]).length;
  return `${line}\n${correct}/${p.tokens.length} tags match the gold tags`;
}
