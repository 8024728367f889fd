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

/**
 * An Elman RNN over whole sequences: h_t = tanh(x_t W_xh + h_{t-1} W_hh + b).
 * `apply(x)` takes `[batch, time, inputSize]` and returns the states `outputs` `[batch, time, hiddenSize]`
 * and the `last` state `[batch, hiddenSize]`.
 * @example const rnn = new ElmanRNN({ inputSize: 2, hiddenSize: 16, seed: 1 });
 */
export class ElmanRNN extends RNN {
  declare readonly cell: ElmanCell;
  constructor(options: ElmanCellOptions & RNNOptions) {
    const s = seeds(options?.seed);
    super(new ElmanCell({ ...options, seed: s.cell }), layerOptions(options, s.layer));
  }
}

/**
 * A GRU over whole sequences: update gate z_t, reset gate r_t, s_t = z_t ⊙ s_{t-1} + (1 − z_t) ⊙ s̃_t.
 * `apply(x)` takes `[batch, time, inputSize]` and returns the states `outputs` `[batch, time, hiddenSize]`
 * and the `last` state `[batch, hiddenSize]`; `cell` is its `GRUCell`.
 * @example const gru = new GRU({ inputSize: 2, hiddenSize: 32, seed: 7 });
 */
export class GRU extends RNN {
  declare readonly cell: GRUCell;
  constructor(options: GRUCellOptions & RNNOptions) {
    const s = seeds(options?.seed);
    super(new GRUCell({ ...options, seed: s.cell }), layerOptions(options, s.layer));
  }
}

/**
 * An LSTM over whole sequences: input, forget and output gates around a memory cell,
 * c_t = f_t ⊙ c_{t-1} + i_t ⊙ c̃_t and h_t = o_t ⊙ tanh(c_t).
 * `apply(x)` takes `[batch, time, inputSize]` and returns the outputs h_t `[batch, time, hiddenSize]`,
 * the `last` output `[batch, hiddenSize]` and the `finalState` [h, c]; `cell` is its `LSTMCell`.
 * @example const lstm = new LSTM({ inputSize: 65, hiddenSize: 128, seed: 1 });
 */
export class LSTM extends RNN {
  declare readonly cell: LSTMCell;
  constructor(options: LSTMCellOptions & RNNOptions) {
    const s = seeds(options?.seed);
    super(new LSTMCell({ ...options, seed: s.cell }), layerOptions(options, s.layer));
  }
}
