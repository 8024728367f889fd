/**
 * A selective state space layer, the S6 core of Mamba (Gu & Dao 2023): the SSM of lti.ts with
 * Δ, B and C computed from the input at every step, so the layer can choose per token what to
 * store (large Δ_t: reset to the current input) and what to ignore (Δ_t → 0: keep the state).
 * For channel h, mode n and step t, with u_t `[channels]`:
 *   Δ_t = softplus(u_t W_Δ + b_Δ)              `[channels]`
 *   B_t = u_t W_B,   C_t = u_t W_C             `[state]`, shared by the channels
 *   Ā_t = exp(Δ_t A),   B̄_t = (Ā_t − 1)/A · B_t (zero-order hold; bilinear optional)
 *   x_t = Ā_t ⊙ x_{t−1} + B̄_t u_t               `[channels, state]`
 *   y_t = Σ_n C_t,n x_t,n + D u_t
 * A is real and diagonal, A = −exp(aLogNeg) < 0, initialised S4D-Real (A_n = −(n + 1)).
 * Because Ā_t varies with t the layer is no longer a convolution; it is computed by the linear
 * recurrence (scan.ts): step by step, or by the parallel prefix scan. Mamba's official code uses
 * the simpler B̄_t = Δ_t B_t; ZOH is used here so the discretisation matches lti.ts. The full
 * Mamba block adds an input projection, a short causal convolution and a SiLU gate around this core.
 */
import { tf } from '../tf';
import { expectShape } from '../core/expectShape';
import { seededVariable } from '../init/seededVariable';
import { childSeed, randomSeed } from '../init/seeds';
import { discretizations, discretizeDiagonalReal, type Discretization } from './discretize';
import { parallelScan, sequentialScan } from './scan';
import { inverseSoftplusSteps } from './stepInit';

export type ScanMethod = 'sequential' | 'parallel';

export interface SelectiveSSMOptions {
  /** H: input/output channels. */
  channels: number;
  /** N: real modes per channel. */
  stateSize: number;
  /** `zoh` (default) or `bilinear`. */
  discretization?: Discretization;
  /**
   * `sequential` (default, the plain recurrence) or `parallel` (prefix scan); same result. The
   * parallel scan does more arithmetic in fewer, larger operations: measured 2–4× faster on wasm
   * and 2–5× slower on the pure-JavaScript cpu backend (batch 8–16, 256–1024 steps).
   */
  scan?: ScanMethod;
  /** Initial Δ = softplus(b_Δ) drawn log-uniformly in [min, max] (default [0.001, 0.1]). */
  stepRange?: [number, number];
  /** Same seed → same weights, on every backend. Random when omitted, like the cells and layers (read it back from `ssm.seed`). */
  seed?: number;
}

/** What the layer selected at each step, for plotting. */
export type SelectiveInternals = {
  /** Δ_t `[batch, time, channels]`. */
  steps: tf.Tensor3D;
  /** B_t `[batch, time, state]`. */
  inputGains: tf.Tensor3D;
  /** C_t `[batch, time, state]`. */
  outputGains: tf.Tensor3D;
};

export type SelectiveResult = {
  /** y `[batch, time, channels]`. */
  output: tf.Tensor3D;
  /** x_{T−1} `[batch, channels, state]`. */
  finalState: tf.Tensor3D;
  internals?: SelectiveInternals;
};

export class SelectiveSSM {
  readonly kind = 'selective';
  readonly channels: number;
  readonly stateSize: number;
  readonly discretization: Discretization;
  /** The seed the weights were drawn from (given, or drawn at random). */
  readonly seed: number;
  readonly scan: ScanMethod;
  /** aLogNeg `[channels, state]`, W_B and W_C `[channels, state]`, W_Δ `[channels, channels]`, b_Δ and D `[channels]`. */
  readonly weights: {
    aLogNeg: tf.Variable;
    inputGain: tf.Variable;
    outputGain: tf.Variable;
    stepKernel: tf.Variable;
    stepBias: tf.Variable;
    d: tf.Variable;
  };

  constructor(options: SelectiveSSMOptions) {
    const { channels, stateSize, discretization = 'zoh', scan = 'sequential', stepRange = [0.001, 0.1] } = options;
    const seed = options.seed ?? randomSeed();
    for (const [name, value] of Object.entries({ channels, stateSize })) {
      if (!Number.isInteger(value) || value <= 0) throw new Error(`SelectiveSSM: ${name} must be a positive integer, got ${value}`);
    }
    if (!discretizations.includes(discretization)) {
      throw new Error(`SelectiveSSM: discretization must be one of ${discretizations.join(', ')}, got '${String(discretization)}'`);
    }
    if (scan !== 'sequential' && scan !== 'parallel') throw new Error(`SelectiveSSM: scan must be 'sequential' or 'parallel', got '${String(scan)}'`);
    this.channels = channels;
    this.stateSize = stateSize;
    this.discretization = discretization;
    this.seed = seed;
    this.scan = scan;
    // S4D-Real: A_n = −(n + 1), stored as log(n + 1).
    const aLogNeg = Float32Array.from({ length: channels * stateSize }, (_, i) => Math.log((i % stateSize) + 1));
    this.weights = {
      aLogNeg: tf.tidy(() => tf.variable(tf.tensor2d(aLogNeg, [channels, stateSize]))),
      inputGain: seededVariable('glorotUniform', [channels, stateSize], seed, 'inputGain'),
      outputGain: seededVariable('glorotUniform', [channels, stateSize], seed, 'outputGain'),
      stepKernel: seededVariable('glorotUniform', [channels, channels], seed, 'stepKernel'),
      stepBias: tf.tidy(() => tf.variable(tf.tensor1d(inverseSoftplusSteps(channels, stepRange, childSeed(seed, 'stepBias'))))),
      d: tf.tidy(() => tf.variable(tf.ones([channels]))),
    };
  }

