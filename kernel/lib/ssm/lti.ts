/**
 * A linear time-invariant state space layer with a diagonal complex state matrix (S4D; Gu, Gupta,
 * Goel & Ré 2022). Each input channel h drives its own single-input single-output SSM
 *   x'(t) = A x(t) + B u(t),   y(t) = C x(t) + D u(t)
 * with N complex modes, discretised with a learnable step Δ_h = exp(logStep_h) into
 *   x_k = Ā x_{k−1} + B̄ u_k,   y_k = Re(C x_k) + D u_k.
 * Because Ā, B̄, C do not change with k, unrolling the recurrence from x_{−1} = 0 gives a convolution
 *   y_k = Σ_{j ≤ k} K_j u_{k−j} + D u_k,   K = (C B̄, C Ā B̄, C Ā² B̄, …)   (real part),
 * so the same layer runs step by step (`recurrent`, for generation: O(1) work per new token) or
 * over the whole sequence at once (`convolutional`, for training: no step waits for the previous
 * one, so the work parallelises over time). Both give the same output.
 *
 * Re(·) of a complex N-mode SSM equals a real SSM of size 2N whose eigenvalues come in conjugate
 * pairs, up to a factor 2 that C absorbs; S4D's code writes the same layer as 2·Re(·).
 * Complex numbers are pairs of real tensors (see complex.ts).
 * Causality: y_k depends on u_0 … u_k only, so padding at the end of a sequence never changes the
 * outputs at real steps; no mask is needed for right-padded batches.
 */
import { tf } from '../tf';
import { expectShape } from '../core/expectShape';
import { childSeed, randomSeed } from '../init/seeds';
import { causalConvolve } from './causalConvolution';
import { complexExp, complexMul, type Complex } from './complex';
import { discretizations, discretizeDiagonal, type DiscreteDiagonal, type Discretization } from './discretize';
import { s4dDiagonal, type S4DInit } from './s4dInit';
import { logUniformSteps } from './stepInit';

export interface DiagonalSSMOptions {
  /** H: independent input/output channels (the model width). */
  channels: number;
  /** N: complex modes per channel. */
  stateSize: number;
  /** Initial A: `lin` (S4D-Lin, default), `inv` (S4D-Inv) or `real` (S4D-Real). */
  init?: S4DInit;
  /** `zoh` (default) or `bilinear`. */
  discretization?: Discretization;
  /** Initial Δ drawn log-uniformly in [min, max] per channel (default [0.001, 0.1], as in S4). */
  stepRange?: [number, number];
  /** Same seed → same weights, on every backend. Random when omitted, like the cells and layers (read it back from `ssm.seed`). */
  seed?: number;
}

/** The hidden state x, complex `[batch, channels, state]`. */
export type SSMState = Complex;

export class DiagonalSSM {
  readonly kind = 's4d';
  readonly channels: number;
  readonly stateSize: number;
  readonly discretization: Discretization;
  /** The seed the weights were drawn from (given, or drawn at random). */
  readonly seed: number;
  /**
   * Every tensor `[channels, state]` unless noted. Re A = −exp(aLogNegReal) stays negative, so the
   * state decays (stable); D (`d`) and log Δ (`logStep`) are `[channels]`.
   */
  readonly weights: {
    aLogNegReal: tf.Variable;
    aImag: tf.Variable;
    bReal: tf.Variable;
    bImag: tf.Variable;
    cReal: tf.Variable;
    cImag: tf.Variable;
    d: tf.Variable;
    logStep: tf.Variable;
  };

