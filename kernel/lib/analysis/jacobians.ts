/**
 * How much the last state depends on earlier ones, and how the gradient changes on its way back.
 *
 * Unrolled, h_T = R(R(…R(h_t, x_{t+1})…), x_T), so by the chain rule
 *   ∂h_T/∂h_t = Π_{k=t+1..T} ∂h_k/∂h_{k−1}     (for an Elman cell each factor is Diag(g'(z_k)) W_hh)
 * and its norm shrinks or grows roughly geometrically with the lag T − t.
 *
 * Both functions here run the cell forward once, then walk back one step at a time, exactly as
 * BPTT does: a cotangent δ_k on the state at step k becomes δ_{k−1} = (∂s_k/∂s_{k−1})ᵀ δ_k, computed
 * by tfjs autograd through `cell.step` (a vector–Jacobian product). Seeding δ_T with the identity,
 * one row per output unit, gives whole Jacobians; seeding it with ∂L/∂h gives the BPTT gradients.
 *
 * States with several parts (LSTM: [h, c]): by default the Jacobian is ∂h_T/∂h_t, the effect of
 * h_t on h_T with c_t held fixed, through both paths h_t takes (into the gates and candidate
 * feeding c_{t+1}, and into h_{t+1} via the output gate); `wrt: 'state'` gives the full Jacobian
 * of the concatenated state [h; c] instead. Row i, column j of a Jacobian is ∂(out)_i/∂(in)_j.
 */
import { tf } from '../tf';
import type { RecurrentCell, RecurrentState } from '../core/types';
import { frobeniusNorm, spectralNorm } from './spectrum';

export interface JacobianOptions {
  /** State before the first input (default `cell.zeroState(1)`); not disposed. */
  initialState?: RecurrentState;
  /** `h` (default): ∂h_T/∂h_t; `state`: ∂s_T/∂s_t for the concatenated state. */
  wrt?: 'h' | 'state';
}

export interface StateJacobians {
  /** t = 0..T (t = 0 is the initial state). */
  steps: number[];
  /** T − t for each entry. */
  lags: number[];
  /** jacobians[t][i][j] = ∂out_T[i] / ∂in_t[j]. */
  jacobians: number[][][];
  /** ‖∂h_T/∂h_t‖₂ (largest singular value). */
  spectralNorms: number[];
  /** ‖∂h_T/∂h_t‖_F. */
  frobeniusNorms: number[];
}

/** Accepts `[time, input]` or `[batch, time, input]`; returns `[batch, time, input]` float32. */
function asSequence(inputs: tf.Tensor | ReadonlyArray<ArrayLike<number>>, cell: RecurrentCell, who: string): tf.Tensor3D {
  const t = inputs instanceof tf.Tensor ? tf.cast(inputs, 'float32') : tf.tensor2d(inputs.map((row) => Array.from(row)));
  const sequence = t.rank === 2 ? tf.expandDims(t, 0) : t;
  if (sequence !== t) t.dispose();
  if (sequence.rank !== 3 || sequence.shape[2] !== cell.inputSize) {
    const shape = sequence.shape.join(', ');
    sequence.dispose();
    throw new Error(`${who}: inputs must be [time, ${cell.inputSize}] or [batch, time, ${cell.inputSize}]; got [${shape}]`);
  }
  if (sequence.shape[1] === 0) {
    sequence.dispose();
    throw new Error(`${who}: the input sequence is empty (time = 0)`);
  }
  return sequence as tf.Tensor3D;
}

/** The input at step t (1-based) `[batch, input]`, repeated `copies` times along the batch. */
function inputAt(sequence: tf.Tensor3D, t: number, copies = 1): tf.Tensor2D {
  const [batch, , features] = sequence.shape;
  const x = tf.reshape(tf.slice(sequence, [0, t - 1, 0], [batch, 1, features]), [batch, features]);
  return (copies === 1 ? x : tf.tile(x, [copies, 1])) as tf.Tensor2D;
}

/** Forward pass keeping every state: states[0] = initial, states[t] = s_t. The caller disposes them. */
function unrollStates(cell: RecurrentCell, sequence: tf.Tensor3D, initialState?: RecurrentState): RecurrentState[] {
  const batch = sequence.shape[0];
  const states: RecurrentState[] = [initialState ? initialState.map((s) => tf.clone(s)) : cell.zeroState(batch)];
  for (let t = 1; t <= sequence.shape[1]; t++) {
    const previous = states[t - 1];
    states.push(tf.tidy(() => cell.step(inputAt(sequence, t), previous).state));
  }
  return states;
}

/**
 * δ_{t−1} = (∂s_t/∂s_{t−1})ᵀ δ_t for every state part at once. `previous` is s_{t−1} `[rows, H]`
 * per part and `delta` the cotangent on s_t per part (same shapes).
 */
function backOneStep(cell: RecurrentCell, x: tf.Tensor2D, previous: RecurrentState, delta: tf.Tensor2D[]): tf.Tensor2D[] {
  return tf.tidy(() => {
    const next = (...state: tf.Tensor[]) => tf.concat(cell.step(x, state as RecurrentState).state, 1);
    return tf.grads(next)(previous, tf.concat(delta, 1)) as tf.Tensor2D[];
  });
}

