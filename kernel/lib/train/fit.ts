/**
 * The training loop: maximum likelihood with teacher forcing (optionally scheduled sampling),
 * mini-batches bucketed by length, truncated backpropagation through time, clipping, validation,
 * early stopping, and the interrupt signal checked between steps.
 *
 * One optimiser step = one chunk of at most `bpttSteps` time steps of one mini-batch. Within a
 * mini-batch the state flows from chunk to chunk (its value, not its gradient), so a long
 * sequence is learned piece by piece with a state that has seen everything before.
 *
 * Between steps the loop yields to the event loop (so the kernel stays responsive and progress
 * can be drawn) and stops at a step boundary on interrupt, time limit or step limit; the model's
 * weights are then those after the last completed step. It also stops at the first step whose
 * loss or gradient norm is NaN or infinite, without applying it. An interrupt or a non-finite
 * step is said in the cell's output and in `history.message`.
 */
import { tf } from '../tf';
import type { RecurrentState, SequenceModel, StepModel } from '../core/types';
import { interruptRequested } from '../core/interrupt';
import { LoopScope } from '../core/loopStops';
import { Random } from '../core/random';
import { batchLength, chunkArrays, chunkTensors, planBatches, prepareData, type SequenceData } from './batching';
import { resolveOptimizer, type NamedOptimizer, type OptimizerName, type OptimizerSpec } from './optimizers';
import { disposeReplacedState, trainOnChunk, type ClipOptions } from './trainStep';
import { samplingProbability, unrollWithSampling, type ScheduledSamplingOptions } from './scheduledSampling';
import { evaluate } from './evaluate';
import { EarlyStopping, type EarlyStoppingOptions } from './earlyStopping';
import { interruptedMessage, nonFiniteMessage } from './stopMessages';

export interface ProgressInfo {
  /** Optimiser steps completed so far (1 after the first). */
  step: number;
  /** The epoch in progress, from 1. */
  epoch: number;
  /** Mean cross-entropy of this step's chunk, in nats. */
  loss: number;
  /** Global gradient norm of this step, before clipping. */
  gradNorm: number;
  learningRate: number;
  elapsedMs: number;
  /** Real (unpadded) tokens trained on per second so far: characters per second for a character model. */
  charsPerSecond: number;
  /** Present on steps after which a validation ran. */
  validationLoss?: number;
  validationPerplexity?: number;
}

export interface FitOptions extends ClipOptions {
  /** An optimiser spec or name (created here and disposed at the end), or your own tfjs optimiser (kept). Default Adam, 1e-3. */
  optimizer?: OptimizerSpec | OptimizerName | NamedOptimizer | tf.Optimizer;
  /** Sequences per mini-batch (default 32). */
  batchSize?: number;
  /** Passes over the data; default 1 when neither `maxSteps` nor `timeLimitMs` is given, otherwise unlimited. */
  epochs?: number;
  maxSteps?: number;
  timeLimitMs?: number;
  /** Truncated BPTT chunk length; default: whole sequences. */
  bpttSteps?: number;
  /** Seed for shuffling and scheduled sampling (default 1). */
  seed?: number;
  /** Shuffle examples and batches each epoch (default true). */
  shuffle?: boolean;
  /** Sort by length before cutting batches (default true). */
  bucketByLength?: boolean;
  /** Feed the model's own predictions with a scheduled probability (language-model data, StepModel required). */
  scheduledSampling?: ScheduledSamplingOptions;
  validationData?: SequenceData;
  /** Validate every this many steps; default: at the end of every epoch. */
  validateEvery?: number;
  earlyStopping?: EarlyStoppingOptions;
  /** Called (and awaited) after every `progressEvery` steps and after every validation. */
  onProgress?: (info: ProgressInfo) => void | Promise<void>;
  progressEvery?: number;
}

/** `nonFinite`: a step's loss or gradient norm was NaN or ±∞ (training diverged); that step was not applied. */
export type StopReason = 'completed' | 'maxSteps' | 'timeLimit' | 'earlyStopping' | 'interrupted' | 'nonFinite';

