/**
 * How large one rich output may be. Outputs are drawn as soon as a notebook opens, so a payload
 * with a million state names or a hundred thousand plotted series froze the output view for
 * over 30 s; past these limits the renderer shows an error box instead, and the library's
 * `show.*` refuses (or, for the live dashboard, thins) with the same numbers, so what a cell
 * makes is always drawable. The lessons stay far below them (largest measured values in the
 * README's "Output size limits"): the limits only stop outputs no one could read anyway.
 */
import type { Json } from './payloadCheck';

export const PAYLOAD_LIMITS = {
  /** Time steps of one sequence, tokens of one text, lags of one series, dashboard steps, beam nodes. */
  steps: 10_000,
  /** Things drawn one by one under their own name: state names, internals, tags, top-k alternatives. */
  names: 1_000,
  /** Things drawn as their own trace, track or panel: plotted series, eigenvalue sets, layers, metrics, samples. */
  series: 100,
  /** Values (numbers, nulls, strings, booleans) in one payload. */
  points: 2_000_000,
  /** Characters of one string: a label, a token, a title, a sample's text. */
  textLength: 10_000,
} as const;

export type LimitName = keyof typeof PAYLOAD_LIMITS;

const count = (n: number) => n.toLocaleString('en-US');

/** `path: this output has 1,000,000 state names; at most 1,000 are drawn` */
function overLimit(path: string, what: string, actual: number, limit: LimitName): string {
  return `${path}: this output has ${count(actual)} ${what}; at most ${count(PAYLOAD_LIMITS[limit])} are drawn`;
}

/** One sentence per count over its limit: `counts` is `[path, what, value (an array or a count), limit]`. */
export function countErrors(counts: [path: string, what: string, value: Json, limit: LimitName][]): string[] {
  const errors: string[] = [];
  for (const [path, what, value, limit] of counts) {
    const n = Array.isArray(value) ? value.length : typeof value === 'number' ? value : typeof value === 'object' && value !== null ? Object.keys(value).length : 0;
    if (n > PAYLOAD_LIMITS[limit]) errors.push(overLimit(path, what, n, limit));
  }
  return errors;
}

function tooLong(path: string, length: number): string {
  return `${path}: this output has a text of ${count(length)} characters; at most ${count(PAYLOAD_LIMITS.textLength)} characters are drawn`;
}

/**
 * Walks the whole payload without recursion, counting values and checking every string's
 * length; stops at the first overlong string and as soon as the values pass their limit.
 */
export function contentErrors(payload: Json): string[] {
  type Entry = { value: Json; parent: Entry | null; key: string };
  const pathOf = (e: Entry): string => {
    const keys: string[] = [];
    for (let at: Entry | null = e; at && at.parent; at = at.parent) keys.push(at.key);
    return keys.reverse().join('').replace(/^\./, '') || 'payload';
  };
  const stack: Entry[] = [{ value: payload, parent: null, key: '' }];
  let values = 0;
  while (stack.length > 0) {
    const entry = stack.pop()!;
    const v = entry.value;
    if (typeof v !== 'object' || v === null) {
      if (++values > PAYLOAD_LIMITS.points) return [`payload: this output has more than ${count(PAYLOAD_LIMITS.points)} values; at most ${count(PAYLOAD_LIMITS.points)} are drawn`];
      if (typeof v === 'string' && v.length > PAYLOAD_LIMITS.textLength) return [tooLong(pathOf(entry), v.length)];
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], parent: entry, key: `[${i}]` });
    } else {
      for (const [key, child] of Object.entries(v)) {
        if (key.length > PAYLOAD_LIMITS.textLength) return [tooLong(`${pathOf(entry)} (a key)`, key.length)];
        stack.push({ value: child, parent: entry, key: `.${key}` });
      }
    }
  }
  return [];
}