  constructor(options: DiagonalSSMOptions) {
    const { channels, stateSize, init = 'lin', discretization = 'zoh', stepRange = [0.001, 0.1] } = options;
    const seed = options.seed ?? randomSeed();
    for (const [name, value] of Object.entries({ channels, stateSize })) {
      if (!Number.isInteger(value) || value <= 0) throw new Error(`DiagonalSSM: ${name} must be a positive integer, got ${value}`);
    }
    if (!discretizations.includes(discretization)) {
      throw new Error(`DiagonalSSM: discretization must be one of ${discretizations.join(', ')}, got '${String(discretization)}'`);
    }
    this.channels = channels;
    this.stateSize = stateSize;
    this.discretization = discretization;
    this.seed = seed;
    const shape: [number, number] = [channels, stateSize];
    const diagonal = s4dDiagonal(init, channels, stateSize);
    this.weights = tf.tidy(() => ({
      aLogNegReal: tf.variable(tf.tensor2d(diagonal.logNegativeReal, shape)),
      aImag: tf.variable(tf.tensor2d(diagonal.imaginary, shape)),
      // S4D starts from B = 1 and C ~ N(0, ½) + i N(0, ½) (unit variance in total).
      bReal: tf.variable(tf.ones(shape)),
      bImag: tf.variable(tf.zeros(shape)),
      cReal: tf.variable(tf.randomNormal(shape, 0, Math.SQRT1_2, 'float32', childSeed(seed, 'cReal'))),
      cImag: tf.variable(tf.randomNormal(shape, 0, Math.SQRT1_2, 'float32', childSeed(seed, 'cImag'))),
      d: tf.variable(tf.randomNormal([channels], 0, 1, 'float32', childSeed(seed, 'd'))),
      logStep: tf.variable(tf.tensor1d(logUniformSteps(channels, stepRange, childSeed(seed, 'logStep')))),
    }));
  }

  /** Continuous-time A `[channels, state]` (complex), with Re A = −exp(aLogNegReal). */
  stateMatrix(): Complex {
    return tf.tidy(() => ({ re: tf.neg(tf.exp(this.weights.aLogNegReal)), im: tf.clone(this.weights.aImag) }));
  }

  /** Δ per channel `[channels]`. */
  stepSize(): tf.Tensor1D {
    return tf.tidy(() => tf.exp(this.weights.logStep) as tf.Tensor1D);
  }

  /** Ā, B̄ and log Ā, each complex `[channels, state]`. */
  discrete(): DiscreteDiagonal {
    return tf.tidy(() => {
      const A = this.stateMatrix();
      const B = { re: this.weights.bReal, im: this.weights.bImag };
      // Δ as a column so it scales every mode of its channel: [channels, 1]
      const step = tf.reshape(tf.exp(this.weights.logStep), [this.channels, 1]);
      return discretizeDiagonal(this.discretization, A, B, step);
    });
  }

  /** The convolution kernel `K_k = Re(C Ā^k B̄)`, k = 0 … length−1: `[channels, length]`, for plotting and `convolutional`. */
  kernel(length: number): tf.Tensor2D {
    if (!Number.isInteger(length) || length <= 0) throw new Error(`DiagonalSSM.kernel: length must be a positive integer, got ${length}`);
    return tf.tidy(() => {
      const { inputMatrix, logStateMatrix } = this.discrete();
      const C = { re: this.weights.cReal, im: this.weights.cImag };
      // C B̄ per mode: [channels, state, 1]
      const CB = complexMul(C, inputMatrix);
      const CBColumn = { re: tf.expandDims(CB.re, 2), im: tf.expandDims(CB.im, 2) };
      // Ā^k = exp(k log Ā): [channels, state, length]
      const k = tf.reshape(tf.range(0, length, 1, 'float32'), [1, 1, length]);
      const powers = complexExp({ re: tf.mul(tf.expandDims(logStateMatrix.re, 2), k), im: tf.mul(tf.expandDims(logStateMatrix.im, 2), k) });
      // K_k = Re(Σ_n C_n Ā_n^k B̄_n): [channels, length]
      const terms = complexMul(CBColumn, powers);
      return tf.sum(terms.re, 1) as tf.Tensor2D;
    });
  }

  /** x_{−1} = 0: complex zeros `[batch, channels, state]`. */
  initialState(batch: number): SSMState {
    return tf.tidy(() => ({ re: tf.zeros([batch, this.channels, this.stateSize]), im: tf.zeros([batch, this.channels, this.stateSize]) }));
  }

