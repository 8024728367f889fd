import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../kernel/lib/tf';
import { selectBackend } from '../../../kernel/lib/backend';
import { InterruptedError, setInterruptSource } from '../../../kernel/lib/core/interrupt';
import { PixelRNN } from '../../../kernel/lib/models/pixelRNN';
import { trainPixelRNN } from '../../../kernel/lib/models/pixelRNNTraining';
import { allTinyImages, tinyImages, tinyShapeOf } from '../../../kernel/lib/data/synthetic/tinyImages';
import { gradCheck } from '../../support/gradcheck';
import { assertNoLeak, onEachBackend } from '../../support/backends';
import { assertClose } from '../../support/closeness';
import { add, vecMat } from '../../support/plainMath';

/** Hand-set Elman weights for a 2 × 3 image, row state and pixel state of size 2. */
const hand = {
  rowKernel: [[0.5, -0.3], [0.2, 0.4], [-0.6, 0.1]],
  rowRecurrent: [[0.3, 0.2], [-0.4, 0.5]],
  rowBias: [0.1, -0.2],
  // input [x_left ; h_r] → 3 rows
  pixelKernel: [[0.8, -0.5], [0.3, 0.6], [-0.2, 0.4]],
  pixelRecurrent: [[0.1, -0.3], [0.5, 0.2]],
  pixelBias: [-0.1, 0.05],
  readoutKernel: [[1.2], [-0.7]],
  readoutBias: [0.3],
};

function handModel(): PixelRNN {
  const model = new PixelRNN({ height: 2, width: 3, hiddenSize: 2, cell: 'rnn', seed: 1 });
  const set = (v: tf.Variable, values: number[] | number[][]) => v.assign(Array.isArray(values[0]) ? tf.tensor2d(values as number[][]) : tf.tensor1d(values as number[]));
  set(model.rows.cell.weights.kernel, hand.rowKernel);
  set(model.rows.cell.weights.recurrentKernel, hand.rowRecurrent);
  set(model.rows.cell.weights.bias, hand.rowBias);
  set(model.pixels.cell.weights.kernel, hand.pixelKernel);
  set(model.pixels.cell.weights.recurrentKernel, hand.pixelRecurrent);
  set(model.pixels.cell.weights.bias, hand.pixelBias);
  set(model.readout.weights.kernel, hand.readoutKernel);
  set(model.readout.weights.bias!, hand.readoutBias);
  return model;
}

/** z_{r,c} in plain JS: h_r = tanh(x_{r-1} K + h_{r-1} R + b), g_{r,c} = tanh([x_{r,c-1} ; h_r] K' + g_{r,c-1} R' + b'), z = g w + b_o. */
function expectedLogits(image: number[][]): number[][] {
  let h = [0, 0];
  return image.map((row, r) => {
    const above = r === 0 ? [0, 0, 0] : image[r - 1];
    h = add(add(vecMat(above, hand.rowKernel), vecMat(h, hand.rowRecurrent)), hand.rowBias).map(Math.tanh);
    let g = [0, 0];
    return row.map((_, c) => {
      const input = [c === 0 ? 0 : row[c - 1], ...h];
      g = add(add(vecMat(input, hand.pixelKernel), vecMat(g, hand.pixelRecurrent)), hand.pixelBias).map(Math.tanh);
      return vecMat(g, hand.readoutKernel)[0] + hand.readoutBias[0];
    });
  });
}

/** Every 2 × 2 binary image. */
const allTwoByTwo = Array.from({ length: 16 }, (_, k) => [[(k >> 3) & 1, (k >> 2) & 1], [(k >> 1) & 1, k & 1]]);

