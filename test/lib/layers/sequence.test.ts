/**
 * The sequence layer `RNN`: unrolling, masks for padded batches, initial/final state for
 * truncated BPTT, per-step internals, recurrent dropout, the fused-path hook, and memory.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../kernel/lib/tf';
import { RNN } from '../../../kernel/lib/layers/sequence';
import { ElmanRNN, GRU, LSTM } from '../../../kernel/lib/layers/recurrentLayers';
import { registerFusedUnroll } from '../../../kernel/lib/layers/fusedPaths';
import { unrollCell } from '../../../kernel/lib/layers/unroll';
import { dropoutMask } from '../../../kernel/lib/layers/dropout';
import { childSeed, SeedStream } from '../../../kernel/lib/init/seeds';
import { ElmanCell } from '../../../kernel/lib/cells/elman';
import { GRUCell } from '../../../kernel/lib/cells/gru';
import { Bidirectional } from '../../../kernel/lib/layers/bidirectional';
import { StackedRNN } from '../../../kernel/lib/layers/stacked';
import { lengthsFromMask } from '../../../kernel/lib/layers/mask';
import { Encoder } from '../../../kernel/lib/models/encoder';
import { assertNoLeak, onEachBackend } from '../../support/backends';
import { assertRelativeClose } from '../../support/closeness';
import { assertGradientsMatch } from '../../support/gradcheck';
import { randomiseWeights, randomTensor, seededUniform } from '../../support/random';

const I = 3;
const H = 4;

const layers: Record<string, (seed: number) => RNN> = {
  Elman: (seed) => new ElmanRNN({ inputSize: I, hiddenSize: H, seed }),
  GRU: (seed) => new GRU({ inputSize: I, hiddenSize: H, seed }),
  LSTM: (seed) => new LSTM({ inputSize: I, hiddenSize: H, seed }),
};

/** The reference: a plain loop over cell.step with no masking. */
function manualLoop(layer: RNN, x: tf.Tensor3D, state: tf.Tensor2D[], recurrentMask?: tf.Tensor2D) {
  const outputs: tf.Tensor2D[] = [];
  for (const xt of tf.unstack(x, 1) as tf.Tensor2D[]) {
    const input = recurrentMask ? [tf.mul(state[0], recurrentMask) as tf.Tensor2D, ...state.slice(1)] : state;
    const step = layer.cell.step(xt, input);
    outputs.push(step.output);
    state = step.state;
  }
  return { outputs: tf.stack(outputs, 1), state };
}

function lengthsMask(lengths: number[], time: number): tf.Tensor2D {
  return tf.tensor2d(lengths.map((n) => Array.from({ length: time }, (_, t) => (t < n ? 1 : 0))));
}