/** ∂h_T/∂h_t (or ∂s_T/∂s_t) for every t = 0..T of one input sequence, with their norms. */
export function stateJacobians(cell: RecurrentCell, inputs: tf.Tensor | ReadonlyArray<ArrayLike<number>>, options: JacobianOptions = {}): StateJacobians {
  const wrt = options.wrt ?? 'h';
  if (wrt !== 'h' && wrt !== 'state') throw new Error(`stateJacobians: wrt must be 'h' or 'state'; got '${String(wrt)}'`);
  const sequence = asSequence(inputs, cell, 'stateJacobians');
  if (sequence.shape[0] !== 1) {
    sequence.dispose();
    throw new Error(`stateJacobians: analyses one sequence; got a batch of ${sequence.shape[0]}`);
  }
  const T = sequence.shape[1];
  const H = cell.hiddenSize;
  const states = unrollStates(cell, sequence, options.initialState);
  const parts = states[0].length;
  // One row per output unit: row i carries the cotangent e_i, so the batch dimension holds the Jacobian's rows.
  const rows = wrt === 'h' ? H : parts * H;
  const jacobians: number[][][] = new Array(T + 1);
  let delta: tf.Tensor2D[] = tf.tidy(() => {
    const identity = tf.eye(rows, parts * H) as tf.Tensor2D;
    return tf.split(identity, parts, 1) as tf.Tensor2D[];
  });
  try {
    for (let t = T; t >= 0; t--) {
      jacobians[t] = tf.tidy(() => (wrt === 'h' ? delta[0] : tf.concat(delta, 1)).arraySync() as number[][]);
      if (t === 0) break;
      const previous = delta;
      delta = tf.tidy(() => {
        const tiled = states[t - 1].map((s) => tf.tile(s, [rows, 1]) as tf.Tensor2D);
        return backOneStep(cell, inputAt(sequence, t, rows), tiled, previous);
      });
      tf.dispose(previous);
    }
  } finally {
    tf.dispose(delta);
    states.forEach((s) => tf.dispose(s));
    sequence.dispose();
  }
  return {
    steps: jacobians.map((_, t) => t),
    lags: jacobians.map((_, t) => T - t),
    jacobians,
    spectralNorms: jacobians.map((j) => spectralNorm(j)),
    frobeniusNorms: jacobians.map((j) => frobeniusNorm(j)),
  };
}

export interface BpttGradients {
  /** t = 0..T. */
  steps: number[];
  /** ‖∂L/∂h_t‖ (Frobenius over the batch), the total derivative through all later steps. */
  norms: number[];
  /** ∂L/∂h_t `[batch][hidden]`, when asked for. */
  gradients?: number[][][];
  loss: number;
}

export interface BpttOptions {
  initialState?: RecurrentState;
  keepGradients?: boolean;
}

/**
 * The gradient reaching every state during BPTT for a loss on the outputs:
 *   ∂L/∂h_t = (direct part from the loss at step t) + (∂h_{t+1}/∂h_t)ᵀ ∂L/∂h_{t+1}
 * `loss` receives the outputs h_1..h_T (each `[batch, hidden]`; output = h = state[0] for
 * the built-in cells) and returns a scalar. inputs `[time, input]` or `[batch, time, input]`.
 */
export function bpttGradientNorms(
  cell: RecurrentCell,
  inputs: tf.Tensor | ReadonlyArray<ArrayLike<number>>,
  loss: (outputs: tf.Tensor2D[]) => tf.Scalar,
  options: BpttOptions = {},
): BpttGradients {
  const sequence = asSequence(inputs, cell, 'bpttGradientNorms');
  const T = sequence.shape[1];
  const states = unrollStates(cell, sequence, options.initialState);
  const norms: number[] = new Array(T + 1);
  const gradients: number[][][] = new Array(T + 1);
  let value = NaN;
  let direct: tf.Tensor2D[] = [];
  let delta: tf.Tensor2D[] = [];
  try {
    // ∂L/∂h_t through the loss alone; adding 0·Σ h_t connects outputs the loss ignores, so they get 0.
    direct = tf.tidy(() => {
      const outputs = states.slice(1).map((s) => s[0]);
      const { value: l, grads } = tf.valueAndGrads((...hs: tf.Tensor[]) =>
        tf.add(loss(hs as tf.Tensor2D[]), tf.mul(0, tf.addN(hs.map((h) => tf.sum(h))))) as tf.Scalar,
      )(outputs);
      value = l.dataSync()[0];
      return grads as tf.Tensor2D[];
    });
    delta = tf.tidy(() => [direct[T - 1], ...states[T].slice(1).map((s) => tf.zerosLike(s))].map((d) => tf.clone(d)) as tf.Tensor2D[]);
    for (let t = T; t >= 0; t--) {
      norms[t] = tf.tidy(() => tf.norm(delta[0]).dataSync()[0]);
      if (options.keepGradients) gradients[t] = delta[0].arraySync() as number[][];
      if (t === 0) break;
      const previous = delta;
      delta = tf.tidy(() => {
        const back = backOneStep(cell, inputAt(sequence, t), states[t - 1], previous);
        // The loss's own gradient at h_{t−1} joins the one flowing back from later steps.
        return t - 1 >= 1 ? [tf.add(back[0], direct[t - 2]) as tf.Tensor2D, ...back.slice(1)] : back;
      });
      tf.dispose(previous);
    }
  } finally {
    tf.dispose([...direct, ...delta]);
    states.forEach((s) => tf.dispose(s));
    sequence.dispose();
  }
  const result: BpttGradients = { steps: norms.map((_, t) => t), norms, loss: value };
  if (options.keepGradients) result.gradients = gradients;
  return result;
}
