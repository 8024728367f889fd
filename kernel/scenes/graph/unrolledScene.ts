/**
 * The unrolled computation graph as an element tree: one `time-column` group per step holding
 * `x_t`, the cell(s), the states `h_t` (and `c_t`) and `y_t`; edges labelled with the shared
 * weight matrices; optional BPTT gradient colouring; optional expanded cells showing gates.
 *
 * Pure: no DOM and no TensorFlow.js imports here (renderers bundle this file).
 */
import type { GraphPayload } from '../../protocol/payloads';
import { logScale, type LogScale } from '../colors';
import { el, type SvgChild, type SvgElement } from '../svgTree';
import { bottomCenter, HEADER_WIDTH, leftMiddle, rightMiddle, TIME_HEADER, topCenter, UnrolledGeometry, type Box } from './geometry';
import { cellNode, ioNode, stateNode } from './nodes';
import { edge, edgeLabel, midpoint, type EdgeSpec } from './parts';
import { GraphValues } from './values';
import { gradientLegend, LEGEND_HEIGHT } from './legend';
import { labelSpans } from './labels';

export interface GraphView {
  folded: boolean;
  /** Colour edges by BPTT gradient magnitude (when the payload has gradients). */
  gradients: boolean;
  /** Expanded columns (keys from `expandKey`), or every column. */
  expanded: 'all' | ReadonlySet<string>;
  /** The step the scrubber points at. */
  selected: { segment: number; t: number };
}

export interface Scene {
  width: number;
  height: number;
  body: SvgElement;
}

export const expandKey = (segment: number, t: number): string => `${segment}:${t}`;

export function isExpanded(view: GraphView, segment: number, t: number): boolean {
  return view.expanded === 'all' || view.expanded.has(expandKey(segment, t));
}

/** Every gradient magnitude in the payload, for one shared log scale. */
export function gradientScaleOf(payload: GraphPayload): LogScale | null {
  const all = payload.segments.flatMap((s) => [
    ...(s.outputGradients ?? []),
    ...s.layers.flatMap((l) => l.directions.flatMap((d) => (d.gradients ? [...d.gradients.input, ...Object.values(d.gradients.recurrent).flat()] : []))),
  ]);
  return logScale(all);
}

/** The scene's groups whose items each belong to one time step, in drawing order. */
export const STEPPED_GROUPS = ['column-backgrounds', 'edges', 'edge-labels', 'init-states', 'columns'] as const;
export type SteppedGroup = (typeof STEPPED_GROUPS)[number];
/** One time step's items for each stepped group. */
export type StepItems = Record<SteppedGroup, SvgElement[]>;

/** (segment, t) of every step, segment by segment: the global step order of scrubber and drawing. */
export function stepOrder(payload: GraphPayload): { segment: number; t: number }[] {
  return payload.segments.flatMap((seg, segment) => Array.from({ length: seg.steps }, (_, t) => ({ segment, t })));
}

/**
 * The unrolled graph, built a time step at a time. `frame()` holds what spans steps (row headers,
 * segment titles, attention arcs, the legend) with the stepped groups holding only their spanning
 * items; `stepItems(i)` builds global step i's items for each stepped group. The whole scene is the
 * frame with every step's items, in step order, ahead of each group's spanning items
 * (`unrolledScene`), so a renderer that draws the steps in view first, and the rest later, ends
 * with the same DOM as the static fallback drawn in one go.
 */
export class SteppedScene {
  readonly width: number;
  readonly height: number;
  readonly steps: { segment: number; t: number }[];
  private readonly g: UnrolledGeometry;
  private readonly scale: LogScale | null;

  constructor(
    private readonly payload: GraphPayload,
    private readonly view: GraphView,
    private readonly values = new GraphValues(payload),
  ) {
    this.g = new UnrolledGeometry(payload, (s, t) => isExpanded(view, s, t));
    this.scale = view.gradients ? gradientScaleOf(payload) : null;
    this.steps = stepOrder(payload);
    this.width = this.g.width;
    this.height = this.g.height + (this.scale ? LEGEND_HEIGHT : 0);
  }

  /** Steps whose column overlaps `[left, right]` (scene units), as an inclusive range (step 0 when none does). */
  stepsIn(left: number, right: number): { first: number; last: number } {
    let first = Infinity;
    let last = -Infinity;
    this.steps.forEach(({ segment, t }, i) => {
      const x = this.g.columnLeft(segment, t);
      if (x + this.g.columnWidth(segment, t) < left || x > right) return;
      first = Math.min(first, i);
      last = Math.max(last, i);
    });
    return first <= last ? { first, last } : { first: 0, last: 0 };
  }

