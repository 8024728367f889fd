/**
 * Where everything sits in the unrolled graph: one column per time step, rows from the top
 * `y` row through the layers (top layer first, forward track above backward track) down to the
 * `x` row. Forward tracks put their state nodes right of the cell (state flows right, into the
 * next step); backward tracks mirror that. Encoder and decoder segments sit side by side.
 *
 * Pure: no DOM and no TensorFlow.js imports here (renderers bundle this file).
 */
import type { GraphDirection, GraphPayload, GraphSegment } from '../../protocol/payloads';

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Point {
  x: number;
  y: number;
}

export type DirectionName = GraphDirection['direction'];

export interface TrackRow {
  layer: number;
  direction: DirectionName;
  top: number;
  height: number;
  /** Vertical centre of the cell. */
  cy: number;
  /** Internals drawn when a cell in this row is expanded. */
  internals: string[];
}

export interface SegmentSpan {
  /** Left edge of the first time column. */
  x0: number;
  steps: number;
  /** Initial-state nodes left of the first column (forward tracks with their own initial state). */
  initLeft: boolean;
  /** Initial-state nodes right of the last column (backward tracks). */
  initRight: boolean;
  right: number;
}

export const COLUMN_WIDTH = 140;
export const HEADER_WIDTH = 58;
export const TIME_HEADER = 26;
const INIT_WIDTH = 64;
const SEGMENT_GAP = 56;
const IO_ROW = 30;
const ROW_PAD = 22;
export const CELL_WIDTH = 52;
const CELL_HEIGHT = 36;
export const STATE_WIDTH = 44;
export const STATE_HEIGHT = 12;
const STATE_GAP = 3;
/** Height of one expanded internal row. */
export const INTERNAL_ROW = 13;
export const EXPANDED_HEADER = 16;
export const IO_WIDTH = 50;
export const IO_HEIGHT = 20;
/** How much wider an expanded cell (and its column) gets. */
export const EXPANDED_EXTRA = 84;
const ATTENTION_LANE = 64;

export function trackKey(layer: number, direction: DirectionName): string {
  return `${layer}:${direction}`;
}

export class UnrolledGeometry {
  readonly tracks: TrackRow[] = [];
  readonly segments: SegmentSpan[] = [];
  /** Top of the band above the rows where attention arcs run (0 when there is none). */
  readonly attentionLaneTop: number;
  readonly yRowTop: number;
  readonly xRowTop: number;
  readonly width: number;
  readonly height: number;
  private readonly byKey = new Map<string, TrackRow>();
  /** Left edge of every column, per segment. */
  private readonly lefts: number[][] = [];

  /** `expanded(segment, t)`: whether that column's cells show their gates (wider and taller). */
  constructor(
    private readonly payload: GraphPayload,
    private readonly expanded: (segment: number, t: number) => boolean,
  ) {
    const anyExpanded = payload.segments.some((seg, s) => Array.from({ length: seg.steps }, (_, t) => expanded(s, t)).some(Boolean));
    const layerCount = Math.max(...payload.segments.map((s) => s.layers.length));
    let y = TIME_HEADER;
    this.attentionLaneTop = payload.attention ? y : 0;
    if (payload.attention) y += ATTENTION_LANE;
    this.yRowTop = y;
    y += IO_ROW + ROW_PAD;
    for (let layer = layerCount - 1; layer >= 0; layer--) {
      for (const direction of ['forward', 'backward'] as const) {
        const present = payload.segments.map((s) => s.layers[layer]?.directions.find((d) => d.direction === direction)).filter((d) => d !== undefined);
        if (present.length === 0) continue;
        const internals = [...new Set(present.flatMap((d) => Object.keys(d.internals)))];
        const expandedHeight = internals.length > 0 && anyExpanded ? EXPANDED_HEADER + internals.length * INTERNAL_ROW + 4 : CELL_HEIGHT;
        const height = Math.max(expandedHeight, this.stateStackHeight());
        const row: TrackRow = { layer, direction, top: y, height, cy: y + height / 2, internals };
        this.tracks.push(row);
        this.byKey.set(trackKey(layer, direction), row);
        y += height + ROW_PAD * 2;
      }
    }
    y -= ROW_PAD;
    this.xRowTop = y;
    this.height = y + IO_ROW + 12;

    let x = HEADER_WIDTH;
    payload.segments.forEach((segment, s) => {
      const hasForward = segment.layers.some((l) => l.directions.some((d) => d.direction === 'forward'));
      const hasBackward = segment.layers.some((l) => l.directions.some((d) => d.direction === 'backward'));
      const initLeft = hasForward && segment.initialState !== 'encoder';
      const x0 = x + (initLeft ? INIT_WIDTH : 0);
      const lefts: number[] = [];
      let left = x0;
      for (let t = 0; t < segment.steps; t++) {
        lefts.push(left);
        left += this.columnWidth(s, t);
      }
      this.lefts.push(lefts);
      const right = left + (hasBackward ? INIT_WIDTH : 0);
      this.segments.push({ x0, steps: segment.steps, initLeft, initRight: hasBackward, right });
      x = right + (s < payload.segments.length - 1 ? SEGMENT_GAP : 0);
    });
    this.width = x + 12;
  }

