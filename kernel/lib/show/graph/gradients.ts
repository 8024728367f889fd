/**
 * The BPTT view's numbers: for a loss of the emitted outputs, the L2 norm of the gradient that
 * flows back along every edge of the unrolled graph, computed with TensorFlow.js autograd on
 * zero probes added to the edges (see `trace.ts`).
 */
import { tf } from '../../tf';
import { probeShapes, runPlan, type Plan, type SegmentRun } from './trace';

/** A loss of the outputs `y_t` of the last segment, at the steps that emit, in time order. */
export type GraphLoss = (outputs: tf.Tensor2D[]) => tf.Scalar;

/** `L = Σ_j y_T[j]`: the gradient of the last output, the classic vanishing-gradient picture. */
export const sumOfLastOutput: GraphLoss = (outputs) => tf.sum(outputs[outputs.length - 1]);

/** Edge key (from `probeKey`) → gradient norm. `runs` supplies the probe shapes. */
export function edgeGradientNorms(plan: Plan, runs: SegmentRun[], loss: GraphLoss): Map<string, number> {
  const shapes = probeShapes(plan, runs);
  const norms = tf.tidy(() => {
    const zeros = shapes.map((s) => tf.zeros(s.shape));
    const f = (...probes: tf.Tensor[]): tf.Scalar => {
      const byKey = new Map(shapes.map((s, i) => [s.key, probes[i] as tf.Tensor2D]));
      const outputs = runPlan(plan, { internals: false, probes: byKey }).at(-1)?.outputs.filter((y): y is tf.Tensor2D => y !== null) ?? [];
      if (outputs.length === 0) throw new Error('show.graph: no step emits an output, so there is no loss to differentiate');
      const value = loss(outputs);
      if (!(value instanceof tf.Tensor) || value.rank !== 0) {
        throw new Error(`show.graph: the loss must return a scalar tensor, got ${value instanceof tf.Tensor ? `shape [${value.shape.join(', ')}]` : typeof value}`);
      }
      // 0·Σ probes keeps every probe connected to the loss, so an edge the loss does not depend
      // on gets a zero gradient instead of an autograd error.
      return tf.add(value, tf.mul(0, tf.addN(probes.map((p) => tf.sum(p)))));
    };
    const grads = tf.grads(f)(zeros);
    return tf.stack(grads.map((g) => tf.norm(g))).dataSync();
  });
  return new Map(shapes.map((s, i) => [s.key, norms[i]]));
}
