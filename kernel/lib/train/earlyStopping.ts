/**
 * Early stopping: stop when the validation loss has not improved by at least `minDelta` for
 * `patience` validations in a row, optionally putting back the weights of the best validation.
 */
import { tf } from '../tf';

export interface EarlyStoppingOptions {
  /** Validations without improvement tolerated before stopping. */
  patience: number;
  /** Smallest decrease of the validation loss that counts as an improvement (default 0). */
  minDelta?: number;
  /** On an early stop, restore the weights from the best validation (default false). */
  restoreBestWeights?: boolean;
}

export class EarlyStopping {
  best = Infinity;
  bestStep = -1;
  private waited = 0;
  private snapshot: tf.Tensor[] | undefined;

  constructor(private readonly options: EarlyStoppingOptions, private readonly variables: tf.Variable[]) {
    if (!Number.isInteger(options.patience) || options.patience < 1) {
      throw new Error(`earlyStopping.patience must be a positive integer; got ${options.patience}`);
    }
  }

  /** Records one validation; returns true when training should stop. */
  update(loss: number, step: number): boolean {
    if (loss < this.best - (this.options.minDelta ?? 0)) {
      this.best = loss;
      this.bestStep = step;
      this.waited = 0;
      if (this.options.restoreBestWeights) {
        tf.dispose(this.snapshot ?? []);
        this.snapshot = this.variables.map((v) => tf.clone(v));
      }
      return false;
    }
    this.waited++;
    return this.waited >= this.options.patience;
  }

  /** Writes the best weights back into the model; true when there were some to restore. */
  restoreBest(): boolean {
    const snapshot = this.snapshot;
    if (!this.options.restoreBestWeights || !snapshot) return false;
    this.variables.forEach((v, i) => v.assign(snapshot[i]));
    return true;
  }

  dispose(): void {
    tf.dispose(this.snapshot ?? []);
    this.snapshot = undefined;
  }
}
