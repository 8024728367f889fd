/**
 * `show.images(images, options)`: grey-level images in a grid (value 0 white, 1 the ink colour,
 * black unless `colourOf` says otherwise), each framed, with an optional caption under it and an
 * optional label in front of each row: training images, samples at checkpoints, per-pixel maps.
 */
import { el, svgDocument, type SvgElement } from '../../../scenes/svgTree';
import { StaticPicture } from './staticPicture';

export type Rgb = readonly [number, number, number];

export interface ImageGridOptions {
  title?: string;
  /** One per image. */
  captions?: readonly string[];
  /** One per row of the grid. */
  rowLabels?: readonly string[];
  /** Images per row (default 12). */
  perRow?: number;
  /** Screen pixels per image pixel (default 6). */
  pixel?: number;
  /** Ink colour of image `n` (default black). */
  colourOf?: (n: number) => Rgb;
}

const CSS = `
.image-frame{fill:none;stroke:#999999}
.caption{font-size:10px;fill:#333333}
.row-label{font-size:11px;fill:#222222}
.title{font-size:12px;fill:#222222}
`;

/** `v` in [0, 1] (clamped) between white and `ink`. */
export function inkFill(v: number, ink: Rgb): string {
  const amount = Math.min(1, Math.max(0, v));
  return `rgb(${ink.map((k) => Math.round(255 + (k - 255) * amount)).join(',')})`;
}

function checkImages(images: readonly (readonly (readonly number[])[])[]): { rows: number; cols: number } {
  if (!Array.isArray(images) || images.length === 0) throw new Error(`show.images: expected a non-empty array of images (each rows × columns of numbers); got ${Array.isArray(images) ? 'an empty array' : typeof images}`);
  const rows = images[0]?.length;
  const cols = images[0]?.[0]?.length;
  if (!rows || !cols) throw new Error('show.images: image 0 must have at least one row of at least one number');
  images.forEach((image, n) => {
    if (!Array.isArray(image) || image.length !== rows || image.some((row) => !Array.isArray(row) || row.length !== cols || row.some((v) => typeof v !== 'number'))) {
      throw new Error(`show.images: every image must be ${rows} rows of ${cols} numbers, as image 0 is; image ${n} is not`);
    }
  });
  return { rows, cols };
}

export function images(list: readonly (readonly (readonly number[])[])[], options: ImageGridOptions = {}): StaticPicture {
  const { rows, cols } = checkImages(list);
  const { captions, rowLabels } = options;
  if (captions && captions.length !== list.length) throw new Error(`show.images: ${list.length} images but ${captions.length} captions`);
  const pixel = options.pixel ?? 6;
  const perRow = options.perRow ?? 12;
  const cellW = Math.max(cols * pixel + 10, 58);
  const cellH = rows * pixel + (captions ? 28 : 10);
  const top = options.title ? 22 : 4;
  const left = rowLabels ? 84 : 6;
  const parts: SvgElement[] = list.map((image, n) => {
    const x0 = left + (n % perRow) * cellW;
    const y0 = top + Math.floor(n / perRow) * cellH;
    const ink = options.colourOf ? options.colourOf(n) : ([0, 0, 0] as const);
    return el(
      'g',
      { class: 'image', 'data-index': n },
      image.flatMap((row, r) => row.map((v, c) => el('rect', { x: x0 + c * pixel, y: y0 + r * pixel, width: pixel, height: pixel, fill: inkFill(v, ink) }))),
      el('rect', { class: 'image-frame', x: x0 - 0.5, y: y0 - 0.5, width: cols * pixel + 1, height: rows * pixel + 1 }),
      captions ? el('text', { class: 'caption', x: x0 + (cols * pixel) / 2, y: y0 + rows * pixel + 13, 'text-anchor': 'middle' }, captions[n]) : null,
    );
  });
  const labels = (rowLabels ?? []).map((label, row) => el('text', { class: 'row-label', x: 6, y: top + row * cellH + (rows * pixel) / 2 + 4 }, label));
  const width = left + 6 + Math.min(list.length, perRow) * cellW;
  const height = top + Math.ceil(list.length / perRow) * cellH;
  const svg = svgDocument(width, height, CSS, [options.title ? el('text', { class: 'title', x: 6, y: 15 }, options.title) : null, labels, parts]);
  return new StaticPicture(svg, `${options.title ? `${options.title}: ` : ''}${list.length} images of ${rows}×${cols} pixels`);
}
