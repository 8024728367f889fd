/**
 * How a long library loop (training, decoding) tells the learner that it stopped early and why.
 *
 * An interrupted cell ends with a red ✗ and nothing else, so the loop that saw the interrupt
 * says in the cell's output where it stopped and what it kept. Loops nest (lesson 4 samples
 * inside `fit`'s progress callback): only the outermost running loop prints, so one interrupt
 * gives one message, the one about the run the learner started. A non-finite loss is always
 * printed: it is a different failure in every loop that meets it.
 *
 * Live outputs of a run (the training dashboard) listen here, so they can show the stop even
 * though the cell's own code after the loop (`dash.finish()`) never runs after an interrupt.
 */

export type EarlyStop = 'interrupted' | 'nonFinite';

export interface LoopStop {
  /** The id of the loop that stopped (`currentLoop()` while it ran, if it was the outermost). */
  loop: number;
  reason: EarlyStop;
  /** Steps (or tokens) completed when the loop stopped. */
  step: number;
  /** The sentence the learner was shown. */
  message: string;
}

let outermost: number | undefined;
let lastId = 0;
const listeners = new Set<(stop: LoopStop) => void>();

/** One running loop; `close()` it in a `finally`. */
export class LoopScope {
  readonly id = ++lastId;
  /** False inside another library loop (a sample drawn in `fit`'s progress callback). */
  readonly isOutermost = outermost === undefined;

  constructor() {
    if (this.isOutermost) outermost = this.id;
  }

  /** Prints why the loop stopped (an interrupt only from the outermost loop) and tells the listeners. */
  stopped(reason: EarlyStop, step: number, message: string): void {
    if (reason === 'nonFinite') console.warn(message);
    else if (this.isOutermost) console.log(message);
    const stop: LoopStop = { loop: this.id, reason, step, message };
    for (const listener of listeners) listener(stop);
  }

  close(): void {
    if (this.isOutermost) outermost = undefined;
  }
}

/** The id of the outermost library loop running now, if any: a live output updated from its callbacks belongs to it. */
export function currentLoop(): number | undefined {
  return outermost;
}

/** Calls `listener` whenever a loop stops early; returns the function that removes it. */
export function onLoopStop(listener: (stop: LoopStop) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