  private stateStackHeight(): number {
    const n = this.payload.stateNames.length;
    return n * STATE_HEIGHT + (n - 1) * STATE_GAP;
  }

  /** Extra width of an expanded column's cells. */
  private extra(segment: number, t: number): number {
    return this.expanded(segment, t) ? EXPANDED_EXTRA : 0;
  }

  columnWidth(segment: number, t: number): number {
    return COLUMN_WIDTH + this.extra(segment, t);
  }

  track(layer: number, direction: DirectionName): TrackRow {
    const row = this.byKey.get(trackKey(layer, direction));
    if (!row) throw new Error(`graph layout: no row for layer ${layer} ${direction}`);
    return row;
  }

  columnLeft(segment: number, t: number): number {
    const lefts = this.lefts[segment];
    if (t < lefts.length) return lefts[t];
    return lefts[lefts.length - 1] + this.columnWidth(segment, lefts.length - 1) + (t - lefts.length) * COLUMN_WIDTH;
  }

  /** Whether a layer of the segment runs in both directions (then `x_t` / `y_t` sit centred). */
  private bidirectionalAt(segment: GraphSegment, layer: number): boolean {
    return (segment.layers[layer]?.directions.length ?? 0) > 1;
  }

  cellBox(segment: number, layer: number, direction: DirectionName, t: number): Box {
    const row = this.track(layer, direction);
    const open = this.expanded(segment, t) && row.internals.length > 0;
    const left = this.columnLeft(segment, t) + (direction === 'forward' ? 14 : 74);
    const h = open ? row.height : CELL_HEIGHT;
    return { x: left, y: row.cy - h / 2, w: CELL_WIDTH + (open ? EXPANDED_EXTRA : 0), h };
  }

  /** State node `k` (index into stateNames) of a cell at step t; t = -1 / steps are the initial-state slots. */
  stateBox(segment: number, layer: number, direction: DirectionName, k: number, t: number): Box {
    const row = this.track(layer, direction);
    const stack = this.stateStackHeight();
    const y = row.cy - stack / 2 + k * (STATE_HEIGHT + STATE_GAP);
    const span = this.segments[segment];
    let x: number;
    if (t < 0) x = span.x0 - INIT_WIDTH + 6;
    else if (t >= span.steps) x = this.columnLeft(segment, span.steps) + 14;
    else x = this.columnLeft(segment, t) + (direction === 'forward' ? 82 + this.extra(segment, t) : 14);
    return { x, y, w: STATE_WIDTH, h: STATE_HEIGHT };
  }

  inputBox(segment: number, t: number): Box {
    const seg = this.payload.segments[segment];
    const left = this.columnLeft(segment, t);
    const cx = this.bidirectionalAt(seg, 0) ? left + this.columnWidth(segment, t) / 2 : left + 14 + (CELL_WIDTH + this.extra(segment, t)) / 2;
    return { x: cx - IO_WIDTH / 2, y: this.xRowTop + (IO_ROW - IO_HEIGHT) / 2, w: IO_WIDTH, h: IO_HEIGHT };
  }

  outputBox(segment: number, t: number): Box {
    const seg = this.payload.segments[segment];
    const top = seg.layers.length - 1;
    const left = this.columnLeft(segment, t);
    const cx = this.bidirectionalAt(seg, top) ? left + this.columnWidth(segment, t) / 2 : left + 82 + this.extra(segment, t) + STATE_WIDTH / 2;
    return { x: cx - IO_WIDTH / 2, y: this.yRowTop + (IO_ROW - IO_HEIGHT) / 2, w: IO_WIDTH, h: IO_HEIGHT };
  }
}

export const topCenter = (b: Box): Point => ({ x: b.x + b.w / 2, y: b.y });
export const bottomCenter = (b: Box): Point => ({ x: b.x + b.w / 2, y: b.y + b.h });
export const leftMiddle = (b: Box): Point => ({ x: b.x, y: b.y + b.h / 2 });
export const rightMiddle = (b: Box): Point => ({ x: b.x + b.w, y: b.y + b.h / 2 });
