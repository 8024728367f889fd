/**
 * `unrolled run LESSON.seqnb`: the headless lesson runner that CI uses to prove every lesson
 * runs. Reads the notebook (never writes it), runs its code cells in a fresh kernel process
 * with the same `KernelClient` the VS Code extension uses, prints progress, and writes the
 * executed notebook and an HTML report only where asked to.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { KernelClient } from '../host/kernelClient';
import { checkNotebook, formatDiagnostic } from '../typecheck/checkNotebook';
import { NotebookFormatError, parseNotebook, serializeNotebook, type Notebook } from '../notebook/nbformat';
import { parseCommandLine, usage, UsageError, type RunCommand } from './arguments';
import { notebookToHtml } from './htmlReport';
import { describeFileError, readRegularFile, sameFile, writeFileAtomically } from './outputFiles';
import { ConsoleProgress, formatSeconds } from './progress';
import { runNotebook, type RunResult } from './runNotebook';

export const exitCodes = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;

/** Runs the command line `argv` (without `node` and the script) and resolves to the exit status. */
export async function main(argv: string[]): Promise<number> {
  let command;
  try {
    command = parseCommandLine(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`unrolled: ${error.message}\nRun 'unrolled --help' for usage.\n`);
    return exitCodes.usage;
  }
  if (command.command === 'help') {
    process.stdout.write(`${usage}\n`);
    return exitCodes.ok;
  }
  if (command.command === 'check') return check(command.notebooks);
  return run(command);
}

/** `unrolled check`: every notebook's type errors, one line each; exit status 1 when there are any. */
function check(paths: string[]): number {
  const typesRoot = join(__dirname, '../types');
  if (!existsSync(join(typesRoot, 'cellGlobals.d.ts'))) throw new Error(`the library's declarations are missing at ${typesRoot}; build them with \`npm run build\``);
  let errors = 0;
  for (const path of paths) {
    let notebook: Notebook;
    try {
      notebook = readNotebook(resolve(path), path);
    } catch (error) {
      if (!(error instanceof NotebookFormatError)) throw error;
      process.stderr.write(`unrolled: ${error.message}\n`);
      return exitCodes.usage;
    }
    const found = checkNotebook(notebook, path, typesRoot);
    for (const diagnostic of found) process.stdout.write(`${formatDiagnostic(path, diagnostic)}\n`);
    errors += found.length;
  }
  const files = paths.length === 1 ? paths[0] : `${paths.length} notebooks`;
  process.stderr.write(errors === 0 ? `${files}: no type errors\n` : `${files}: ${errors} type error${errors === 1 ? '' : 's'}\n`);
  return errors === 0 ? exitCodes.ok : exitCodes.failed;
}

function readNotebook(path: string, label: string): Notebook {
  let bytes: Uint8Array;
  try {
    bytes = readRegularFile(path);
  } catch (error) {
    throw new NotebookFormatError(`cannot read the notebook: ${(error as Error).message}`, undefined, label);
  }
  return parseNotebook(bytes, label);
}

/** A command line whose outputs would overwrite the lesson (or each other): what to change, or undefined. */
function overwriteProblem(command: RunCommand): string | undefined {
  const { notebook, out, html } = command;
  if (out && sameFile(out, notebook)) return `--out ${out} is the lesson itself; the runner never changes the lesson, so write the executed notebook to another file`;
  if (html && sameFile(html, notebook)) return `--html ${html} is the lesson itself; write the report to another file, e.g. report.html`;
  if (out && html && sameFile(out, html)) return `--out and --html both name ${out}; give the executed notebook and the report different files`;
  return undefined;
}

/** Writes one output; on failure prints one line naming the file and the reason and returns false. */
function writeOutput(what: string, label: string, data: () => Uint8Array | string, progress: ConsoleProgress): boolean {
  try {
    writeFileAtomically(resolve(label), data());
  } catch (error) {
    process.stderr.write(`unrolled: cannot write ${what} to ${label}: ${describeFileError(error)}\n`);
    return false;
  }
  progress.info(`wrote ${what} to ${label}`);
  return true;
}

function kernelBundle(): string {
  const path = join(__dirname, '../kernel/kernel.js');
  if (!existsSync(path)) throw new Error(`the kernel bundle is missing at ${path}; build it with \`npm run build\``);
  return path;
}

