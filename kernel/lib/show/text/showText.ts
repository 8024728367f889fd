/**
 * `show.text(samples)`: generated text coloured by the probability the model gave each token
 * (or by entropy), top-k alternatives on hover, several samples side by side;
 * `show.beamTree(result)`: the beam-search tree with the chosen path;
 * `show.hiddenUnits(...)`: text coloured by one unit's activation;
 * `show.generation({ samples, beam, hiddenUnits })`: any of them in one output.
 * Inputs are the decoders' results (`sample`, `greedyDecode` with `recordDistributions`,
 * `beamSearch`) or plain arrays.
 */
import { tf } from '../../tf';
import { PAYLOAD_VERSION, type BeamTree, type HiddenUnitView, type TextPayload, type TextSample, type TextToken, type Value } from '../../../protocol/payloads';
import { roundValue, roundVector } from '../../../scenes/format';
import { checkedPayload, RichOutput } from '../richOutput';
import { textSvg } from '../../../scenes/text/textSvg';

/** Token id → text: a list indexed by id, or a function. */
export type Vocabulary = readonly string[] | ((id: number) => string);

/**
 * One sample: a decoder result (`tokens` as ids, `logProbs`, optional `distributions`) or plain
 * text tokens with `probabilities`; with a label (default `T = <temperature>` or `sample k`).
 */
export interface SampleSource {
  tokens: ArrayLike<number> | readonly string[];
  logProbs?: ArrayLike<number>;
  probabilities?: ArrayLike<number>;
  /** p(· | prefix) before each token, `[vocab]` each. */
  distributions?: ArrayLike<ArrayLike<number>>;
  label?: string;
  temperature?: number;
  /** Conditioning text (or ids) shown before the sample. */
  prompt?: string | ArrayLike<number>;
}

export interface TextOptions {
  vocabulary?: Vocabulary;
  /** Alternatives kept per token (default 5). */
  topK?: number;
  title?: string;
}

function decoder(vocabulary: Vocabulary | undefined): (id: number) => string {
  if (typeof vocabulary === 'function') return vocabulary;
  if (vocabulary) return (id) => vocabulary[id] ?? `⟨${id}⟩`;
  return (id) => `⟨${id}⟩`;
}

function entropyOf(dist: ArrayLike<number>): number {
  let h = 0;
  for (let i = 0; i < dist.length; i++) if (dist[i] > 0) h -= dist[i] * Math.log(dist[i]);
  return h;
}

function topK(dist: ArrayLike<number>, k: number, text: (id: number) => string): { text: string; probability: Value }[] {
  const ids = Array.from({ length: dist.length }, (_, i) => i)
    .sort((a, b) => dist[b] - dist[a])
    .slice(0, k);
  return ids.map((id) => ({ text: text(id), probability: roundValue(dist[id]) }));
}

function sampleOf(source: SampleSource, index: number, options: TextOptions): TextSample {
  const text = decoder(options.vocabulary);
  const k = options.topK ?? 5;
  if (!source || typeof source.tokens !== 'object' || typeof source.tokens.length !== 'number') {
    throw new Error(`show.text: sample ${index + 1} needs tokens (ids or strings); got ${source === null ? 'null' : typeof source}`);
  }
  const ids = Array.from(source.tokens as ArrayLike<number | string>);
  const given = source.distributions ?? source.logProbs ?? source.probabilities;
  if (given === undefined) throw new Error(`show.text: sample ${index + 1} needs logProbs, probabilities or distributions (decode with recordDistributions: true)`);
  if (given.length < ids.length) throw new Error(`show.text: sample ${index + 1} has ${ids.length} tokens but fewer probabilities (${given.length})`);
  const tokens: TextToken[] = ids.map((token, t) => {
    const dist = source.distributions?.[t];
    const p = dist && typeof token === 'number' ? dist[token] : source.logProbs ? Math.exp(source.logProbs[t]) : (source.probabilities?.[t] ?? NaN);
    return {
      text: typeof token === 'number' ? text(token) : token,
      probability: roundValue(p),
      entropy: dist ? roundValue(entropyOf(dist)) : null,
      alternatives: dist ? topK(dist, k, text) : [],
    };
  });
  const prompt = source.prompt === undefined ? undefined : typeof source.prompt === 'string' ? source.prompt : Array.from(source.prompt, text).join('');
  const label = source.label ?? (source.temperature !== undefined ? `T = ${source.temperature}` : `sample ${index + 1}`);
  return { label, temperature: source.temperature, prompt, tokens };
}

/** Generated text coloured by probability (or entropy), several samples side by side. */
export function text(samples: SampleSource | SampleSource[], options: TextOptions = {}): RichOutput<'text'> {
  return generation({ samples: Array.isArray(samples) ? samples : [samples] }, options);
}

/** The shape of `beamSearch(...)`'s result that the tree needs. */
export interface BeamSource {
  tree: { id: number; parentId: number | null; token: number; cumulativeLogProb: number; normalizedScore: number; step: number; finished: boolean }[];
  sequences: { nodeId: number }[];
}

