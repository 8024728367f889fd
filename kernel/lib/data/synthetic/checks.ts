/** Argument checks shared by the synthetic task generators, with messages that name the generator. */

export function positiveInteger(who: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new Error(`${who}: ${name} must be a positive integer; got ${String(value)}`);
  }
  return value;
}

/** [min, max] with 1 ≤ min ≤ max, both integers. */
export function lengthRange(who: string, min: unknown, max: unknown): [number, number] {
  positiveInteger(who, 'minLength', min);
  positiveInteger(who, 'maxLength', max);
  if ((max as number) < (min as number)) throw new Error(`${who}: maxLength (${max}) must be at least minLength (${min})`);
  return [min as number, max as number];
}
