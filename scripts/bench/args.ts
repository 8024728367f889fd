/**
 * Command-line flags of the stand-alone benchmarks (`--name value` pairs and bare switches):
 * unknown flags and missing values are refused with what was expected.
 */
export interface Flags {
  /** The flag's value, or `fallback` when the flag is absent. */
  value(flag: string, fallback: string): string;
  /** The flag's value as a positive integer. */
  count(flag: string, fallback: string): number;
  /** Whether a bare switch such as `--json` is present. */
  has(flag: string): boolean;
}

export function parseFlags(argv: string[], known: string[]): Flags {
  for (const arg of argv) if (arg.startsWith('--') && !known.includes(arg)) throw new Error(`unknown option ${arg}; expected ${known.join(', ')}`);
  const value = (flag: string, fallback: string) => {
    const i = argv.indexOf(flag);
    if (i < 0) return fallback;
    if (i + 1 >= argv.length) throw new Error(`${flag} needs a value`);
    return argv[i + 1];
  };
  const count = (flag: string, fallback: string) => {
    const n = Number(value(flag, fallback));
    if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} must be a positive integer; got ${value(flag, fallback)}`);
    return n;
  };
  return { value, count, has: (flag) => argv.includes(flag) };
}
