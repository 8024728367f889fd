/**
 * Sequence layers with a built-in cell, as in `new LSTM({ inputSize: 65, hiddenSize: 128 })`:
 * an `RNN` whose `cell` is an `ElmanCell`, `GRUCell` or `LSTMCell` built from the same options
 * (cell options plus `recurrentDropout` and `fused`). The cell's seed and the dropout seed both
 * derive from `seed`.
 */
import { ElmanCell, type ElmanCellOptions } from '../cells/elman';
import { GRUCell, type GRUCellOptions } from '../cells/gru';
import { LSTMCell, type LSTMCellOptions } from '../cells/lstm';
import { childSeed, randomSeed } from '../init/seeds';
import { RNN, type RNNOptions } from './sequence';

function seeds(seed: number | undefined): { cell: number; layer: number } {
  const root = seed ?? randomSeed();
  return { cell: childSeed(root, 'cell'), layer: childSeed(root, 'layer') };
}

function layerOptions(options: RNNOptions, seed: number): RNNOptions {
  return { recurrentDropout: options.recurrentDropout, fused: options.fused, seed };
}

export class ElmanRNN extends RNN {
  declare readonly cell: ElmanCell;
  constructor(options: ElmanCellOptions & RNNOptions) {
    const s = seeds(options?.seed);
    super(new ElmanCell({ ...options, seed: s.cell }), layerOptions(options, s.layer));
  }
}

export class GRU extends RNN {
  declare readonly cell: GRUCell;
  constructor(options: GRUCellOptions & RNNOptions) {
    const s = seeds(options?.seed);
    super(new GRUCell({ ...options, seed: s.cell }), layerOptions(options, s.layer));
  }
}

export class LSTM extends RNN {
  declare readonly cell: LSTMCell;
  constructor(options: LSTMCellOptions & RNNOptions) {
    const s = seeds(options?.seed);
    super(new LSTMCell({ ...options, seed: s.cell }), layerOptions(options, s.layer));
  }
}
