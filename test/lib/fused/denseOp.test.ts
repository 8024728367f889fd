/**
 * The fused dense op `x W + b` against `tf.matMul` + `tf.add` and their autograd gradients, with
 * and without bias, with the WebAssembly SIMD and the JavaScript numerics on both backends; a
 * finite-difference check; and `undefined` (so the caller falls back to tf.matMul) when fusion is off.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../kernel/lib/tf';
import { fusedDense } from '../../../kernel/lib/fused/denseOp';
import { setFusedKernels } from '../../../kernel/lib/fused/dispatch';
import { gradCheck } from '../../support/gradcheck';
import { assertNoLeak, onEachBackend } from '../../support/backends';
import { assertRelativeClose } from '../../support/closeness';
import { randomTensor, seededUniform } from '../../support/random';

after(() => setFusedKernels('auto'));

function variableOf(init: () => tf.Tensor): tf.Variable {
  return tf.tidy(() => tf.variable(init()));
}

/** Value and gradients of Σ (x W + b) ⊙ P through `affine`, by name. */
function valueAndGradients(affine: (x: tf.Tensor2D, W: tf.Tensor2D, b?: tf.Tensor1D) => tf.Tensor2D, x: tf.Variable, W: tf.Variable, b: tf.Variable | undefined, P: tf.Tensor) {
  const variables = b ? [x, W, b] : [x, W];
  let y: Float32Array = new Float32Array(0);
  const { value, grads } = tf.variableGrads(() => {
    const out = affine(x as unknown as tf.Tensor2D, W as unknown as tf.Tensor2D, b as unknown as tf.Tensor1D | undefined);
    y = out.dataSync().slice() as Float32Array;
    return tf.sum(tf.mul(out, P)) as tf.Scalar;
  }, variables);
  const result: Record<string, Float32Array> = { y, dx: grads[x.name].dataSync().slice() as Float32Array, dW: grads[W.name].dataSync().slice() as Float32Array };
  if (b) result.db = grads[b.name].dataSync().slice() as Float32Array;
  tf.dispose([value, grads]);
  return result;
}

const reference = (x: tf.Tensor2D, W: tf.Tensor2D, b?: tf.Tensor1D) => (b ? tf.add(tf.matMul(x, W), b) : tf.matMul(x, W)) as tf.Tensor2D;

onEachBackend((backend) => {
  for (const mode of ['wasm', 'javascript'] as const) {
    for (const withBias of [true, false]) {
      test(`fused dense (${mode}) ${withBias ? 'with' : 'without'} bias gives tf.matMul's values and gradients (${backend})`, () => {
        setFusedKernels(mode);
        assertNoLeak(() => {
          const random = seededUniform(withBias ? 1 : 2);
          const [rows, inSize, outSize] = [37, 19, 13];
          const x = variableOf(() => randomTensor(random, [rows, inSize]));
          const W = variableOf(() => randomTensor(random, [inSize, outSize]));
          const b = withBias ? variableOf(() => randomTensor(random, [outSize])) : undefined;
          const P = randomTensor(random, [rows, outSize]);
          const fused = valueAndGradients((xx, WW, bb) => fusedDense(xx, WW, bb)!, x, W, b, P);
          const plain = valueAndGradients(reference, x, W, b, P);
          for (const name of Object.keys(plain)) assertRelativeClose(fused[name], plain[name], 1e-5, name);
          tf.dispose([x, W, P, ...(b ? [b] : [])]);
        }, 'fused dense');
      });
    }
  }

  test(`fused dense passes a finite-difference check (${backend})`, () => {
    setFusedKernels('auto');
    const random = seededUniform(3);
    const x = variableOf(() => randomTensor(random, [6, 5]));
    const W = variableOf(() => randomTensor(random, [5, 4]));
    const b = variableOf(() => randomTensor(random, [4]));
    const P = randomTensor(random, [6, 4]);
    const loss = () => tf.tidy(() => tf.sum(tf.mul(tf.tanh(fusedDense(x as unknown as tf.Tensor2D, W as unknown as tf.Tensor2D, b as unknown as tf.Tensor1D)!), P)) as tf.Scalar);
    const result = gradCheck(loss, { x, W, b }, { epsilon: 5e-3 });
    assert.ok(result.maxRelativeError < 1e-3, JSON.stringify(result));
    tf.dispose([x, W, b, P]);
  });

  test(`fused dense declines when fused kernels are off, so callers fall back to tf.matMul (${backend})`, () => {
    setFusedKernels('off');
    const x = tf.ones([2, 3]) as tf.Tensor2D;
    const W = tf.ones([3, 4]) as tf.Tensor2D;
    assert.equal(fusedDense(x, W), undefined);
    setFusedKernels('auto');
    const y = fusedDense(x, W)!;
    assert.deepEqual(Array.from(y.dataSync()), Array(8).fill(3));
    tf.dispose([x, W, y]);
  });
});
