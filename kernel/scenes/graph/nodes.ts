/**
 * The nodes of the computation graph: `x_t` / `y_t` boxes (token label or heat strip), cells
 * (collapsed: the cell's name; expanded: one heat strip per gate), and state nodes `h_t`, `c_t`.
 * Each node carries data attributes naming what it stands for, so the renderer can look up its
 * vectors for the tooltip.
 *
 * Pure: no DOM and no TensorFlow.js imports here (renderers bundle this file).
 */
import type { Value } from '../../protocol/payloads';
import { el, type SvgElement } from '../svgTree';
import type { Box, DirectionName } from './geometry';
import { COLUMN_WIDTH, EXPANDED_HEADER, INTERNAL_ROW } from './geometry';
import { cellTitle, internalSymbol, labelSpans } from './labels';
import { heatStrip } from './parts';
import type { GraphValues } from './values';

/** Whitespace made visible, long tokens shortened, for node labels. */
export function visibleToken(token: string, max = 7): string {
  const shown = token.replace(/ /g, '␣').replace(/\n/g, '⏎').replace(/\t/g, '⇥');
  return shown.length > max ? `${shown.slice(0, max - 1)}…` : shown;
}

/** Advance of one character of the 11 px monospace `io-label`, with a little to spare. */
const IO_CHAR_WIDTH = 7;
/** A labelled box grows to its label, up to its time column less a margin each side. */
const IO_MAX_WIDTH = COLUMN_WIDTH - 16;

/**
 * An `x_t`/`y_t` box: a token label, or a heat strip of the vector. A long label widens its box
 * (centred on the same point, so edges still meet it) instead of being cut, up to the column.
 */
export function ioNode(kind: 'input' | 'output', box: Box, label: string, values: Value[] | null, limit: number, segment: number, t: number): SvgElement {
  const inner = { x: box.x + 3, y: box.y + 4, w: box.w - 6, h: box.h - 8 };
  const maxChars = Math.floor((IO_MAX_WIDTH - 10) / IO_CHAR_WIDTH);
  const text = visibleToken(label, maxChars);
  const w = label === '' ? box.w : Math.max(box.w, Math.min(IO_MAX_WIDTH, [...text].length * IO_CHAR_WIDTH + 10));
  const x = box.x + (box.w - w) / 2;
  return el(
    'g',
    { class: `node node-${kind}`, 'data-node': kind, 'data-seg': segment, 'data-t': t },
    el('rect', { class: 'io-box', x, y: box.y, width: w, height: box.h, rx: 4 }),
    label !== '' ? el('text', { class: 'io-label', x: box.x + box.w / 2, y: box.y + box.h / 2 + 4, 'text-anchor': 'middle' }, text) : heatStrip(inner, values, limit),
  );
}

export function cellNode(cellKind: string, box: Box, expanded: boolean, values: GraphValues, segment: number, layer: number, direction: DirectionName, t: number): SvgElement {
  const d = values.direction(segment, layer, direction);
  const internals = d ? Object.keys(d.internals) : [];
  const showGates = expanded && internals.length > 0;
  const attrs = { class: `node node-cell${showGates ? ' expanded' : ''}`, 'data-node': 'cell', 'data-seg': segment, 'data-layer': layer, 'data-dir': direction, 'data-t': t };
  const frame = el('rect', { class: 'cell-box', x: box.x, y: box.y, width: box.w, height: box.h, rx: 6 });
  if (!showGates) {
    return el('g', attrs, frame, el('text', { class: 'cell-label', x: box.x + box.w / 2, y: box.y + box.h / 2 + 4, 'text-anchor': 'middle' }, cellTitle(cellKind)));
  }
  return el(
    'g',
    attrs,
    frame,
    el('text', { class: 'cell-label small', x: box.x + box.w / 2, y: box.y + 11, 'text-anchor': 'middle' }, cellTitle(cellKind)),
    internals.map((name, i) => {
      const y = box.y + EXPANDED_HEADER + i * INTERNAL_ROW;
      return el(
        'g',
        { class: 'gate', 'data-internal': name },
        el('text', { class: 'gate-label', x: box.x + 4, y: y + 8.5 }, internalSymbol(cellKind, name)),
        heatStrip({ x: box.x + 15, y, w: box.w - 18, h: INTERNAL_ROW - 3 }, values.internal(segment, layer, direction, name, t), values.limit(`internal:${name}`)),
      );
    }),
  );
}

/**
 * A state node. Its name is written in the gap between the cell and the node (`labelX` is the
 * cell's edge there), on the short connector, so it never collides with the weight labels.
 */
export function stateNode(box: Box, name: string, k: number, values: GraphValues, segment: number, layer: number, direction: DirectionName, t: number, isInit: boolean, labelX: number): SvgElement {
  const steps = values.payload.segments[segment].steps;
  const attrs = { class: `node node-state${isInit ? ' init' : ''}`, 'data-node': 'state', 'data-seg': segment, 'data-layer': layer, 'data-dir': direction, 'data-state': name, 'data-t': t };
  const strip = heatStrip(box, values.state(segment, layer, direction, name, t), values.limit(`state:${name}`));
  if (isInit) {
    const label = `${name}_${t < 0 ? 0 : steps + 1}`;
    return el('g', attrs, strip, el('text', { class: 'state-label', x: box.x, y: k === 0 ? box.y - 2 : box.y + box.h + 8 }, labelSpans(label)));
  }
  const gapMiddle = (labelX + (labelX < box.x ? box.x : box.x + box.w)) / 2;
  return el('g', attrs, strip, el('text', { class: 'state-label', x: gapMiddle, y: box.y + 3, 'text-anchor': 'middle' }, labelSpans(name)));
}