  frame(): SvgElement {
    const { payload, g, scale } = this;
    const spanning = attentionEdges(payload, g, this.view).map((e) => edge(e, scale));
    return el(
      'g',
      { class: 'graph graph-unrolled' },
      el('g', { class: 'column-backgrounds' }),
      rowHeaders(payload, g),
      segmentTitles(payload, g),
      el('g', { class: 'edges' }, spanning),
      el('g', { class: 'edge-labels' }),
      el('g', { class: 'init-states' }),
      el('g', { class: 'columns' }),
      scale ? gradientLegend(scale, HEADER_WIDTH, g.height + 6, payload.gradientLoss) : null,
    );
  }

  stepItems(index: number): StepItems {
    const { payload, g, values, view } = this;
    const { segment: s, t } = this.steps[index];
    const seg = payload.segments[s];
    const top = seg.layers.length - 1;
    const edges: EdgeSpec[] = [];
    const labels: SvgElement[] = [];
    const inits: SvgElement[] = [];
    const left = g.columnLeft(s, t);
    const selected = view.selected.segment === s && view.selected.t === t;
    const width = g.columnWidth(s, t);
    const background = el('rect', { class: `col-bg${selected ? ' selected' : ''}`, x: left + 2, y: 2, width: width - 4, height: g.height - 4, 'data-seg': s, 'data-t': t });
    // The encoder's final state enters the decoder's first step.
    if (t === 0 && s > 0 && seg.initialState === 'encoder') edges.push(...contextEdges(payload, g, s));
    const parts: SvgChild[] = [el('text', { class: 'time-label', x: left + width / 2, y: 16, 'text-anchor': 'middle' }, `t = ${t + 1}`)];
    const hasInput = seg.inputs[t] !== null;
    if (hasInput) parts.push(ioNode('input', g.inputBox(s, t), seg.inputLabels[t], seg.inputs[t], values.limit('input'), s, t));
    if (seg.outputs[t] !== null) parts.push(ioNode('output', g.outputBox(s, t), seg.outputLabels[t], seg.outputs[t], values.limit('output'), s, t));
    seg.layers.forEach((layer, l) => {
      for (const d of layer.directions) {
        const expanded = isExpanded(view, s, t);
        const cell = g.cellBox(s, l, d.direction, t);
        parts.push(cellNode(payload.cell, cell, expanded, values, s, l, d.direction, t));
        const data = { 'data-seg': s, 'data-layer': l, 'data-dir': d.direction, 'data-t': t };
        // Input edges: from x_t, or from every direction's h_t of the layer below.
        const sources: Box[] = l === 0 ? (hasInput ? [g.inputBox(s, t)] : []) : seg.layers[l - 1].directions.map((below) => g.stateBox(s, l - 1, below.direction, 0, t));
        sources.forEach((src, i) => {
          const spec: EdgeSpec = { kind: 'input', from: topCenter(src), to: bottomCenter(cell), shape: 'vertical', weight: d.weights.input, gradient: d.gradients?.input[t], data };
          edges.push(spec);
          if (i === 0) labels.push(edgeLabel(d.weights.input, midpoint(spec.from, spec.to, 4, 3), 'start'));
        });
        payload.stateNames.forEach((name, k) => {
          const box = g.stateBox(s, l, d.direction, k, t);
          parts.push(stateNode(box, name, k, values, s, l, d.direction, t, false, d.direction === 'forward' ? cell.x + cell.w : cell.x));
          const y = box.y + box.h / 2;
          const forward = d.direction === 'forward';
          edges.push({ kind: 'state', from: { x: forward ? cell.x + cell.w : cell.x, y }, to: forward ? leftMiddle(box) : rightMiddle(box), shape: 'line', data: { ...data, 'data-state': name } });
          // Recurrent edge into this step from the previous state (forward: t-1, backward: t+1).
          const prev = forward ? t - 1 : t + 1;
          const fromEncoder = forward && t === 0 && seg.initialState === 'encoder';
          if (fromEncoder) return;
          const prevBox = g.stateBox(s, l, d.direction, k, prev);
          const spec: EdgeSpec = {
            kind: 'recurrent',
            from: forward ? rightMiddle(prevBox) : leftMiddle(prevBox),
            to: { x: forward ? cell.x : cell.x + cell.w, y },
            shape: 'line',
            weight: k === 0 ? d.weights.recurrent : undefined,
            gradient: d.gradients?.recurrent[name]?.[t],
            data: { ...data, 'data-state': name },
          };
          edges.push(spec);
          // Anchored at the cell it enters and raised above the state line, a long label such as
          // W_hh^(enc) runs back over the free space above the previous state, not into the cell.
          if (k === 0) labels.push(edgeLabel(d.weights.recurrent, { x: spec.to.x + (forward ? -3 : 3), y: y - 12 }, forward ? 'end' : 'start'));
          if (prev < 0 || prev >= seg.steps) inits.push(stateNode(prevBox, name, k, values, s, l, d.direction, prev, true, prevBox.x));
        });
        if (l === top && seg.outputs[t] !== null) {
          const spec: EdgeSpec = { kind: 'output', from: topCenter(g.stateBox(s, l, d.direction, 0, t)), to: bottomCenter(g.outputBox(s, t)), shape: 'vertical', weight: seg.outputWeight, gradient: seg.outputGradients?.[t], data };
          edges.push(spec);
          if (d === layer.directions[0] && seg.outputWeight) labels.push(edgeLabel(seg.outputWeight, midpoint(spec.from, spec.to, 4, 3), 'start'));
        }
      }
    });
    return {
      'column-backgrounds': [background],
      edges: edges.map((e) => edge(e, this.scale)),
      'edge-labels': labels,
      'init-states': inits,
      columns: [el('g', { class: 'time-column', 'data-seg': s, 'data-t': t }, parts)],
    };
  }
}

