/** What a benchmark runs: cell type and sizes (batch B, time T, vocabulary V, hidden H). */
export type CellName = 'lstm' | 'gru' | 'rnn';

export interface BenchShape {
  B: number;
  T: number;
  V: number;
  H: number;
}

/** Seeded token ids `[B, T + 1]` (inputs are the first T, targets the last T). */
export function randomIds(shape: BenchShape, seed: number): Int32Array {
  let state = seed >>> 0;
  const ids = new Int32Array(shape.B * (shape.T + 1));
  for (let i = 0; i < ids.length; i++) ids[i] = (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) % shape.V;
  return ids;
}