  /**
   * One step of the recurrence for generation: u_k `[batch, channels]`, x_{k−1} → y_k
   * `[batch, channels]` and x_k. Discretises on every call; `recurrent` discretises once.
   */
  advance(input: tf.Tensor2D, state: SSMState): { output: tf.Tensor2D; state: SSMState } {
    expectShape('DiagonalSSM.advance input', input, ['batch', 'channels'], [undefined, this.channels]);
    this.checkState('DiagonalSSM.advance', state, input.shape[0]);
    return tf.tidy(() => this.advanceWith(this.discrete(), input, state));
  }

  private advanceWith(discrete: DiscreteDiagonal, input: tf.Tensor2D, state: SSMState): { output: tf.Tensor2D; state: SSMState } {
    const { stateMatrix, inputMatrix } = discrete;
    // u_k as a column over the modes: [batch, channels, 1]
    const u = tf.expandDims(input, 2);
    // x_k = Ā x_{k−1} + B̄ u_k: [batch, channels, state]
    const carried = complexMul(stateMatrix, state);
    const next = { re: tf.add(carried.re, tf.mul(inputMatrix.re, u)), im: tf.add(carried.im, tf.mul(inputMatrix.im, u)) };
    // y_k = Re(Σ_n C_n x_k,n) + D u_k: [batch, channels]
    const read = complexMul({ re: this.weights.cReal, im: this.weights.cImag }, next);
    const output = tf.add(tf.sum(read.re, 2), tf.mul(this.weights.d, input)) as tf.Tensor2D;
    return { output, state: next };
  }

  /** The recurrent view: u `[batch, time, channels]` → y `[batch, time, channels]` and the final state x_{T−1}. */
  recurrent(input: tf.Tensor3D, options: { initialState?: SSMState } = {}): { output: tf.Tensor3D; finalState: SSMState } {
    expectShape('DiagonalSSM.recurrent input', input, ['batch', 'time', 'channels'], [undefined, undefined, this.channels]);
    const [batch] = input.shape;
    if (options.initialState) this.checkState('DiagonalSSM.recurrent', options.initialState, batch);
    return tf.tidy(() => {
      const discrete = this.discrete();
      let state = options.initialState ?? this.initialState(batch);
      const outputs: tf.Tensor2D[] = [];
      for (const u of tf.unstack(input, 1) as tf.Tensor2D[]) {
        const result = this.advanceWith(discrete, u, state);
        outputs.push(result.output);
        state = result.state;
      }
      return { output: tf.stack(outputs, 1) as tf.Tensor3D, finalState: state };
    });
  }

  /** The convolutional view: u `[batch, time, channels]` → y = K ∗ u + D u, all steps at once, from x_{−1} = 0. */
  convolutional(input: tf.Tensor3D): tf.Tensor3D {
    expectShape('DiagonalSSM.convolutional input', input, ['batch', 'time', 'channels'], [undefined, undefined, this.channels]);
    return tf.tidy(() => {
      const K = this.kernel(input.shape[1]);
      // y = K ∗ u + D u
      return tf.add(causalConvolve(K, input), tf.mul(this.weights.d, input)) as tf.Tensor3D;
    });
  }

  /** y `[batch, time, channels]` by the convolutional view (default) or the recurrent one. */
  forward(input: tf.Tensor3D, options: { mode?: 'convolutional' | 'recurrent' } = {}): tf.Tensor3D {
    const mode = options.mode ?? 'convolutional';
    if (mode === 'convolutional') return this.convolutional(input);
    if (mode === 'recurrent') {
      const { output, finalState } = this.recurrent(input);
      tf.dispose([finalState.re, finalState.im]);
      return output;
    }
    throw new Error(`DiagonalSSM.forward: mode must be 'convolutional' or 'recurrent', got '${String(mode)}'`);
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

  private checkState(what: string, state: SSMState, batch: number): void {
    const sizes = [batch, this.channels, this.stateSize];
    expectShape(`${what} state.re`, state?.re, ['batch', 'channels', 'state'], sizes);
    expectShape(`${what} state.im`, state?.im, ['batch', 'channels', 'state'], sizes);
  }
}
