/**
 * Text colour for a coloured cell by WCAG 2 contrast: the fills are translucent over the theme's
 * background, so the colour a reader sees, and the text that reads on it, depends on the theme.
 * https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio (AA asks 4.5:1 for normal text).
 *
 * Pure: no DOM and no TensorFlow.js imports here (renderers bundle this file).
 */

export type Rgba = [number, number, number, number];

/** AA for normal text. */
export const MIN_CONTRAST = 4.5;

/** `#rgb`, `#rrggbb`, `#rrggbbaa`, `rgb(…)` or `rgba(…)` → [r, g, b, a] (0–255, alpha 0–1). */
export function parseColor(css: string): Rgba {
  const s = css.trim();
  const hex = /^#([0-9a-f]{3,8})$/i.exec(s)?.[1];
  if (hex && [3, 6, 8].includes(hex.length)) {
    const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex;
    const n = (i: number) => parseInt(full.slice(i, i + 2), 16);
    return [n(0), n(2), n(4), full.length === 8 ? n(6) / 255 : 1];
  }
  const fn = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:[\s,/]+([\d.]+%?))?\s*\)$/i.exec(s);
  if (fn) {
    const alpha = fn[4] === undefined ? 1 : fn[4].endsWith('%') ? parseFloat(fn[4]) / 100 : parseFloat(fn[4]);
    return [Number(fn[1]), Number(fn[2]), Number(fn[3]), alpha];
  }
  throw new Error(`expected a colour as #rgb, #rrggbb, rgb() or rgba(); got '${css}'`);
}

/** `fill` drawn over the opaque `background`. */
export function over(fill: Rgba, background: Rgba): Rgba {
  const a = fill[3];
  return [0, 1, 2].map((i) => fill[i] * a + background[i] * (1 - a)).concat(1) as Rgba;
}

/** WCAG relative luminance of an opaque colour. */
export function relativeLuminance([r, g, b]: Rgba): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** (L1 + 0.05) / (L2 + 0.05), lighter over darker: 1 to 21. */
export function contrastRatio(a: Rgba, b: Rgba): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * The text colour for a cell of `fill` over `background`: the theme's `foreground` where it
 * reaches 4.5:1, else white or black, whichever contrasts more (one of them always reaches 4.58:1).
 */
export function readableText(fill: string, background: string, foreground: string): string {
  const cell = over(parseColor(fill), over(parseColor(background), [255, 255, 255, 1]));
  if (contrastRatio(over(parseColor(foreground), cell), cell) >= MIN_CONTRAST) return foreground;
  return contrastRatio([255, 255, 255, 1], cell) >= contrastRatio([0, 0, 0, 1], cell) ? '#ffffff' : '#000000';
}
