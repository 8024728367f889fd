/**
 * Turning sequences of different lengths into padded mini-batches.
 *
 * Two data forms:
 * - language modelling: a list of token-id sequences; sequence y_1..y_L gives inputs y_1..y_{L−1}
 *   and targets y_2..y_L (predict the next token);
 * - pairs `{ inputs, targets }` (tagging, many-to-many with equal lengths): inputs are token ids or
 *   feature vectors per step, targets one class id per step.
 *
 * Mini-batches go across instances, not time. Bucketing sorts the (shuffled) examples by length
 * before cutting batches, so each batch holds similar lengths and little padding; padded steps get
 * mask 0, and the mask keeps them out of the state, the loss and the gradients.
 */
import { tf } from '../tf';
import { Random } from '../core/random';

/** Language-modelling data: `number[][]` or `Int32Array[]`, one token-id sequence per example. */
export type TokenSequences = ReadonlyArray<ArrayLike<number>>;

/** Tagging data: one target id per input step. Inputs are ids `number[]` or feature rows `number[][]`. */
export interface SequencePairs {
  inputs: ReadonlyArray<ArrayLike<number> | ReadonlyArray<ArrayLike<number>>>;
  targets: ReadonlyArray<ArrayLike<number>>;
}

export type SequenceData = TokenSequences | SequencePairs;

interface Example {
  length: number;
  /** Token ids `[length]`, or features `[length × featureSize]` row-major. */
  inputs: Int32Array | Float32Array;
  targets: Int32Array;
}

/** Validated examples in one common form. */
export interface PreparedData {
  examples: Example[];
  /** `tokens`: inputs are ids (model gets `[batch, time]` int32); `features`: `[batch, time, featureSize]`. */
  inputKind: 'tokens' | 'features';
  featureSize: number;
  /** True for token sequences whose input at t+1 is the target at t (what scheduled sampling needs). */
  languageModel: boolean;
  /** Real (target) steps over all examples. */
  totalSteps: number;
}

function isPairs(data: SequenceData): data is SequencePairs {
  return !Array.isArray(data) && typeof data === 'object' && data !== null && 'inputs' in data && 'targets' in data;
}

function toIds(values: ArrayLike<number>, where: string): Int32Array {
  const ids = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isInteger(v) || v < 0) throw new Error(`${where}: token ids must be non-negative integers; position ${i} holds ${v}`);
    ids[i] = v;
  }
  return ids;
}

/** Checks `data` and converts it; `what` names the caller in error messages (e.g. `fit: validationData`). */
export function prepareData(data: SequenceData, what: string): PreparedData {
  if (isPairs(data)) return preparePairs(data, what);
  if (!Array.isArray(data)) {
    throw new Error(`${what}: expected token sequences (number[][] or Int32Array[]) or { inputs, targets }; got ${typeof data}`);
  }
  if (data.length === 0) throw new Error(`${what}: no sequences given`);
  const examples = data.map((sequence, i) => {
    if (sequence == null || typeof sequence.length !== 'number') throw new Error(`${what}: sequence ${i} is not an array of token ids`);
    if (sequence.length < 2) throw new Error(`${what}: a language-model sequence needs at least 2 tokens (an input and its next token); sequence ${i} has ${sequence.length}`);
    const ids = toIds(sequence, `${what}: sequence ${i}`);
    return { length: ids.length - 1, inputs: ids.subarray(0, ids.length - 1), targets: ids.subarray(1) };
  });
  return { examples, inputKind: 'tokens', featureSize: 0, languageModel: true, totalSteps: sum(examples) };
}

function preparePairs(data: SequencePairs, what: string): PreparedData {
  const { inputs, targets } = data;
  if (inputs.length !== targets.length) throw new Error(`${what}: ${inputs.length} input sequences but ${targets.length} target sequences`);
  if (inputs.length === 0) throw new Error(`${what}: no sequences given`);
  const first = inputs[0][0];
  const inputKind = typeof first === 'number' ? 'tokens' : 'features';
  const featureSize = inputKind === 'features' ? (first as ArrayLike<number>).length : 0;
  const examples = inputs.map((input, i) => {
    const target = targets[i];
    if (input.length !== target.length) throw new Error(`${what}: sequence ${i} has ${input.length} input steps but ${target.length} targets (one target per step expected)`);
    if (input.length === 0) throw new Error(`${what}: sequence ${i} is empty`);
    let values: Int32Array | Float32Array;
    if (inputKind === 'tokens') {
      values = toIds(input as ArrayLike<number>, `${what}: inputs[${i}]`);
    } else {
      values = new Float32Array(input.length * featureSize);
      for (let t = 0; t < input.length; t++) {
        const row = (input as ReadonlyArray<ArrayLike<number>>)[t];
        if (row == null || row.length !== featureSize) throw new Error(`${what}: inputs[${i}][${t}] must be a feature vector of length ${featureSize}; got ${row == null ? row : `length ${row.length}`}`);
        for (let f = 0; f < featureSize; f++) values[t * featureSize + f] = row[f];
      }
    }
    return { length: input.length, inputs: values, targets: toIds(target, `${what}: targets[${i}]`) };
  });
  return { examples, inputKind, featureSize, languageModel: false, totalSteps: sum(examples) };
}

