/**
 * Sequence tagging as an element tree: the tokens with their predicted (and gold) tags, B-I-O
 * spans underlined in the entity's colour, invalid transitions (an `I-X` that does not continue
 * an `X` span) flagged; below, the Viterbi trellis: one box per (step, tag) holding δ_t(tag),
 * shaded by its score within the step, back-pointer edges, and the best path.
 *
 * Pure: no DOM and no TensorFlow.js imports here (renderers bundle this file).
 */
import type { TaggingPayload, Value } from '../../protocol/payloads';
import { categoryColor, sequentialFill } from '../colors';
import { formatValue } from '../format';
import { visibleToken } from '../graph/nodes';
import { el, type SvgChild, type SvgElement } from '../svgTree';

export interface TaggingView {
  /** Highlighted token, or -1. */
  selected: number;
  /** Draw every back-pointer, not only the best path. */
  allPointers: boolean;
  showGold: boolean;
}

export interface TagSpan {
  label: string;
  start: number;
  end: number;
}

/** `B-PER` → prefix `B`, label `PER`; `O` → prefix `O`. Unknown forms count as their own label. */
export function parseTag(tag: string): { prefix: string; label: string } {
  const m = /^([BIESU])-(.+)$/.exec(tag);
  if (m) return { prefix: m[1], label: m[2] };
  return tag === 'O' ? { prefix: 'O', label: '' } : { prefix: 'B', label: tag };
}

/** Spans of B-I-O(-E-S) tags, and the positions of `I`/`E` tags that continue no span of their label. */
export function spansOf(tags: readonly string[]): { spans: TagSpan[]; invalid: number[] } {
  const spans: TagSpan[] = [];
  const invalid: number[] = [];
  let open: TagSpan | null = null;
  tags.forEach((tag, t) => {
    const { prefix, label } = parseTag(tag);
    if (prefix === 'O') open = null;
    else if (prefix === 'B' || prefix === 'S' || prefix === 'U') {
      open = { label, start: t, end: t + 1 };
      spans.push(open);
      if (prefix !== 'B') open = null;
    } else if (open && open.label === label) {
      open.end = t + 1;
      if (prefix === 'E') open = null;
    } else {
      invalid.push(t);
      open = { label, start: t, end: t + 1 };
      spans.push(open);
    }
  });
  return { spans, invalid };
}

const LEFT = 76;
const TOKEN_TOP = 8;
const ROW = 24;
const BOX_W = 46;
const BOX_H = 18;

export interface TaggingScene {
  width: number;
  height: number;
  body: SvgElement;
  /** Left edge and width of each token column. */
  columns: { x: number; w: number }[];
}

export function taggingScene(p: TaggingPayload, view: TaggingView): TaggingScene {
  const labels = [...new Set([...p.predicted, ...(p.gold ?? [])].map((t) => parseTag(t).label).filter((l) => l !== ''))].sort();
  const colour = (label: string) => categoryColor(labels.indexOf(label));
  const columns: { x: number; w: number }[] = [];
  let x = LEFT;
  for (const token of p.tokens) {
    const w = Math.max(64, visibleToken(token, 14).length * 8 + 18);
    columns.push({ x, w });
    x += w;
  }
  const center = (t: number) => columns[t].x + columns[t].w / 2;
  const parts: SvgChild[] = [];
  const rows: [string, string[] | undefined][] = [[p.label ?? 'predicted', p.predicted], ['gold', view.showGold ? p.gold : undefined]];
  let y = TOKEN_TOP;
  parts.push(
    p.tokens.map((token, t) =>
      el(
        'g',
        { class: `token${t === view.selected ? ' selected' : ''}`, 'data-t': t },
        el('rect', { class: 'token-box', x: columns[t].x + 3, y, width: columns[t].w - 6, height: 22, rx: 3 }),
        el('text', { class: 'token-text', x: center(t), y: y + 15, 'text-anchor': 'middle' }, visibleToken(token, 14)),
      ),
    ),
  );
  y += 30;
  for (const [name, tags] of rows) {
    if (!tags) continue;
    const { spans, invalid } = spansOf(tags);
    parts.push(
      el('text', { class: 'row-name', x: 6, y: y + 12 }, name),
      tags.map((tag, t) => {
        const mismatch = name === 'predicted' && p.gold !== undefined && p.gold[t] !== tag;
        const bad = invalid.includes(t);
        return el(
          'text',
          { class: `tag tag-${name}${mismatch ? ' mismatch' : ''}${bad ? ' invalid' : ''}`, x: center(t), y: y + 12, 'text-anchor': 'middle', 'data-t': t, style: parseTag(tag).label && !bad ? `fill:${colour(parseTag(tag).label)}` : undefined },
          `${bad ? '⚠ ' : ''}${tag}`,
        );
      }),
      spans.map((s) => el('rect', { class: `span span-${name}`, x: columns[s.start].x + 4, y: y + 16, width: columns[s.end - 1].x + columns[s.end - 1].w - columns[s.start].x - 8, height: 3, style: `fill:${colour(s.label)}`, 'data-label': s.label })),
    );
    y += ROW + 4;
  }
  let height = y + 4;
  if (p.trellis) {
    const trellis = trellisPart(p, view, columns, y + 18);
    parts.push(trellis.body);
    height = trellis.bottom + 8;
  }
  // At least as wide as the trellis caption.
  return { width: Math.max(x + 12, p.trellis ? 500 : 0), height, columns, body: el('g', { class: 'tagging' }, parts) };
}