  /**
   * u `[batch, time, channels]` → y `[batch, time, channels]` and x_{T−1}; `initialState`
   * `[batch, channels, state]` (default 0); `internals: true` also returns Δ_t, B_t, C_t.
   */
  forward(input: tf.Tensor3D, options: { initialState?: tf.Tensor3D; internals?: boolean; scan?: ScanMethod } = {}): SelectiveResult {
    expectShape('SelectiveSSM input', input, ['batch', 'time', 'channels'], [undefined, undefined, this.channels]);
    const [batch, time, channels] = input.shape;
    const N = this.stateSize;
    if (options.initialState !== undefined) {
      expectShape('SelectiveSSM initialState', options.initialState, ['batch', 'channels', 'state'], [batch, channels, N]);
    }
    const scan = options.scan ?? this.scan;
    if (scan !== 'sequential' && scan !== 'parallel') throw new Error(`SelectiveSSM.forward: scan must be 'sequential' or 'parallel', got '${String(scan)}'`);
    return tf.tidy(() => {
      const flat = tf.reshape(input, [batch * time, channels]);
      // Δ_t = softplus(u_t W_Δ + b_Δ): [batch, time, channels]
      const steps = tf.reshape(tf.softplus(tf.add(tf.matMul(flat, this.weights.stepKernel), this.weights.stepBias)), [batch, time, channels]) as tf.Tensor3D;
      // B_t = u_t W_B and C_t = u_t W_C: [batch, time, state]
      const inputGains = tf.reshape(tf.matMul(flat, this.weights.inputGain), [batch, time, N]) as tf.Tensor3D;
      const outputGains = tf.reshape(tf.matMul(flat, this.weights.outputGain), [batch, time, N]) as tf.Tensor3D;
      // A = −exp(aLogNeg), broadcast over batch and time: [1, 1, channels, state]
      const A = tf.reshape(tf.neg(tf.exp(this.weights.aLogNeg)), [1, 1, channels, N]);
      // Ā_t, B̄_t: [batch, time, channels, state]
      const { stateMatrix, inputMatrix } = discretizeDiagonalReal(
        this.discretization,
        A,
        tf.reshape(inputGains, [batch, time, 1, N]),
        tf.reshape(steps, [batch, time, channels, 1]),
      );
      // B̄_t u_t: [batch, time, channels, state]
      const drive = tf.mul(inputMatrix, tf.reshape(input, [batch, time, channels, 1]));
      // x_t = Ā_t ⊙ x_{t−1} + B̄_t u_t
      const states = (scan === 'parallel' ? parallelScan : sequentialScan)(stateMatrix, drive, options.initialState);
      // y_t = Σ_n C_t,n x_t,n + D u_t
      const read = tf.sum(tf.mul(states, tf.reshape(outputGains, [batch, time, 1, N])), 3);
      const output = tf.add(read, tf.mul(this.weights.d, input)) as tf.Tensor3D;
      const finalState = tf.reshape(tf.slice(states, [0, time - 1, 0, 0], [batch, 1, channels, N]), [batch, channels, N]) as tf.Tensor3D;
      const result: SelectiveResult = { output, finalState };
      if (options.internals) result.internals = { steps, inputGains, outputGains };
      return result;
    });
  }

  /** One step for generation: u_t `[batch, channels]`, x_{t−1} `[batch, channels, state]` → y_t, x_t. */
  advance(input: tf.Tensor2D, state: tf.Tensor3D): { output: tf.Tensor2D; state: tf.Tensor3D } {
    expectShape('SelectiveSSM.advance input', input, ['batch', 'channels'], [undefined, this.channels]);
    return tf.tidy(() => {
      const { output, finalState } = this.forward(tf.expandDims(input, 1) as tf.Tensor3D, { initialState: state, scan: 'sequential' });
      return { output: tf.squeeze(output, [1]) as tf.Tensor2D, state: finalState };
    });
  }

  /** x_{−1} = 0: `[batch, channels, state]`. */
  initialState(batch: number): tf.Tensor3D {
    return tf.zeros([batch, this.channels, this.stateSize]);
  }

  trainableVariables(): tf.Variable[] {
    return Object.values(this.weights);
  }

  /** The weights by name, for `exportWeights`/`importWeights`. */
  namedVariables(): Record<string, tf.Variable> {
    return { ...this.weights };
  }

  dispose(): void {
    tf.dispose(this.trainableVariables());
  }
}
