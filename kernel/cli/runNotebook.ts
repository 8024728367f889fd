/**
 * Runs a notebook's code cells in order in one kernel and returns the executed copy: outputs
 * and execution counts of this run only. The first failing cell (error, timeout, interrupt,
 * kernel death) stops the run; the cells after it are left without outputs and without count.
 */
import type { KernelMessage } from '../protocol/messages';
import type { CodeCell, Notebook } from '../notebook/nbformat';
import { DisplayRegistry, OutputCollector } from '../notebook/outputs';
import { firstLine, type ConsoleProgress } from './progress';

/** The part of `KernelClient` the runner uses. */
export interface CellExecutor {
  execute(
    code: string,
    options: { executionCount: number; cellLabel: string; onMessage: (message: KernelMessage) => void },
  ): Promise<{ status: 'ok' | 'error' | 'interrupted' | 'died'; durationMs: number; message?: string }>;
  interrupt(): Promise<unknown>;
}

export interface CellFailure {
  /** 1-based position of the cell among all cells of the notebook. */
  cellNumber: number;
  firstLine: string;
  /** `error`, `timeout`, `interrupted` or `died`. */
  reason: 'error' | 'timeout' | 'interrupted' | 'died';
  /** The error as shown to the user: name and message, then the stack if there is one. */
  details: string;
  /** Code cells after it that were not run. */
  skipped: number;
}

export interface RunResult {
  executed: Notebook;
  ran: number;
  total: number;
  durationMs: number;
  failure?: CellFailure;
  /** 0-based indexes of code cells not run. */
  notRun: Set<number>;
}

export interface RunOptions {
  timeoutPerCellMs?: number;
  progress: ConsoleProgress;
  /** Set by the caller (e.g. on Ctrl+C) to stop after interrupting the running cell. */
  signal?: AbortSignal;
}

const runnable = (cell: CodeCell) => cell.source.trim() !== '';

export async function runNotebook(notebook: Notebook, kernel: CellExecutor, options: RunOptions): Promise<RunResult> {
  const executed = structuredClone(notebook);
  const codeCells = executed.cells.flatMap((cell, index) => (cell.cell_type === 'code' ? [{ cell, index }] : []));
  const toRun = codeCells.filter(({ cell }) => runnable(cell));
  for (const { cell } of codeCells) {
    cell.outputs = [];
    cell.execution_count = null;
  }
  const displays = new DisplayRegistry<number>();
  const notRun = new Set(toRun.map(({ index }) => index));
  const started = Date.now();
  for (const [position, { cell, index }] of toRun.entries()) {
    const executionCount = position + 1;
    const cellNumber = index + 1;
    if (options.signal?.aborted) {
      const failure: CellFailure = { cellNumber, firstLine: firstLine(cell.source), reason: 'interrupted', details: 'Interrupted: the run was stopped (Ctrl+C) before this cell', skipped: toRun.length - position - 1 };
      return { executed, ran: position, total: toRun.length, durationMs: Date.now() - started, failure, notRun };
    }
    options.progress.cellStarted(position + 1, toRun.length, cellNumber);
    const collector = new OutputCollector(executionCount, displays, index);
    const outcome = await executeWithTimeout(kernel, cell.source, executionCount, `cell ${cellNumber}`, collector, options);
    notRun.delete(index);
    cell.execution_count = executionCount;
    cell.outputs = collector.outputs;
    options.progress.cellFinished(outcome.status === 'ok' ? 'ok' : outcome.reason, outcome.durationMs);
    if (outcome.status !== 'ok') {
      const failure: CellFailure = { cellNumber, firstLine: firstLine(cell.source), reason: outcome.reason, details: outcome.details, skipped: toRun.length - position - 1 };
      return { executed, ran: position + 1, total: toRun.length, durationMs: Date.now() - started, failure, notRun };
    }
  }
  return { executed, ran: toRun.length, total: toRun.length, durationMs: Date.now() - started, notRun };
}

type Outcome = { status: 'ok'; durationMs: number } | { status: 'failed'; durationMs: number; reason: CellFailure['reason']; details: string };

async function executeWithTimeout(
  kernel: CellExecutor,
  code: string,
  executionCount: number,
  cellLabel: string,
  collector: OutputCollector<number>,
  options: RunOptions,
): Promise<Outcome> {
  let timedOut = false;
  let cellError: string | undefined;
  const timer = options.timeoutPerCellMs === undefined ? undefined : setTimeout(() => {
    timedOut = true;
    void kernel.interrupt();
  }, options.timeoutPerCellMs);
  const onAbort = () => void kernel.interrupt();
  options.signal?.addEventListener('abort', onAbort);
  try {
    const result = await kernel.execute(code, {
      executionCount,
      cellLabel,
      onMessage: (message) => {
        collector.add(message);
        if (message.type === 'stream') options.progress.stream(message.name, message.text);
        if (message.type === 'error') cellError = message.error.stack.startsWith(`${message.error.name}: `) ? message.error.stack : `${message.error.name}: ${message.error.message}\n${message.error.stack}`;
      },
    });
    if (result.status === 'ok') return { status: 'ok', durationMs: result.durationMs };
    if (result.status === 'error' && !timedOut) return { status: 'failed', durationMs: result.durationMs, reason: 'error', details: cellError ?? result.message ?? 'the cell failed' };
    const [reason, name, message] = hostFailure(result.status === 'died' ? 'died' : 'interrupted', timedOut, options, result.message);
    collector.addHostError({ name, message, stack: '' });
    return { status: 'failed', durationMs: result.durationMs, reason, details: `${name}: ${message}` };
  } finally {
    if (timer) clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
}

/** Why the host, not the cell, ended the execution: reason, error name and message. */
function hostFailure(status: 'interrupted' | 'died', timedOut: boolean, options: RunOptions, kernelMessage?: string): [CellFailure['reason'], string, string] {
  if (status === 'died') return ['died', 'KernelDied', kernelMessage ?? 'the kernel process exited while the cell was running'];
  if (timedOut) return ['timeout', 'Timeout', `the cell ran longer than the ${(options.timeoutPerCellMs as number) / 1000} s allowed by --timeout-per-cell and was interrupted`];
  return ['interrupted', 'Interrupted', 'the run was interrupted (Ctrl+C)'];
}
