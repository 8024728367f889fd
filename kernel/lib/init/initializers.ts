/**
 * Weight initialisers. Each is a function `(shape, seed) → tensor`; the same seed gives the same
 * values on every backend. Recurrent kernels in tfjs-layers layout are `[hidden, gates·hidden]`:
 * `orthogonal` and `identity` treat such a matrix as `gates` square blocks side by side, so each
 * gate's recurrent matrix is itself orthogonal (or scaled identity), as the curriculum recommends
 * for square matrices.
 */
import { Matrix, QrDecomposition } from 'ml-matrix';
import { tf } from '../tf';
import { childSeed } from './seeds';

export type Initializer = (shape: readonly number[], seed: number) => tf.Tensor;
export type InitializerName = 'zeros' | 'ones' | 'glorotUniform' | 'orthogonal' | 'identity' | 'uniform' | 'normal';
/** An initialiser given by name (default settings) or as a function from this module. */
export type InitializerSpec = InitializerName | Initializer;

function matrixShape(shape: readonly number[], who: string): [number, number] {
  if (shape.length !== 2) throw new Error(`${who} initialiser expects a 2-D shape [rows, cols]; got [${shape.join(', ')}]`);
  return [shape[0], shape[1]];
}

export function zeros(): Initializer {
  return (shape) => tf.zeros(shape as number[]);
}

export function constant(value: number): Initializer {
  return (shape) => tf.fill(shape as number[], value);
}

/** Uniform in `[minval, maxval)`; tfjs-layers' default for embeddings is ±0.05. */
export function uniform(options: { minval?: number; maxval?: number } = {}): Initializer {
  const { minval = -0.05, maxval = 0.05 } = options;
  return (shape, seed) => tf.randomUniform(shape as number[], minval, maxval, 'float32', seed);
}

/** Gaussian `N(mean, stddev²)`; the IRNN paper draws input weights from `N(0, 0.001²)`. */
export function normal(options: { mean?: number; stddev?: number } = {}): Initializer {
  const { mean = 0, stddev = 0.05 } = options;
  return (shape, seed) => tf.randomNormal(shape as number[], mean, stddev, 'float32', seed);
}

/** Glorot & Bengio 2010: uniform in `±sqrt(6 / (fanIn + fanOut))` for a `[fanIn, fanOut]` matrix. */
export function glorotUniform(): Initializer {
  return (shape, seed) => {
    const [fanIn, fanOut] = matrixShape(shape, 'glorotUniform');
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    return tf.randomUniform([fanIn, fanOut], -limit, limit, 'float32', seed);
  };
}

/**
 * One `[rows, cols]` matrix with orthonormal columns (rows ≥ cols) or rows (rows < cols), from the
 * QR decomposition of a Gaussian matrix with the signs of R's diagonal folded into Q
 * (Saxe et al. 2014; uniform over the orthogonal group).
 */
function orthogonalMatrix(rows: number, cols: number, gain: number, seed: number): Float32Array {
  const tall = rows >= cols;
  const [m, n] = tall ? [rows, cols] : [cols, rows];
  const gaussian = tf.tidy(() => tf.randomNormal([m, n], 0, 1, 'float32', seed).arraySync() as number[][]);
  const qr = new QrDecomposition(new Matrix(gaussian));
  const q = qr.orthogonalMatrix;
  const r = qr.upperTriangularMatrix;
  for (let j = 0; j < n; j++) {
    const sign = r.get(j, j) < 0 ? -1 : 1;
    for (let i = 0; i < m; i++) q.set(i, j, q.get(i, j) * sign * gain);
  }
  const oriented = tall ? q : q.transpose();
  return Float32Array.from(oriented.to1DArray());
}

/** Splits `[rows, cols]` into `cols / rows` square blocks when possible (one per gate), else one block. */
function blocksOf(rows: number, cols: number): number {
  return cols > rows && cols % rows === 0 ? cols / rows : 1;
}

/** Concatenates row-major blocks `[rows, width]` side by side into `[rows, blocks·width]`. */
function sideBySide(blocks: Float32Array[], rows: number, width: number): tf.Tensor2D {
  const out = new Float32Array(rows * width * blocks.length);
  blocks.forEach((block, b) => {
    for (let i = 0; i < rows; i++) out.set(block.subarray(i * width, (i + 1) * width), i * width * blocks.length + b * width);
  });
  return tf.tensor2d(out, [rows, width * blocks.length]);
}

/** Random orthogonal matrix, per square gate block for `[hidden, gates·hidden]` recurrent kernels. */
export function orthogonal(options: { gain?: number } = {}): Initializer {
  const gain = options.gain ?? 1;
  return (shape, seed) => {
    const [rows, cols] = matrixShape(shape, 'orthogonal');
    const count = blocksOf(rows, cols);
    const width = cols / count;
    const blocks = Array.from({ length: count }, (_, b) => orthogonalMatrix(rows, width, gain, childSeed(seed, `block${b}`)));
    return sideBySide(blocks, rows, width);
  };
}

/** `scale · I` per square gate block: the IRNN initialisation (Le, Jaitly & Hinton 2015) with ReLU cells. */
export function identity(options: { scale?: number } = {}): Initializer {
  const scale = options.scale ?? 1;
  return (shape) => {
    const [rows, cols] = matrixShape(shape, 'identity');
    if (cols % rows !== 0) throw new Error(`identity initialiser needs cols to be a multiple of rows; got [${rows}, ${cols}]`);
    const count = cols / rows;
    const block = new Float32Array(rows * rows);
    for (let i = 0; i < rows; i++) block[i * rows + i] = scale;
    return sideBySide(Array.from({ length: count }, () => block), rows, rows);
  };
}

/**
 * LSTM bias `[4·hidden]` in tfjs-layers gate order (i, f, c, o) with the forget block set to
 * `value` and the rest zero: a large forget bias keeps `f_t ≈ 1` early in training so the cell
 * state (and its gradient) is carried across many steps (Gers et al. 2000; Jozefowicz et al. 2015).
 */
export function forgetGateBias(hidden: number, value = 1): tf.Tensor1D {
  const bias = new Float32Array(4 * hidden);
  bias.fill(value, hidden, 2 * hidden);
  return tf.tensor1d(bias);
}

const named: Record<InitializerName, () => Initializer> = {
  zeros,
  ones: () => constant(1),
  glorotUniform,
  orthogonal,
  identity,
  uniform,
  normal,
};

/** Turns a name or function into an initialiser, with a clear error for unknown names. */
export function resolveInitializer(spec: InitializerSpec): Initializer {
  if (typeof spec === 'function') return spec;
  const make = named[spec];
  if (!make) throw new Error(`unknown initialiser '${String(spec)}'; expected one of ${Object.keys(named).join(', ')} or a function`);
  return make();
}
