/**
 * What `show.graph` accepts as a model, resolved to layers of cells by shape (duck typing), so
 * a bare `RecurrentCell`, the library's `RNN` / `LSTM` / `GRU` / `ElmanRNN` layers (`.cell`),
 * `Bidirectional` (`.forward`, `.backward`, `.merge`), `StackedRNN` (`.layers`), a plain array of
 * those (bottom layer first), a `LanguageModel` (`.rnn`, `.output`, `.embedding`) and an
 * `{ encoder, decoder }` pair all work.
 */
import { tf } from '../../tf';
import type { RecurrentCell } from '../../core/types';
import type { PlanDirection, PlanLayer } from './trace';

/** A cell, or anything holding one as `.cell` (the sequence layers). */
export type CellSource = RecurrentCell | { cell: RecurrentCell };
export interface BidirectionalSource {
  forward: CellSource;
  backward: CellSource;
  merge?: 'concat' | 'sum';
}
/**
 * A stack (`StackedRNN`) lists its layers as the library's `SequenceLayer`s; each is checked at
 * run time to be one of the forms above.
 */
export type LayerSource = CellSource | BidirectionalSource | { layers: readonly object[] };
/** The library's `LanguageModel` (token ids in, logits out). */
export interface LanguageModelSource {
  rnn: { layers: readonly object[] };
  output: { apply(x: tf.Tensor): tf.Tensor };
  vocabSize: number;
  embedding?: { apply(ids: tf.Tensor): tf.Tensor };
}
export interface EncoderDecoderSource {
  encoder: LayerSource | readonly LayerSource[];
  decoder: LayerSource | readonly LayerSource[];
}
export type GraphSource = LayerSource | readonly LayerSource[] | LanguageModelSource | EncoderDecoderSource;

export function isCell(x: unknown): x is RecurrentCell {
  const c = x as Partial<RecurrentCell> | null;
  return typeof c === 'object' && c !== null && typeof c.step === 'function' && typeof c.zeroState === 'function' && Array.isArray(c.stateNames) && typeof c.hiddenSize === 'number';
}

export function isLanguageModel(x: unknown): x is LanguageModelSource {
  const m = x as Partial<LanguageModelSource> | null;
  return typeof m === 'object' && m !== null && typeof m.rnn === 'object' && typeof m.output?.apply === 'function' && typeof m.vocabSize === 'number';
}

export function isEncoderDecoder(x: unknown): x is EncoderDecoderSource {
  return typeof x === 'object' && x !== null && 'encoder' in x && 'decoder' in x;
}

function cellOf(x: CellSource, what: string): RecurrentCell {
  if (isCell(x)) return x;
  if (typeof x === 'object' && x !== null && 'cell' in x && isCell(x.cell)) return x.cell;
  throw new Error(`show.graph: ${what} must be a RecurrentCell or a layer with a .cell; got ${describeSource(x)}`);
}

function describeSource(x: unknown): string {
  if (x === null || typeof x !== 'object') return String(x);
  return `an object with keys {${Object.keys(x).slice(0, 6).join(', ')}}`;
}

/** Weight labels: `W_xh`, `W_hh`; backward `V_xh`, `V_hh` (the lecture's backward RNN); layer and segment as superscript. */
function weightLabels(direction: 'forward' | 'backward', layer: number, layerCount: number, segment: string): { input: string; recurrent: string } {
  const base = direction === 'forward' ? 'W' : 'V';
  const marks = [segment, layerCount > 1 ? String(layer + 1) : ''].filter((m) => m !== '').join(',');
  const sup = marks ? `^(${marks})` : '';
  return { input: `${base}_xh${sup}`, recurrent: `${base}_hh${sup}` };
}

/** Flattens a source to its layers of cells, bottom first. */
export function resolveLayers(source: LayerSource | readonly LayerSource[] | { layers: readonly object[] }, segment = ''): PlanLayer[] {
  const flat: LayerSource[] = [];
  const visit = (s: unknown) => {
    if (Array.isArray(s)) s.forEach(visit);
    else if (typeof s === 'object' && s !== null && 'layers' in s && Array.isArray(s.layers)) s.layers.forEach(visit);
    else flat.push(s as LayerSource);
  };
  visit(source);
  if (flat.length === 0) throw new Error('show.graph: the model has no layers');
  return flat.map((layer, l) => {
    const dir = (cell: RecurrentCell, direction: 'forward' | 'backward'): PlanDirection => ({ cell, direction, weights: weightLabels(direction, l, flat.length, segment) });
    if (typeof layer === 'object' && layer !== null && 'forward' in layer && 'backward' in layer) {
      return { directions: [dir(cellOf(layer.forward, `layer ${l + 1} forward`), 'forward'), dir(cellOf(layer.backward, `layer ${l + 1} backward`), 'backward')], merge: layer.merge ?? 'concat' };
    }
    return { directions: [dir(cellOf(layer as CellSource, `layer ${l + 1}`), 'forward')], merge: 'concat' };
  });
}

/** Size of the merged output of a layer. */
export function layerOutputSize(layer: PlanLayer): number {
  const sizes = layer.directions.map((d) => d.cell.hiddenSize);
  return layer.merge === 'sum' ? sizes[0] : sizes.reduce((a, b) => a + b, 0);
}

/** Checks that each layer's input size matches what the layer below emits. */
export function checkLayerSizes(layers: PlanLayer[], inputSize: number, what: string): void {
  let expected = inputSize;
  layers.forEach((layer, l) => {
    for (const d of layer.directions) {
      if (d.cell.inputSize !== expected) {
        throw new Error(`show.graph: ${what} layer ${l + 1} (${d.direction}) expects inputs of size ${d.cell.inputSize}, but ${l === 0 ? 'the input has' : 'the layer below emits'} ${expected}`);
      }
    }
    expected = layerOutputSize(layer);
  });
}
