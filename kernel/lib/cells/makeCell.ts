/** Builds a built-in cell by kind name, for layers and models configured with `cell: 'lstm'` etc. */
import type { InitializerSpec } from '../init/initializers';
import type { BaseCell } from './baseCell';
import { ElmanCell, type ElmanActivation } from './elman';
import { GRUCell } from './gru';
import { LSTMCell } from './lstm';

export type CellKind = 'rnn' | 'gru' | 'lstm';
export const cellKinds: readonly CellKind[] = ['rnn', 'gru', 'lstm'];

export interface MakeCellOptions {
  inputSize: number;
  hiddenSize: number;
  seed?: number;
  /** Elman cells only. */
  activation?: ElmanActivation;
  /** LSTM cells only. */
  forgetBias?: number;
  kernelInitializer?: InitializerSpec;
  recurrentInitializer?: InitializerSpec;
  biasInitializer?: InitializerSpec;
}

export function makeCell(kind: CellKind, options: MakeCellOptions): BaseCell {
  switch (kind) {
    case 'rnn':
      return new ElmanCell(options);
    case 'gru':
      return new GRUCell(options);
    case 'lstm':
      return new LSTMCell(options);
    default:
      throw new Error(`unknown cell kind '${String(kind)}'; expected one of ${cellKinds.join(', ')}`);
  }
}
