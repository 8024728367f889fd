/**
 * Axis ticks: round values for a linear axis, and for a log axis ticks labelled with their full
 * values (0.3, 0.5, 1, 2, 5, …), for the static fallbacks and the plotly renderers alike.
 * Plotly's own log ticks label the minor ticks of a short range with their leading digit only
 * ("3 4 5 … 9" under a "1"), so a gradient norm of 0.4 read as 4.
 *
 * Pure: no DOM and no TensorFlow.js imports here (renderers bundle this file).
 */
import type { Value } from '../../protocol/payloads';
import { powerOfTen } from '../format';

/** About `count` round tick values in [min, max]. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

export interface LogTicks {
  values: number[];
  labels: string[];
}

/**
 * Mantissas per decade, densest first, with the smallest gap between neighbours in decades
 * (log10(10/9) for 1…9): a set is used when that gap is at least MIN_GAP_PX on screen.
 */
const DENSITIES: { mantissas: number[]; gap: number }[] = [
  { mantissas: [1, 2, 3, 4, 5, 6, 7, 8, 9], gap: Math.log10(10 / 9) },
  { mantissas: [1, 2, 3, 5], gap: Math.log10(3 / 2) },
  { mantissas: [1, 2, 5], gap: Math.log10(2) },
  { mantissas: [1, 3], gap: Math.log10(3) },
  { mantissas: [1], gap: 1 },
];
/** Labels are 12 px type: closer than this they touch. */
const MIN_GAP_PX = 12;

/** `0.4`, `20`, `1000`; in `power` form `2×10⁻⁴`, `10⁵`. */
export function logTickLabel(v: number, power: boolean): string {
  if (!power) return String(Number(v.toPrecision(6)));
  const exponent = Math.floor(Math.log10(v) + 1e-9);
  const mantissa = Number((v / 10 ** exponent).toPrecision(3));
  if (exponent === 0) return String(mantissa);
  return mantissa === 1 ? powerOfTen(exponent) : `${mantissa}×${powerOfTen(exponent)}`;
}

/**
 * Ticks within [min, max] (both > 0) on an axis `lengthPx` long: at least two, as dense as the
 * labels fit; labelled as plain numbers when every tick is in [10⁻³, 10⁴), else all as powers of
 * ten (one style per axis).
 */
export function logTicks(min: number, max: number, lengthPx = 200): LogTicks {
  const lo = Math.log10(min);
  const hi = Math.log10(max);
  const perDecade = lengthPx / Math.max(hi - lo, 1e-9);
  const inRange = (v: number) => v >= min * (1 - 1e-9) && v <= max * (1 + 1e-9);
  let values: number[] = [];
  const density = DENSITIES.find((d) => d.gap * perDecade >= MIN_GAP_PX);
  if (density) {
    for (let e = Math.floor(lo); e <= Math.ceil(hi); e++) for (const m of density.mantissas) values.push(Number((m * 10 ** e).toPrecision(12)));
    values = values.filter(inRange);
  } else {
    const every = Math.ceil(MIN_GAP_PX / perDecade);
    for (let e = Math.ceil(lo); e <= Math.floor(hi); e += every) values.push(10 ** e);
  }
  // A range inside one step of the mantissas (0.31 to 0.39): round values of a linear scale.
  if (values.length < 2) values = niceTicks(min, max, 4).filter((v) => v > 0);
  const power = values.some((v) => v < 1e-3 || v >= 1e4);
  return { values, labels: values.map((v) => logTickLabel(v, power)) };
}

/**
 * Ticks covering the positive values on an axis `lengthPx` long, widened by `pad` of the log span
 * each side (plotly's autorange pads about 5%).
 */
export function logTicksFor(values: Iterable<Value>, lengthPx: number, pad = 0.06): LogTicks | null {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v === null || !(v > 0) || !Number.isFinite(v)) continue;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  if (!Number.isFinite(min)) return null;
  // A constant series: plotly shows about a decade either side, so ticks cover that.
  if (max / min < 1 + 1e-6) return logTicks(min / 10, max * 10, lengthPx);
  const span = Math.log10(max / min);
  return logTicks(min / 10 ** (span * pad), max * 10 ** (span * pad), lengthPx);
}
