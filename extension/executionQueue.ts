/**
 * One ordered queue of cell runs per notebook. VS Code calls the execute handler again for every
 * click, possibly while earlier cells still run; each run is queued here and awaited in order, so
 * cells never execute concurrently in one kernel. When a cell fails (or is interrupted, or the
 * kernel dies) every run still waiting is cancelled: later cells usually depend on the failed one.
 */
export interface QueuedRun {
  /** Runs the cell; resolves to true when later cells may proceed. */
  run(): Promise<boolean>;
  /** Ends the cell's pending execution without running it. */
  cancel(): void;
}

export class ExecutionQueue {
  private readonly waiting: QueuedRun[] = [];
  private draining: Promise<void> | undefined;

  /** Adds runs at the end; resolves when these runs have run or been cancelled. */
  enqueue(runs: QueuedRun[]): Promise<void> {
    this.waiting.push(...runs);
    this.draining ??= this.drain().finally(() => (this.draining = undefined));
    return this.draining;
  }

  /** Cancels every run that has not started yet. */
  cancelPending(): void {
    for (const run of this.waiting.splice(0)) run.cancel();
  }

  private async drain(): Promise<void> {
    for (let next = this.waiting.shift(); next; next = this.waiting.shift()) {
      let proceed = false;
      try {
        proceed = await next.run();
      } catch {
        proceed = false;
      }
      if (!proceed) this.cancelPending();
    }
  }
}
