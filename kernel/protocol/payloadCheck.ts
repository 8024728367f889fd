/**
 * A small structural checker for payloads that arrive as untrusted JSON. Each method checks one
 * value at a JSON path, records a sentence saying what was expected and what arrived, and
 * returns whether the value can be used further (so one bad field does not cascade into a
 * dozen follow-up messages).
 */

export type Json = unknown;

/** How a value looks in an error message: its type, and for short values the value itself. */
export function describe(value: Json): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'string') return value.length <= 24 ? JSON.stringify(value) : `a string of ${value.length} characters`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object') return `an object with keys {${Object.keys(value).slice(0, 6).join(', ')}}`;
  return typeof value;
}

export class PayloadChecker {
  readonly errors: string[] = [];

  fail(path: string, expected: string, got: Json): false {
    this.errors.push(`${path}: expected ${expected}, got ${describe(got)}`);
    return false;
  }

  object(path: string, value: Json): value is Record<string, Json> {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return true;
    return this.fail(path, 'an object', value);
  }

  string(path: string, value: Json): value is string {
    return typeof value === 'string' || this.fail(path, 'a string', value);
  }

  optionalString(path: string, value: Json): boolean {
    return value === undefined || this.string(path, value);
  }

  oneOf<T extends string>(path: string, value: Json, allowed: readonly T[]): value is T {
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return true;
    return this.fail(path, `one of ${allowed.map((a) => `'${a}'`).join(', ')}`, value);
  }

  number(path: string, value: Json): value is number {
    return (typeof value === 'number' && Number.isFinite(value)) || this.fail(path, 'a finite number', value);
  }

  /** A measured value: a finite number, or `null` for one that was not finite. */
  value(path: string, value: Json): boolean {
    return value === null || (typeof value === 'number' && Number.isFinite(value)) || this.fail(path, 'a number or null', value);
  }

  integer(path: string, value: Json, min: number, max = Number.MAX_SAFE_INTEGER): value is number {
    if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return true;
    const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `in [${min}, ${max}]`;
    return this.fail(path, `an integer ${range}`, value);
  }

  boolean(path: string, value: Json): value is boolean {
    return typeof value === 'boolean' || this.fail(path, 'true or false', value);
  }

  /** An array; with `length`, of exactly that many entries (`why` says what the length counts). */
  array(path: string, value: Json, length?: number, why = ''): value is Json[] {
    if (!Array.isArray(value)) return this.fail(path, length === undefined ? 'an array' : `an array of ${length}${why}`, value);
    if (length !== undefined && value.length !== length) return this.fail(path, `an array of ${length}${why}`, value);
    return true;
  }

  nonEmptyArray(path: string, value: Json): value is Json[] {
    if (!this.array(path, value)) return false;
    return value.length > 0 || this.fail(path, 'a non-empty array', value);
  }

  strings(path: string, value: Json, length?: number, why = ''): value is string[] {
    if (!this.array(path, value, length, why)) return false;
    const bad = value.findIndex((v) => typeof v !== 'string');
    return bad < 0 || this.fail(`${path}[${bad}]`, 'a string', value[bad]);
  }

  numbers(path: string, value: Json, length?: number, why = ''): value is number[] {
    if (!this.array(path, value, length, why)) return false;
    const bad = value.findIndex((v) => typeof v !== 'number' || !Number.isFinite(v));
    return bad < 0 || this.fail(`${path}[${bad}]`, 'a finite number', value[bad]);
  }

  /** Measured values (numbers or null). */
  values(path: string, value: Json, length?: number, why = ''): value is (number | null)[] {
    if (!this.array(path, value, length, why)) return false;
    const bad = value.findIndex((v) => v !== null && (typeof v !== 'number' || !Number.isFinite(v)));
    return bad < 0 || this.fail(`${path}[${bad}]`, 'a number or null', value[bad]);
  }

  /** A `[rows][cols]` matrix of measured values; `cols` undefined accepts any equal row length. */
  valueMatrix(path: string, value: Json, rows?: number, cols?: number, why = ''): value is (number | null)[][] {
    if (!this.array(path, value, rows, why)) return false;
    const width = cols ?? (Array.isArray(value[0]) ? value[0].length : undefined);
    return value.every((row, i) => this.values(`${path}[${i}]`, row, width, width === cols ? '' : ' (rows of equal length)'));
  }

  /** A `[rows][cols]` matrix of finite numbers. */
  numberMatrix(path: string, value: Json, rows?: number, cols?: number, why = ''): value is number[][] {
    if (!this.array(path, value, rows, why)) return false;
    const width = cols ?? (Array.isArray(value[0]) ? value[0].length : undefined);
    return value.every((row, i) => this.numbers(`${path}[${i}]`, row, width, width === cols ? '' : ' (rows of equal length)'));
  }

  /** A record whose values all pass `each`. */
  record(path: string, value: Json, each: (key: string, entry: Json) => boolean): value is Record<string, Json> {
    if (!this.object(path, value)) return false;
    return Object.entries(value).every(([key, entry]) => each(key, entry));
  }
}
