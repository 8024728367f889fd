/**
 * Messages between a kernel host (the VS Code extension or the headless runner) and a kernel
 * process. Defined once here and imported by both sides. Every message is tagged by `type`.
 *
 * Transport: Node's IPC channel of `child_process.fork` for everything, plus one extra pipe
 * (fd 4 in the kernel) that carries interrupt bytes, read by a worker thread so an interrupt
 * reaches code that is blocking the kernel's main thread.
 */

/** A MIME bundle as in nbformat: text MIME types map to strings, `*+json` / `application/json` to JSON values. */
export type MimeBundle = Record<string, unknown>;

/** Host → kernel. */
export type HostMessage =
  | {
      type: 'execute';
      id: string;
      code: string;
      /** 1-based execution count shown as the cell label */ executionCount: number;
      /** human label for stack traces, e.g. `cell 3` */ cellLabel: string;
      /** 1..255: the byte the host writes to the interrupt pipe (fd 4) to interrupt this execution and no other */
      interruptToken: number;
    }
  | { type: 'interrupt'; /** the token of the execution to interrupt */ interruptToken: number }
  | { type: 'shutdown' };

/** The tensor backend the kernel chose, reported once at start. */
export interface BackendInfo {
  name: 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu' | string;
  /** Why earlier candidates were skipped, one line each (shown on hover / in the runner). */
  skipped: string[];
}

/** A cell error, with the stack rewritten to the cell's own line numbers. */
export interface CellError {
  name: string;
  message: string;
  /** Stack text; frames in cell code read `at <fn> (cell 3:LINE:COL)`. */
  stack: string;
}

/** Kernel → host. Every message that belongs to an execution carries its `id`. */
export type KernelMessage =
  | { type: 'ready'; pid: number; backend: BackendInfo; startupMs: number }
  | { type: 'stream'; id: string; name: 'stdout' | 'stderr'; text: string }
  | { type: 'display'; id: string; displayId: string; data: MimeBundle }
  | { type: 'updateDisplay'; id: string; displayId: string; data: MimeBundle }
  | { type: 'result'; id: string; data: MimeBundle }
  | { type: 'error'; id: string; error: CellError }
  | { type: 'done'; id: string; status: 'ok' | 'error' | 'interrupted'; durationMs: number }
  /**
   * Sent just before the kernel ends because code called `process.exit`, so the host can say so
   * instead of guessing from the exit code. `argument` is what was passed (`''` for none);
   * `caller` the innermost cell frame of the call, e.g. `cell 2:3:9`, when a cell made it.
   */
  | { type: 'exitCalled'; argument: string; caller?: string };

