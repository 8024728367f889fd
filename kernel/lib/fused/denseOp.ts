/**
 * A dense layer's affine map `y = x W + b` as one tfjs operation on the fused kernels' numerics,
 * with its gradients as plain products of pre-transposed matrices:
 *   ∂L/∂x = dy Wᵀ,   ∂L/∂W = xᵀ dy,   ∂L/∂b = Σ_rows dy.
 * tfjs-wasm computes the two transposed products of `tf.matMul`'s gradient 10-25x slower than
 * the forward product (measured: 25-28 ms against 1 ms for a language model's output layer,
 * x `[1600, 128]`, W `[128, 65]`), which made the output layer cost more than the whole
 * recurrent layer. Each input's gradient is computed only when the engine asks for it.
 */
import { tf } from '../tf';
import type { F32, Numerics } from './numerics';
import { hostNumerics } from './numericsChoice';
import { weightValues } from './weightValues';

interface KernelFuncEngine {
  runKernelFunc(params: {
    forwardFunc: () => tf.Tensor;
    backwardsFunc: (dy: tf.Tensor) => Record<string, () => tf.Tensor>;
    inputs: Record<string, tf.Tensor>;
  }): tf.Tensor;
}

/** y `[rows, out]` = x `[rows, in]` · W `[in, out]` (+ b `[out]`). */
function affine(num: Numerics, x: F32, W: F32, b: F32 | null, rows: number, inSize: number, outSize: number): F32 {
  const ws = num.allocate({ x: rows * inSize, W: inSize * outSize, packedW: num.linalg.panelSize(inSize, outSize), bias: outSize, y: rows * outSize });
  ws.f32.x.set(x);
  ws.f32.W.set(W);
  num.linalg.packPanels(inSize, outSize, ws.f32.W, outSize, ws.f32.packedW);
  if (b) {
    ws.f32.bias.set(b);
    num.linalg.fillRows(rows, outSize, ws.f32.bias, ws.f32.y, outSize);
  }
  num.linalg.gemm(rows, outSize, inSize, ws.f32.x, inSize, ws.f32.packedW, ws.f32.y, outSize, b !== null);
  return ws.f32.y.slice();
}

/** C `[m, n]` = Aᵀ · B for A `[k, m]`, B `[k, n]` (transpose A, then the plain product). */
function transposedProduct(num: Numerics, A: F32, B: F32, k: number, m: number, n: number): F32 {
  const ws = num.allocate({ A: k * m, AT: m * k, B: k * n, packedB: num.linalg.panelSize(k, n), C: m * n });
  ws.f32.A.set(A);
  ws.f32.B.set(B);
  num.linalg.transpose(k, m, ws.f32.A, m, ws.f32.AT, k);
  num.linalg.packPanels(k, n, ws.f32.B, n, ws.f32.packedB);
  num.linalg.gemm(m, n, k, ws.f32.AT, k, ws.f32.packedB, ws.f32.C, n, false);
  return ws.f32.C.slice();
}

/** C `[m, n]` = A · Bᵀ for A `[m, k]`, B `[n, k]`. */
function productWithTransposed(num: Numerics, A: F32, B: F32, m: number, k: number, n: number): F32 {
  const ws = num.allocate({ A: m * k, B: n * k, BT: k * n, packedBT: num.linalg.panelSize(k, n), C: m * n });
  ws.f32.A.set(A);
  ws.f32.B.set(B);
  num.linalg.transpose(n, k, ws.f32.B, k, ws.f32.BT, n);
  num.linalg.packPanels(k, n, ws.f32.BT, n, ws.f32.packedBT);
  num.linalg.gemm(m, n, k, ws.f32.A, k, ws.f32.packedBT, ws.f32.C, n, false);
  return ws.f32.C.slice();
}

/**
 * `x · kernel + bias` for x `[rows, in]`, kernel `[in, out]`, bias `[out]` (optional), or
 * `undefined` when fused kernels do not apply (switched off, or a backend whose tensors live
 * outside main memory): the caller then uses `tf.matMul`.
 */
export function fusedDense(x: tf.Tensor2D, kernel: tf.Tensor2D, bias?: tf.Tensor1D): tf.Tensor2D | undefined {
  const num = hostNumerics();
  if (!num || x.dtype !== 'float32' || kernel.dtype !== 'float32' || x.shape[1] !== kernel.shape[0]) return undefined;
  const [rows, inSize] = x.shape;
  const outSize = kernel.shape[1];
  const inputs: Record<string, tf.Tensor> = bias ? { x, kernel, bias } : { x, kernel };
  let xValues: F32 | undefined;
  let kernelValues: F32 | undefined;
  const engine = tf.engine() as unknown as KernelFuncEngine;
  return engine.runKernelFunc({
    forwardFunc: () => {
      xValues = x.dataSync() as F32;
      kernelValues = weightValues(kernel);
      return tf.tensor2d(affine(num, xValues, kernelValues, bias ? weightValues(bias) : null, rows, inSize, outSize), [rows, outSize]);
    },
    backwardsFunc: (dy) => {
      const dyValues = dy.dataSync() as F32;
      const closures: Record<string, () => tf.Tensor> = {
        // ∂L/∂x = dy Wᵀ
        x: () => tf.tensor2d(productWithTransposed(num, dyValues, kernelValues!, rows, outSize, inSize), [rows, inSize]),
        // ∂L/∂W = xᵀ dy
        kernel: () => tf.tensor2d(transposedProduct(num, xValues!, dyValues, rows, inSize, outSize), [inSize, outSize]),
      };
      // ∂L/∂b = Σ_rows dy
      if (bias) closures.bias = () => tf.sum(dy, 0);
      return closures;
    },
    inputs,
  }) as tf.Tensor2D;
}
