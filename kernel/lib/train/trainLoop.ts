/**
 * A small mini-batch training loop for models whose data do not fit `fit`'s contract (one input
 * sequence and one target per step): seq2seq pairs of different lengths, images. The model gives
 * `batchLoss(indices)`, the scalar loss of those examples (built inside the gradient tape, so
 * every tensor it makes is freed); the loop shuffles the examples with a seeded generator, takes
 * one optimiser step per mini-batch with optional clipping, and between steps yields to the event
 * loop and stops at a step boundary on interrupt, time limit or step limit, or at the first step
 * whose loss or gradient norm is not finite (not applied). Interrupts and non-finite steps are
 * said in the cell's output and in `history.message`, in the same words as `fit`.
 */
import { tf } from '../tf';
import { interruptRequested } from '../core/interrupt';
import { LoopScope } from '../core/loopStops';
import { Random } from '../core/random';
import { resolveOptimizer, type OptimizerName, type OptimizerSpec } from './optimizers';
import { interruptedMessage, nonFiniteMessage } from './stopMessages';
import { applyGradients, type ClipOptions } from './trainStep';

export interface TrainLoopOptions extends ClipOptions {
  /** A spec or name (created and disposed here), or your own tfjs optimiser (kept). Default Adam, 1e-2. */
  optimizer?: OptimizerSpec | OptimizerName | tf.Optimizer;
  /** Examples per mini-batch (default 32). */
  batchSize?: number;
  /** Passes over the examples; default 1 when neither `maxSteps` nor `timeLimitMs` is given, otherwise unlimited. */
  epochs?: number;
  maxSteps?: number;
  timeLimitMs?: number;
  /** Seed of the shuffling (default 1). */
  seed?: number;
  /** Called (and awaited) after every `progressEvery` steps (default 1). */
  onProgress?: (info: LoopProgress) => void | Promise<void>;
  progressEvery?: number;
}

export interface LoopProgress {
  step: number;
  epoch: number;
  /** This mini-batch's loss. */
  loss: number;
  /** Global gradient norm before clipping. */
  gradNorm: number;
  elapsedMs: number;
}

/** `nonFinite`: a step's loss or gradient norm was NaN or ±∞ (training diverged); that step was not applied. */
export type LoopStopReason = 'completed' | 'maxSteps' | 'timeLimit' | 'interrupted' | 'nonFinite';

export interface LoopHistory {
  losses: number[];
  gradNorms: number[];
  stepsCompleted: number;
  epochsCompleted: number;
  elapsedMs: number;
  stopReason: LoopStopReason;
  interrupted: boolean;
  /** Why training stopped early, as printed in the cell's output (interrupted or non-finite); absent otherwise. */
  message?: string;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

function checkCount(value: number | undefined, name: string): void {
  if (value !== undefined && (!Number.isInteger(value) || value <= 0)) throw new Error(`training: ${name} must be a positive integer; got ${value}`);
}

/**
 * Minimises `batchLoss` over mini-batches of the examples 0..count−1; never leaves tensors behind.
 * Stops early on an interrupt or a non-finite loss or gradient norm and says why, as `fit` does.
 */
export async function trainOnBatches(
  count: number,
  batchLoss: (indices: number[]) => tf.Scalar,
  variables: tf.Variable[],
  options: TrainLoopOptions = {},
): Promise<LoopHistory> {
  checkCount(count, 'the number of examples');
  for (const name of ['batchSize', 'epochs', 'maxSteps', 'progressEvery'] as const) checkCount(options[name], name);
  if (variables.length === 0) throw new Error('training: the model has no trainable variables');
  const batchSize = options.batchSize ?? 32;
  const epochs = options.epochs ?? (options.maxSteps !== undefined || options.timeLimitMs !== undefined ? Infinity : 1);
  const random = new Random(options.seed ?? 1);
  const { named, owned } = resolveOptimizer(options.optimizer, { name: 'adam', learningRate: 1e-2 });
  const history: LoopHistory = { losses: [], gradNorms: [], stepsCompleted: 0, epochsCompleted: 0, elapsedMs: 0, stopReason: 'completed', interrupted: false };
  const started = performance.now();
  let stop: LoopStopReason | undefined;
  let epochNow = 1;
  const scope = new LoopScope();
  const position = () => ({ stepsCompleted: history.stepsCompleted, maxSteps: options.maxSteps, epoch: epochNow, epochs, lastLoss: history.losses.at(-1) });
  try {
    for (let epoch = 1; epoch <= epochs && !stop; epoch++) {
      epochNow = epoch;
      const order = random.shuffle(Array.from({ length: count }, (_, i) => i));
      for (let start = 0; start < count; start += batchSize) {
        if (interruptRequested()) stop = 'interrupted';
        else if (options.maxSteps !== undefined && history.stepsCompleted >= options.maxSteps) stop = 'maxSteps';
        else if (options.timeLimitMs !== undefined && performance.now() - started >= options.timeLimitMs) stop = 'timeLimit';
        if (stop) break;
        const { value, grads } = tf.variableGrads(() => batchLoss(order.slice(start, start + batchSize)), variables);
        const outcome = applyGradients(value, grads, named.optimizer, options);
        if (!outcome.applied) {
          stop = 'nonFinite';
          history.message = nonFiniteMessage(position(), outcome, named.learningRate, options);
          break;
        }
        const { loss, gradNorm } = outcome;
        history.losses.push(loss);
        history.gradNorms.push(gradNorm);
        const step = ++history.stepsCompleted;
        await nextTurn();
        if (options.onProgress && step % (options.progressEvery ?? 1) === 0) {
          await options.onProgress({ step, epoch, loss, gradNorm, elapsedMs: performance.now() - started });
        }
      }
      if (!stop) history.epochsCompleted = epoch;
    }
    if (stop === 'interrupted') history.message = interruptedMessage(position());
    if (history.message) scope.stopped(stop === 'nonFinite' ? 'nonFinite' : 'interrupted', history.stepsCompleted, history.message);
  } finally {
    scope.close();
    if (owned) named.optimizer.dispose();
  }
  history.stopReason = stop ?? 'completed';
  history.interrupted = stop === 'interrupted';
  history.elapsedMs = performance.now() - started;
  return history;
}
