/**
 * Drawing pieces of the computation graph: heat strips inside nodes, edges with arrowheads,
 * edge labels with the weight matrix name, and BPTT gradient styling on a log scale.
 *
 * Pure: no DOM and no TensorFlow.js imports here (renderers bundle this file).
 */
import type { Value } from '../../protocol/payloads';
import { divergingFill, gradientColor, type LogScale } from '../colors';
import { el, type AttrValue, type SvgElement } from '../svgTree';
import type { Box, Point } from './geometry';
import { labelSpans } from './labels';

/** Units drawn inside a node; the tooltip shows all of them. */
export const STRIP_UNITS = 11;

/** A row of coloured cells, one per unit (the first `STRIP_UNITS`), inside `box`. */
export function heatStrip(box: Box, values: Value[] | null, limit: number, units = STRIP_UNITS): SvgElement {
  const shown = values ? values.slice(0, units) : [];
  const w = shown.length > 0 ? box.w / shown.length : box.w;
  return el(
    'g',
    { class: 'strip' },
    el('rect', { class: 'strip-frame', x: box.x, y: box.y, width: box.w, height: box.h }),
    shown.map((v, i) => el('rect', { x: box.x + i * w, y: box.y, width: Math.max(0.5, w - 0.4), height: box.h, fill: divergingFill(v, limit) })),
  );
}

export type EdgeKind = 'input' | 'state' | 'recurrent' | 'output' | 'context' | 'attention';

export interface EdgeSpec {
  kind: EdgeKind;
  from: Point;
  to: Point;
  /** Straight line, an S-curve leaving and entering vertically / horizontally, or an arc over the top. */
  shape: 'line' | 'vertical' | 'horizontal' | 'arc' | 'polyline';
  /** Highest point of an `arc`. */
  arcTop?: number;
  /** Corner points between `from` and `to`, for `polyline`. */
  via?: Point[];
  /** Weight matrix on the edge (`W_hh`), drawn as a label when `labelAt` is given. */
  weight?: string;
  /** Gradient magnitude flowing back along the edge (BPTT view), when known. */
  gradient?: Value;
  data: Record<string, AttrValue>;
  extraClass?: string;
  opacity?: number;
}

function pathData(e: EdgeSpec): { d: string; tangentFrom: Point } {
  const { from: a, to: b } = e;
  if (e.shape === 'line') return { d: `M${r(a.x)} ${r(a.y)}L${r(b.x)} ${r(b.y)}`, tangentFrom: a };
  if (e.shape === 'polyline') {
    const pts = [a, ...(e.via ?? []), b];
    return { d: pts.map((p, i) => `${i === 0 ? 'M' : 'L'}${r(p.x)} ${r(p.y)}`).join(''), tangentFrom: pts[pts.length - 2] };
  }
  if (e.shape === 'arc') {
    // A cubic whose two control points share a height peaks 3/4 of the way to them.
    const peak = e.arcTop ?? Math.min(a.y, b.y) - 30;
    const top = Math.min(a.y, b.y) + (peak - Math.min(a.y, b.y)) / 0.75;
    const c1 = { x: a.x, y: top };
    const c2 = { x: b.x, y: top };
    return { d: `M${r(a.x)} ${r(a.y)}C${r(c1.x)} ${r(c1.y)} ${r(c2.x)} ${r(c2.y)} ${r(b.x)} ${r(b.y)}`, tangentFrom: c2 };
  }
  if (e.shape === 'vertical') {
    const k = (b.y - a.y) / 2;
    const c1 = { x: a.x, y: a.y + k };
    const c2 = { x: b.x, y: b.y - k };
    return { d: `M${r(a.x)} ${r(a.y)}C${r(c1.x)} ${r(c1.y)} ${r(c2.x)} ${r(c2.y)} ${r(b.x)} ${r(b.y)}`, tangentFrom: c2 };
  }
  const k = (b.x - a.x) / 2;
  const c1 = { x: a.x + k, y: a.y };
  const c2 = { x: b.x - k, y: b.y };
  return { d: `M${r(a.x)} ${r(a.y)}C${r(c1.x)} ${r(c1.y)} ${r(c2.x)} ${r(c2.y)} ${r(b.x)} ${r(b.y)}`, tangentFrom: c2 };
}

const r = (v: number) => Math.round(v * 10) / 10;

/** An open arrowhead at `tip`, pointing away from `from`, as more path data. */
function arrowhead(from: Point, tip: Point, size = 5): string {
  const dx = tip.x - from.x;
  const dy = tip.y - from.y;
  const len = Math.hypot(dx, dy) || 1;
  const ux = dx / len;
  const uy = dy / len;
  const left = { x: tip.x - size * ux - size * 0.55 * uy, y: tip.y - size * uy + size * 0.55 * ux };
  const right = { x: tip.x - size * ux + size * 0.55 * uy, y: tip.y - size * uy - size * 0.55 * ux };
  return `M${r(left.x)} ${r(left.y)}L${r(tip.x)} ${r(tip.y)}L${r(right.x)} ${r(right.y)}`;
}

/** One edge as a single path element (line and arrowhead), styled by gradient when `scale` is given. */
export function edge(e: EdgeSpec, scale: LogScale | null): SvgElement {
  const { d, tangentFrom } = pathData(e);
  const attrs: Record<string, AttrValue> = {
    class: `edge edge-${e.kind}${e.extraClass ? ` ${e.extraClass}` : ''}`,
    d: d + arrowhead(tangentFrom, e.to),
    'data-kind': e.kind,
    'data-weight': e.weight,
    ...e.data,
  };
  if (e.gradient !== undefined) attrs['data-grad'] = e.gradient === null ? 'NaN' : e.gradient;
  // Data-driven paint goes in `style`, which wins over the class rules of the theme stylesheet.
  const style: string[] = [];
  if (e.opacity !== undefined) style.push(`stroke-opacity:${e.opacity.toFixed(3)}`);
  if (scale) {
    if (e.gradient === undefined) attrs.class += ' grad-none';
    else {
      const f = scale.fraction(e.gradient);
      style.push(`stroke:${gradientColor(f)}`, `stroke-width:${(1 + 3.5 * f).toFixed(2)}px`);
      attrs.class += ' grad';
    }
  }
  if (style.length > 0) attrs.style = style.join(';');
  return el('path', attrs);
}

/** The weight label of an edge, placed at `at`. */
export function edgeLabel(weight: string, at: Point, anchor: 'start' | 'middle' | 'end' = 'middle'): SvgElement {
  return el('text', { class: 'edge-label', x: r(at.x), y: r(at.y), 'text-anchor': anchor }, labelSpans(weight));
}

/** Midpoint of an edge's endpoints, nudged. */
export function midpoint(a: Point, b: Point, dx = 0, dy = 0): Point {
  return { x: (a.x + b.x) / 2 + dx, y: (a.y + b.y) / 2 + dy };
}
