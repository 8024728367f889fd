/**
 * The benchmark's tfjs-layers peer (scripts/bench/peers.ts) runs the same model as the library:
 * given the library's weights its LSTM and GRU layers give the library's outputs, which they only
 * do with `recurrentActivation: 'sigmoid'` (tfjs-layers' default `hardSigmoid` is another gate,
 * checked here to differ, which is why the README and io/weights.ts warn about it).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tfl from '@tensorflow/tfjs-layers';
import { tf } from '../../kernel/lib/tf';
import { GRU, LSTM } from '../../kernel/lib/layers/recurrentLayers';
import type { RNN } from '../../kernel/lib/layers/sequence';
import { toLayersWeights } from '../../kernel/lib/io/weights';
import { recurrentLayer } from '../../scripts/bench/peers';
import { onEachBackend } from '../support/backends';
import { assertRelativeClose } from '../support/closeness';
import { randomiseWeights, randomTensor, seededUniform } from '../support/random';

const [B, T, I, H] = [2, 6, 5, 4];

function maxDifference(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
}

/** Their layer applied to x with our weights copied in. */
function theirOutputs(layer: tfl.layers.Layer, ours: RNN, x: tf.Tensor3D): tf.Tensor {
  tf.dispose(layer.apply(x) as tf.Tensor);
  const weights = toLayersWeights(ours);
  layer.setWeights(weights);
  tf.dispose(weights);
  return layer.apply(x) as tf.Tensor;
}

onEachBackend(() => {
  for (const cell of ['lstm', 'gru'] as const) {
    test(`the bench's tfjs-layers ${cell} peer computes the library's ${cell} (sigmoid gates), where tfjs-layers' defaults would not`, () => {
      const before = tf.memory().numTensors;
      const ours = cell === 'lstm' ? new LSTM({ inputSize: I, hiddenSize: H, seed: 5 }) : new GRU({ inputSize: I, hiddenSize: H, seed: 5 });
      randomiseWeights(ours.namedVariables(), 9, 1);
      const x = randomTensor(seededUniform(4, 2), [B, T, I]) as tf.Tensor3D;
      const result = ours.apply(x);
      const expected = result.outputs;
      tf.dispose([result.last, ...result.finalState]);
      const peer = recurrentLayer(cell, H, { inputShape: [T, I] });
      const theirs = theirOutputs(peer, ours, x);
      assertRelativeClose(theirs, expected, 1e-5, `${cell} peer outputs`);
      const defaults = cell === 'lstm' ? tfl.layers.lstm({ units: H, returnSequences: true }) : tfl.layers.gru({ units: H, returnSequences: true });
      const withDefaults = theirOutputs(defaults, ours, x);
      assert.ok(maxDifference(withDefaults, expected) > 1e-3, `tfjs-layers' default hardSigmoid ${cell} should differ from sigmoid gates`);
      tf.dispose([x, expected, theirs, withDefaults]);
      peer.dispose();
      defaults.dispose();
      ours.dispose();
      assert.equal(tf.memory().numTensors, before);
    });
  }
});