/** The whole unrolled scene at once: the frame with every step's items (the static fallback, and tests). */
export function unrolledScene(payload: GraphPayload, view: GraphView): Scene {
  const scene = new SteppedScene(payload, view);
  const items = scene.steps.map((_, i) => scene.stepItems(i));
  const frame = scene.frame();
  const body: SvgElement = {
    ...frame,
    children: frame.children.map((child) => {
      const group = typeof child === 'string' ? undefined : STEPPED_GROUPS.find((name) => name === child.attrs.class);
      return group && typeof child !== 'string' ? { ...child, children: [...items.flatMap((it) => it[group]), ...child.children] } : child;
    }),
  };
  return { width: scene.width, height: scene.height, body };
}

/** Encoder final state → decoder first cell, for each layer both segments have (forward direction). */
function contextEdges(payload: GraphPayload, g: UnrolledGeometry, s: number): EdgeSpec[] {
  const enc = payload.segments[0];
  const dec = payload.segments[s];
  const out: EdgeSpec[] = [];
  dec.layers.forEach((layer, l) => {
    if (!enc.layers[l]?.directions.some((d) => d.direction === 'forward') || !layer.directions.some((d) => d.direction === 'forward')) return;
    payload.stateNames.forEach((name, k) => {
      const from = rightMiddle(g.stateBox(0, l, 'forward', k, enc.steps - 1));
      const cell = g.cellBox(s, l, 'forward', 0);
      const to = { x: cell.x, y: from.y };
      const gradient = layer.directions.find((d) => d.direction === 'forward')?.gradients?.recurrent[name]?.[0];
      out.push({ kind: 'context', from, to, shape: 'horizontal', gradient, data: { 'data-seg': s, 'data-layer': l, 'data-state': name, 'data-t': 0 } });
    });
  });
  return out;
}

/** Attention of the selected decoder step over every encoder step, drawn with opacity α. */
export function attentionEdges(payload: GraphPayload, g: UnrolledGeometry, view: GraphView): EdgeSpec[] {
  if (!payload.attention || payload.segments.length < 2 || view.selected.segment !== 1) return [];
  const t = view.selected.t;
  const row = payload.attention[t];
  if (!row) return [];
  const enc = payload.segments[0];
  const dec = payload.segments[1];
  const encTop = enc.layers.length - 1;
  const encDir = enc.layers[encTop].directions[0].direction;
  const decTop = dec.layers.length - 1;
  const decDir = dec.layers[decTop].directions[0].direction;
  const target = topCenter(g.cellBox(1, decTop, decDir, t));
  return row.map((alpha, i) => ({
    kind: 'attention',
    from: topCenter(g.stateBox(0, encTop, encDir, 0, i)),
    to: target,
    shape: 'arc',
    arcTop: g.attentionLaneTop + 6,
    data: { 'data-t': t, 'data-source': i, 'data-alpha': alpha },
    opacity: Math.max(0.06, alpha),
    extraClass: alpha >= Math.max(...row) ? 'attention-max' : undefined,
  }));
}

function rowHeaders(payload: GraphPayload, g: UnrolledGeometry): SvgElement {
  const layers = Math.max(...payload.segments.map((s) => s.layers.length));
  const rows: SvgElement[] = [
    el('text', { class: 'row-label', x: 8, y: g.yRowTop + 19 }, 'y'),
    el('text', { class: 'row-label', x: 8, y: g.xRowTop + 19 }, 'x'),
  ];
  for (const track of g.tracks) {
    const sup = layers > 1 ? `^(${track.layer + 1})` : '';
    const arrow = track.direction === 'forward' ? '→' : '←';
    rows.push(el('text', { class: 'row-label', x: 8, y: track.cy + 4 }, labelSpans(`${payload.stateNames[0]}${sup}`), ` ${arrow}`));
  }
  return el('g', { class: 'row-headers' }, rows);
}

function segmentTitles(payload: GraphPayload, g: UnrolledGeometry): SvgChild {
  if (payload.segments.length < 2) return null;
  return el(
    'g',
    { class: 'segment-titles' },
    payload.segments.map((seg, s) => el('text', { class: 'segment-title', x: g.segments[s].x0 - 6, y: TIME_HEADER - 10, 'text-anchor': 'end' }, seg.name)),
  );
}
