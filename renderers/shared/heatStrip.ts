/**
 * HTML heat strips for tooltips and detail panels: one coloured cell per unit with its value
 * printed inside (the node strips in the SVG have no room for numbers).
 */
import type { Value } from '../../kernel/protocol/payloads';
import { divergingFill } from '../../kernel/scenes/colors';
import { formatValue } from '../../kernel/scenes/format';
import { paintCells } from './cellText';

export function heatStripElement(values: Value[] | null, limit: number): HTMLElement {
  const strip = document.createElement('div');
  strip.className = 'heat-strip';
  if (!values || values.length === 0) {
    strip.textContent = '—';
    return strip;
  }
  values.forEach((v, i) => {
    const cell = document.createElement('span');
    cell.className = 'heat-cell';
    cell.textContent = formatValue(v, 2);
    cell.title = `unit ${i}: ${formatValue(v, 6)}`;
    strip.appendChild(cell);
  });
  paintCells(strip.children as HTMLCollectionOf<HTMLElement>, (_, i) => divergingFill(values[i], limit));
  return strip;
}

/** `h_3`-style math names: a base with an optional subscript and superscript, as HTML. */
export function mathName(base: string, sub = '', sup = ''): HTMLElement {
  const span = document.createElement('span');
  span.className = 'math-name';
  span.append(base);
  if (sub) {
    const s = document.createElement('sub');
    s.textContent = sub;
    span.append(s);
  }
  if (sup) {
    const s = document.createElement('sup');
    s.textContent = sup;
    span.append(s);
  }
  return span;
}
