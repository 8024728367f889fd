/**
 * Gated recurrent unit (Cho et al. 2014), as tfjs-layers' and Keras' `GRU` with `reset_after=false`:
 *
 *   z_t  = σ(W_z s_{t-1} + U_z x_t + b_z)          update gate
 *   r_t  = σ(W_r s_{t-1} + U_r x_t + b_r)          reset gate
 *   s~_t = tanh(W (r_t ⊙ s_{t-1}) + U x_t + b)     candidate
 *   s_t  = z_t ⊙ s_{t-1} + (1 − z_t) ⊙ s~_t
 *
 * so z_t ≈ 1 keeps the old state. Some courses write the update the other way round,
 * `h_t = u_t ⊙ h~_t + (1 − u_t) ⊙ h_{t-1}` (u_t ≈ 1 takes the candidate). It is the same model:
 * u_t = 1 − z_t, and since σ(−a) = 1 − σ(a), negating the update gate's weights and bias turns one
 * convention's parameters into the other's (`test/lib/models/cells.test.ts` checks this).
 *
 * Weights (tfjs-layers layout, gate order z, r, h): `kernel` = [U_z | U_r | U]ᵀ `[input, 3·hidden]`,
 * `recurrentKernel` = [W_z | W_r | W]ᵀ `[hidden, 3·hidden]`, `bias` = [b_z | b_r | b] `[3·hidden]`.
 */
import { tf } from '../tf';
import { tidyResult } from '../core/tidyResult';
import type { CellStepResult, RecurrentState } from '../core/types';
import { BaseCell, type CellOptions } from './baseCell';

export type GRUCellOptions = CellOptions;

export class GRUCell extends BaseCell {
  readonly kind = 'gru';
  readonly stateNames = ['h'] as const;
  readonly gateNames = ['updateGate', 'resetGate', 'candidate'] as const;

  constructor(options: GRUCellOptions) {
    super(options, 3);
  }

  /**
   * x `[batch, input]`, state `[s_{t-1}]` → `s_t` `[batch, hidden]`.
   * Internals, each `[batch, hidden]` except `preactivations` `[batch, 3·hidden]` (z, r, candidate
   * arguments of σ, σ, tanh): `updateGate`, `resetGate`, `candidate`, `preactivations`.
   */
  step(x: tf.Tensor2D, state: RecurrentState, options: { internals?: boolean } = {}): CellStepResult {
    this.checkStep(x, state);
    const [sPrev] = state;
    const H = this.hiddenSize;
    const { kernel, recurrentKernel, bias } = this.weights;
    return tidyResult(() => {
      // U x_t + b for all three blocks at once, then the gates' W s_{t-1}
      const [xz, xr, xh] = tf.split(tf.add(tf.matMul(x, kernel), bias), 3, 1) as tf.Tensor2D[];
      const [wGates, wCandidate] = tf.split(recurrentKernel, [2 * H, H], 1) as tf.Tensor2D[];
      const [sz, sr] = tf.split(tf.matMul(sPrev, wGates), 2, 1) as tf.Tensor2D[];
      // z_t = σ(W_z s_{t-1} + U_z x_t + b_z)
      const zPre = tf.add(xz, sz) as tf.Tensor2D;
      const updateGate = tf.sigmoid(zPre);
      // r_t = σ(W_r s_{t-1} + U_r x_t + b_r)
      const rPre = tf.add(xr, sr) as tf.Tensor2D;
      const resetGate = tf.sigmoid(rPre);
      // s~_t = tanh(W (r_t ⊙ s_{t-1}) + U x_t + b)
      const candidatePre = tf.add(xh, tf.matMul(tf.mul(resetGate, sPrev), wCandidate)) as tf.Tensor2D;
      const candidate = tf.tanh(candidatePre);
      // s_t = z_t ⊙ s_{t-1} + (1 − z_t) ⊙ s~_t
      const s = tf.add(tf.mul(updateGate, sPrev), tf.mul(tf.sub(1, updateGate), candidate)) as tf.Tensor2D;
      const result: CellStepResult = { output: s, state: [s] };
      if (options.internals) {
        result.internals = { updateGate, resetGate, candidate, preactivations: tf.concat([zPre, rPre, candidatePre], 1) };
      }
      return result;
    });
  }
}
