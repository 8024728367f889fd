/**
 * Colour scales shared by the static fallbacks and the renderers. Activations use a diverging
 * scale drawn as a translucent colour over the background (blue below zero, red above, the
 * background itself at zero), so the same strip reads on light, dark and high-contrast themes.
 * Gradient magnitudes use a sequential scale on log10.
 *
 * Pure: no DOM and no TensorFlow.js imports here (renderers bundle this file).
 */
import type { Value } from '../protocol/payloads';

const POSITIVE = [214, 39, 40];
const NEGATIVE = [31, 119, 180];
/** Drawn for a value that was not finite. */
export const NOT_A_NUMBER_FILL = '#9e9e9e';

/** Fill for `value` on a diverging scale saturating at ±`limit`. */
export function divergingFill(value: Value, limit: number): string {
  if (value === null) return NOT_A_NUMBER_FILL;
  const strength = Math.min(1, Math.abs(value) / (limit > 0 ? limit : 1));
  const [r, g, b] = value >= 0 ? POSITIVE : NEGATIVE;
  return `rgba(${r},${g},${b},${(0.08 + 0.92 * strength).toFixed(3)})`;
}

/** Fill for a value in [0, 1] on a one-sided scale (probabilities, attention weights). */
export function sequentialFill(fraction: Value): string {
  if (fraction === null) return NOT_A_NUMBER_FILL;
  const f = Math.min(1, Math.max(0, fraction));
  return `rgba(${POSITIVE[0]},${POSITIVE[1]},${POSITIVE[2]},${(0.06 + 0.94 * f).toFixed(3)})`;
}

/** Blue → red through orange: every stop keeps contrast against both white and near-black backgrounds. */
const GRADIENT_STOPS: [number, number, number][] = [
  [49, 54, 149],
  [69, 117, 180],
  [116, 173, 209],
  [253, 174, 97],
  [244, 109, 67],
  [215, 48, 39],
  [165, 0, 38],
];

/** Colour at `fraction` ∈ [0, 1] along the gradient-magnitude scale. */
export function gradientColor(fraction: number): string {
  const f = Math.min(1, Math.max(0, fraction)) * (GRADIENT_STOPS.length - 1);
  const i = Math.min(GRADIENT_STOPS.length - 2, Math.floor(f));
  const u = f - i;
  const [a, b] = [GRADIENT_STOPS[i], GRADIENT_STOPS[i + 1]];
  const mix = (k: number) => Math.round(a[k] + (b[k] - a[k]) * u);
  return `rgb(${mix(0)},${mix(1)},${mix(2)})`;
}

/** Evenly spaced colours of the gradient scale, for colour bars. */
export function gradientStops(count: number): string[] {
  return Array.from({ length: count }, (_, i) => gradientColor(i / Math.max(1, count - 1)));
}

/** A log10 scale over the positive finite values given; zero and null map to the bottom. */
export interface LogScale {
  minExponent: number;
  maxExponent: number;
  /** Position in [0, 1]. */
  fraction(value: Value): number;
}

export function logScale(values: Iterable<Value>): LogScale | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v === null || !(v > 0)) continue;
    const e = Math.log10(v);
    if (e < lo) lo = e;
    if (e > hi) hi = e;
  }
  if (!Number.isFinite(lo)) return null;
  const minExponent = Math.floor(lo);
  const maxExponent = Math.max(minExponent + 1, Math.ceil(hi));
  return {
    minExponent,
    maxExponent,
    fraction: (v) => (v === null || !(v > 0) ? 0 : Math.min(1, Math.max(0, (Math.log10(v) - minExponent) / (maxExponent - minExponent)))),
  };
}

/** Categorical colours for series and entity types (Tableau 10, distinguishable on light and dark). */
export const CATEGORY_COLORS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

export function categoryColor(index: number): string {
  return CATEGORY_COLORS[((index % CATEGORY_COLORS.length) + CATEGORY_COLORS.length) % CATEGORY_COLORS.length];
}
