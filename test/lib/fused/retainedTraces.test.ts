/**
 * Traces stay in the numerics' memory from forward to backward (`Numerics.retain`): retained
 * arrays keep their values while later calls allocate scratch space and grow the WebAssembly
 * memory, released space is reused, and two fused layers stacked in one gradient (both traces
 * alive at once, the upper layer's ∂L/∂x feeding the lower one) give the unfused layers' gradients.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../kernel/lib/tf';
import { RNN } from '../../../kernel/lib/layers/sequence';
import { GRUCell } from '../../../kernel/lib/cells/gru';
import { LSTMCell } from '../../../kernel/lib/cells/lstm';
import { ElmanCell } from '../../../kernel/lib/cells/elman';
import { setFusedKernels, setFusedThreads, type FusedMode } from '../../../kernel/lib/fused/dispatch';
import { jsNumerics } from '../../../kernel/lib/fused/jsNumerics';
import type { Numerics } from '../../../kernel/lib/fused/numerics';
import { instantiateRecurrentWasm, loadRecurrentWasm } from '../../../kernel/lib/fused/wasmModule';
import { wasmNumerics } from '../../../kernel/lib/fused/wasmNumerics';
import { onEachBackend } from '../../support/backends';
import { randomiseWeights, randomTensor, seededUniform } from '../../support/random';
import { assertRelativeClose } from '../../support/closeness';

const loaded = loadRecurrentWasm();
const implementations: [string, Numerics][] = [['javascript', jsNumerics]];
if ('module' in loaded) implementations.push(['wasm-simd', wasmNumerics(instantiateRecurrentWasm(loaded.module))]);

for (const [name, num] of implementations) {
  test(`${name}: retained arrays keep their values while scratch space is allocated and memory grows, and released space is reused`, () => {
    const first = num.retain({ a: 1000, b: 37 });
    first.arrays().a.set(Array.from({ length: 1000 }, (_, i) => i));
    first.arrays().b.fill(-2);
    const second = num.retain({ c: 500 });
    second.arrays().c.fill(7);
    // scratch far larger than the memory so far: WebAssembly memory grows and its buffer changes
    const ws = num.allocate({ big: 8_000_000 });
    ws.f32.big.fill(3);
    assert.deepEqual(Array.from(first.arrays().a.subarray(0, 5)), [0, 1, 2, 3, 4]);
    assert.equal(first.arrays().a[999], 999);
    assert.ok(first.arrays().b.every((v) => v === -2));
    assert.ok(second.arrays().c.every((v) => v === 7));
    if (name === 'wasm-simd') {
      const offset = first.arrays().a.byteOffset;
      first.release();
      first.release();
      const reused = num.retain({ d: 1000 });
      assert.equal(reused.arrays().d.byteOffset, offset, 'a released block is handed out again');
      assert.throws(() => first.arrays(), /after release/);
      reused.release();
    }
    second.release();
  });
}

const cells = {
  LSTM: (input: number, seed: number) => new LSTMCell({ inputSize: input, hiddenSize: 5, seed }),
  GRU: (input: number, seed: number) => new GRUCell({ inputSize: input, hiddenSize: 5, seed }),
  Elman: (input: number, seed: number) => new ElmanCell({ inputSize: input, hiddenSize: 5, seed }),
};

/** Σ (upper(lower(x)) ⊙ P) and its gradients with respect to x and every weight of both layers. */
function stackedGradients(lower: RNN, upper: RNN, x: tf.Variable, P: tf.Tensor): Float32Array[] {
  const variables = [x, ...Object.values(lower.cell.weights), ...Object.values(upper.cell.weights)] as tf.Variable[];
  const { value, grads } = tf.variableGrads(() => {
    const below = lower.apply(x as unknown as tf.Tensor3D);
    return tf.sum(tf.mul(upper.apply(below.outputs).outputs, P)) as tf.Scalar;
  }, variables);
  const out = variables.map((v) => grads[v.name].dataSync().slice() as Float32Array);
  tf.dispose([value, grads]);
  return out;
}

after(() => {
  setFusedKernels('auto');
  setFusedThreads('auto');
});

onEachBackend((backend) => {
  const runs: [FusedMode, number][] = 'module' in loaded ? [['wasm', 1], ['wasm', 2], ['javascript', 1]] : [['javascript', 1]];
  for (const [mode, threads] of runs) {
    for (const [name, make] of Object.entries(cells)) {
      test(`${name}: two fused layers stacked in one gradient (${mode}, ${threads} thread(s)) give the step-by-step layers' gradients (${backend})`, () => {
        const before = tf.memory().numTensors;
        setFusedKernels(mode);
        setFusedThreads(threads);
        const [lowerCell, upperCell] = [make(4, 1), make(5, 2)];
        randomiseWeights(lowerCell.weights, 3, 0.6);
        randomiseWeights(upperCell.weights, 4, 0.6);
        const random = seededUniform(5);
        const x = tf.tidy(() => tf.variable(randomTensor(random, [3, 6, 4])));
        const P = randomTensor(random, [3, 6, 5]);
        const fused = stackedGradients(new RNN(lowerCell), new RNN(upperCell), x, P);
        const unfused = stackedGradients(new RNN(lowerCell, { fused: false }), new RNN(upperCell, { fused: false }), x, P);
        fused.forEach((g, k) => assertRelativeClose(g, unfused[k], 1e-5, `gradient ${k}`));
        tf.dispose([x, P]);
        lowerCell.dispose();
        upperCell.dispose();
        assert.equal(tf.memory().numTensors, before);
      });
    }
  }
});
