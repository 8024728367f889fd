/**
 * Static fallback of the attention output: the `[target][source]` weight matrix as a heatmap with
 * the tokens on both axes (values printed in small grids), or, for pooling attention, the input
 * tokens on chips coloured by their weight with a bar per token.
 *
 * Pure: no DOM and no TensorFlow.js imports here.
 */
import type { AttentionPayload } from '../../protocol/payloads';
import { sequentialFill } from '../colors';
import { formatValue } from '../format';
import { visibleToken } from '../graph/nodes';
import { heatmapGrid } from '../plot/heatmap';
import { PLOT_CSS } from '../plot/panel';
import { el, svgDocument, type SvgChild } from '../svgTree';

const CSS = `${PLOT_CSS}
.cell-value{font-size:9px;fill:#222222}
.cell-value.light{fill:#ffffff}
.row-token,.col-token,.chip-token{font-family:monospace;font-size:11px;fill:#222222}
.chip-frame{fill:none;stroke:#bbbbbb}
.bar{fill:#d62728}
`;

/** Text on a cell stays readable: white on strong fills. */
const textClass = (v: number | null) => (v !== null && v > 0.55 ? 'light' : '');

export function attentionSvg(p: AttentionPayload): string {
  const titleText = p.title ?? (p.mode === 'matrix' ? 'Attention weights α (rows: target, columns: source)' : 'Attention pooling weights over the input');
  const title = el('text', { class: 'title', x: 10, y: 16 }, titleText);
  // Wide enough for the title (about 7 px per character at 12 px bold).
  const titleWidth = 20 + titleText.length * 7;
  if (p.mode === 'pooling') return poolingSvg(p, title, titleWidth);
  const sources = p.sourceTokens.map((t) => visibleToken(t, 10));
  const targets = (p.targetTokens ?? []).map((t) => visibleToken(t, 10));
  const longest = (labels: string[]) => Math.max(1, ...labels.map((l) => l.length));
  const cell = Math.max(10, Math.min(34, 720 / Math.max(sources.length, targets.length)));
  const left = 20 + longest(targets) * 7;
  const top = 40 + longest(sources) * 5.5;
  const grid = heatmapGrid({
    x: left,
    y: top,
    cellWidth: cell,
    cellHeight: cell,
    values: p.weights,
    fill: sequentialFill,
    rowLabels: targets,
    columnLabels: sources,
    printValues: cell >= 26,
    textClass,
  });
  const width = Math.max(titleWidth, left + sources.length * cell + 20);
  const height = top + targets.length * cell + 16;
  return svgDocument(width, height, CSS, [title, grid]);
}

function poolingSvg(p: AttentionPayload, title: SvgChild, titleWidth: number): string {
  const weights = p.weights[0];
  const max = Math.max(1e-9, ...weights);
  const chipW = 64;
  const perRow = 13;
  const parts: SvgChild[] = [title];
  p.sourceTokens.forEach((token, i) => {
    const x = 10 + (i % perRow) * (chipW + 4);
    const y = 30 + Math.floor(i / perRow) * 74;
    const w = weights[i];
    parts.push(
      el(
        'g',
        { class: 'chip', 'data-index': i },
        el('rect', { x, y, width: chipW, height: 22, rx: 3, style: `fill:${sequentialFill(w / max)}` }),
        el('rect', { class: 'chip-frame', x, y, width: chipW, height: 22, rx: 3 }),
        el('text', { class: 'chip-token', x: x + chipW / 2, y: y + 15, 'text-anchor': 'middle' }, visibleToken(token, 8)),
        el('rect', { class: 'bar', x, y: y + 26 + 30 * (1 - w / max), width: chipW, height: 30 * (w / max) }),
        el('text', { class: 'tick', x: x + chipW / 2, y: y + 68, 'text-anchor': 'middle' }, formatValue(w, 2)),
      ),
    );
  });
  const rows = Math.ceil(p.sourceTokens.length / perRow);
  return svgDocument(Math.max(titleWidth, 20 + Math.min(perRow, p.sourceTokens.length) * (chipW + 4)), 36 + rows * 74, CSS, parts);
}
