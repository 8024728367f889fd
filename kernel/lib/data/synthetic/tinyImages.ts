/**
 * Tiny binary images of simple shapes, for autoregressive image models (PixelRNN) in a lesson:
 * one-pixel-wide lines on a `size × size` grid of 0 (background) and 1 (ink).
 *   hbar   a full-width horizontal line at any row
 *   vbar   a full-height vertical line at any column
 *   cross  a horizontal and a vertical full line crossing inside the image (not on its border)
 *   box    the outline of a rectangle at least 3 × 3 pixels (so it has an inside)
 * Each image picks its shape uniformly from `shapes`, then the shape's position uniformly.
 * The set of every image a generator can draw is small and listed by `allTinyImages`, so a model's
 * samples can be checked exactly: `tinyShapeOf(image)` names the shape or says it is none.
 */
import { Random } from '../../core/random';
import { positiveInteger } from './checks';

export type TinyShape = 'hbar' | 'vbar' | 'cross' | 'box';
export const tinyShapes: readonly TinyShape[] = ['hbar', 'vbar', 'cross', 'box'];

export interface TinyImagesOptions {
  count: number;
  /** Side of the square image (default 8, at least 4). */
  size?: number;
  /** Shapes to draw from (default all four). */
  shapes?: readonly TinyShape[];
  seed?: number;
}

export interface TinyImages {
  /** `[count][size][size]` of 0 and 1, row by row from the top. */
  images: number[][][];
  labels: TinyShape[];
  size: number;
}

/** A shape's position parameters: rows and columns of its lines. */
type Placement = readonly number[];

/** Every placement of `shape` on a `size × size` grid. */
function placements(shape: TinyShape, size: number): Placement[] {
  const all: Placement[] = [];
  const inner = Array.from({ length: size - 2 }, (_, i) => i + 1);
  switch (shape) {
    case 'hbar':
    case 'vbar':
      for (let i = 0; i < size; i++) all.push([i]);
      break;
    case 'cross':
      for (const r of inner) for (const c of inner) all.push([r, c]);
      break;
    case 'box':
      for (let r0 = 0; r0 < size; r0++) for (let r1 = r0 + 2; r1 < size; r1++)
        for (let c0 = 0; c0 < size; c0++) for (let c1 = c0 + 2; c1 < size; c1++) all.push([r0, r1, c0, c1]);
      break;
  }
  return all;
}

function draw(shape: TinyShape, at: Placement, size: number): number[][] {
  const image = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  const row = (r: number, from = 0, to = size - 1) => {
    for (let c = from; c <= to; c++) image[r][c] = 1;
  };
  const column = (c: number, from = 0, to = size - 1) => {
    for (let r = from; r <= to; r++) image[r][c] = 1;
  };
  if (shape === 'hbar') row(at[0]);
  if (shape === 'vbar') column(at[0]);
  if (shape === 'cross') {
    row(at[0]);
    column(at[1]);
  }
  if (shape === 'box') {
    const [r0, r1, c0, c1] = at;
    row(r0, c0, c1);
    row(r1, c0, c1);
    column(c0, r0, r1);
    column(c1, r0, r1);
  }
  return image;
}

function checkOptions(who: string, size: number, shapes: readonly TinyShape[]): void {
  if (size < 4) throw new Error(`${who}: size must be at least 4 (a box needs 3 × 3 pixels inside the image); got ${size}`);
  if (!Array.isArray(shapes) || shapes.length === 0) throw new Error(`${who}: shapes must be a non-empty list of ${tinyShapes.join(', ')}`);
  for (const shape of shapes) {
    if (!tinyShapes.includes(shape)) throw new Error(`${who}: unknown shape '${String(shape)}'; expected one of ${tinyShapes.join(', ')}`);
  }
}

export function tinyImages(options: TinyImagesOptions): TinyImages {
  const count = positiveInteger('tinyImages', 'count', options?.count);
  const size = positiveInteger('tinyImages', 'size', options.size ?? 8);
  const shapes = options.shapes ?? tinyShapes;
  checkOptions('tinyImages', size, shapes);
  const random = new Random(options.seed ?? 0);
  const choices = new Map(shapes.map((shape) => [shape, placements(shape, size)]));
  const images: number[][][] = [];
  const labels: TinyShape[] = [];
  for (let n = 0; n < count; n++) {
    const shape = shapes[random.int(shapes.length)];
    const spots = choices.get(shape)!;
    images.push(draw(shape, spots[random.int(spots.length)], size));
    labels.push(shape);
  }
  return { images, labels, size };
}

/** Every image `tinyImages` can draw with these shapes, once each, with its shape. */
export function allTinyImages(size = 8, shapes: readonly TinyShape[] = tinyShapes): { images: number[][][]; labels: TinyShape[] } {
  positiveInteger('allTinyImages', 'size', size);
  checkOptions('allTinyImages', size, shapes);
  const images: number[][][] = [];
  const labels: TinyShape[] = [];
  for (const shape of shapes) {
    for (const at of placements(shape, size)) {
      images.push(draw(shape, at, size));
      labels.push(shape);
    }
  }
  return { images, labels };
}

const catalogues = new Map<string, Map<string, TinyShape>>();

/** The shape `image` shows exactly (one of `shapes`), or undefined when it is none of them. */
export function tinyShapeOf(image: readonly (readonly number[])[], shapes: readonly TinyShape[] = tinyShapes): TinyShape | undefined {
  const size = image.length;
  if (size < 4 || image.some((row) => row.length !== size)) throw new Error(`tinyShapeOf: expected a square image of side ≥ 4; got ${size} rows of lengths ${image.map((row) => row.length).join(', ')}`);
  const key = `${size}:${[...shapes].sort().join(',')}`;
  let catalogue = catalogues.get(key);
  if (!catalogue) {
    const all = allTinyImages(size, shapes);
    catalogue = new Map(all.images.map((img, i) => [img.flat().join(''), all.labels[i]]));
    catalogues.set(key, catalogue);
  }
  return catalogue.get(image.map((row) => row.map((v) => (v ? 1 : 0)).join('')).join(''));
}