function beamOf(result: BeamSource, options: TextOptions & { beamWidth?: number }): BeamTree {
  if (!result || !Array.isArray(result.tree) || !Array.isArray(result.sequences)) throw new Error('show.beamTree: expected a beamSearch result { tree, sequences }');
  const text = decoder(options.vocabulary);
  const byId = new Map(result.tree.map((n) => [n.id, n]));
  const chosen: number[] = [];
  for (let id: number | null = result.sequences[0]?.nodeId ?? null; id !== null; id = byId.get(id)?.parentId ?? null) chosen.unshift(id);
  const perStep = new Map<number, number>();
  for (const n of result.tree) if (n.step > 0) perStep.set(n.step, (perStep.get(n.step) ?? 0) + 1);
  return {
    beamWidth: options.beamWidth ?? Math.max(1, ...perStep.values()),
    nodes: result.tree.map((n) => ({ id: n.id, parent: n.parentId, token: text(n.token), step: n.step, logProb: roundValue(n.cumulativeLogProb), score: roundValue(n.normalizedScore), finished: n.finished })),
    chosen,
  };
}

/** The beam-search tree with scores and the chosen path. */
export function beamTree(result: BeamSource, options: TextOptions & { beamWidth?: number } = {}): RichOutput<'text'> {
  return generation({ beam: result }, options);
}

/** Tokens and `[time][unit]` activations (array or `[time, hidden]` tensor), e.g. an LSTM's `c_t`. */
export interface HiddenUnitSource {
  tokens: readonly string[] | string;
  activations: ArrayLike<ArrayLike<number>> | tf.Tensor;
  /** Which state the activations are (default `h`). */
  source?: string;
  /** Unit shown first (default: the unit with the largest activation variance). */
  unit?: number;
}

function hiddenOf(src: HiddenUnitSource): HiddenUnitView {
  const tokens = typeof src.tokens === 'string' ? [...src.tokens] : [...src.tokens];
  const rows = src.activations instanceof tf.Tensor ? (src.activations.arraySync() as number[][]) : Array.from(src.activations, (r) => Array.from(r));
  if (rows.length !== tokens.length) throw new Error(`show.hiddenUnits: ${tokens.length} tokens but ${rows.length} rows of activations (expected one row per token)`);
  const units = rows[0]?.length ?? 0;
  if (units === 0) throw new Error('show.hiddenUnits: activations have no units');
  const variance = (u: number) => {
    const m = rows.reduce((a, r) => a + r[u], 0) / rows.length;
    return rows.reduce((a, r) => a + (r[u] - m) ** 2, 0);
  };
  const unit = src.unit ?? Array.from({ length: units }, (_, u) => u).reduce((best, u) => (variance(u) > variance(best) ? u : best), 0);
  return { tokens, activations: rows.map((r) => roundVector(r)), source: src.source ?? 'h', selectedUnit: unit };
}

/** Text coloured by one hidden unit's activation, the unit selectable. */
export function hiddenUnits(source: HiddenUnitSource, options: TextOptions = {}): RichOutput<'text'> {
  return generation({ hiddenUnits: source }, options);
}

/** Samples, beam tree and hidden-unit view in one output (any subset). */
export function generation(parts: { samples?: SampleSource[]; beam?: BeamSource; hiddenUnits?: HiddenUnitSource }, options: TextOptions & { beamWidth?: number } = {}): RichOutput<'text'> {
  const payload: TextPayload = { version: PAYLOAD_VERSION, kind: 'text', title: options.title };
  if (parts.samples) payload.samples = parts.samples.map((s, i) => sampleOf(s, i, options));
  if (parts.beam) payload.beam = beamOf(parts.beam, options);
  if (parts.hiddenUnits) payload.hiddenUnits = hiddenOf(parts.hiddenUnits);
  return textFromData(payload);
}

/** Wraps text data computed elsewhere (checked against the payload contract). */
export function textFromData(data: Omit<TextPayload, 'version' | 'kind'>): RichOutput<'text'> {
  return new RichOutput(checkedPayload('text', { ...data, version: PAYLOAD_VERSION, kind: 'text' }, 'show.text', 'the data does not match the text payload'), textSvg, summary);
}

function summary(p: TextPayload): string {
  const lines = (p.samples ?? []).map((s) => `${s.label}: ${s.prompt ?? ''}${s.tokens.map((t) => t.text).join('')}`);
  if (p.beam) {
    const byId = new Map(p.beam.nodes.map((n) => [n.id, n]));
    lines.push(`beam (width ${p.beam.beamWidth}): ${p.beam.chosen.slice(1).map((id) => byId.get(id)?.token ?? '').join('')}`);
  }
  if (p.hiddenUnits) lines.push(`${p.hiddenUnits.source} unit ${p.hiddenUnits.selectedUnit} over ${p.hiddenUnits.tokens.length} tokens`);
  return lines.join('\n');
}
