/**
 * Agreement with tfjs-layers' own `simpleRNN`, `gru`, `lstm` and `bidirectional` given the same
 * weights: outputs and gradients (inputs and weights) within 1e-5 relative, and weights moving
 * both ways through `toLayersWeights` / `loadLayersWeights`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tfl from '@tensorflow/tfjs-layers';
import { tf } from '../../../kernel/lib/tf';
import { ElmanRNN, GRU, LSTM } from '../../../kernel/lib/layers/recurrentLayers';
import { Bidirectional } from '../../../kernel/lib/layers/bidirectional';
import { RNN } from '../../../kernel/lib/layers/sequence';
import { loadLayersWeights, toLayersWeights } from '../../../kernel/lib/io/weights';
import { onEachBackend } from '../../support/backends';
import { assertRelativeClose } from '../../support/closeness';
import { randomiseWeights, randomTensor, seededUniform } from '../../support/random';

const I = 3;
const H = 4;
const B = 2;
const T = 5;

interface Pair {
  ours: RNN;
  theirs: tfl.layers.Layer;
}

const pairs: Record<string, (returnSequences: boolean) => Pair> = {
  simpleRNN: (returnSequences) => ({
    ours: new ElmanRNN({ inputSize: I, hiddenSize: H, seed: 1 }),
    theirs: tfl.layers.simpleRNN({ units: H, returnSequences }),
  }),
  gru: (returnSequences) => ({
    ours: new GRU({ inputSize: I, hiddenSize: H, seed: 2 }),
    theirs: tfl.layers.gru({ units: H, returnSequences, recurrentActivation: 'sigmoid' }),
  }),
  lstm: (returnSequences) => ({
    ours: new LSTM({ inputSize: I, hiddenSize: H, seed: 3 }),
    theirs: tfl.layers.lstm({ units: H, returnSequences, recurrentActivation: 'sigmoid' }),
  }),
};

/** Builds their layer, then copies our weights into it (our export → their import). */
function linked(pair: Pair, x: tf.Tensor3D): void {
  tf.dispose(pair.theirs.apply(x) as tf.Tensor);
  const exported = toLayersWeights(pair.ours);
  pair.theirs.setWeights(exported);
  tf.dispose(exported);
}

/** Their trainable weights as the tf.Variables autograd differentiates. */
function theirVariables(layer: tfl.layers.Layer): tf.Variable[] {
  return layer.trainableWeights.map((w) => w.read() as tf.Variable);
}