function sum(examples: Example[]): number {
  return examples.reduce((acc, e) => acc + e.length, 0);
}

export interface BatchPlanOptions {
  batchSize: number;
  /** Sort by length before cutting batches (default true). */
  bucketByLength?: boolean;
  /** Shuffle examples and batch order with this generator; absent: keep the given order. */
  random?: Random;
}

/** Example indices per mini-batch, for one epoch. */
export function planBatches(data: PreparedData, options: BatchPlanOptions): number[][] {
  const { batchSize, random } = options;
  if (!Number.isInteger(batchSize) || batchSize <= 0) throw new Error(`batchSize must be a positive integer; got ${batchSize}`);
  const order = data.examples.map((_, i) => i);
  if (random) random.shuffle(order);
  // Array.prototype.sort is stable, so equal lengths keep their shuffled order.
  if (options.bucketByLength ?? true) order.sort((a, b) => data.examples[a].length - data.examples[b].length);
  const batches: number[][] = [];
  for (let i = 0; i < order.length; i += batchSize) batches.push(order.slice(i, i + batchSize));
  if (random) random.shuffle(batches);
  return batches;
}

/** The longest example in a batch: the batch's padded length. */
export function batchLength(data: PreparedData, indices: readonly number[]): number {
  return Math.max(...indices.map((i) => data.examples[i].length));
}

/** Steps [start, end) of a batch as plain arrays, padded with id 0 / zero features and mask 0. */
export interface ChunkArrays {
  batch: number;
  time: number;
  inputs: Int32Array | Float32Array;
  targets: Int32Array;
  mask: Float32Array;
  realSteps: number;
}

export function chunkArrays(data: PreparedData, indices: readonly number[], start: number, end: number): ChunkArrays {
  const batch = indices.length;
  const time = end - start;
  const width = data.inputKind === 'features' ? data.featureSize : 1;
  const inputs = data.inputKind === 'features' ? new Float32Array(batch * time * width) : new Int32Array(batch * time);
  const targets = new Int32Array(batch * time);
  const mask = new Float32Array(batch * time);
  let realSteps = 0;
  indices.forEach((exampleIndex, b) => {
    const example = data.examples[exampleIndex];
    for (let t = start; t < Math.min(end, example.length); t++) {
      const at = b * time + (t - start);
      targets[at] = example.targets[t];
      mask[at] = 1;
      realSteps++;
      for (let f = 0; f < width; f++) inputs[at * width + f] = example.inputs[t * width + f];
    }
  });
  return { batch, time, inputs, targets, mask, realSteps };
}

export interface ChunkTensors {
  /** `[batch, time]` int32 ids or `[batch, time, features]` float32. */
  inputs: tf.Tensor;
  targets: tf.Tensor2D;
  mask: tf.Tensor2D;
}

/** The tensors for a chunk; the caller disposes them. */
export function chunkTensors(data: PreparedData, chunk: ChunkArrays): ChunkTensors {
  const { batch, time } = chunk;
  const inputs = data.inputKind === 'features'
    ? tf.tensor3d(chunk.inputs as Float32Array, [batch, time, data.featureSize])
    : tf.tensor2d(chunk.inputs as Int32Array, [batch, time], 'int32');
  return {
    inputs,
    targets: tf.tensor2d(chunk.targets, [batch, time], 'int32'),
    mask: tf.tensor2d(chunk.mask, [batch, time]),
  };
}

/**
 * Cuts one long token stream (a whole corpus) into `pieces` contiguous sequences of equal length,
 * the usual layout for character language models: batch row b continues where it left off in
 * the next truncated-BPTT chunk, so the carried state stays meaningful.
 */
export function splitStream(tokens: ArrayLike<number>, pieces: number): Int32Array[] {
  if (!Number.isInteger(pieces) || pieces <= 0) throw new Error(`splitStream: pieces must be a positive integer; got ${pieces}`);
  const length = Math.floor(tokens.length / pieces);
  if (length < 2) throw new Error(`splitStream: ${tokens.length} tokens cannot make ${pieces} sequences of at least 2 tokens`);
  const ids = toIds(tokens, 'splitStream');
  return Array.from({ length: pieces }, (_, p) => ids.slice(p * length, (p + 1) * length));
}
