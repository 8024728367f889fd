/**
 * What every decoder shares: feeding a prompt through a StepModel, advancing it one token at a
 * time while owning its state tensors, and turning logits into (log-)probabilities in float64.
 *
 * A language model gives P(y_i | y_<i) = softmax(W h_i + b); decoding chooses y_i from it and
 * feeds it back as the next input.
 */
import { tf } from '../tf';
import type { RecurrentState, StepModel } from '../core/types';
import { interruptRequested } from '../core/interrupt';
import { LoopScope } from '../core/loopStops';
import { FusedStepper } from '../fused/fusedStepper';

export interface DecodeOptions {
  /** Tokens fed before generation (e.g. `[BOS]` or a priming text); at least one. */
  prompt: ArrayLike<number>;
  /** Most tokens to generate. */
  maxLength: number;
  /** Generation stops after this token (which is kept in the output). */
  endToken?: number;
  /** Start from this state instead of `model.initialState(1)` (e.g. an encoder's summary); not disposed. */
  initialState?: RecurrentState;
  /** Keep the model's distribution p(· | prefix) of every generated step. */
  recordDistributions?: boolean;
}

export interface DecodedSequence {
  /** Generated tokens (the prompt excluded). */
  tokens: number[];
  /** log p(y_i | y_<i) of each generated token under the model (temperature 1). */
  logProbs: number[];
  /** Σ logProbs: log-probability of the whole continuation. */
  logProb: number;
  /** p(· | prefix) before each generated token, when `recordDistributions` is set. */
  distributions?: Float32Array[];
  /** True when `endToken` was generated. */
  finished: boolean;
  /** True when the interrupt signal stopped decoding early. */
  interrupted: boolean;
}

export function checkDecodeOptions(options: DecodeOptions, who: string): number[] {
  if (options === null || typeof options !== 'object') throw new Error(`${who}: expected options { prompt, maxLength, ... }; got ${String(options)}`);
  const prompt = Array.from(options.prompt ?? []);
  if (prompt.length === 0) throw new Error(`${who}: prompt must hold at least one token id (e.g. a start token)`);
  prompt.forEach((id, i) => {
    if (!Number.isInteger(id) || id < 0) throw new Error(`${who}: prompt[${i}] must be a non-negative integer token id; got ${id}`);
  });
  if (!Number.isInteger(options.maxLength) || options.maxLength < 1) throw new Error(`${who}: maxLength must be a positive integer; got ${options.maxLength}`);
  return prompt;
}

/** A StepModel run over a batch of sequences, owning the current state and the latest logits `[batch, vocab]`. */
export class Stepper {
  private state: RecurrentState;
  /** Logits of the latest step, one row per sequence. */
  logits: Float32Array = new Float32Array(0);
  vocab = 0;

  private constructor(private readonly model: StepModel, state: RecurrentState, private readonly fused?: FusedStepper) {
    this.state = state;
  }

  /** Feeds `prompt` to one sequence; the stepper then holds p(y_1 | prompt). Undefined when interrupted. */
  static prime(model: StepModel, prompt: number[], initialState?: RecurrentState): Stepper | undefined {
    // A language model of built-in cells decodes without tensors per step (fused/fusedStepper.ts), same numbers.
    const fused = FusedStepper.for(model, initialState);
    const stepper = fused
      ? new Stepper(model, [], fused)
      : new Stepper(model, initialState ? initialState.map((s) => tf.clone(s)) : model.initialState(1));
    for (const token of prompt) {
      if (interruptRequested()) {
        stepper.dispose();
        return undefined;
      }
      stepper.feed([token]);
    }
    return stepper;
  }

