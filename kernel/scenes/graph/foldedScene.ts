/**
 * The folded graph: the "network with a loop". One block per segment (encoder, decoder), the
 * same rows as the unrolled view, each state feeding back into its cell through a loop labelled
 * with the recurrent matrix. The nodes show their values at the selected step.
 *
 * Pure: no DOM and no TensorFlow.js imports here (renderers bundle this file).
 */
import type { GraphPayload } from '../../protocol/payloads';
import { el, type SvgChild, type SvgElement } from '../svgTree';
import { bottomCenter, CELL_WIDTH, EXPANDED_EXTRA, HEADER_WIDTH, IO_HEIGHT, IO_WIDTH, leftMiddle, rightMiddle, STATE_HEIGHT, STATE_WIDTH, topCenter, UnrolledGeometry, type Box, type DirectionName } from './geometry';
import { labelSpans } from './labels';
import { cellNode, ioNode, stateNode } from './nodes';
import { edge, edgeLabel, midpoint, type EdgeSpec } from './parts';
import { gradientScaleOf, isExpanded, type GraphView, type Scene } from './unrolledScene';
import { GraphValues } from './values';

const BLOCK_WIDTH = 250;
const BLOCK_GAP = 70;

/** The step a block shows: the selected one in the selected segment, else that segment's nearest end. */
function shownStep(payload: GraphPayload, view: GraphView, s: number): number {
  if (view.selected.segment === s) return view.selected.t;
  return s < view.selected.segment ? payload.segments[s].steps - 1 : 0;
}

