/**
 * A small plotting panel for the static SVG fallbacks: linear or log axes with ticks, lines,
 * markers and circles in data coordinates, a legend. (The live renderers use plotly.js; the
 * fallbacks only need to show the same picture without JavaScript.)
 *
 * Pure: no DOM and no TensorFlow.js imports here.
 */
import type { Value } from '../../protocol/payloads';
import { formatValue } from '../format';
import { el, type SvgChild, type SvgElement } from '../svgTree';
import { logTicks, niceTicks } from './ticks';

export interface AxisSpec {
  min: number;
  max: number;
  log: boolean;
  label: string;
}

export interface Frame {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Axis range covering `values` (finite ones), padded; log axes cover whole decades. */
export function rangeOf(values: Iterable<Value>, log: boolean, pad = 0.05): { min: number; max: number } {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v === null || !Number.isFinite(v) || (log && v <= 0)) continue;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if (!Number.isFinite(lo)) return log ? { min: 1e-3, max: 1 } : { min: 0, max: 1 };
  if (log) return { min: 10 ** Math.floor(Math.log10(lo)), max: 10 ** Math.max(Math.floor(Math.log10(lo)) + 1, Math.ceil(Math.log10(hi))) };
  if (hi === lo) return { min: lo - 1, max: hi + 1 };
  const span = hi - lo;
  return { min: lo - span * pad, max: hi + span * pad };
}

export class Panel {
  constructor(
    readonly frame: Frame,
    readonly xAxis: AxisSpec,
    readonly yAxis: AxisSpec,
    readonly title: string,
  ) {}

  private scale(v: number, axis: AxisSpec, from: number, to: number): number {
    const f = axis.log ? (Math.log10(v) - Math.log10(axis.min)) / (Math.log10(axis.max) - Math.log10(axis.min)) : (v - axis.min) / (axis.max - axis.min);
    return from + f * (to - from);
  }

  sx(v: number): number {
    return this.scale(v, this.xAxis, this.frame.x, this.frame.x + this.frame.width);
  }

  sy(v: number): number {
    return this.scale(v, this.yAxis, this.frame.y + this.frame.height, this.frame.y);
  }

  private ticks(axis: AxisSpec, lengthPx: number): { values: number[]; labels: string[] } {
    if (axis.log) return logTicks(axis.min, axis.max, lengthPx);
    const values = niceTicks(axis.min, axis.max);
    return { values, labels: values.map((v) => formatValue(v, 3)) };
  }

  /** Frame, grid, ticks, axis labels and title. */
  axes(): SvgElement {
    const { x, y, width, height } = this.frame;
    const xt = this.ticks(this.xAxis, width);
    const yt = this.ticks(this.yAxis, height);
    return el(
      'g',
      { class: 'axes' },
      xt.values.map((v) => el('line', { class: 'grid', x1: this.sx(v), x2: this.sx(v), y1: y, y2: y + height })),
      yt.values.map((v) => el('line', { class: 'grid', x1: x, x2: x + width, y1: this.sy(v), y2: this.sy(v) })),
      el('rect', { class: 'frame', x, y, width, height }),
      xt.values.map((v, i) => el('text', { class: 'tick', x: this.sx(v), y: y + height + 13, 'text-anchor': 'middle' }, xt.labels[i])),
      yt.values.map((v, i) => el('text', { class: 'tick', x: x - 4, y: this.sy(v) + 3, 'text-anchor': 'end' }, yt.labels[i])),
      el('text', { class: 'axis-label', x: x + width / 2, y: y + height + 28, 'text-anchor': 'middle' }, this.xAxis.label),
      el('text', { class: 'axis-label', x: x - 40, y: y + height / 2, 'text-anchor': 'middle', transform: `rotate(-90 ${x - 40} ${y + height / 2})` }, this.yAxis.label),
      el('text', { class: 'plot-title', x, y: y - 8 }, this.title),
    );
  }

  private inside(px: number, py: number): boolean {
    const { x, y, width, height } = this.frame;
    return px >= x - 0.5 && px <= x + width + 0.5 && py >= y - 0.5 && py <= y + height + 0.5;
  }

  /** A polyline through the points, broken where a value is null or outside a log axis. */
  line(xs: number[], ys: Value[], color: string, extra: Record<string, string> = {}): SvgElement {
    let d = '';
    let pen = false;
    xs.forEach((xv, i) => {
      const yv = ys[i];
      if (yv === null || (this.yAxis.log && yv <= 0) || (this.xAxis.log && xv <= 0)) {
        pen = false;
        return;
      }
      const px = this.sx(xv);
      const py = Math.max(this.frame.y, Math.min(this.frame.y + this.frame.height, this.sy(yv)));
      d += `${pen ? 'L' : 'M'}${px.toFixed(1)} ${py.toFixed(1)}`;
      pen = true;
    });
    return el('path', { class: 'series', d: d || 'M0 0', style: `stroke:${color}`, ...extra });
  }

  markers(xs: number[], ys: number[], color: string, radius = 3.2): SvgChild[] {
    return xs.map((xv, i) => {
      const px = this.sx(xv);
      const py = this.sy(ys[i]);
      return this.inside(px, py) ? el('circle', { class: 'marker', cx: px, cy: py, r: radius, style: `fill:${color}` }) : null;
    });
  }

  /** A circle of `radius` around the origin, in data units (both axes linear). */
  circle(radius: number, className: string, color?: string): SvgElement {
    const n = 96;
    const pts = Array.from({ length: n + 1 }, (_, i) => {
      const a = (2 * Math.PI * i) / n;
      return `${i === 0 ? 'M' : 'L'}${this.sx(radius * Math.cos(a)).toFixed(1)} ${this.sy(radius * Math.sin(a)).toFixed(1)}`;
    });
    return el('path', { class: className, d: pts.join(''), style: color ? `stroke:${color}` : undefined });
  }
}

/** Coloured swatches with labels, one per line, starting at (x, y). */
export function legend(items: { label: string; color: string }[], x: number, y: number): SvgElement {
  return el(
    'g',
    { class: 'legend' },
    items.map((item, i) =>
      el('g', {}, el('rect', { x, y: y + i * 14 - 8, width: 14, height: 4, style: `fill:${item.color}` }), el('text', { class: 'legend-text', x: x + 18, y: y + i * 14 - 3 }, item.label)),
    ),
  );
}

export const PLOT_CSS = `
.frame{fill:none;stroke:#8a8a8a}
.grid{stroke:#e6e6e6}
.tick{font-size:10px;fill:#555555}
.axis-label{font-size:11px;fill:#333333}
.plot-title,.title{font-size:12px;font-weight:600;fill:#222222}
.series{fill:none;stroke-width:1.8px}
.unit-circle{fill:none;stroke:#666666;stroke-dasharray:5 4}
.radius-circle{fill:none;stroke-dasharray:2 3}
.legend-text,.note{font-size:10px;fill:#444444}
.mono{font-family:monospace}
`;
