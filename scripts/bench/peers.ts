/**
 * The peer: the same character models built with tfjs-layers, as a learner would without
 * Unrolled, except that the gated layers get `recurrentActivation: 'sigmoid'`: tfjs-layers
 * defaults to `hardSigmoid` (a piecewise-linear gate), so with its defaults the two sides would not
 * run the same model. Training: `lstm`/`gru`/`simpleRNN` with returnSequences, a timeDistributed dense
 * softmax layer, categorical cross-entropy, Adam, `trainOnBatch` on one-hot batches. Sampling: a
 * stateful copy of the network for batch 1 that `predict`s one character at a time.
 */
import * as tfl from '@tensorflow/tfjs-layers';
import { tf } from '../../kernel/lib/tf';
import type { BenchShape, CellName } from './shapes';

/** The peer's recurrent layer, exported for the test that it computes what the library does. */
export function recurrentLayer(cell: CellName, H: number, config: { stateful?: boolean; batchInputShape?: number[]; inputShape?: number[] }) {
  const common = { units: H, returnSequences: true, ...config };
  if (cell === 'lstm') return tfl.layers.lstm({ ...common, recurrentActivation: 'sigmoid' });
  if (cell === 'gru') return tfl.layers.gru({ ...common, recurrentActivation: 'sigmoid' });
  return tfl.layers.simpleRNN(common);
}

export interface PeerTrainer {
  step(): Promise<number>;
  dispose(): void;
}

/** One `trainOnBatch` per step on a fixed random one-hot batch; returns the characters trained on. */
export function peerTrainer(cell: CellName, shape: BenchShape, ids: Int32Array): PeerTrainer {
  const { B, T, V, H } = shape;
  const model = tfl.sequential({
    layers: [recurrentLayer(cell, H, { inputShape: [T, V] }), tfl.layers.timeDistributed({ layer: tfl.layers.dense({ units: V, activation: 'softmax' }) })],
  });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
  const [x, y] = tf.tidy(() => {
    const all = tf.tensor2d(ids, [B, T + 1], 'int32');
    const encode = (t: tf.Tensor) => tf.cast(tf.oneHot(t, V), 'float32');
    return [encode(all.slice([0, 0], [B, T])), encode(all.slice([0, 1], [B, T]))];
  });
  return {
    async step() {
      await model.trainOnBatch(x, y);
      return B * T;
    },
    dispose() {
      model.dispose();
      tf.dispose([x, y]);
    },
  };
}

export interface PeerSampler {
  sample(length: number): number[];
  dispose(): void;
}

/** Stateful batch-1 network: `predict` on one one-hot character, draw from the softmax, feed back. */
export function peerSampler(cell: CellName, shape: BenchShape, seed: number): PeerSampler {
  const { V, H } = shape;
  const model = tfl.sequential({
    layers: [recurrentLayer(cell, H, { stateful: true, batchInputShape: [1, 1, V] }), tfl.layers.dense({ units: V, activation: 'softmax' })],
  });
  let state = seed >>> 0;
  const uniform = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 4294967296);
  return {
    sample(length) {
      model.resetStates();
      const out: number[] = [];
      let token = 0;
      for (let i = 0; i < length; i++) {
        const probs = tf.tidy(() => (model.predict(tf.oneHot(tf.tensor2d([[token]], [1, 1], 'int32'), V).toFloat()) as tf.Tensor).dataSync());
        let u = uniform();
        token = probs.length - 1;
        for (let v = 0; v < probs.length; v++) if ((u -= probs[v]) < 0) { token = v; break; }
        out.push(token);
      }
      return out;
    },
    dispose() {
      model.dispose();
    },
  };
}
