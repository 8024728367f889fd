/**
 * The command line of `unrolled`: what it accepts, the usage text, and the refusal of anything
 * else with a message saying what was expected.
 */
import { parseArgs } from 'node:util';

export const backends = ['auto', 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof backends)[number];

export interface RunCommand {
  command: 'run';
  notebook: string;
  out?: string;
  html?: string;
  backend: BackendChoice;
  /** Undefined: no limit. */
  timeoutPerCellSeconds?: number;
}

/** `unrolled check NOTEBOOK.seqnb [...]`: type-check the notebooks' cells as the editor does. */
export interface CheckCommand {
  command: 'check';
  notebooks: string[];
}

export type Command = RunCommand | CheckCommand | { command: 'help' };

export const usage = `Usage: unrolled run LESSON.seqnb [options]
       unrolled check NOTEBOOK.seqnb [NOTEBOOK.seqnb ...]

run: runs every code cell of a lesson notebook in order, in a fresh Unrolled kernel, and stops at
the first cell that fails (exit status 1, naming the cell). The lesson file itself is not changed.

Options:
  --out FILE                write the executed notebook (outputs and execution counts) to FILE
  --html FILE               write a self-contained HTML page of the executed notebook to FILE
  --backend NAME            tensor backend: ${backends.join(', ')} (default: auto)
  --timeout-per-cell SECS   fail a cell that runs longer than SECS seconds (default: no limit)
  -h, --help                show this help

Exit status: 0 every cell ran; 1 a cell failed, timed out or the kernel died, or an output
could not be written; 2 bad arguments, an output that would overwrite the lesson, or a file
that is not a notebook; 130 stopped with Ctrl+C.

check: type-checks the code cells of each notebook as one TypeScript program, as the editor does
(earlier cells' names visible in later cells, top-level await, the \`unrolled\` library's types),
printing each error as \`FILE: cell N, line L, col C: TSxxxx message\` (N counts all cells).
Exit status: 0 no errors; 1 errors; 2 bad arguments or a file that is not a notebook.

Examples:
  npx unrolled run lessons/00-notebook-basics.seqnb
  npx unrolled run lesson.seqnb --out executed.seqnb --html report.html --backend cpu
  npx unrolled check lessons/*.seqnb`;

/** A command line that cannot be run; the message says what was expected. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function parseCommandLine(argv: string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        out: { type: 'string' },
        html: { type: 'string' },
        backend: { type: 'string' },
        'timeout-per-cell': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return { command: 'help' };
  const [command, ...rest] = positionals;
  if (command === undefined) throw new UsageError('expected a command: `run LESSON.seqnb` or `check NOTEBOOK.seqnb ...`');
  if (command === 'check') {
    const given = Object.keys(values).filter((k) => values[k as keyof typeof values] !== undefined);
    if (given.length > 0) throw new UsageError(`\`check\` takes no options, got --${given.join(', --')}`);
    if (rest.length === 0) throw new UsageError('expected one or more notebooks after `check`, e.g. `unrolled check lesson.seqnb`');
    return { command: 'check', notebooks: rest };
  }
  if (command !== 'run') throw new UsageError(`unknown command '${command}'; expected 'run' or 'check'`);
  if (rest.length === 0) throw new UsageError('expected the notebook to run after `run`, e.g. `unrolled run lesson.seqnb`');
  if (rest.length > 1) throw new UsageError(`expected one notebook, got ${rest.length}: ${rest.join(', ')}`);
  const backend = values.backend ?? 'auto';
  if (!(backends as readonly string[]).includes(backend)) throw new UsageError(`unknown backend '${backend}'; expected one of ${backends.join(', ')}`);
  return {
    command: 'run',
    notebook: rest[0],
    out: nonEmpty(values.out, '--out'),
    html: nonEmpty(values.html, '--html'),
    backend: backend as BackendChoice,
    timeoutPerCellSeconds: values['timeout-per-cell'] === undefined ? undefined : seconds(values['timeout-per-cell']),
  };
}

function nonEmpty(value: string | undefined, option: string): string | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === '') throw new UsageError(`expected a file name after ${option}`);
  return value;
}

function seconds(text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0) {
    throw new UsageError(`expected --timeout-per-cell to be a positive number of seconds, got '${text}'`);
  }
  return value;
}