export interface FitHistory {
  /** Per optimiser step: its number, epoch, loss and pre-clip gradient norm. */
  steps: number[];
  epochs: number[];
  losses: number[];
  gradNorms: number[];
  validation: { step: number; epoch: number; loss: number; perplexity: number }[];
  stepsCompleted: number;
  epochsCompleted: number;
  elapsedMs: number;
  stopReason: StopReason;
  interrupted: boolean;
  /** Why training stopped early, as printed in the cell's output (interrupted or non-finite); absent otherwise. */
  message?: string;
  bestValidationLoss?: number;
  bestStep?: number;
  restoredBestWeights: boolean;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

function isStepModel(model: object): model is StepModel {
  return typeof (model as Partial<StepModel>).step === 'function' && typeof (model as Partial<StepModel>).initialState === 'function';
}

function checkCount(value: number | undefined, name: string): void {
  if (value !== undefined && (!Number.isInteger(value) || value <= 0)) throw new Error(`fit: ${name} must be a positive integer; got ${value}`);
}

/**
 * Trains `model` on `data` and returns what happened; never leaves tensors behind. Stops early,
 * keeping the weights of the last completed step, on an interrupt or at the first step whose loss
 * or gradient norm is not finite, and then says why in the output (and in `history.message`).
 */
export async function fit(model: SequenceModel | (SequenceModel & StepModel), data: SequenceData, options: FitOptions = {}): Promise<FitHistory> {
  if (typeof model?.forward !== 'function' || typeof model.trainableVariables !== 'function') {
    throw new Error('fit: the model must be a SequenceModel (forward(inputs, options) and trainableVariables())');
  }
  for (const name of ['batchSize', 'epochs', 'maxSteps', 'bpttSteps', 'validateEvery', 'progressEvery'] as const) checkCount(options[name], name);
  const train = prepareData(data, 'fit: data');
  const validation = options.validationData ? prepareData(options.validationData, 'fit: validationData') : undefined;
  const sampling = options.scheduledSampling;
  if (sampling) {
    if (!isStepModel(model)) throw new Error('fit: scheduledSampling needs a model with step(tokens, state) and initialState(batch) (a StepModel)');
    if (!train.languageModel) throw new Error('fit: scheduledSampling needs language-model data (token sequences), where the next input is the previous target');
  }
  if (options.earlyStopping && !validation) throw new Error('fit: earlyStopping needs validationData');
  const variables = model.trainableVariables();
  if (variables.length === 0) throw new Error('fit: the model has no trainable variables');

  const batchSize = options.batchSize ?? 32;
  const unlimited = options.maxSteps !== undefined || options.timeLimitMs !== undefined;
  const epochs = options.epochs ?? (unlimited ? Infinity : 1);
  const seed = options.seed ?? 1;
  const shuffleRandom = new Random(seed);
  const samplingRandom = new Random(seed ^ 0x5bd1e995);
  const { named, owned } = resolveOptimizer(options.optimizer, { name: 'adam', learningRate: 1e-3 });
  const stopper = options.earlyStopping ? new EarlyStopping(options.earlyStopping, variables) : undefined;
  const history: FitHistory = {
    steps: [], epochs: [], losses: [], gradNorms: [], validation: [],
    stepsCompleted: 0, epochsCompleted: 0, elapsedMs: 0, stopReason: 'completed', interrupted: false, restoredBestWeights: false,
  };
  const started = performance.now();
  let tokens = 0;
  let stop: StopReason | undefined;
  let epochNow = 1;
  const scope = new LoopScope();
  const position = () => ({ stepsCompleted: history.stepsCompleted, maxSteps: options.maxSteps, epoch: epochNow, epochs, lastLoss: history.losses.at(-1) });

  /** Runs a validation; returns its loss, or undefined when an interrupt cut it short. */
  const validate = async (epoch: number): Promise<{ loss: number; perplexity: number } | undefined> => {
    if (!validation) return undefined;
    const result = await evaluate(model, validation, { batchSize, bpttSteps: options.bpttSteps });
    if (result.interrupted) {
      stop = 'interrupted';
      return undefined;
    }
    history.validation.push({ step: history.stepsCompleted, epoch, loss: result.loss, perplexity: result.perplexity });
    if (stopper?.update(result.loss, history.stepsCompleted)) stop = 'earlyStopping';
    return result;
  };

  try {
    for (let epoch = 1; epoch <= epochs && !stop; epoch++) {
      epochNow = epoch;
      const shuffle = options.shuffle ?? true;
      const batches = planBatches(train, { batchSize, bucketByLength: options.bucketByLength, random: shuffle ? shuffleRandom : undefined });
      for (const indices of batches) {
        const length = batchLength(train, indices);
        const bptt = options.bpttSteps ?? length;
        let state: RecurrentState | undefined;
        try {
          for (let start = 0; start < length && !stop; start += bptt) {
            const elapsed = performance.now() - started;
            if (interruptRequested()) stop = 'interrupted';
            else if (options.maxSteps !== undefined && history.stepsCompleted >= options.maxSteps) stop = 'maxSteps';
            else if (options.timeLimitMs !== undefined && elapsed >= options.timeLimitMs) stop = 'timeLimit';
            if (stop) break;

            const chunk = chunkArrays(train, indices, start, Math.min(start + bptt, length));
            const tensors = chunkTensors(train, chunk);
            const previous = state;
            let outcome;
            try {
              const progress = { step: history.stepsCompleted, epoch };
              const unroll = sampling
                ? () => unrollWithSampling(model as StepModel, chunk, previous, samplingProbability(sampling.probability, progress), samplingRandom, sampling.feed ?? 'sample')
                : () => model.forward(tensors.inputs, { initialState: previous, mask: tensors.mask, training: true });
              outcome = trainOnChunk(unroll, tensors.targets, tensors.mask, variables, named.optimizer, options);
            } finally {
              tf.dispose([tensors.inputs, tensors.targets, tensors.mask]);
            }
            state = outcome.finalState;
            disposeReplacedState(previous, state);
            if (!outcome.applied) {
              stop = 'nonFinite';
              history.message = nonFiniteMessage(position(), outcome, named.learningRate, options);
              break;
            }
            tokens += chunk.realSteps;

            const step = ++history.stepsCompleted;
            history.steps.push(step);
            history.epochs.push(epoch);
            history.losses.push(outcome.loss);
            history.gradNorms.push(outcome.gradNorm);
            await nextTurn();

            const validated = options.validateEvery !== undefined && step % options.validateEvery === 0 ? await validate(epoch) : undefined;
            if (options.onProgress && (validated || step % (options.progressEvery ?? 1) === 0)) {
              const elapsedMs = performance.now() - started;
              await options.onProgress({
                step, epoch, loss: outcome.loss, gradNorm: outcome.gradNorm, learningRate: named.learningRate, elapsedMs,
                charsPerSecond: elapsedMs > 0 ? (tokens * 1000) / elapsedMs : 0,
                validationLoss: validated?.loss, validationPerplexity: validated?.perplexity,
              });
            }
          }
        } finally {
          if (state) tf.dispose(state);
        }
        if (stop) break;
      }
      if (stop) break;
      history.epochsCompleted = epoch;
      if (options.validateEvery === undefined && validation) {
        const validated = await validate(epoch);
        if (validated && options.onProgress) {
          const last = history.losses.length - 1;
          const elapsedMs = performance.now() - started;
          await options.onProgress({
            step: history.stepsCompleted, epoch, loss: history.losses[last], gradNorm: history.gradNorms[last], learningRate: named.learningRate,
            elapsedMs, charsPerSecond: elapsedMs > 0 ? (tokens * 1000) / elapsedMs : 0,
            validationLoss: validated.loss, validationPerplexity: validated.perplexity,
          });
        }
      }
    }
    if (stop === 'earlyStopping' && stopper) history.restoredBestWeights = stopper.restoreBest();
    if (stop === 'interrupted') history.message = interruptedMessage(position());
    if (history.message) scope.stopped(stop === 'nonFinite' ? 'nonFinite' : 'interrupted', history.stepsCompleted, history.message);
  } finally {
    scope.close();
    stopper?.dispose();
    if (owned) named.optimizer.dispose();
  }
  history.stopReason = stop ?? 'completed';
  history.interrupted = stop === 'interrupted';
  history.elapsedMs = performance.now() - started;
  if (stopper && stopper.bestStep >= 0) {
    history.bestValidationLoss = stopper.best;
    history.bestStep = stopper.bestStep;
  }
  return history;
}
