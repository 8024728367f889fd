/**
 * Number formatting and rounding for pictures and payloads.
 *
 * Pure: no DOM and no TensorFlow.js imports here (renderers bundle this file).
 */
import type { Value } from '../protocol/payloads';

/** Short human form: 3 significant digits, exponent form for very large or small magnitudes. */
export function formatValue(value: Value, digits = 3): string {
  if (value === null) return 'NaN';
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1e4 || abs < 1e-3) return value.toExponential(Math.max(0, digits - 1));
  return String(Number(value.toPrecision(digits)));
}

/** A payload number: 4 significant digits (pictures need no more, and notebooks stay small); non-finite → null. */
export function roundValue(value: number): Value {
  if (!Number.isFinite(value)) return null;
  return value === 0 ? 0 : Number(value.toPrecision(4));
}

export function roundVector(values: ArrayLike<number>, limit = values.length): Value[] {
  const out: Value[] = [];
  for (let i = 0; i < Math.min(limit, values.length); i++) out.push(roundValue(values[i]));
  return out;
}

/** Largest |v| over nested value arrays, ignoring null; 0 when there is none. */
export function maxAbs(values: Iterable<Value | Value[] | null>): number {
  let m = 0;
  for (const v of values) {
    if (Array.isArray(v)) m = Math.max(m, maxAbs(v));
    else if (v !== null && Math.abs(v) > m) m = Math.abs(v);
  }
  return m;
}

/** `10⁻³`-style label for a power of ten. */
export function powerOfTen(exponent: number): string {
  const superscripts: Record<string, string> = { '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };
  return `10${String(exponent).replace(/[-0-9]/g, (ch) => superscripts[ch])}`;
}
