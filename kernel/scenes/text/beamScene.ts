/**
 * The beam-search tree as an element tree: one column per generated step, each kept hypothesis
 * a box with its token and score, edges to its parent, the chosen hypothesis's path highlighted.
 * Leaves take consecutive rows and a parent sits at the middle of its children (a tidy tree).
 *
 * Pure: no DOM and no TensorFlow.js imports here (renderers bundle this file).
 */
import type { BeamTree } from '../../protocol/payloads';
import { formatValue } from '../format';
import { visibleToken } from '../graph/nodes';
import { el, type SvgElement } from '../svgTree';

const STEP_WIDTH = 118;
const ROW_HEIGHT = 30;
const BOX_WIDTH = 84;
const BOX_HEIGHT = 24;
const LEFT = 12;
const TOP = 26;

export interface BeamScene {
  width: number;
  height: number;
  body: SvgElement;
}

export function beamScene(tree: BeamTree): BeamScene {
  const children = new Map<number | null, number[]>();
  for (const n of tree.nodes) children.set(n.parent, [...(children.get(n.parent) ?? []), n.id]);
  const byId = new Map(tree.nodes.map((n) => [n.id, n]));
  const chosen = new Set(tree.chosen);
  const y = new Map<number, number>();
  let nextRow = 0;
  const place = (id: number): number => {
    const kids = children.get(id) ?? [];
    const row = kids.length === 0 ? nextRow++ : kids.map(place).reduce((a, b) => a + b, 0) / kids.length;
    y.set(id, row);
    return row;
  };
  (children.get(null) ?? []).forEach(place);
  const maxStep = Math.max(...tree.nodes.map((n) => n.step));
  const pos = (id: number) => {
    const node = byId.get(id)!;
    return { x: LEFT + node.step * STEP_WIDTH, y: TOP + (y.get(id) ?? 0) * ROW_HEIGHT };
  };
  const edges = tree.nodes
    .filter((n) => n.parent !== null && byId.has(n.parent))
    .map((n) => {
      const a = pos(n.parent!);
      const b = pos(n.id);
      const x1 = a.x + BOX_WIDTH;
      const y1 = a.y + BOX_HEIGHT / 2;
      const y2 = b.y + BOX_HEIGHT / 2;
      const mid = (x1 + b.x) / 2;
      const onPath = chosen.has(n.id) && chosen.has(n.parent!);
      return el('path', { class: `beam-edge${onPath ? ' chosen' : ''}`, d: `M${x1} ${y1}C${mid} ${y1} ${mid} ${y2} ${b.x} ${y2}`, 'data-node': n.id });
    });
  const nodes = tree.nodes.map((n) => {
    const p = pos(n.id);
    const classes = ['beam-node', chosen.has(n.id) ? 'chosen' : '', n.finished ? 'finished' : '', n.parent === null ? 'root' : ''].filter(Boolean).join(' ');
    return el(
      'g',
      { class: classes, 'data-node': n.id, 'data-step': n.step },
      el('rect', { class: 'beam-box', x: p.x, y: p.y, width: BOX_WIDTH, height: BOX_HEIGHT, rx: 4 }),
      el('text', { class: 'beam-token', x: p.x + 6, y: p.y + 16 }, visibleToken(n.token, 6)),
      el('text', { class: 'beam-score', x: p.x + BOX_WIDTH - 5, y: p.y + 16, 'text-anchor': 'end' }, n.parent === null ? 'start' : formatValue(n.score, 3)),
    );
  });
  const headers = Array.from({ length: maxStep + 1 }, (_, s) => el('text', { class: 'beam-step', x: LEFT + s * STEP_WIDTH + BOX_WIDTH / 2, y: 14, 'text-anchor': 'middle' }, s === 0 ? 'prompt' : `step ${s}`));
  return {
    width: LEFT + (maxStep + 1) * STEP_WIDTH,
    height: TOP + Math.max(1, nextRow) * ROW_HEIGHT + 6,
    body: el('g', { class: 'beam-tree' }, headers, el('g', { class: 'beam-edges' }, edges), el('g', { class: 'beam-nodes' }, nodes)),
  };
}
