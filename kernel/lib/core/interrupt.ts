/**
 * The interrupt signal that long-running library loops (training, sampling, decoding) check
 * between steps. The kernel process installs a source backed by shared memory that a worker
 * thread sets when the user presses Interrupt, so the flag is visible even while the main thread
 * is busy. Outside the kernel (tests, scripts) nothing is installed and the signal is never set.
 *
 * Contract for loops: call `interruptRequested()` between steps; when it returns true, stop at
 * the step boundary so every model stays consistent and usable, and report that you stopped
 * (e.g. `history.interrupted = true`). Do not clear the flag: the kernel clears it when the cell
 * finishes, and marks the cell as interrupted.
 */
export type InterruptSource = () => boolean;

let source: InterruptSource = () => false;

export function setInterruptSource(fn: InterruptSource): void {
  source = fn;
}

export function interruptRequested(): boolean {
  return source();
}

/** Thrown by `throwIfInterrupted`; the kernel reports it as an interrupted cell, not an error. */
export class InterruptedError extends Error {
  constructor() {
    super('Interrupted');
    this.name = 'InterruptedError';
  }
}

export function throwIfInterrupted(): void {
  if (source()) throw new InterruptedError();
}
