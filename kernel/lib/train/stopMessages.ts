/**
 * What a training loop (`fit`, `trainOnBatches`, `trainSeq2seq`) tells the learner when it stops
 * before its end: interrupted (where it stopped and what the model kept) or diverged (the step
 * whose loss or gradient norm was NaN or infinite, and what to change). Written once here so the
 * loops say the same thing in the same words.
 */
import type { ClipOptions, UpdateOutcome } from './trainStep';

/** Where the loop was: steps done, its limits, and the last completed step's loss. */
export interface TrainingPosition {
  stepsCompleted: number;
  maxSteps?: number;
  epoch: number;
  /** Infinity when only `maxSteps` or `timeLimitMs` bound the run. */
  epochs: number;
  /** The loss of the last completed step, if any. */
  lastLoss?: number;
}

/** A number as a learner reads it in a sentence: 2.41, 0.0123, 1e+38. */
function short(value: number): string {
  return Number.isFinite(value) ? String(Number(value.toPrecision(3))) : String(value);
}

function where(position: TrainingPosition): string {
  const { stepsCompleted, maxSteps, epoch, epochs } = position;
  if (maxSteps !== undefined) return `step ${stepsCompleted} of ${maxSteps}`;
  return Number.isFinite(epochs) ? `step ${stepsCompleted} (epoch ${epoch} of ${epochs})` : `step ${stepsCompleted}`;
}

/** "Interrupted at step 30 of 400: the model keeps the weights it has (loss 2.41); run the next cells to use it". */
export function interruptedMessage(position: TrainingPosition): string {
  if (position.stepsCompleted === 0) return 'Interrupted before the first training step: the model is unchanged';
  const loss = position.lastLoss === undefined ? '' : ` (loss ${short(position.lastLoss)})`;
  return `Interrupted at ${where(position)}: the model keeps the weights it has${loss}; run the next cells to use it`;
}

/** The step whose loss or gradient norm was not finite, that its update was skipped, and what to try. */
export function nonFiniteMessage(position: TrainingPosition, outcome: UpdateOutcome, learningRate: number, clip: ClipOptions): string {
  const step = position.stepsCompleted + 1;
  const what = Number.isFinite(outcome.loss) ? `the gradient norm was ${outcome.gradNorm} (loss ${short(outcome.loss)})` : `the loss was ${outcome.loss}`;
  const kept = position.stepsCompleted === 0 ? 'the model keeps its initial weights' : `the model keeps the weights of step ${position.stepsCompleted}`;
  const rate = Number.isFinite(learningRate) ? `a lower learning rate (now ${short(learningRate)}, try ${short(learningRate / 10)})` : 'a lower learning rate';
  const clipping = clip.clipNorm !== undefined ? `a smaller clipNorm (now ${short(clip.clipNorm)})` : 'gradient clipping (clipNorm: 1)';
  return `Training stopped at step ${step}: ${what}, so its update was skipped and ${kept}. Training diverged; try ${rate} or ${clipping}`;
}
