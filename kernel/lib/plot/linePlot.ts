/**
 * `linePlot`: a static line chart for the quantities no `show.*` renderer is made for (an SSM's
 * convolution kernel against the lag, step sizes along a sequence, timings against the length,
 * accuracy against the input length). It is drawn in the kernel with the same panel, palette and
 * stylesheet as the renderers' static fallbacks and displays as `image/svg+xml` (with a text
 * summary), so it looks the same in VS Code, in the headless runner's HTML report and on GitHub.
 * There is no interactive renderer behind it: no hover values, no zoom.
 */
import type { MimeBundle } from '../../protocol/messages';
import { toMimeBundle, type Displayable } from '../core/mimeBundle';
import { categoryColor } from '../../scenes/colors';
import { legend, Panel, PLOT_CSS, rangeOf } from '../../scenes/plot/panel';
import { el, svgDocument, type SvgChild } from '../../scenes/svgTree';

export interface LineSeries {
  label: string;
  /** x values, increasing. */
  x: ArrayLike<number>;
  /** y values, one per x; a non-finite value breaks the line. */
  y: ArrayLike<number>;
  /** Also draw a dot at every point (default: only when there are at most 12 points). */
  markers?: boolean;
}

export interface LinePlotOptions {
  title?: string;
  xLabel?: string;
  yLabel?: string;
  logX?: boolean;
  logY?: boolean;
  /** Vertical dashed lines at these x values (events: marked steps, a delay). */
  marks?: number[];
  /** Fixed y range instead of one fitted to the data. */
  yRange?: [number, number];
  width?: number;
  height?: number;
}

const MARGIN = { left: 64, right: 24, top: 34, bottom: 44 };
const LEGEND_WIDTH = 190;

function checkSeries(series: LineSeries[], options: LinePlotOptions): { x: number[]; y: number[] }[] {
  if (!Array.isArray(series) || series.length === 0) throw new Error(`linePlot: expected a non-empty array of series { label, x, y }; got ${Array.isArray(series) ? 'an empty array' : typeof series}`);
  return series.map((s, i) => {
    if (typeof s?.label !== 'string' || s.x === undefined || s.y === undefined) {
      throw new Error(`linePlot: series ${i} must be { label: string, x: number[], y: number[] }; got keys ${JSON.stringify(Object.keys(s ?? {}))}`);
    }
    const x = Array.from(s.x, Number);
    const y = Array.from(s.y, Number);
    if (x.length !== y.length || x.length === 0) throw new Error(`linePlot: series '${s.label}' needs as many y values as x values (at least one); got ${x.length} x and ${y.length} y`);
    if (options.logX && x.some((v) => !(v > 0))) throw new Error(`linePlot: series '${s.label}' has x values ≤ 0, which a log x axis cannot show`);
    return { x, y };
  });
}

/** The chart as a standalone SVG document. */
export function linePlotSvg(series: LineSeries[], options: LinePlotOptions = {}): string {
  const data = checkSeries(series, options);
  const width = options.width ?? 760;
  const height = options.height ?? 320;
  const frame = { x: MARGIN.left, y: MARGIN.top, width: width - MARGIN.left - MARGIN.right - LEGEND_WIDTH, height: height - MARGIN.top - MARGIN.bottom };
  if (frame.width < 80 || frame.height < 60) throw new Error(`linePlot: ${width} × ${height} leaves no room for the plot; use at least ${MARGIN.left + MARGIN.right + LEGEND_WIDTH + 80} × ${MARGIN.top + MARGIN.bottom + 60}`);
  const xRange = rangeOf(data.flatMap((d) => d.x), options.logX ?? false, 0);
  const yRange = options.yRange ? { min: options.yRange[0], max: options.yRange[1] } : rangeOf(data.flatMap((d) => d.y), options.logY ?? false);
  const panel = new Panel(frame, { ...xRange, log: options.logX ?? false, label: options.xLabel ?? '' }, { ...yRange, log: options.logY ?? false, label: options.yLabel ?? '' }, options.title ?? '');
  const marks = (options.marks ?? []).filter((m) => m >= xRange.min && m <= xRange.max);
  const body: SvgChild[] = [
    panel.axes(),
    marks.map((m) => el('line', { class: 'mark', x1: panel.sx(m), x2: panel.sx(m), y1: frame.y, y2: frame.y + frame.height })),
    data.map((d, i) => [
      panel.line(d.x, d.y.map((v) => (Number.isFinite(v) ? v : null)), categoryColor(i)),
      (series[i].markers ?? d.x.length <= 12) ? panel.markers(d.x, d.y, categoryColor(i)) : null,
    ]),
    legend(series.map((s, i) => ({ label: s.label, color: categoryColor(i) })), frame.x + frame.width + 16, frame.y + 10),
  ];
  return svgDocument(width, height, `${PLOT_CSS}.mark{stroke:#888888;stroke-dasharray:4 3}`, body);
}

/** What `linePlot` returns: displays as the SVG chart, prints as a one-line summary. */
export class LinePlot implements Displayable {
  constructor(
    readonly svg: string,
    private readonly summary: string,
  ) {}

  toString(): string {
    return this.summary;
  }

  [toMimeBundle](): MimeBundle {
    return { 'image/svg+xml': this.svg, 'text/plain': this.summary };
  }
}

/** A line chart of one or more series, `display`-able (or a cell's last value). */
export function linePlot(series: LineSeries[], options: LinePlotOptions = {}): LinePlot {
  const svg = linePlotSvg(series, options);
  const summary = `line plot${options.title ? ` '${options.title}'` : ''}: ${series.map((s) => `${s.label} (${s.x.length} points)`).join(', ')}`;
  return new LinePlot(svg, summary);
}
