/**
 * Jupyter's on-disk JSON layout, written byte for byte the way Python writes it
 * (`json.dumps(nb, sort_keys=True, indent=1, ensure_ascii=False) + "\n"`), so that a notebook
 * saved by Jupyter or by us and then re-saved unchanged keeps the same bytes.
 *
 * Hand-written rather than `JSON.stringify(value, null, 1)` for one reason: JavaScript objects
 * always enumerate integer-like keys ("9", "10") first and in numeric order, which no key sort
 * before stringify can undo; Python sorts them as strings.
 */

import { maxJsonDepth } from './readJson';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Python's `sorted()` order for str: by code point, not by UTF-16 code unit. */
export function compareCodePoints(a: string, b: string): number {
  const left = a[Symbol.iterator]();
  const right = b[Symbol.iterator]();
  for (;;) {
    const x = left.next();
    const y = right.next();
    if (x.done || y.done) return x.done && y.done ? 0 : x.done ? -1 : 1;
    const dx = x.value.codePointAt(0) as number;
    const dy = y.value.codePointAt(0) as number;
    if (dx !== dy) return dx - dy;
  }
}

/**
 * One-space indentation, `", "`-free separators (`","` at line ends, `": "` between key and
 * value), keys sorted, empty containers as `[]` / `{}`, and a final newline.
 * Strings are escaped like Python's `ensure_ascii=False` (and JSON.stringify): only `"`, `\`
 * and control characters. `undefined` members are left out, as JSON.stringify does.
 * Refuses lists and objects nested deeper than the reader accepts ({@link maxJsonDepth}), so that
 * what is written can be opened again (and the recursion below stays far from V8's stack limit).
 */
export function canonicalJson(value: unknown): string {
  const parts: string[] = [];
  write(value, '', parts, []);
  parts.push('\n');
  return parts.join('');
}

/** `path`: the keys and indexes leading to `value`, named in the error of a too deep value; `indent` has one space per level. */
function write(value: unknown, indent: string, out: string[], path: (string | number)[]): void {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') {
    out.push(JSON.stringify(value));
    return;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`cannot write ${value} in a notebook: JSON has no non-finite numbers`);
    out.push(JSON.stringify(value));
    return;
  }
  if (typeof value === 'object' && indent.length >= maxJsonDepth) {
    const where = path.slice(0, 6).map((key) => (typeof key === 'number' ? `[${key}]` : `.${key}`)).join('');
    throw new TypeError(`cannot write a value nested more than ${maxJsonDepth} levels deep in a notebook (under ${where.replace(/^\./, '')}…); such a notebook could not be opened again`);
  }
  const inner = indent + ' ';
  if (Array.isArray(value)) {
    if (value.length === 0) {
      out.push('[]');
      return;
    }
    out.push('[\n');
    value.forEach((item, index) => {
      out.push(inner);
      path.push(index);
      write(item === undefined ? null : item, inner, out, path);
      path.pop();
      out.push(index + 1 < value.length ? ',\n' : '\n');
    });
    out.push(indent, ']');
    return;
  }
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort(compareCodePoints);
    if (keys.length === 0) {
      out.push('{}');
      return;
    }
    out.push('{\n');
    keys.forEach((key, index) => {
      out.push(inner, JSON.stringify(key), ': ');
      path.push(key);
      write(record[key], inner, out, path);
      path.pop();
      out.push(index + 1 < keys.length ? ',\n' : '\n');
    });
    out.push(indent, '}');
    return;
  }
  throw new TypeError(`cannot write a ${typeof value} in a notebook; expected JSON values only`);
}
