/**
 * Training a `PixelRNN` by maximum likelihood: mini-batches of images, the mean negative
 * log-likelihood per pixel (`PixelRNN.loss`) minimised by `trainOnBatches` (seeded shuffling,
 * clipping, interrupt and time limit checked between steps).
 */
import { trainOnBatches, type LoopHistory, type TrainLoopOptions } from '../train/trainLoop';
import type { PixelRNN } from './pixelRNN';

/** images: `[count][height][width]` of 0 and 1 (e.g. `tinyImages(...).images`). */
export async function trainPixelRNN(model: PixelRNN, images: readonly (readonly (readonly number[])[])[], options: TrainLoopOptions = {}): Promise<LoopHistory> {
  if (!Array.isArray(images) || images.length === 0) throw new Error('trainPixelRNN: expected a non-empty array of images [height][width]');
  images.forEach((image, n) => {
    if (!Array.isArray(image) || image.length !== model.height || image.some((row) => !Array.isArray(row) || row.length !== model.width)) {
      throw new Error(`trainPixelRNN: image ${n} must be ${model.height} rows of ${model.width} pixels, like the model`);
    }
  });
  return trainOnBatches(images.length, (indices) => model.loss(indices.map((i) => images[i])), model.trainableVariables(), options);
}
