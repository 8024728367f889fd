/**
 * Stacked (deep) RNN: layer ℓ reads the output sequence of layer ℓ−1,
 *
 *   h^ℓ_t = R_ℓ(h^ℓ_{t-1}, d^ℓ_t ⊙ h^{ℓ−1}_t),   h^0_t = x_t,
 *
 * with dropout d^ℓ on the connections between layers only (Zaremba et al. 2014: not on the
 * recurrent connections), fresh at every step. Dropout on the recurrent connections is each
 * layer's own `recurrentDropout`: one mask per sequence for all steps (Gal & Ghahramani 2016).
 */
import { tf } from '../tf';
import { tidyResult } from '../core/tidyResult';
import type { RecurrentState, StepInternals } from '../core/types';
import { makeCell, type CellKind, type MakeCellOptions } from '../cells/makeCell';
import { childSeed, randomSeed, SeedStream } from '../init/seeds';
import { Bidirectional, type MergeMode } from './bidirectional';
import { checkMaskShape, checkRate, dropoutMask } from './dropout';
import { prefixed } from '../core/module';
import { RNN, type RNNOptions } from './sequence';
import type { SequenceApplyOptions, SequenceLayer, SequenceResult } from './sequenceLayer';

export interface StackedRNNConfig extends MakeCellOptions, RNNOptions {
  cell: CellKind;
  /** Number of layers (≥ 1); every layer has `hiddenSize` units per direction. */
  numLayers: number;
  /** Dropout rate between consecutive layers (default 0). */
  dropout?: number;
  /** Make every layer bidirectional, merged this way. */
  bidirectional?: MergeMode;
}

export type StackedRNNOptions = { layers: SequenceLayer[]; dropout?: number; seed?: number } | StackedRNNConfig;

function buildLayers(config: StackedRNNConfig, seed: number): SequenceLayer[] {
  if (!Number.isInteger(config.numLayers) || config.numLayers < 1) throw new Error(`numLayers must be a positive integer; got ${String(config.numLayers)}`);
  const layers: SequenceLayer[] = [];
  for (let l = 0; l < config.numLayers; l++) {
    const inputSize = l === 0 ? config.inputSize : layers[l - 1].outputSize;
    const layerSeed = childSeed(seed, `layer${l}`);
    const options = { ...config, inputSize, seed: layerSeed };
    layers.push(
      config.bidirectional
        ? new Bidirectional({ ...options, merge: config.bidirectional })
        : new RNN(makeCell(config.cell, { ...options, seed: childSeed(layerSeed, 'cell') }), {
            recurrentDropout: config.recurrentDropout,
            fused: config.fused,
            seed: childSeed(layerSeed, 'layer'),
          }),
    );
  }
  return layers;
}

export class StackedRNN implements SequenceLayer {
  readonly layers: readonly SequenceLayer[];
  readonly dropout: number;
  private readonly dropoutSeeds: SeedStream;

  constructor(options: StackedRNNOptions) {
    if (options === null || typeof options !== 'object') throw new Error(`StackedRNN options must be an object; got ${String(options)}`);
    const seed = options.seed ?? randomSeed();
    this.layers = 'layers' in options ? [...options.layers] : buildLayers(options, seed);
    if (this.layers.length === 0) throw new Error('StackedRNN needs at least one layer');
    for (let l = 1; l < this.layers.length; l++) {
      if (this.layers[l].inputSize !== this.layers[l - 1].outputSize) {
        throw new Error(`StackedRNN: layer ${l} expects input size ${this.layers[l].inputSize} but layer ${l - 1} outputs ${this.layers[l - 1].outputSize}`);
      }
    }
    this.dropout = checkRate(options.dropout ?? 0, 'dropout');
    this.dropoutSeeds = new SeedStream(childSeed(seed, 'dropout'));
  }

