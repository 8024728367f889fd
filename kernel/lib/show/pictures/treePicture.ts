/**
 * `show.tree(tree, options)`: a binary tree as a recursive network reads it. Words sit in a row at
 * the bottom; every phrase sits above its two children, higher the more levels it spans, so the
 * post-order in which the network composes is visible bottom-up. A node's fill and ring colour
 * its label (or whatever `fill` and `ring` say, e.g. prediction against gold).
 */
import { postOrder, treeDepth, type Tree } from '../../trees/tree';
import { CATEGORY_COLORS } from '../../../scenes/colors';
import { el, svgDocument, type SvgElement } from '../../../scenes/svgTree';
import { StaticPicture } from './staticPicture';

export interface TreePictureOptions {
  title?: string;
  /** Colour of each label class (index = label); default a categorical palette. */
  colours?: readonly string[];
  /** Fill colour of node `i` in post-order (children before parents, the root last); default its label's colour. */
  fill?: (i: number, node: Tree) => string;
  /** Ring colour of node `i` in post-order; default its label's colour. */
  ring?: (i: number, node: Tree) => string;
}

const GAP = 62;
const RISE = 38;
const RADIUS = 9;
const MARGIN = 34;
const UNLABELLED = '#ffffff';

const CSS = `
.tree-edge{stroke:#888888;stroke-width:1.2px}
.tree-node{stroke-width:4px}
.tree-word{font-size:13px;fill:#222222}
.title{font-size:13px;fill:#222222}
`;

/** Node centres: leaves `GAP` apart left to right, a parent midway over its children and `RISE` per level above the words. */
export function treeLayout(tree: Tree, bottom: number): Map<Tree, { x: number; y: number }> {
  const at = new Map<Tree, { x: number; y: number }>();
  const height = new Map<Tree, number>();
  let nextLeaf = 0;
  for (const t of postOrder(tree)) {
    const h = t.kind === 'leaf' ? 0 : 1 + Math.max(height.get(t.left)!, height.get(t.right)!);
    height.set(t, h);
    const x = t.kind === 'leaf' ? MARGIN + GAP * nextLeaf++ : (at.get(t.left)!.x + at.get(t.right)!.x) / 2;
    at.set(t, { x, y: bottom - RISE * h });
  }
  return at;
}

export function tree(root: Tree, options: TreePictureOptions = {}): StaticPicture {
  if (typeof root !== 'object' || root === null || (root.kind !== 'leaf' && root.kind !== 'node')) {
    throw new Error(`show.tree: expected a tree (from parseTree, treeFromArray or treeNode); got ${root === null ? 'null' : typeof root}`);
  }
  const colours = options.colours ?? CATEGORY_COLORS;
  const labelColour = (t: Tree) => {
    if (t.label === undefined) return UNLABELLED;
    const colour = colours[t.label];
    if (typeof colour !== 'string') throw new Error(`show.tree: a node has label ${t.label}, but colours has ${colours.length} entries (0 to ${colours.length - 1})`);
    return colour;
  };
  const order = postOrder(root);
  const titleSpace = options.title ? 24 : 0;
  const bottom = titleSpace + 18 + treeDepth(root) * RISE;
  const at = treeLayout(root, bottom);
  const leafCount = order.filter((t) => t.kind === 'leaf').length;
  const edges: SvgElement[] = order.flatMap((t) =>
    t.kind === 'node' ? [t.left, t.right].map((child) => el('line', { class: 'tree-edge', x1: at.get(t)!.x, y1: at.get(t)!.y, x2: at.get(child)!.x, y2: at.get(child)!.y })) : [],
  );
  const nodes = order.map((t, i) => {
    const { x, y } = at.get(t)!;
    const fill = options.fill ? options.fill(i, t) : labelColour(t);
    const ring = options.ring ? options.ring(i, t) : labelColour(t);
    return el(
      'g',
      { class: `tree-${t.kind}`, 'data-index': i },
      el('circle', { class: 'tree-node', cx: x, cy: y, r: RADIUS, fill, stroke: ring }),
      t.kind === 'leaf' ? el('text', { class: 'tree-word', x, y: y + 26, 'text-anchor': 'middle' }, t.word) : null,
    );
  });
  const width = Math.max(2 * MARGIN + GAP * (leafCount - 1), 16 + 7 * (options.title?.length ?? 0));
  const svg = svgDocument(width, bottom + 36, CSS, [options.title ? el('text', { class: 'title', x: 8, y: 16 }, options.title) : null, el('g', { class: 'tree' }, edges, nodes)]);
  return new StaticPicture(svg, `${options.title ? `${options.title}: ` : ''}a tree of ${leafCount} words and depth ${treeDepth(root)}`);
}
