/**
 * What every exercise check shares. A lesson's exercise cell holds a stub that throws
 * `new Error("your code here")`; its check cell calls `exercises.lessonNN.checkX(fn)`, which
 *   - returns a "not attempted yet" line while the stub is in place (so a lesson runs top to bottom),
 *   - returns a line starting with ✓ when the answer is right,
 *   - throws an `ExerciseError` saying what is wrong (and, where it can tell, why) otherwise.
 */

/** What the stubs throw; a learner function throwing an error with this text has not been attempted. */
export const STUB_TEXT = 'your code here';

/** A wrong answer: the message says what was expected and what arrived. */
export class ExerciseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExerciseError';
  }
}

/** Thrown through a check when the learner's function still throws the stub's error. */
class NotAttempted extends Error {}

function isStubError(error: unknown): boolean {
  return error instanceof Error && error.message.includes(STUB_TEXT);
}

/**
 * Calls the learner's function. The stub's error becomes "not attempted"; any other error becomes
 * an `ExerciseError` naming the call that failed (errors the check itself raises pass through).
 */
export function callLearner<T>(name: string, call: () => T, describeCall: () => string): T {
  try {
    return call();
  } catch (error) {
    if (isStubError(error)) throw new NotAttempted();
    if (error instanceof ExerciseError) throw error;
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new ExerciseError(`${name} threw ${text}\n  when called as ${describeCall()}`);
  }
}

/**
 * Columns a check's message is wrapped to: VS Code shows a plain-text result without wrapping,
 * cut at the output's edge (about 140 columns of the editor font at the default 1,176 px).
 */
export const MESSAGE_COLUMNS = 100;

/**
 * `text` with each line longer than `columns` broken at spaces; continuation lines keep the
 * line's indentation. A word longer than a line stays whole.
 */
export function wrapMessage(text: string, columns = MESSAGE_COLUMNS): string {
  return text
    .split('\n')
    .map((line) => {
      const indent = /^\s*/.exec(line)![0];
      const out: string[] = [];
      let current = '';
      for (const word of line.slice(indent.length).split(' ')) {
        if (current !== '' && indent.length + current.length + 1 + word.length > columns) {
          out.push(indent + current);
          current = word;
        } else current = current === '' ? word : `${current} ${word}`;
      }
      out.push(indent + current);
      return out.join('\n');
    })
    .join('\n');
}

/** Runs a check body; turns a stub into the "not attempted" line; wraps the message to the output. */
export function runCheck(name: string, body: () => string): string {
  try {
    return wrapMessage(body());
  } catch (error) {
    if (error instanceof NotAttempted) {
      return wrapMessage(`not attempted yet: ${name} still throws "${STUB_TEXT}". Replace that line with your answer, then run the exercise cell and this cell again.`);
    }
    throw error;
  }
}

/** Throws unless `fn` is a function (the name of the exercise cell's function in the message). */
export function expectFunction(fn: unknown, name: string): void {
  if (typeof fn !== 'function') throw new ExerciseError(`expected ${name}, the function from the exercise cell; got ${fn === null ? 'null' : typeof fn}`);
}

/** A short, readable rendering of numbers, vectors and matrices for messages. */
export function formatValue(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toPrecision(5);
  if (Array.isArray(value)) return `[${value.map(formatValue).join(', ')}]`;
  if (value === undefined) return 'undefined';
  return JSON.stringify(value) ?? String(value);
}

/** True when `value` is an array of `length` finite numbers. */
export function isVector(value: unknown, length: number): value is number[] {
  return Array.isArray(value) && value.length === length && value.every((v) => typeof v === 'number' && Number.isFinite(v));
}

/** True when `value` is a `rows × cols` array of arrays of finite numbers. */
export function isMatrix(value: unknown, rows: number, cols: number): value is number[][] {
  return Array.isArray(value) && value.length === rows && value.every((row) => isVector(row, cols));
}

/** Largest absolute entrywise difference of two equally shaped vectors or matrices. */
export function maxDifference(a: number[] | number[][], b: number[] | number[][]): number {
  const flat = (m: number[] | number[][]) => (m as (number | number[])[]).flat() as number[];
  const x = flat(a);
  const y = flat(b);
  return x.reduce((worst, v, i) => Math.max(worst, Math.abs(v - y[i])), 0);
}

/** Describes what arrived when a vector of `length` numbers was expected. */
export function describeShape(value: unknown): string {
  if (!Array.isArray(value)) return value === null ? 'null' : typeof value;
  if (value.length > 0 && value.every((v) => Array.isArray(v))) {
    const rows = value as unknown[][];
    const lengths = `an array of ${rows.length} arrays (lengths ${rows.map((v) => v.length).join(', ')})`;
    const row = rows.findIndex((r) => r.some((v) => typeof v !== 'number' || !Number.isFinite(v)));
    if (row < 0) return lengths;
    const col = rows[row].findIndex((v) => typeof v !== 'number' || !Number.isFinite(v));
    return `${lengths} whose entry [${row}][${col}] is ${String(rows[row][col])}`;
  }
  const bad = value.findIndex((v) => typeof v !== 'number' || !Number.isFinite(v));
  return bad >= 0 ? `an array of length ${value.length} whose entry ${bad} is ${String(value[bad])}` : `an array of length ${value.length}`;
}