  get inputSize(): number {
    return this.layers[0].inputSize;
  }
  get outputSize(): number {
    return this.layers[this.layers.length - 1].outputSize;
  }
  get stateCount(): number {
    return this.layers.reduce((n, layer) => n + layer.stateCount, 0);
  }
  get recurrentDirections(): number {
    return this.layers.reduce((n, layer) => n + layer.recurrentDirections, 0);
  }
  get directionSizes(): readonly number[] {
    return this.layers.flatMap((layer) => layer.directionSizes);
  }

  zeroState(batch: number): RecurrentState {
    return this.layers.flatMap((layer) => layer.zeroState(batch));
  }

  /** inputs `[batch, time, input]` → the top layer's outputs; states of all layers, bottom first. */
  apply(inputs: tf.Tensor3D, options: SequenceApplyOptions = {}): SequenceResult {
    const { initialState, dropoutMasks } = options;
    if (initialState && initialState.length !== this.stateCount) {
      throw new Error(`StackedRNN: initialState must hold ${this.stateCount} tensors (all layers' states, bottom first); got ${initialState.length}`);
    }
    const recurrent = dropoutMasks?.recurrent;
    if (recurrent && recurrent.length !== this.recurrentDirections) {
      throw new Error(`StackedRNN: dropoutMasks.recurrent must hold ${this.recurrentDirections} masks (one per layer and direction); got ${recurrent.length}`);
    }
    const between = dropoutMasks?.between;
    if (between && between.length !== this.layers.length - 1) {
      throw new Error(`StackedRNN: dropoutMasks.between must hold ${this.layers.length - 1} masks (one per connection between layers); got ${between.length}`);
    }
    return tidyResult(() => {
      let x = inputs;
      let stateOffset = 0;
      let maskOffset = 0;
      const finalState: RecurrentState = [];
      const internals: StepInternals[] = [];
      let top: SequenceResult | undefined;
      this.layers.forEach((layer, l) => {
        if (l > 0) x = this.betweenLayers(x, l - 1, options);
        top = layer.apply(x, {
          mask: options.mask,
          training: options.training,
          internals: options.internals,
          initialState: initialState?.slice(stateOffset, stateOffset + layer.stateCount),
          dropoutMasks: recurrent ? { recurrent: recurrent.slice(maskOffset, maskOffset + layer.recurrentDirections) } : undefined,
        });
        stateOffset += layer.stateCount;
        maskOffset += layer.recurrentDirections;
        finalState.push(...top.finalState);
        top.internals?.forEach((step, t) => (internals[t] = { ...internals[t], ...prefixed(`layer${l}`, step) }));
        x = top.outputs;
      });
      const { outputs, last } = top as SequenceResult;
      const result: SequenceResult = { outputs, last, finalState };
      if (options.internals) result.internals = internals;
      return result;
    });
  }

  /** d ⊙ h^{ℓ}: the given mask, or a fresh one when training with `dropout` > 0. */
  private betweenLayers(x: tf.Tensor3D, connection: number, options: SequenceApplyOptions): tf.Tensor3D {
    const given = options.dropoutMasks?.between?.[connection];
    if (given) {
      checkMaskShape(given, x.shape, `dropout mask between layers ${connection} and ${connection + 1}`);
      return tf.mul(x, given);
    }
    if (!options.training || this.dropout === 0) return x;
    return tf.mul(x, dropoutMask(x.shape, this.dropout, this.dropoutSeeds.next()));
  }

  trainableVariables(): tf.Variable[] {
    return this.layers.flatMap((layer) => layer.trainableVariables());
  }

  namedVariables(): Record<string, tf.Variable> {
    return Object.assign({}, ...this.layers.map((layer, l) => prefixed(`layers.${l}`, layer.namedVariables())));
  }

  /** The order a tfjs-layers `sequential` of these layers lists its weights: layer by layer. */
  layersWeights(): tf.Variable[] {
    return this.layers.flatMap((layer) => layer.layersWeights());
  }

  dispose(): void {
    for (const layer of this.layers) layer.dispose();
  }
}