onEachBackend(() => {
  test('logits and the negative log-likelihood follow the row and pixel recurrences on hand-set weights', () => {
    const model = handModel();
    const images = [[[1, 0, 1], [0, 1, 1]], [[0, 0, 0], [1, 1, 0]]];
    const [z, nll] = assertNoLeak(() => tf.tidy(() => [model.logits(images).arraySync(), Array.from(model.negativeLogLikelihood(images).dataSync())]));
    images.forEach((image, n) => {
      const expected = expectedLogits(image);
      assertClose(z[n].flat(), expected.flat(), 1e-5, `logits of image ${n}`);
      // −log p(x) = Σ −[x log σ(z) + (1 − x) log(1 − σ(z))]
      const sigma = (v: number) => 1 / (1 + Math.exp(-v));
      const expectedNll = expected.flat().reduce((sum, v, i) => sum - (image.flat()[i] ? Math.log(sigma(v)) : Math.log(1 - sigma(v))), 0);
      assertClose(nll[n], expectedNll, 1e-5, `negative log-likelihood of image ${n}`);
    });
    model.dispose();
  });

  test('changing a pixel never changes the predictions for it or for pixels before it in raster order', () => {
    const model = new PixelRNN({ height: 4, width: 5, hiddenSize: 6, pixelHiddenSize: 4, seed: 9 });
    const base = tinyImages({ count: 1, size: 5, seed: 3 }).images[0].slice(0, 4);
    const original = model.logits([base]).arraySync()[0].flat();
    for (let r = 0; r < 4; r++) {
      for (let c = 0; c < 5; c++) {
        const changed = base.map((row) => [...row]);
        changed[r][c] = 1 - changed[r][c];
        const logits = tf.tidy(() => model.logits([changed]).arraySync()[0].flat());
        const position = r * 5 + c;
        assertClose(logits.slice(0, position + 1), original.slice(0, position + 1), 1e-6, `predictions up to pixel (${r}, ${c})`);
        if (position + 1 < 20) {
          const later = logits.slice(position + 1).some((v, i) => Math.abs(v - original[position + 1 + i]) > 1e-6);
          assert.ok(later, `pixel (${r}, ${c}) should influence some later prediction`);
        }
      }
    }
    model.dispose();
  });

  test('the probabilities of all 2 × 2 images sum to 1', () => {
    const model = new PixelRNN({ height: 2, width: 2, hiddenSize: 3, seed: 4, cell: 'gru' });
    const total = tf.tidy(() => tf.sum(tf.exp(tf.neg(model.negativeLogLikelihood(allTwoByTwo)))).dataSync()[0]);
    assertClose(total, 1, 1e-5, 'Σ_x p(x)');
    model.dispose();
  });

  for (const cell of ['lstm', 'gru'] as const) {
    test(`gradients of the loss match finite differences (${cell} cells)`, () => {
      const model = new PixelRNN({ height: 3, width: 3, hiddenSize: 2, pixelHiddenSize: 2, cell, seed: 2 });
      const images = [[[1, 0, 1], [0, 1, 0], [1, 1, 0]], [[0, 0, 1], [1, 1, 1], [0, 0, 0]]];
      const result = gradCheck(() => model.loss(images), model.namedVariables(), { maxElementsPerVariable: 8 });
      assert.ok(result.maxRelativeError < 1e-2, `max relative error ${result.maxRelativeError} at ${JSON.stringify(result.worst)}`);
      model.dispose();
    });
  }

  test('sampling is deterministic for a seed, draws binary images, and temperature 0 takes the likelier value of each pixel', () => {
    const model = new PixelRNN({ height: 4, width: 4, hiddenSize: 5, seed: 8 });
    const first = assertNoLeak(() => model.sample(6, { seed: 42 }));
    assert.deepEqual(model.sample(6, { seed: 42 }), first);
    assert.notDeepEqual(model.sample(6, { seed: 43 }), first);
    assert.equal(first.length, 6);
    for (const image of first) {
      assert.equal(image.length, 4);
      for (const row of image) assert.ok(row.length === 4 && row.every((v) => v === 0 || v === 1));
    }
    const [coldA, coldB] = model.sample(2, { seed: 1, temperature: 0 });
    assert.deepEqual(coldA, coldB);
    // Each pixel of the temperature-0 image is on exactly when its logit, given the pixels before it, is positive.
    const z = tf.tidy(() => model.logits([coldA]).arraySync()[0]);
    coldA.forEach((row, r) => row.forEach((v, c) => assert.equal(v, z[r][c] > 0 ? 1 : 0, `pixel (${r}, ${c})`)));
    assert.throws(() => model.sample(0), /count must be a positive integer/);
    assert.throws(() => model.sample(1, { temperature: -1 }), /temperature must be a finite number ≥ 0/);
    model.dispose();
  });

  test('sampled 2 × 2 images follow the model’s own probabilities', () => {
    const model = new PixelRNN({ height: 2, width: 2, hiddenSize: 3, seed: 12 });
    const probabilities = tf.tidy(() => Array.from(tf.exp(tf.neg(model.negativeLogLikelihood(allTwoByTwo))).dataSync()));
    const n = 4000;
    const counts = new Array<number>(16).fill(0);
    for (const image of model.sample(n, { seed: 7 })) counts[image[0][0] * 8 + image[0][1] * 4 + image[1][0] * 2 + image[1][1]]++;
    counts.forEach((count, k) => {
      // Within 4 standard deviations of a binomial(n, p) count.
      const p = probabilities[k];
      assert.ok(Math.abs(count / n - p) <= 4 * Math.sqrt((p * (1 - p)) / n) + 1e-3, `image ${k}: frequency ${count / n}, probability ${p}`);
    });
    model.dispose();
  });

  test('bad images are refused with the expected shape in the message', () => {
    const model = new PixelRNN({ height: 3, width: 3, hiddenSize: 2, seed: 1 });
    assert.throws(() => model.logits([[[1, 0], [0, 1]]]), /PixelRNN images: expected shape \[batch, height=3, width=3\], got \[1, 2, 2\]/);
    return trainPixelRNN(model, [[[1, 0], [0, 1]]]).then(
      () => assert.fail('expected an error'),
      (error: Error) => {
        assert.match(error.message, /image 0 must be 3 rows of 3 pixels/);
        model.dispose();
      },
    );
  });
});