onEachBackend((backend) => {
  for (const [name, make] of Object.entries(layers)) {
    test(`${name} layer outputs, last output and final state equal a plain loop over cell.step (${backend})`, () => {
      const layer = make(1);
      randomiseWeights(layer.cell.weights, 2);
      const random = seededUniform(3);
      const x = randomTensor(random, [2, 5, I]) as tf.Tensor3D;
      const init = layer.cell.stateNames.map(() => randomTensor(random, [2, H])) as tf.Tensor2D[];
      const result = layer.apply(x, { initialState: init });
      const reference = manualLoop(layer, x, init);
      assertRelativeClose(result.outputs, reference.outputs, 1e-6, 'outputs');
      assertRelativeClose(result.last, tf.unstack(reference.outputs, 1)[4], 1e-6, 'last');
      reference.state.forEach((s, k) => assertRelativeClose(result.finalState[k], s, 1e-6, `finalState ${k}`));
      layer.dispose();
    });

    test(`${name} layer on a padded batch gives each sequence's own outputs, state and gradients (${backend})`, () => {
      const layer = make(4);
      randomiseWeights(layer.cell.weights, 5, 0.6);
      const random = seededUniform(6);
      const lengths = [4, 2, 3, 0];
      const T = 4;
      const x = tf.variable(randomTensor(random, [lengths.length, T, I]));
      const proj = randomTensor(random, [lengths.length, T, H]);
      const projLast = randomTensor(random, [lengths.length, H]);
      const projState = layer.cell.stateNames.map(() => randomTensor(random, [lengths.length, H]));
      const mask = lengthsMask(lengths, T);
      // L = Σ_t proj ⊙ outputs + projLast ⊙ last + Σ_k projState_k ⊙ finalState_k: padded steps must add nothing
      const lossOf = (r: { outputs: tf.Tensor; last: tf.Tensor; finalState: tf.Tensor[] }, p: tf.Tensor, pl: tf.Tensor, ps: tf.Tensor[]) =>
        tf.addN([tf.sum(tf.mul(r.outputs, p)), tf.sum(tf.mul(r.last, pl)), ...r.finalState.map((s, k) => tf.sum(tf.mul(s, ps[k])))]) as tf.Scalar;
      const weights = layer.trainableVariables();
      const batch = tf.variableGrads(() => lossOf(layer.apply(x as tf.Tensor3D, { mask }), proj, projLast, projState), [...weights, x]);
      const batchResult = layer.apply(x as tf.Tensor3D, { mask });
      const summed = weights.map((w) => tf.zerosLike(w));
      lengths.forEach((n, b) => {
        const row = (t: tf.Tensor) => tf.slice(t, [b], [1]);
        if (n === 0) {
          // an empty sequence: zero outputs, zero last output, the initial (zero) state, no gradient
          assertRelativeClose(tf.slice(batchResult.outputs, [b, 0, 0], [1, T, H]), tf.zeros([1, T, H]), 0, `outputs of empty sequence ${b}`);
          assertRelativeClose(row(batchResult.last), tf.zeros([1, H]), 0, `last of empty sequence ${b}`);
          batchResult.finalState.forEach((s) => assertRelativeClose(row(s), tf.zeros([1, H]), 0, `final state of empty sequence ${b}`));
          assertRelativeClose(tf.slice(batch.grads[x.name], [b, 0, 0], [1, T, I]), tf.zeros([1, T, I]), 0, `dL/dx of empty sequence ${b}`);
          return;
        }
        const alone = tf.variable(tf.slice(x, [b, 0, 0], [1, n, I]));
        const pAlone = tf.slice(proj, [b, 0, 0], [1, n, H]);
        const single = tf.variableGrads(() => lossOf(layer.apply(alone as tf.Tensor3D), pAlone, row(projLast), projState.map(row)), [...weights, alone]);
        weights.forEach((w, k) => (summed[k] = tf.add(summed[k], single.grads[w.name])));
        const aloneResult = layer.apply(alone as tf.Tensor3D);
        assertRelativeClose(tf.slice(batchResult.outputs, [b, 0, 0], [1, n, H]), aloneResult.outputs, 1e-5, `outputs of sequence ${b}`);
        assertRelativeClose(tf.slice(batchResult.outputs, [b, n, 0], [1, T - n, H]), tf.zeros([1, T - n, H]), 0, `padded outputs of sequence ${b}`);
        assertRelativeClose(row(batchResult.last), aloneResult.last, 1e-5, `last of sequence ${b}`);
        batchResult.finalState.forEach((s, k) => assertRelativeClose(row(s), aloneResult.finalState[k], 1e-5, `final state ${k} of sequence ${b}`));
        const dx = tf.slice(batch.grads[x.name], [b, 0, 0], [1, T, I]);
        const expectedDx = n === 0 ? tf.zeros([1, T, I]) : tf.concat([single.grads[alone.name], tf.zeros([1, T - n, I])], 1);
        assertRelativeClose(dx, expectedDx, 1e-5, `dL/dx of sequence ${b}`);
        alone.dispose();
      });
      weights.forEach((w, k) => assertRelativeClose(batch.grads[w.name], summed[k], 1e-5, `dL/d${w.name}`));
      layer.dispose();
      x.dispose();
    });

    test(`${name} layer gradients with a mask and an initial state match finite differences (${backend})`, () => {
      const layer = make(7);
      randomiseWeights(layer.cell.weights, 8, 0.6);
      const random = seededUniform(9);
      const x = tf.variable(randomTensor(random, [3, 4, I]));
      const init = layer.cell.stateNames.map(() => tf.variable(randomTensor(random, [3, H])));
      const proj = randomTensor(random, [3, 4, H]);
      const projState = randomTensor(random, [3, H]);
      const mask = lengthsMask([4, 1, 3], 4);
      const loss = () =>
        tf.tidy(() => {
          const r = layer.apply(x as tf.Tensor3D, { mask, initialState: init as unknown as tf.Tensor2D[] });
          return tf.add(tf.sum(tf.mul(r.outputs, proj)), tf.sum(tf.mul(r.finalState[r.finalState.length - 1], projState))) as tf.Scalar;
        });
      const variables: Record<string, tf.Variable> = { ...layer.cell.weights, x };
      init.forEach((v, k) => (variables[`init${k}`] = v));
      assertGradientsMatch(loss, variables);
      layer.dispose();
      tf.dispose([x, ...init]);
    });

    test(`${name} layer run in two chunks with the state carried equals one run (truncated BPTT) (${backend})`, () => {
      const layer = make(10);
      const random = seededUniform(11);
      const x = randomTensor(random, [2, 6, I]) as tf.Tensor3D;
      const whole = layer.apply(x);
      const first = layer.apply(tf.slice(x, [0, 0, 0], [2, 4, I]));
      const second = layer.apply(tf.slice(x, [0, 4, 0], [2, 2, I]), { initialState: first.finalState });
      assertRelativeClose(tf.concat([first.outputs, second.outputs], 1), whole.outputs, 1e-6, 'outputs');
      whole.finalState.forEach((s, k) => assertRelativeClose(second.finalState[k], s, 1e-6, `finalState ${k}`));
      layer.dispose();
    });

    test(`${name} layer returns every step's internals in time order, equal to the cell's own (${backend})`, () => {
      const layer = make(12);
      const random = seededUniform(13);
      const x = randomTensor(random, [2, 3, I]) as tf.Tensor3D;
      const result = layer.apply(x, { internals: true });
      assert.equal(result.internals!.length, 3);
      let state = layer.zeroState(2);
      (tf.unstack(x, 1) as tf.Tensor2D[]).forEach((xt, t) => {
        const step = layer.cell.step(xt, state, { internals: true });
        assert.deepEqual(Object.keys(result.internals![t]).sort(), Object.keys(step.internals!).sort());
        for (const key of Object.keys(step.internals!)) assertRelativeClose(result.internals![t][key], step.internals![key], 1e-6, `${key} at step ${t}`);
        state = step.state;
      });
      layer.dispose();
    });

    test(`${name} layer forward and gradient with mask, dropout and internals leave no tensors behind (${backend})`, () => {
      const layer = new RNN(make(14).cell, { recurrentDropout: 0.3, seed: 1 });
      const x = tf.ones([2, 3, I]) as tf.Tensor3D;
      const mask = lengthsMask([3, 2], 3);
      assertNoLeak(() => {
        const r = layer.apply(x, { mask, internals: true, training: true });
        tf.dispose(r as unknown as tf.TensorContainer);
        const { value, grads } = tf.variableGrads(() => tf.sum(layer.apply(x, { mask, training: true }).outputs) as tf.Scalar, layer.trainableVariables());
        tf.dispose([value, grads]);
      });
      layer.dispose();
      tf.dispose([x, mask]);
    });
  }

  test(`an empty time axis gives empty outputs, zero last output and a copy of the initial state (${backend})`, () => {
    const layer = new LSTM({ inputSize: I, hiddenSize: H, seed: 2 });
    const init = [tf.ones([2, H]), tf.fill([2, H], 2)] as tf.Tensor2D[];
    for (const mask of [undefined, tf.zeros([2, 0]) as tf.Tensor2D]) {
      const result = layer.apply(tf.zeros([2, 0, I]) as tf.Tensor3D, { initialState: init, mask });
      assert.deepEqual(result.outputs.shape, [2, 0, H]);
      assertRelativeClose(result.last, tf.zeros([2, H]), 0, 'last');
      result.finalState.forEach((s, k) => {
        assert.notEqual(s, init[k]);
        assertRelativeClose(s, init[k], 0, `finalState ${k}`);
      });
    }
    layer.dispose();
  });

  test(`recurrent dropout multiplies h_{t-1} by one mask per sequence, the same at every step (${backend})`, () => {
    const seed = 77;
    const layer = new RNN(new GRUCell({ inputSize: I, hiddenSize: H, seed: 3 }), { recurrentDropout: 0.5, seed });
    const random = seededUniform(15);
    const x = randomTensor(random, [2, 5, I]) as tf.Tensor3D;
    const trained = layer.apply(x, { training: true });
    // the layer's first mask comes from its seed stream: rebuild it and apply it by hand at every step
    const mask = dropoutMask([2, H], 0.5, new SeedStream(childSeed(seed, 'recurrentDropout')).next()) as tf.Tensor2D;
    assertRelativeClose(trained.outputs, manualLoop(layer, x, layer.zeroState(2), mask).outputs, 1e-6, 'training outputs');
    const values = Array.from(mask.dataSync());
    assert.ok(values.every((v) => v === 0 || v === 2) && values.includes(0) && values.includes(2), `mask ${values}`);
    assertRelativeClose(layer.apply(x).outputs, manualLoop(layer, x, layer.zeroState(2)).outputs, 1e-6, 'inference has no dropout');
    const again = new RNN(layer.cell, { recurrentDropout: 0.5, seed }).apply(x, { training: true });
    assertRelativeClose(again.outputs, trained.outputs, 0, 'same seed, same masks');
    layer.dispose();
  });

  test(`recurrent dropout with a fixed mask has exact gradients (${backend})`, () => {
    const layer = new RNN(new ElmanCell({ inputSize: I, hiddenSize: H, seed: 4 }), { recurrentDropout: 0.4 });
    randomiseWeights(layer.cell.weights, 16, 0.7);
    const random = seededUniform(17);
    const x = tf.variable(randomTensor(random, [2, 4, I]));
    const mask = tf.tensor2d([[1 / 0.6, 0, 1 / 0.6, 1 / 0.6], [0, 1 / 0.6, 1 / 0.6, 0]]);
    const proj = randomTensor(random, [2, 4, H]);
    const loss = () => tf.tidy(() => tf.sum(tf.mul(layer.apply(x as tf.Tensor3D, { dropoutMasks: { recurrent: [mask] } }).outputs, proj)) as tf.Scalar);
    assertRelativeClose(layer.apply(x as tf.Tensor3D, { dropoutMasks: { recurrent: [mask] } }).outputs, manualLoop(layer, x as tf.Tensor3D, layer.zeroState(2), mask).outputs, 1e-6, 'outputs');
    assertGradientsMatch(loss, { ...layer.cell.weights, x });
    layer.dispose();
    x.dispose();
  });

  test(`a registered fused path replaces the step loop while registered, and only for requests it supports (${backend})`, () => {
    const layer = new ElmanRNN({ inputSize: I, hiddenSize: H, seed: 5 });
    const x = tf.ones([1, 2, I]) as tf.Tensor3D;
    const seen: boolean[] = [];
    const unregister = registerFusedUnroll({
      name: 'test-doubling-path',
      supports: (request) => request.cell.kind === 'rnn' && !request.internals,
      run: (request) => {
        seen.push(request.mask !== undefined);
        const r = unrollCell(request);
        return { ...r, outputs: tf.mul(r.outputs, 2) as tf.Tensor3D };
      },
    });
    try {
      const plain = unrollCell({ cell: layer.cell, inputs: x, initialState: layer.zeroState(1), internals: false }).outputs;
      assertRelativeClose(layer.apply(x).outputs, tf.mul(plain, 2), 1e-6, 'fused result');
      assert.equal(layer.lastUnrollPath, 'test-doubling-path');
      layer.apply(x, { internals: true });
      assert.equal(layer.lastUnrollPath, 'steps');
      new RNN(layer.cell, { fused: false }).apply(x);
      assert.deepEqual(seen, [false]);
    } finally {
      unregister();
    }
    layer.apply(x);
    assert.notEqual(layer.lastUnrollPath, 'test-doubling-path');
    layer.dispose();
  });

  test(`the sequence layer refuses bad inputs, masks, states and dropout masks with the expected shapes in the message (${backend})`, () => {
    const layer = new LSTM({ inputSize: I, hiddenSize: H, seed: 1 });
    const x = tf.zeros([2, 3, I]) as tf.Tensor3D;
    assert.throws(() => layer.apply(tf.zeros([2, 3, I + 1]) as tf.Tensor3D), /inputs must be a tensor \[batch, time, features=3\]; got shape \[2, 3, 4\]/);
    assert.throws(() => layer.apply(x, { mask: tf.ones([2, 4]) as tf.Tensor2D }), /mask must be \[batch, time\] = \[2, 3\]/);
    assert.throws(() => layer.apply(x, { initialState: [tf.zeros([2, H]) as tf.Tensor2D] }), /initialState must hold 2 tensors \[h, c\]; got 1/);
    assert.throws(() => layer.apply(x, { dropoutMasks: { recurrent: [tf.ones([2, H + 1]) as tf.Tensor2D] } }), /recurrent dropout mask must have shape \[2, 4\]; got \[2, 5\]/);
    assert.throws(() => new LSTM({ inputSize: I, hiddenSize: H, recurrentDropout: 1 }), /recurrentDropout must be a number in \[0, 1\); got 1/);
    layer.dispose();
  });

  test(`ElmanRNN, GRU and LSTM layers are built from one seed and hold the matching cell (${backend})`, () => {
    const a = new LSTM({ inputSize: I, hiddenSize: H, seed: 3, forgetBias: 2 });
    const b = new LSTM({ inputSize: I, hiddenSize: H, seed: 3, forgetBias: 2 });
    assert.equal(a.cell.kind, 'lstm');
    assert.deepEqual(Array.from(a.cell.weights.kernel.dataSync()), Array.from(b.cell.weights.kernel.dataSync()));
    assert.equal(a.cell.weights.bias.dataSync()[H], 2);
    const g = new GRU({ inputSize: I, hiddenSize: H, seed: 3 });
    const e = new ElmanRNN({ inputSize: I, hiddenSize: H, seed: 3, activation: 'relu' });
    assert.equal(g.cell.kind, 'gru');
    assert.equal(e.cell.activation, 'relu');
    assert.deepEqual(e.cell.weights.recurrentKernel.shape, [H, H]);
    assert.deepEqual(g.cell.weights.recurrentKernel.shape, [H, 3 * H]);
    [a, b, g, e].forEach((layer) => layer.dispose());
  });

  test(`a mask with a gap (1 0 1) is refused by every recurrent layer with lengthsFromMask's message, leaving no tensors (${backend})`, () => {
    const gapped = tf.tensor2d([[1, 1, 1, 0], [1, 0, 1, 0]]);
    const expected = 'mask row 1 has a real step after padding; pad sequences at the end (mask 1010)';
    assert.throws(() => lengthsFromMask(gapped), { message: expected });
    const x = tf.ones([2, 4, I]) as tf.Tensor3D;
    const layers = {
      RNN: new LSTM({ inputSize: I, hiddenSize: H, seed: 1 }),
      'unfused RNN': new RNN(new GRUCell({ inputSize: I, hiddenSize: H, seed: 2 }), { fused: false }),
      Bidirectional: new Bidirectional({ cell: 'gru', inputSize: I, hiddenSize: H, seed: 3 }),
      StackedRNN: new StackedRNN({ cell: 'rnn', numLayers: 2, inputSize: I, hiddenSize: H, seed: 4 }),
    };
    for (const [name, layer] of Object.entries(layers)) {
      for (const mask of [gapped, tf.cast(gapped, 'bool') as tf.Tensor2D]) {
        assertNoLeak(() => assert.throws(() => layer.apply(x, { mask }), { message: expected }, `${name}, ${mask.dtype} mask`), name);
        if (mask !== gapped) mask.dispose();
      }
      layer.dispose();
    }
    const encoder = new Encoder({ vocabSize: 5, hiddenSize: H, seed: 5 });
    const ids = tf.zeros([2, 4], 'int32') as tf.Tensor2D;
    assert.throws(() => encoder.encode(ids, gapped), { message: expected });
    encoder.dispose();
    tf.dispose([gapped, x, ids]);
  });

  test(`a plain JavaScript array given to RNN.apply is named as an array of its shape, with how to make a tensor (${backend})`, () => {
    const layer = new ElmanRNN({ inputSize: 1, hiddenSize: 2, seed: 1 });
    const nested = [[[0], [0], [0], [0], [0]]];
    assert.throws(() => layer.apply(nested as never), {
      message: 'RNN(rnn, input 1, hidden 2): inputs must be a tensor [batch, time, features=1]; got a plain JavaScript array of shape [1, 5, 1], not a tensor; make one with tf.tensor3d(array)',
    });
    assert.throws(() => layer.apply(undefined as never), /inputs must be a tensor \[batch, time, features=1\]; got undefined$/);
    assert.throws(() => layer.apply(tf.ones([5, 1]) as never), /inputs must be a tensor \[batch, time, features=1\]; got shape \[5, 1\]$/);
    const bidirectional = new Bidirectional({ cell: 'rnn', inputSize: 1, hiddenSize: 2, seed: 2 });
    assert.throws(() => bidirectional.apply(nested as never), /^Error: Bidirectional: inputs must be a tensor \[batch, time, features=1\]; got a plain JavaScript array of shape \[1, 5, 1\]/);
    layer.dispose();
    bidirectional.dispose();
  });
});
