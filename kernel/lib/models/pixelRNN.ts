/**
 * A small PixelRNN-style model of binary images (after van den Oord, Kalchbrenner & Kavukcuoglu
 * 2016): the image is a sequence of pixels in raster order (row by row, left to right) and
 *
 *   p(x) = Π_{r,c} p(x_{r,c} | x_{<(r,c)}),   x_{<(r,c)} = every row above, and row r left of c.
 *
 * Our simplification of their Row LSTM uses two recurrences: one down the rows, whose state
 * summarises every row above, and one along the current row, started afresh on each row and
 * conditioned on that summary:
 *
 *   h_r     = R_rows(h_{r-1}, x_{r-1})                   x_{-1} = 0: h_r has seen rows 0..r−1
 *   g_{r,c} = R_pixels(g_{r,c-1}, [x_{r,c-1} ; h_r])     g_{r,-1} = 0, x_{r,-1} = 0
 *   z_{r,c} = w_oᵀ g_{r,c} + b_o
 *   p(x_{r,c} = 1 | x_{<(r,c)}) = σ(z_{r,c})
 *
 * g_{r,c} has read only x_{r,0..c-1} and h_r, which is what makes the model causal. When training
 * (all pixels known) every row's h_r is computed first and then all rows run along their pixels
 * together, so the sequential depth is height + width, not height × width. Sampling draws one
 * pixel at a time. (A single linear map from the pixels on the left is not enough: it cannot make
 * a lone first pixel unlikely to continue while a run of two continues, so it under-samples thin
 * vertical lines.)
 *
 * Loss: −log p(x) = Σ_{r,c} −[x log σ(z) + (1 − x) log(1 − σ(z))] = Σ_{r,c} softplus(z) − x z.
 */
import { tf } from '../tf';
import { tidyResult } from '../core/tidyResult';
import { makeCell, type CellKind } from '../cells/makeCell';
import { throwIfInterrupted } from '../core/interrupt';
import { Random } from '../core/random';
import { expectShape } from '../core/expectShape';
import { childSeed, randomSeed } from '../init/seeds';
import { Dense } from '../layers/dense';
import { prefixed, type Module } from '../core/module';
import { RNN } from '../layers/sequence';

export interface PixelRNNOptions {
  height: number;
  width: number;
  /** State size of the recurrence down the rows (h). */
  hiddenSize: number;
  /** State size of the recurrence along a row (g); default `hiddenSize`. */
  pixelHiddenSize?: number;
  /** Cell of both recurrences (default `'lstm'`). */
  cell?: CellKind;
  seed?: number;
}

export interface PixelSampleOptions {
  /** Seed of the draws (default: a fresh one). */
  seed?: number;
  /** τ in p = σ(z / τ) (default 1); below 1 sharpens, 0 takes the more likely value of every pixel. */
  temperature?: number;
}

/** A batch of binary images, `[batch, height, width]` of 0 and 1, as a tensor or nested arrays. */
export type ImageBatch = tf.Tensor3D | readonly (readonly (readonly number[])[])[];

export class PixelRNN implements Module {
  readonly height: number;
  readonly width: number;
  readonly seed: number;
  /** R_rows: reads the row above (input `width`, state `hiddenSize`). */
  readonly rows: RNN;
  /** R_pixels: reads the pixel on the left and h_r (input 1 + hiddenSize, state `pixelHiddenSize`). */
  readonly pixels: RNN;
  /** z = w_oᵀ g + b_o: kernel `[pixelHidden, 1]`, bias `[1]`. */
  readonly readout: Dense;

  constructor(options: PixelRNNOptions) {
    if (options === null || typeof options !== 'object') throw new Error(`PixelRNN options must be an object like { height, width, hiddenSize }; got ${String(options)}`);
    const { height, width, hiddenSize } = options;
    const pixelHiddenSize = options.pixelHiddenSize ?? hiddenSize;
    for (const [name, value] of Object.entries({ height, width, hiddenSize, pixelHiddenSize })) {
      if (!Number.isInteger(value) || value <= 0) throw new Error(`PixelRNN ${name} must be a positive integer; got ${String(value)}`);
    }
    this.height = height;
    this.width = width;
    this.seed = options.seed ?? randomSeed();
    const kind = options.cell ?? 'lstm';
    this.rows = new RNN(makeCell(kind, { inputSize: width, hiddenSize, seed: childSeed(this.seed, 'rows.cell') }), { seed: childSeed(this.seed, 'rows') });
    this.pixels = new RNN(makeCell(kind, { inputSize: 1 + hiddenSize, hiddenSize: pixelHiddenSize, seed: childSeed(this.seed, 'pixels.cell') }), { seed: childSeed(this.seed, 'pixels') });
    this.readout = new Dense({ inputSize: pixelHiddenSize, units: 1, seed: childSeed(this.seed, 'readout') });
  }

