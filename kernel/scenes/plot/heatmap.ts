/**
 * Heatmap grids for the static fallbacks: one rect per cell with a data-driven fill, optional
 * row and column labels, and optional printed values for small grids.
 *
 * Pure: no DOM and no TensorFlow.js imports here.
 */
import type { Value } from '../../protocol/payloads';
import { formatValue } from '../format';
import { el, type SvgElement } from '../svgTree';

export interface HeatmapSpec {
  x: number;
  y: number;
  cellWidth: number;
  cellHeight: number;
  /** `[row][column]` */
  values: Value[][];
  fill: (value: Value) => string;
  rowLabels?: string[];
  columnLabels?: string[];
  /** Print each value inside its cell (small grids only). */
  printValues?: boolean;
  /** Text colour inside a cell, for printed values. */
  textClass?: (value: Value) => string;
}

export function heatmapGrid(spec: HeatmapSpec): SvgElement {
  const { x, y, cellWidth: w, cellHeight: h, values } = spec;
  return el(
    'g',
    { class: 'heatmap' },
    values.map((row, r) =>
      row.map((v, c) =>
        el(
          'g',
          { class: 'heat-cell', 'data-row': r, 'data-col': c },
          el('rect', { x: x + c * w, y: y + r * h, width: w + 0.3, height: h + 0.3, style: `fill:${spec.fill(v)}` }),
          spec.printValues ? el('text', { class: `cell-value ${spec.textClass?.(v) ?? ''}`, x: x + c * w + w / 2, y: y + r * h + h / 2 + 3.5, 'text-anchor': 'middle' }, formatValue(v, 2)) : null,
        ),
      ),
    ),
    (spec.rowLabels ?? []).map((label, r) => el('text', { class: 'row-token', x: x - 5, y: y + r * h + h / 2 + 4, 'text-anchor': 'end' }, label)),
    (spec.columnLabels ?? []).map((label, c) => {
      const cx = x + c * w + w / 2;
      return el('text', { class: 'col-token', x: cx, y: y - 6, 'text-anchor': 'start', transform: `rotate(-50 ${cx} ${y - 6})` }, label);
    }),
  );
}