describe('tiny shape images', () => {
  test('the generator is deterministic for a seed and draws only the shapes it names', () => {
    const a = tinyImages({ count: 50, size: 8, seed: 5 });
    assert.deepEqual(tinyImages({ count: 50, size: 8, seed: 5 }), a);
    a.images.forEach((image, i) => assert.equal(tinyShapeOf(image), a.labels[i]));
    const bars = tinyImages({ count: 20, size: 6, shapes: ['hbar'], seed: 1 });
    assert.ok(bars.labels.every((label) => label === 'hbar'));
    assert.ok(bars.images.every((image) => image.filter((row) => row.every((v) => v === 1)).length === 1));
  });

  test('allTinyImages lists every drawable image once: 8 + 8 + 6² crosses + 21² boxes on an 8 × 8 grid', () => {
    const all = allTinyImages(8);
    const count = (label: string) => all.labels.filter((l) => l === label).length;
    assert.deepEqual([count('hbar'), count('vbar'), count('cross'), count('box')], [8, 8, 36, 441]);
    assert.equal(new Set(all.images.map((image) => image.flat().join(''))).size, all.images.length);
  });

  test('tinyShapeOf rejects images that are not exactly a shape, and bad options fail clearly', () => {
    const image = allTinyImages(8).images[0].map((row) => [...row]);
    image[5][5] = 1;
    assert.equal(tinyShapeOf(image), undefined);
    assert.throws(() => tinyImages({ count: 1, size: 3 }), /size must be at least 4/);
    assert.throws(() => tinyImages({ count: 1, shapes: ['circle' as never] }), /unknown shape 'circle'/);
    assert.throws(() => tinyShapeOf([[1, 0], [0, 1]]), /expected a square image of side ≥ 4/);
  });
});

describe('training a PixelRNN on the wasm backend', () => {
  before(async () => {
    await selectBackend('wasm');
  });
  after(() => setInterruptSource(() => false));

  test('training on tiny shapes lowers the likelihood loss well below chance, without leaking tensors', async () => {
    const data = tinyImages({ count: 300, size: 6, seed: 1 });
    const model = new PixelRNN({ height: 6, width: 6, hiddenSize: 16, pixelHiddenSize: 16, seed: 3 });
    const tensorsBefore = tf.memory().numTensors;
    const initial = tf.tidy(() => model.loss(data.images).dataSync()[0]);
    const history = await trainPixelRNN(model, data.images, { maxSteps: 100, batchSize: 32, optimizer: { name: 'adam', learningRate: 0.02 }, seed: 2 });
    assert.equal(tf.memory().numTensors, tensorsBefore, 'training leaked tensors');
    const trained = tf.tidy(() => model.loss(data.images).dataSync()[0]);
    assert.equal(history.stepsCompleted, 100);
    // Chance (every pixel a coin flip) is ln 2 ≈ 0.69 nats per pixel.
    assert.ok(initial > 0.5 && trained < 0.35, `loss per pixel went from ${initial} to ${trained}`);
    model.dispose();
  });

  test('an interrupt stops training before the next step and stops sampling with InterruptedError', async () => {
    const model = new PixelRNN({ height: 4, width: 4, hiddenSize: 4, seed: 1 });
    setInterruptSource(() => true);
    const history = await trainPixelRNN(model, tinyImages({ count: 8, size: 4, seed: 1 }).images, { maxSteps: 5 });
    assert.equal(history.stopReason, 'interrupted');
    assert.equal(history.interrupted, true);
    assert.equal(history.stepsCompleted, 0);
    const tensorsBefore = tf.memory().numTensors;
    assert.throws(() => model.sample(2, { seed: 1 }), InterruptedError);
    assert.equal(tf.memory().numTensors, tensorsBefore, 'an interrupted sample leaked tensors');
    setInterruptSource(() => false);
    model.dispose();
  });
});