  /** z `[batch, height, width]`: σ(z_{r,c}) = p(x_{r,c} = 1 | x_{<(r,c)}), every pixel at once (teacher forcing). */
  logits(images: ImageBatch): tf.Tensor3D {
    return tidyResult(() => {
      const x = this.imageTensor(images);
      const [batch, height, width] = x.shape;
      // h_r = R_rows(h_{r-1}, x_{r-1}): step r reads row r − 1, step 0 a blank row.
      const above = tf.concat([tf.zeros([batch, 1, width]), tf.slice(x, [0, 0, 0], [batch, height - 1, width])], 1) as tf.Tensor3D;
      const h = this.rows.apply(above).outputs;
      // All rows side by side: [batch·height, ...]
      const rowCount = batch * height;
      const hRows = tf.reshape(h, [rowCount, 1, -1]);
      // [x_{r,c-1} ; h_r] at every pixel c, with x_{r,-1} = 0
      const left = tf.concat([tf.zeros([rowCount, 1]), tf.slice(tf.reshape(x, [rowCount, width]), [0, 0], [rowCount, width - 1])], 1);
      const inputs = tf.concat([tf.expandDims(left, 2), tf.tile(hRows, [1, width, 1])], 2) as tf.Tensor3D;
      // g_{r,c} = R_pixels(g_{r,c-1}, [x_{r,c-1} ; h_r])
      const g = this.pixels.apply(inputs).outputs;
      // z_{r,c} = w_oᵀ g_{r,c} + b_o
      return tf.reshape(this.readout.apply(g), [batch, height, width]) as tf.Tensor3D;
    });
  }

  /** −log p(x) of each image in nats, `[batch]`: Σ_{r,c} softplus(z) − x z. */
  negativeLogLikelihood(images: ImageBatch): tf.Tensor1D {
    return tidyResult(() => {
      const x = this.imageTensor(images);
      const z = this.logits(x);
      return tf.sum(tf.sub(tf.softplus(z), tf.mul(x, z)), [1, 2]) as tf.Tensor1D;
    });
  }

  /** Mean negative log-likelihood per pixel, in nats (divide by ln 2 for bits per pixel). */
  loss(images: ImageBatch): tf.Scalar {
    return tidyResult(() => tf.div(tf.mean(this.negativeLogLikelihood(images)), this.height * this.width) as tf.Scalar);
  }

  /**
   * Draws `count` images pixel by pixel in raster order, each pixel from p = σ(z / τ) given the
   * pixels already drawn. The same seed gives the same images. Checks the interrupt between rows.
   */
  sample(count: number, options: PixelSampleOptions = {}): number[][][] {
    if (!Number.isInteger(count) || count <= 0) throw new Error(`PixelRNN.sample: count must be a positive integer; got ${String(count)}`);
    const temperature = options.temperature ?? 1;
    if (!(temperature >= 0) || !Number.isFinite(temperature)) throw new Error(`PixelRNN.sample: temperature must be a finite number ≥ 0; got ${temperature}`);
    const random = new Random(options.seed ?? randomSeed());
    const images = Array.from({ length: count }, () => Array.from({ length: this.height }, () => new Array<number>(this.width).fill(0)));
    let rowState = this.rows.cell.zeroState(count);
    try {
      for (let r = 0; r < this.height; r++) {
        throwIfInterrupted();
        const previousRow = r === 0 ? images.map(() => new Array<number>(this.width).fill(0)) : images.map((image) => image[r - 1]);
        const next = tf.tidy(() => this.rows.cell.step(tf.tensor2d(previousRow, [count, this.width]), rowState).state);
        tf.dispose(rowState);
        rowState = next;
        this.sampleRow(r, rowState[0], images, random, temperature);
      }
    } finally {
      tf.dispose(rowState);
    }
    return images;
  }

  /** Draws row r of every image pixel by pixel along R_pixels, given h_r `[count, hidden]`. */
  private sampleRow(r: number, h: tf.Tensor2D, images: number[][][], random: Random, temperature: number): void {
    let state = this.pixels.cell.zeroState(images.length);
    try {
      for (let c = 0; c < this.width; c++) {
        const left = images.map((image) => [c === 0 ? 0 : image[r][c - 1]]);
        const { z, next } = tf.tidy(() => {
          const step = this.pixels.cell.step(tf.concat([tf.tensor2d(left, [images.length, 1]), h], 1), state);
          return { z: this.readout.apply(step.output) as tf.Tensor2D, next: step.state };
        });
        const logits = z.dataSync();
        z.dispose();
        tf.dispose(state);
        state = next;
        images.forEach((image, i) => {
          image[r][c] = random.next() < bernoulliProbability(logits[i], temperature) ? 1 : 0;
        });
      }
    } finally {
      tf.dispose(state);
    }
  }

  private imageTensor(images: ImageBatch): tf.Tensor3D {
    const x = images instanceof tf.Tensor ? images : tf.tensor3d(images as number[][][]);
    expectShape('PixelRNN images', x, ['batch', 'height', 'width'], [undefined, this.height, this.width]);
    return x.dtype === 'float32' ? x : (tf.cast(x, 'float32') as tf.Tensor3D);
  }

  trainableVariables(): tf.Variable[] {
    return [...this.rows.trainableVariables(), ...this.pixels.trainableVariables(), ...this.readout.trainableVariables()];
  }

  namedVariables(): Record<string, tf.Variable> {
    return { ...prefixed('rows', this.rows.namedVariables()), ...prefixed('pixels', this.pixels.namedVariables()), ...prefixed('readout', this.readout.namedVariables()) };
  }

  /** R_rows (kernel, recurrentKernel, bias), R_pixels (same), readout (kernel, bias). */
  layersWeights(): tf.Variable[] {
    return this.trainableVariables();
  }

  dispose(): void {
    this.rows.dispose();
    this.pixels.dispose();
    this.readout.dispose();
  }
}

/** σ(z / τ), with τ = 0 meaning 1 when z > 0 and 0 otherwise. */
function bernoulliProbability(z: number, temperature: number): number {
  if (temperature === 0) return z > 0 ? 1 : 0;
  return 1 / (1 + Math.exp(-z / temperature));
}