function trellisPart(p: TaggingPayload, view: TaggingView, columns: { x: number; w: number }[], top: number): { body: SvgElement; bottom: number } {
  const tr = p.trellis!;
  const center = (t: number) => columns[t].x + columns[t].w / 2;
  const rowY = (k: number) => top + 14 + k * ROW;
  const onPath = (t: number, k: number) => tr.bestPath[t] === k;
  const edges: SvgElement[] = [];
  for (let t = 1; t < p.tokens.length; t++) {
    tr.tags.forEach((_, k) => {
      const from = tr.backpointers[t][k];
      const best = onPath(t, k) && onPath(t - 1, from);
      if (!best && !view.allPointers) return;
      edges.push(el('path', { class: `pointer${best ? ' best' : ''}`, d: `M${center(t - 1) + BOX_W / 2} ${rowY(from)}L${center(t) - BOX_W / 2} ${rowY(k)}`, 'data-t': t, 'data-tag': k }));
    });
  }
  const nodes = tr.scores.flatMap((row, t) => {
    const finite = row.filter((v): v is number => v !== null);
    const lo = Math.min(...finite);
    const hi = Math.max(...finite);
    return row.map((score: Value, k) => {
      const fraction = score === null ? 0 : hi > lo ? (score - lo) / (hi - lo) : 1;
      return el(
        'g',
        { class: `trellis-node${onPath(t, k) ? ' best' : ''}`, 'data-t': t, 'data-tag': k },
        el('rect', { class: 'trellis-box', x: center(t) - BOX_W / 2, y: rowY(k) - BOX_H / 2, width: BOX_W, height: BOX_H, rx: 3, style: `fill:${score === null ? '#9e9e9e' : sequentialFill(fraction)}` }),
        el('text', { class: `trellis-score${fraction > 0.6 ? ' light' : ''}`, x: center(t), y: rowY(k) + 4, 'text-anchor': 'middle' }, score === null ? '−∞' : formatValue(score, 3)),
      );
    });
  });
  const body = el(
    'g',
    { class: 'trellis' },
    el('text', { class: 'section-title', x: 6, y: top }, 'Viterbi trellis: δ_t(tag), shaded within each step; bold: the best path'),
    tr.tags.map((tag, k) => el('text', { class: 'row-name', x: 6, y: rowY(k) + 4 }, tag)),
    el('g', { class: 'pointers' }, edges),
    el('g', { class: 'trellis-nodes' }, nodes),
  );
  return { body, bottom: rowY(tr.tags.length - 1) + BOX_H };
}

export const TAGGING_LIGHT_CSS = `
.title,.section-title{font-size:12px;font-weight:600;fill:#222222}
.token-box{fill:#f3f3f3;stroke:#9a9a9a}
.token.selected .token-box{stroke:#007acc;stroke-width:2px}
.token-text,.tag{font-family:monospace;font-size:12px;fill:#222222}
.tag.mismatch{text-decoration:underline;font-weight:700}
.tag.invalid{fill:#d62728}
.row-name{font-size:11px;fill:#555555}
.pointer{stroke:#b0b0b0;stroke-width:1px}
.pointer.best{stroke:#d62728;stroke-width:2.5px}
.trellis-box{stroke:#9a9a9a}
.trellis-node.best .trellis-box{stroke:#d62728;stroke-width:2px}
.trellis-score{font-size:10px;fill:#111111}
.trellis-score.light{fill:#ffffff}
`;
