/**
 * A small mini-batch training loop for models whose data do not fit `fit`'s contract (one input
 * sequence and one target per step): seq2seq pairs of different lengths, images. The model gives
 * `batchLoss(indices)`, the scalar loss of those examples (built inside the gradient tape, so
 * every tensor it makes is freed); the loop shuffles the examples with a seeded generator, takes
 * one optimiser step per mini-batch with optional clipping, and between steps yields to the event
 * loop and stops at a step boundary on interrupt, time limit or step limit.
 */
import { tf } from '../tf';
import { interruptRequested } from '../core/interrupt';
import { Random } from '../core/random';
import { clipByGlobalNorm, clipByValue, createOptimizer, globalNorm, type OptimizerName, type OptimizerSpec } from './optimizers';
import type { ClipOptions } from './trainStep';

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

export type LoopStopReason = 'completed' | 'maxSteps' | 'timeLimit' | 'interrupted';

export interface LoopHistory {
  losses: number[];
  gradNorms: number[];
  stepsCompleted: number;
  epochsCompleted: number;
  elapsedMs: number;
  stopReason: LoopStopReason;
  interrupted: boolean;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

function checkCount(value: number | undefined, name: string): void {
  if (value !== undefined && (!Number.isInteger(value) || value <= 0)) throw new Error(`training: ${name} must be a positive integer; got ${value}`);
}

/** Minimises `batchLoss` over mini-batches of the examples 0..count−1; never leaves tensors behind. */
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
  const choice = options.optimizer ?? { name: 'adam', learningRate: 1e-2 };
  const owned = !(choice instanceof tf.Optimizer);
  const optimizer = choice instanceof tf.Optimizer ? choice : createOptimizer(choice).optimizer;
  const history: LoopHistory = { losses: [], gradNorms: [], stepsCompleted: 0, epochsCompleted: 0, elapsedMs: 0, stopReason: 'completed', interrupted: false };
  const started = performance.now();
  let stop: LoopStopReason | undefined;
  try {
    for (let epoch = 1; epoch <= epochs && !stop; epoch++) {
      const order = random.shuffle(Array.from({ length: count }, (_, i) => i));
      for (let start = 0; start < count; start += batchSize) {
        if (interruptRequested()) stop = 'interrupted';
        else if (options.maxSteps !== undefined && history.stepsCompleted >= options.maxSteps) stop = 'maxSteps';
        else if (options.timeLimitMs !== undefined && performance.now() - started >= options.timeLimitMs) stop = 'timeLimit';
        if (stop) break;
        const { loss, gradNorm } = optimiserStep(() => batchLoss(order.slice(start, start + batchSize)), variables, optimizer, options);
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
  } finally {
    if (owned) optimizer.dispose();
  }
  history.stopReason = stop ?? 'completed';
  history.interrupted = stop === 'interrupted';
  history.elapsedMs = performance.now() - started;
  return history;
}

/** Gradient of `lossFn` (taped), optional clipping, one update; returns the loss and the pre-clip gradient norm. */
function optimiserStep(lossFn: () => tf.Scalar, variables: tf.Variable[], optimizer: tf.Optimizer, clip: ClipOptions): { loss: number; gradNorm: number } {
  const { value, grads } = tf.variableGrads(lossFn, variables);
  const owned: tf.Tensor[] = [value, ...Object.values(grads)];
  try {
    let update = grads;
    let gradNorm: number | undefined;
    if (clip.clipValue !== undefined) {
      const clipped = clipByValue(update, clip.clipValue);
      gradNorm = clipped.norm;
      update = clipped.grads;
      owned.push(...Object.values(update));
    }
    if (clip.clipNorm !== undefined) {
      const clipped = clipByGlobalNorm(update, clip.clipNorm);
      gradNorm ??= clipped.norm;
      update = clipped.grads;
      owned.push(...Object.values(update));
    }
    gradNorm ??= globalNorm(update);
    optimizer.applyGradients(update);
    return { loss: value.dataSync()[0], gradNorm };
  } finally {
    tf.dispose(owned);
  }
}