  /**
   * Feeds one token per sequence. `parents[i]` picks which current sequence the new row i
   * continues (beam search reorders and duplicates rows); default: row i continues row i.
   */
  feed(tokens: number[], parents?: number[]): void {
    if (this.fused) {
      this.fused.feed(tokens, parents);
      this.logits = this.fused.logits;
      this.vocab = this.fused.vocab;
      return;
    }
    const previous = this.state;
    const { logits, state } = tf.tidy(() => {
      const from = parents ? previous.map((s) => tf.gather(s, tf.tensor1d(parents, 'int32'))) : previous;
      const out = this.model.step(tf.tensor1d(tokens, 'int32'), from);
      if (out.logits.rank !== 2 || out.logits.shape[0] !== tokens.length) {
        throw new Error(`decoding: model.step must return logits [${tokens.length}, vocab]; got shape [${out.logits.shape.join(', ')}]`);
      }
      return out;
    });
    this.logits = logits.dataSync() as Float32Array;
    this.vocab = logits.shape[1];
    logits.dispose();
    const kept = new Set(state);
    tf.dispose(previous.filter((s) => !kept.has(s)));
    this.state = state;
  }

  /** Row `i` of the latest logits. */
  row(i: number): Float32Array {
    return this.logits.subarray(i * this.vocab, (i + 1) * this.vocab);
  }

  dispose(): void {
    this.fused?.dispose();
    tf.dispose(this.state);
    this.state = [];
  }
}

/** log softmax(z) in float64: z_v − max − log Σ exp(z − max). */
export function logSoftmax(logits: ArrayLike<number>): Float64Array {
  let max = -Infinity;
  for (let v = 0; v < logits.length; v++) max = Math.max(max, logits[v]);
  let total = 0;
  for (let v = 0; v < logits.length; v++) total += Math.exp(logits[v] - max);
  const logTotal = Math.log(total) + max;
  return Float64Array.from(logits, (z) => z - logTotal);
}

/** softmax(z) as float32, for recording. */
export function probabilities(logits: ArrayLike<number>): Float32Array {
  return Float32Array.from(logSoftmax(logits), Math.exp);
}

/** Index of the largest value; the lowest index wins ties. */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let v = 1; v < values.length; v++) if (values[v] > values[best]) best = v;
  return best;
}

/**
 * Says where an interrupted decoder stopped and what it returns: "Interrupted at token 57 of
 * 240: sample returns the 57 tokens generated so far (interrupted: true)".
 */
export function interruptedDecoding(scope: LoopScope, who: string, unit: 'token' | 'step', done: number, maxLength: number, kept: string): void {
  const message = done === 0 ? `Interrupted while ${who} read the prompt: nothing was generated (interrupted: true)` : `Interrupted at ${unit} ${done} of ${maxLength}: ${who} returns ${kept} (interrupted: true)`;
  scope.stopped('interrupted', done, message);
}

/**
 * The autoregressive loop shared by greedy decoding and sampling: prime with the prompt, then
 * repeatedly choose y_i from p(· | y_<i) with `choose` and feed it back, until `endToken`,
 * `maxLength` or an interrupt. `choose` gets the model's log-probabilities and raw logits.
 */
export function decodeOneByOne(
  model: StepModel,
  options: DecodeOptions,
  who: string,
  choose: (logProbs: Float64Array, logits: Float32Array) => number,
): DecodedSequence {
  const prompt = checkDecodeOptions(options, who);
  const result: DecodedSequence = { tokens: [], logProbs: [], logProb: 0, finished: false, interrupted: false };
  if (options.recordDistributions) result.distributions = [];
  const scope = new LoopScope();
  try {
    const stepper = Stepper.prime(model, prompt, options.initialState);
    if (!stepper) {
      interruptedDecoding(scope, who, 'token', 0, options.maxLength, '');
      return { ...result, interrupted: true };
    }
    try {
      for (let i = 0; i < options.maxLength; i++) {
        if (i > 0 && interruptRequested()) {
          result.interrupted = true;
          break;
        }
        const logits = stepper.row(0);
        const logProbs = logSoftmax(logits);
        const token = choose(logProbs, logits);
        result.tokens.push(token);
        result.logProbs.push(logProbs[token]);
        result.logProb += logProbs[token];
        result.distributions?.push(Float32Array.from(logProbs, Math.exp));
        if (token === options.endToken) {
          result.finished = true;
          break;
        }
        if (i + 1 < options.maxLength) stepper.feed([token]);
      }
    } finally {
      stepper.dispose();
    }
    if (result.interrupted) interruptedDecoding(scope, who, 'token', result.tokens.length, options.maxLength, `the ${result.tokens.length} tokens generated so far`);
    return result;
  } finally {
    scope.close();
  }
}
