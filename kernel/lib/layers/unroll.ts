/**
 * The unfused unrolling: `s_t = R(s_{t-1}, x_t)` for t = 1..T, one cell step at a time, each in
 * its own `tf.tidy`. tfjs autograd then gives exact backpropagation through time, with the tied
 * weights' gradients summed over steps. Padded steps (mask 0) keep the previous state, so they
 * change nothing and no gradient flows through them.
 */
import { tf } from '../tf';
import { tidyResult } from '../core/tidyResult';
import type { CellStepResult, RecurrentState, StepInternals } from '../core/types';
import type { UnrollRequest, UnrollResult } from './fusedPaths';

interface StepOutcome {
  output: tf.Tensor2D;
  state: RecurrentState;
  last: tf.Tensor2D;
  internals?: StepInternals;
}

export function unrollCell(request: UnrollRequest): UnrollResult {
  const { cell, inputs, mask, recurrentDropoutMask } = request;
  const [batch, time] = inputs.shape;
  return tidyResult(() => {
    const xs = tf.unstack(inputs, 1) as tf.Tensor2D[];
    const real = mask && time > 0 ? (tf.split(mask, time, 1) as tf.Tensor2D[]) : undefined;
    let state = request.initialState;
    let last = tf.zeros([batch, cell.hiddenSize]) as tf.Tensor2D;
    const outputs: tf.Tensor2D[] = [];
    const internals: StepInternals[] = [];
    for (let t = 0; t < time; t++) {
      const previous = { state, last };
      const outcome = tidyResult((): StepOutcome => {
        const recurrentInput = recurrentDropoutMask
          ? [tf.mul(previous.state[0], recurrentDropoutMask) as tf.Tensor2D, ...previous.state.slice(1)]
          : previous.state;
        const step: CellStepResult = cell.step(xs[t], recurrentInput, { internals: request.internals });
        if (!real) return { output: step.output, state: step.state, last: step.output, internals: step.internals };
        const m = real[t];
        // s_t = m_t ? R(s_{t-1}, x_t) : s_{t-1}, so a padded step changes nothing
        const keep = (next: tf.Tensor2D, prev: tf.Tensor2D) => tf.where(m, next, prev) as tf.Tensor2D;
        return {
          output: tf.where(m, step.output, tf.zerosLike(step.output)) as tf.Tensor2D,
          state: step.state.map((s, i) => keep(s, previous.state[i])),
          last: keep(step.output, previous.last),
          internals: step.internals,
        };
      });
      state = outcome.state;
      last = outcome.last;
      outputs.push(outcome.output);
      if (outcome.internals) internals.push(outcome.internals);
    }
    const result: UnrollResult = {
      outputs: (time > 0 ? tf.stack(outputs, 1) : tf.zeros([batch, 0, cell.hiddenSize])) as tf.Tensor3D,
      last,
      // with no steps the final state is the initial one, copied so the caller may dispose either
      finalState: time > 0 ? state : state.map((s) => tf.clone(s)),
    };
    if (request.internals) result.internals = internals;
    return result;
  });
}