onEachBackend((backend) => {
  test(`tfjs-layers runs on the library's one copy of tfjs-core and its backend (${backend})`, () => {
    const layer = tfl.layers.dense({ units: 1 });
    const y = layer.apply(tf.ones([1, 2])) as tf.Tensor;
    assert.ok(y instanceof tf.Tensor, 'a tensor from tfjs-layers is an instance of our Tensor class');
    assert.equal(tf.getBackend(), backend);
    y.dispose();
    layer.dispose();
  });

  for (const [name, make] of Object.entries(pairs)) {
    test(`our ${name} equals tfjs-layers' ${name} on the same weights: outputs and gradients for inputs and weights within 1e-5 (${backend})`, () => {
      const pair = make(true);
      randomiseWeights(pair.ours.cell.weights, 10, 0.6);
      const random = seededUniform(11);
      const x = tf.variable(randomTensor(random, [B, T, I]));
      const proj = randomTensor(random, [B, T, H]);
      linked(pair, x as tf.Tensor3D);
      const ourOut = pair.ours.apply(x as tf.Tensor3D).outputs;
      const theirOut = pair.theirs.apply(x) as tf.Tensor;
      assertRelativeClose(ourOut, theirOut, 1e-5, 'outputs');
      const ourVars = [...pair.ours.layersWeights(), x];
      const theirVars = [...theirVariables(pair.theirs), x];
      const ours = tf.variableGrads(() => tf.sum(tf.mul(pair.ours.apply(x as tf.Tensor3D).outputs, proj)) as tf.Scalar, ourVars);
      const theirs = tf.variableGrads(() => tf.sum(tf.mul(pair.theirs.apply(x) as tf.Tensor, proj)) as tf.Scalar, theirVars);
      assertRelativeClose(ours.value, theirs.value, 1e-5, 'loss');
      ['kernel', 'recurrentKernel', 'bias', 'inputs'].forEach((label, k) => {
        assertRelativeClose(ours.grads[ourVars[k].name], theirs.grads[theirVars[k].name], 1e-5, `dL/d${label}`);
      });
      pair.ours.dispose();
      pair.theirs.dispose();
      x.dispose();
    });

    test(`our ${name}'s last output on a padded batch equals tfjs-layers' masked ${name} with returnSequences false (${backend})`, () => {
      const pair = make(false);
      randomiseWeights(pair.ours.cell.weights, 12, 0.6);
      const x = randomTensor(seededUniform(13), [3, T, I]) as tf.Tensor3D;
      linked(pair, x);
      const mask = tf.tensor2d([[1, 1, 1, 1, 1], [1, 1, 0, 0, 0], [1, 1, 1, 1, 0]]);
      const theirs = pair.theirs.apply(x, { mask: tf.cast(mask, 'bool') }) as tf.Tensor;
      assertRelativeClose(pair.ours.apply(x, { mask }).last, theirs, 1e-5, 'last output');
      pair.ours.dispose();
      pair.theirs.dispose();
    });

    test(`weights initialised by tfjs-layers' ${name} load into ours and give its outputs (${backend})`, () => {
      const pair = make(true);
      const x = randomTensor(seededUniform(14), [B, T, I]) as tf.Tensor3D;
      const theirOut = pair.theirs.apply(x) as tf.Tensor;
      loadLayersWeights(pair.ours, pair.theirs.getWeights());
      assertRelativeClose(pair.ours.apply(x).outputs, theirOut, 1e-5, 'outputs');
      pair.ours.dispose();
      pair.theirs.dispose();
    });
  }

  for (const mergeMode of ['concat', 'sum'] as const) {
    test(`our bidirectional LSTM ('${mergeMode}') equals tfjs-layers' bidirectional: outputs and gradients (${backend})`, () => {
      const ours = new Bidirectional({ cell: 'lstm', inputSize: I, hiddenSize: H, merge: mergeMode, seed: 5 });
      randomiseWeights(ours.namedVariables(), 15, 0.6);
      const theirs = tfl.layers.bidirectional({ layer: tfl.layers.lstm({ units: H, returnSequences: true, recurrentActivation: 'sigmoid' }) as tfl.layers.RNN, mergeMode });
      const random = seededUniform(16);
      const x = tf.variable(randomTensor(random, [B, T, I]));
      tf.dispose(theirs.apply(x) as tf.Tensor);
      theirs.setWeights(toLayersWeights(ours));
      assertRelativeClose(ours.apply(x as tf.Tensor3D).outputs, theirs.apply(x) as tf.Tensor, 1e-5, 'outputs');
      const proj = randomTensor(random, [B, T, ours.outputSize]);
      const ourVars = [...ours.layersWeights(), x];
      const theirVars = [...theirVariables(theirs), x];
      assert.equal(ourVars.length, theirVars.length);
      const g1 = tf.variableGrads(() => tf.sum(tf.mul(ours.apply(x as tf.Tensor3D).outputs, proj)) as tf.Scalar, ourVars);
      const g2 = tf.variableGrads(() => tf.sum(tf.mul(theirs.apply(x) as tf.Tensor, proj)) as tf.Scalar, theirVars);
      ourVars.forEach((v, k) => assertRelativeClose(g1.grads[v.name], g2.grads[theirVars[k].name], 1e-5, `gradient ${k}`));
      ours.dispose();
      theirs.dispose();
      x.dispose();
    });
  }

  test(`loading a Keras GRU bias saved with reset_after=True is refused with the reason (${backend})`, () => {
    const gru = new GRU({ inputSize: I, hiddenSize: H, seed: 1 });
    const weights = [tf.zeros([I, 3 * H]), tf.zeros([H, 3 * H]), tf.zeros([2, 3 * H])];
    assert.throws(() => loadLayersWeights(gru, weights), /weight 2 must have shape \[12\]; got \[2, 12\] \(a \[2, 3·hidden\] bias comes from a Keras GRU with reset_after=True/);
    assert.throws(() => loadLayersWeights(gru, weights.slice(0, 2)), /expected 3 weight tensors in tfjs-layers order/);
    gru.dispose();
  });
});