export function foldedScene(payload: GraphPayload, view: GraphView): Scene {
  const rows = new UnrolledGeometry(payload, (s, t) => isExpanded(view, s, t));
  const values = new GraphValues(payload);
  const scale = view.gradients ? gradientScaleOf(payload) : null;
  const edges: EdgeSpec[] = [];
  const labels: SvgElement[] = [];
  const blocks: SvgElement[] = [];

  /** Extra width of a block whose shown step is expanded. */
  const extra = (s: number) => (isExpanded(view, s, shownStep(payload, view, s)) ? EXPANDED_EXTRA : 0);
  const blockLeft = (s: number): number => (s === 0 ? HEADER_WIDTH : blockLeft(s - 1) + BLOCK_WIDTH + extra(s - 1) + BLOCK_GAP);
  const cellBox = (s: number, l: number, dir: DirectionName, t: number): Box => {
    const row = rows.track(l, dir);
    const expanded = isExpanded(view, s, t) && row.internals.length > 0;
    const h = expanded ? row.height : 36;
    return { x: blockLeft(s) + (dir === 'forward' ? 78 : 134), y: row.cy - h / 2, w: CELL_WIDTH + (expanded ? EXPANDED_EXTRA : 0), h };
  };
  const stateBox = (s: number, l: number, dir: DirectionName, k: number): Box => {
    const row = rows.track(l, dir);
    const n = payload.stateNames.length;
    const y = row.cy - (n * STATE_HEIGHT + (n - 1) * 3) / 2 + k * (STATE_HEIGHT + 3);
    return { x: blockLeft(s) + (dir === 'forward' ? 146 + extra(s) : 74), y, w: STATE_WIDTH, h: STATE_HEIGHT };
  };
  const ioBox = (s: number, rowTop: number, cx: number): Box => ({ x: blockLeft(s) + cx - IO_WIDTH / 2, y: rowTop + 5, w: IO_WIDTH, h: IO_HEIGHT });

  payload.segments.forEach((seg, s) => {
    const t = shownStep(payload, view, s);
    const top = seg.layers.length - 1;
    const parts: SvgChild[] = [el('text', { class: 'time-label', x: blockLeft(s) + 4, y: 16 }, `${seg.name ? `${seg.name} ` : ''}folded · t = ${t + 1} of ${seg.steps}`)];
    const bidirectional = (l: number) => seg.layers[l].directions.length > 1;
    const xBox = ioBox(s, rows.xRowTop, bidirectional(0) ? 132 + extra(s) / 2 : 78 + (CELL_WIDTH + extra(s)) / 2);
    const yBox = ioBox(s, rows.yRowTop, bidirectional(top) ? 132 + extra(s) / 2 : 146 + extra(s) + STATE_WIDTH / 2);
    if (seg.inputs[t] !== null) parts.push(ioNode('input', xBox, seg.inputLabels[t], seg.inputs[t], values.limit('input'), s, t));
    if (seg.outputs[t] !== null) parts.push(ioNode('output', yBox, seg.outputLabels[t], seg.outputs[t], values.limit('output'), s, t));
    seg.layers.forEach((layer, l) => {
      for (const d of layer.directions) {
        const forward = d.direction === 'forward';
        const cell = cellBox(s, l, d.direction, t);
        parts.push(cellNode(payload.cell, cell, isExpanded(view, s, t), values, s, l, d.direction, t));
        const data = { 'data-seg': s, 'data-layer': l, 'data-dir': d.direction, 'data-t': t };
        const sources = l === 0 ? (seg.inputs[t] !== null ? [xBox] : []) : seg.layers[l - 1].directions.map((below) => stateBox(s, l - 1, below.direction, 0));
        sources.forEach((src, i) => {
          const spec: EdgeSpec = { kind: 'input', from: topCenter(src), to: bottomCenter(cell), shape: 'vertical', weight: d.weights.input, gradient: d.gradients?.input[t], data };
          edges.push(spec);
          if (i === 0) labels.push(edgeLabel(d.weights.input, midpoint(spec.from, spec.to, 4, 3), 'start'));
        });
        const row = rows.track(l, d.direction);
        payload.stateNames.forEach((name, k) => {
          const box = stateBox(s, l, d.direction, k);
          parts.push(stateNode(box, name, k, values, s, l, d.direction, t, false, forward ? cell.x + cell.w : cell.x));
          const y = box.y + box.h / 2;
          edges.push({ kind: 'state', from: { x: forward ? cell.x + cell.w : cell.x, y }, to: forward ? leftMiddle(box) : rightMiddle(box), shape: 'line', data: { ...data, 'data-state': name } });
          // The loop: out of the state, around the cell (over it for h, under it for c), back in.
          const loopY = k === 0 ? row.top - 12 : row.top + row.height + 12;
          const out = forward ? rightMiddle(box) : leftMiddle(box);
          const side = forward ? 14 : -14;
          const inX = forward ? cell.x : cell.x + cell.w;
          const spec: EdgeSpec = {
            kind: 'recurrent',
            from: out,
            to: { x: inX, y },
            shape: 'polyline',
            via: [{ x: out.x + side, y }, { x: out.x + side, y: loopY }, { x: inX - side, y: loopY }, { x: inX - side, y }],
            weight: k === 0 ? d.weights.recurrent : undefined,
            gradient: d.gradients?.recurrent[name]?.[t],
            data: { ...data, 'data-state': name },
          };
          edges.push(spec);
          if (k === 0) labels.push(edgeLabel(d.weights.recurrent, { x: (out.x + inX) / 2, y: loopY - 4 }));
        });
        if (l === top && seg.outputs[t] !== null) {
          const spec: EdgeSpec = { kind: 'output', from: topCenter(stateBox(s, l, d.direction, 0)), to: bottomCenter(yBox), shape: 'vertical', weight: seg.outputWeight, gradient: seg.outputGradients?.[t], data };
          edges.push(spec);
          if (d === layer.directions[0] && seg.outputWeight) labels.push(edgeLabel(seg.outputWeight, midpoint(spec.from, spec.to, 4, 3), 'start'));
        }
      }
    });
    blocks.push(el('g', { class: 'folded-block', 'data-seg': s, 'data-t': t }, parts));
  });

  if (payload.segments.length === 2) {
    const dec = payload.segments[1];
    const encTop = payload.segments[0].layers.length - 1;
    const encDir = payload.segments[0].layers[encTop].directions[0].direction;
    const decDir = dec.layers[dec.layers.length - 1].directions[0].direction;
    if (dec.initialState === 'encoder') {
      const from = rightMiddle(stateBox(0, 0, 'forward', 0));
      const cell = cellBox(1, 0, 'forward', shownStep(payload, view, 1));
      edges.push({ kind: 'context', from, to: leftMiddle(cell), shape: 'horizontal', data: { 'data-seg': 1 } });
      labels.push(edgeLabel('final state', midpoint(from, leftMiddle(cell), 0, 14)));
    }
    if (payload.attention) {
      const from = topCenter(stateBox(0, encTop, encDir, 0));
      const to = topCenter(cellBox(1, dec.layers.length - 1, decDir, shownStep(payload, view, 1)));
      edges.push({ kind: 'attention', from, to, shape: 'arc', arcTop: rows.attentionLaneTop + 10, data: { 'data-seg': 1 } });
      labels.push(edgeLabel('attention α', { x: (from.x + to.x) / 2, y: rows.attentionLaneTop + 6 }));
    }
  }

  const last = payload.segments.length - 1;
  const width = blockLeft(last) + BLOCK_WIDTH + extra(last) + 16;
  const body = el(
    'g',
    { class: 'graph graph-folded' },
    el('g', { class: 'row-headers' }, [
      el('text', { class: 'row-label', x: 8, y: rows.yRowTop + 19 }, 'y'),
      el('text', { class: 'row-label', x: 8, y: rows.xRowTop + 19 }, 'x'),
      ...rows.tracks.map((track) => el('text', { class: 'row-label', x: 8, y: track.cy + 4 }, labelSpans(payload.stateNames[0]), track.direction === 'forward' ? ' →' : ' ←')),
    ]),
    el('g', { class: 'edges' }, edges.map((e) => edge(e, scale))),
    el('g', { class: 'edge-labels' }, labels),
    el('g', { class: 'columns' }, blocks),
  );
  return { width, height: rows.height, body };
}
