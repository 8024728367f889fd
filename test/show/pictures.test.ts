import { test } from 'node:test';
import assert from 'node:assert/strict';
import { show } from '../../kernel/lib/show';
import { treeLayout } from '../../kernel/lib/show/pictures/treePicture';
import { inkFill } from '../../kernel/lib/show/pictures/imageGrid';
import { postOrder } from '../../kernel/lib/trees/tree';
import { parseTree } from '../../kernel/lib/trees/parseTree';
import { toMimeBundle } from '../../kernel/lib/core/mimeBundle';

const all = (svg: string, pattern: RegExp) => [...svg.matchAll(pattern)];

test('show.tree puts the words in a row at the bottom and every phrase midway over its children, one level per rise', () => {
  const t = parseTree('(0 (1 (1 the) (1 movie)) (0 (1 is) (0 (1 not) (2 good))))');
  const at = treeLayout(t, 200);
  const order = postOrder(t);
  const words = order.filter((n) => n.kind === 'leaf').map((n) => at.get(n)!);
  // Leaves 62 apart from x = 34, all on the bottom line.
  assert.deepEqual(words.map((p) => [p.x, p.y]), [[34, 200], [96, 200], [158, 200], [220, 200], [282, 200]]);
  for (const n of order) {
    if (n.kind !== 'node') continue;
    assert.equal(at.get(n)!.x, (at.get(n.left)!.x + at.get(n.right)!.x) / 2);
  }
  // Post-order ends "good", "(not good)" one level up, "(is (not good))" two, the root three: 38 px per level.
  assert.deepEqual(order.slice(-4).map((n) => at.get(n)!.y), [200, 162, 124, 86]);
});

test('show.tree colours each node by its label, or by fill and ring, and escapes the words', () => {
  const t = parseTree('(2 (0 <b>) (1 x&y))');
  const picture = show.tree(t, { colours: ['#aa0000', '#00aa00', '#0000aa'], title: 'a "small" tree' });
  const svg = picture.svg();
  assert.deepEqual(all(svg, /<circle [^>]*fill="([^"]+)" stroke="([^"]+)"/g).map((m) => [m[1], m[2]]), [['#aa0000', '#aa0000'], ['#00aa00', '#00aa00'], ['#0000aa', '#0000aa']]);
  assert.match(svg, />&lt;b&gt;<\/text>/);
  assert.match(svg, />x&amp;y<\/text>/);
  assert.equal(all(svg, /<line /g).length, 2);
  const judged = show.tree(t, { fill: (i) => ['#111111', '#222222', '#333333'][i], ring: (_, node) => (node.kind === 'leaf' ? '#444444' : '#555555') }).svg();
  assert.deepEqual(all(judged, /<circle [^>]*fill="([^"]+)" stroke="([^"]+)"/g).map((m) => [m[1], m[2]]), [['#111111', '#444444'], ['#222222', '#444444'], ['#333333', '#555555']]);
  assert.deepEqual(Object.keys(picture[toMimeBundle]()), ['image/svg+xml', 'text/plain']);
  assert.equal(String(picture), 'a "small" tree: a tree of 2 words and depth 1');
});

test('show.tree says which label has no colour, and what it wanted instead of a non-tree', () => {
  assert.throws(() => show.tree(parseTree('(3 a)'), { colours: ['#000', '#111'] }), /label 3, but colours has 2 entries \(0 to 1\)/);
  assert.throws(() => show.tree('(a b)' as never), /expected a tree \(from parseTree, treeFromArray or treeNode\); got string/);
});

test('show.images mixes each value between white and the ink colour, frames every image and captions it', () => {
  // 255 + (k − 255)·v, rounded: v = 0.5 with black ink is 127.5 → 128; v is clamped to [0, 1].
  assert.equal(inkFill(0.5, [0, 0, 0]), 'rgb(128,128,128)');
  assert.equal(inkFill(2, [214, 39, 40]), 'rgb(214,39,40)');
  assert.equal(inkFill(-1, [214, 39, 40]), 'rgb(255,255,255)');
  const a = [[0, 1], [1, 0]];
  const b = [[0.5, 0.5], [0, 0]];
  const svg = show.images([a, b, a], { captions: ['a', 'b', 'a <2>'], perRow: 2, pixel: 5, rowLabels: ['one', 'two'], colourOf: (n) => (n === 1 ? [200, 0, 0] : [0, 0, 0]) }).svg();
  assert.equal(all(svg, /<rect x="[^"]*" y="[^"]*" width="5" height="5" fill=/g).length, 12);
  assert.equal(all(svg, /class="image-frame"/g).length, 3);
  assert.match(svg, /fill="rgb\(228,128,128\)"/);
  assert.match(svg, />a &lt;2&gt;<\/text>/);
  // Two per row: the third image starts the second row, under the row label "two".
  const thirdImage = /<g class="image" data-index="2"><rect x="([\d.]+)" y="([\d.]+)"/.exec(svg)!;
  assert.deepEqual([Number(thirdImage[1]), Number(thirdImage[2])], [84, 4 + (2 * 5 + 28)]);
  assert.match(svg, /<text class="row-label" x="6" y="[\d.]+">two<\/text>/);
});

test('show.images names the image that does not match the first one, and a caption count that does not match', () => {
  assert.throws(() => show.images([[[0, 1]], [[0, 1, 1]]]), /every image must be 1 rows of 2 numbers, as image 0 is; image 1 is not/);
  assert.throws(() => show.images([]), /expected a non-empty array of images .*got an empty array/);
  assert.throws(() => show.images([[[0]]], { captions: ['a', 'b'] }), /1 images but 2 captions/);
});