async function run(command: RunCommand): Promise<number> {
  const path = resolve(command.notebook);
  let notebook: Notebook;
  try {
    notebook = readNotebook(path, command.notebook);
  } catch (error) {
    if (!(error instanceof NotebookFormatError)) throw error;
    process.stderr.write(`unrolled: ${error.message}\n`);
    return exitCodes.usage;
  }
  const overwrite = overwriteProblem(command);
  if (overwrite) {
    process.stderr.write(`unrolled: ${overwrite}\n`);
    return exitCodes.usage;
  }
  const progress = new ConsoleProgress(process.stdout, process.stderr);
  // The kernel process's own output (library banners) and the client's notes: shown only when
  // the run ends for a reason other than a cell's error, where they may explain what happened.
  const kernelLog: string[] = [];
  let kernel: KernelClient;
  try {
    kernel = await KernelClient.start({ cwd: dirname(path), backend: command.backend, kernelPath: kernelBundle(), log: (line) => kernelLog.push(line) });
  } catch (error) {
    process.stderr.write(`unrolled: the kernel did not start: ${error instanceof Error ? error.message : String(error)}\n`);
    return exitCodes.failed;
  }
  progress.info(describeBackend(kernel.backend.name, kernel.backend.skipped, kernel.startupMs));

  const stop = new AbortController();
  const onSigint = () => {
    if (stop.signal.aborted) process.exit(exitCodes.interrupted);
    process.stderr.write('\nunrolled: interrupting the running cell (Ctrl+C again to quit at once)\n');
    stop.abort();
  };
  process.on('SIGINT', onSigint);
  let result: RunResult;
  try {
    const timeoutPerCellMs = command.timeoutPerCellSeconds === undefined ? undefined : command.timeoutPerCellSeconds * 1000;
    result = await runNotebook(notebook, kernel, { progress, timeoutPerCellMs, signal: stop.signal });
  } finally {
    // The handler stays while the kernel shuts down, so a second Ctrl+C then still quits with 130.
    await kernel.dispose();
    process.off('SIGINT', onSigint);
  }

  const summary = describeRun(result, basename(path), kernel.backend.name);
  // Each output is written on its own: one that cannot be written is reported and the other still is.
  const written = [
    !command.out || writeOutput('the executed notebook', command.out, () => serializeNotebook(result.executed), progress),
    !command.html || writeOutput('the HTML report', command.html, () => notebookToHtml(result.executed, { fileName: basename(path), summary, notRun: result.notRun }), progress),
  ].every(Boolean);
  if (!result.failure) {
    progress.info(summary);
    return written ? exitCodes.ok : exitCodes.failed;
  }
  const { failure } = result;
  const details = failure.details.replace(/\n/g, '\n  ');
  const after = failure.skipped > 0 ? `\n  ${failure.skipped} code cell${failure.skipped === 1 ? '' : 's'} after it ${failure.skipped === 1 ? 'was' : 'were'} not run.` : '';
  process.stderr.write(`unrolled: cell ${failure.cellNumber} failed: ${failure.firstLine}\n  ${details}${after}\n`);
  if (failure.reason !== 'error' && kernelLog.length > 0) process.stderr.write(`kernel log:\n${kernelLog.map((line) => `  ${line}`).join('\n')}\n`);
  return failure.reason === 'interrupted' ? exitCodes.interrupted : exitCodes.failed;
}

/**
 * One line naming the backend; faster backends that are simply not installed are listed by
 * name, while one that is installed but failed to load also gets its reason on a line of its own.
 */
function describeBackend(name: string, skipped: string[], startupMs: number): string {
  const names = skipped.map((line) => line.split(':')[0]);
  const line = `backend: ${name} (kernel started in ${formatSeconds(startupMs)}${names.length > 0 ? `; not available: ${names.join(', ')}` : ''})`;
  const failures = skipped.filter((reason) => !reason.includes('Cannot find module'));
  return [line, ...failures.map((reason) => `  ${reason}`)].join('\n');
}

function describeRun(result: RunResult, fileName: string, backend: string): string {
  const took = formatSeconds(result.durationMs);
  if (!result.failure) return `All ${result.total} code cells of ${fileName} ran on the ${backend} backend in ${took}.`;
  const { cellNumber, reason } = result.failure;
  const what = reason === 'error' ? 'failed' : reason === 'timeout' ? 'timed out' : reason === 'died' ? 'lost its kernel' : 'was interrupted';
  return `${fileName} on the ${backend} backend: cell ${cellNumber} ${what} after ${took}; ${result.ran - 1} of ${result.total} code cells ran before it.`;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      process.stderr.write(`unrolled: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = exitCodes.failed;
    },
  );
}
