/**
 * Names as the lecture writes them: gate symbols (`i`, `f`, `o`, `c̃` for the LSTM; `z`, `r`,
 * `h̃` for the GRU) and weight labels with subscripts and superscripts (`W_hh^(2)`).
 *
 * Pure: no DOM and no TensorFlow.js imports here (renderers bundle this file).
 */
import { el, type SvgChild } from '../svgTree';

const SYMBOLS: Record<string, string> = {
  inputGate: 'i',
  forgetGate: 'f',
  outputGate: 'o',
  updateGate: 'z',
  resetGate: 'r',
  preactivation: 'a',
  cell: 'c',
};

/** Short symbol for a cell internal; unknown names are shown as they are. */
export function internalSymbol(cellKind: string, name: string): string {
  if (name === 'candidate') return cellKind === 'lstm' ? 'c̃' : cellKind === 'gru' ? 'h̃' : 'cand';
  return SYMBOLS[name] ?? name;
}

/** Long name for tooltips: `forgetGate` → `forget gate`. */
export function internalTitle(name: string): string {
  return name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/** Display name of a cell kind. */
export function cellTitle(kind: string): string {
  return kind === 'rnn' ? 'RNN' : kind === 'gru' ? 'GRU' : kind === 'lstm' ? 'LSTM' : kind;
}

export interface LabelParts {
  base: string;
  sub: string;
  sup: string;
}

/** Splits `W_hh^(2)` into base `W`, subscript `hh`, superscript `(2)`. */
export function splitLabel(label: string): LabelParts {
  const m = /^([^_^]*)(?:_([^^]*))?(?:\^(.*))?$/.exec(label);
  return m ? { base: m[1], sub: m[2] ?? '', sup: m[3] ?? '' } : { base: label, sub: '', sup: '' };
}

/** SVG `<text>` children for a label with sub/superscripts (shifted tspans). */
export function labelSpans(label: string): SvgChild[] {
  const { base, sub, sup } = splitLabel(label);
  return [
    base,
    sub && el('tspan', { dy: 3, 'font-size': '0.72em' }, sub),
    sup && el('tspan', { dy: sub ? -8 : -5, 'font-size': '0.72em' }, sup),
  ];
}
