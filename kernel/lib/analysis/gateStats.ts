/**
 * Gate saturation in GRU and LSTM cells.
 *
 * A gate is a sigmoid in (0, 1) that multiplies elementwise. Near 0 it blocks, near 1 it passes,
 * and there the sigmoid is flat (σ' = σ(1 − σ) ≈ 0), so a saturated gate also passes almost no
 * gradient to its own weights. A forget gate that sits near 1 is the LSTM's additive shortcut
 * through time; one stuck near 0 erases the memory each step. These statistics summarise, per
 * gate, how often its values fall below `low` or above `high`, their mean, and a histogram.
 *
 * Gate names are those the cells report in `step(x, s, { internals: true }).internals`:
 * `inputGate`, `forgetGate`, `outputGate` (LSTM) and `updateGate`, `resetGate` (GRU).
 */
import { tf } from '../tf';
import { describeValue } from '../core/expectShape';
import type { RecurrentCell, RecurrentState, StepInternals } from '../core/types';

export const knownGates: readonly string[] = ['inputGate', 'forgetGate', 'outputGate', 'updateGate', 'resetGate'];

export interface GateStatistics {
  gate: string;
  /** Gate values counted (units × real steps × sequences). */
  count: number;
  mean: number;
  /** Fraction of values < low. */
  fractionLow: number;
  /** Fraction of values > high. */
  fractionHigh: number;
  /** fractionLow + fractionHigh. */
  fractionSaturated: number;
  /** `bins` equal bins over [0, 1]: counts[k] holds values in [edges[k], edges[k+1]) (the last bin includes 1). */
  histogram: { edges: number[]; counts: number[] };
}

export interface GateStatsOptions {
  /** Default 0.1. */
  low?: number;
  /** Default 0.9. */
  high?: number;
  /** Histogram bins over [0, 1] (default 10). */
  bins?: number;
  /** Which internals to summarise (default: every known gate name present). */
  gates?: string[];
}

class Accumulator {
  count = 0;
  sum = 0;
  low = 0;
  high = 0;
  readonly counts: number[];

  constructor(readonly gate: string, private readonly options: Required<Omit<GateStatsOptions, 'gates'>>) {
    this.counts = new Array(options.bins).fill(0);
  }

  /** Adds the values of rows whose `weight` is 1 (`values` `[batch × hidden]` row-major). */
  add(values: Float32Array | Int32Array | Uint8Array, hidden: number, rowWeights?: ArrayLike<number>): void {
    const { low, high, bins } = this.options;
    for (let i = 0; i < values.length; i++) {
      if (rowWeights && rowWeights[Math.floor(i / hidden)] === 0) continue;
      const v = values[i];
      this.count++;
      this.sum += v;
      if (v < low) this.low++;
      if (v > high) this.high++;
      this.counts[Math.min(bins - 1, Math.max(0, Math.floor(v * bins)))]++;
    }
  }

  result(): GateStatistics {
    const n = this.count;
    const bins = this.options.bins;
    return {
      gate: this.gate,
      count: n,
      mean: n ? this.sum / n : NaN,
      fractionLow: n ? this.low / n : NaN,
      fractionHigh: n ? this.high / n : NaN,
      fractionSaturated: n ? (this.low + this.high) / n : NaN,
      histogram: { edges: Array.from({ length: bins + 1 }, (_, k) => k / bins), counts: [...this.counts] },
    };
  }
}

function resolveOptions(options: GateStatsOptions): Required<Omit<GateStatsOptions, 'gates'>> {
  const low = options.low ?? 0.1;
  const high = options.high ?? 0.9;
  const bins = options.bins ?? 10;
  if (!(low >= 0 && high <= 1 && low <= high)) throw new Error(`gate statistics: need 0 ≤ low ≤ high ≤ 1; got low ${low}, high ${high}`);
  if (!Number.isInteger(bins) || bins < 1) throw new Error(`gate statistics: bins must be a positive integer; got ${bins}`);
  return { low, high, bins };
}

function gateNames(internals: StepInternals, requested?: string[]): string[] {
  const present = Object.keys(internals);
  if (requested) {
    const missing = requested.filter((g) => !present.includes(g));
    if (missing.length) throw new Error(`gate statistics: no internals named ${missing.join(', ')}; the cell reports ${present.join(', ')}`);
    return requested;
  }
  const gates = knownGates.filter((g) => present.includes(g));
  if (gates.length === 0) throw new Error(`gate statistics: found no gates (${knownGates.join(', ')}) among the internals ${present.join(', ')}; is this a gated cell?`);
  return gates;
}

/**
 * Statistics from recorded internals, one entry per time step (each gate `[batch, hidden]`).
 * `mask[b][t]` = 0 (`[batch, time]`, like every mask in the library) leaves padded steps out.
 */
export function gateStatistics(steps: StepInternals[], options: GateStatsOptions = {}, mask?: ArrayLike<ArrayLike<number>>): Record<string, GateStatistics> {
  if (!Array.isArray(steps) || steps.length === 0) throw new Error('gateStatistics: expected the internals of at least one step');
  const resolved = resolveOptions(options);
  const gates = gateNames(steps[0], options.gates);
  const accumulators = gates.map((g) => new Accumulator(g, resolved));
  steps.forEach((internals, t) => {
    accumulators.forEach((acc) => {
      const values = internals[acc.gate];
      if (!values) throw new Error(`gateStatistics: step ${t} has no '${acc.gate}'`);
      acc.add(values.dataSync(), values.shape[1], mask ? Array.from(mask, (row) => row[t]) : undefined);
    });
  });
  return Object.fromEntries(accumulators.map((acc) => [acc.gate, acc.result()]));
}

/**
 * Runs `cell` over inputs `[batch, time, input]` (from `initialState`, default zeros) asking for
 * internals, and summarises its gates. `mask` `[batch, time]` leaves padded steps out.
 */
export function collectGateStatistics(
  cell: RecurrentCell,
  inputs: tf.Tensor3D,
  options: GateStatsOptions & { initialState?: RecurrentState; mask?: tf.Tensor2D } = {},
): Record<string, GateStatistics> {
  if (!(inputs instanceof tf.Tensor) || inputs.rank !== 3 || inputs.shape[2] !== cell.inputSize) {
    throw new Error(`collectGateStatistics: inputs must be a tensor [batch, time, features=${cell.inputSize}]; got ${describeValue(inputs)}`);
  }
  const [batch, time, features] = inputs.shape;
  const mask = options.mask;
  if (mask && (mask.rank !== 2 || mask.shape[0] !== batch || mask.shape[1] !== time)) {
    throw new Error(`collectGateStatistics: mask must be [${batch}, ${time}] like the inputs; got [${mask.shape.join(', ')}]`);
  }
  const maskRows = mask ? (tf.tidy(() => tf.transpose(mask).arraySync()) as number[][]) : undefined;
  const resolved = resolveOptions(options);
  let state = options.initialState ? options.initialState.map((s) => tf.clone(s)) : cell.zeroState(batch);
  let accumulators: Accumulator[] | undefined;
  try {
    for (let t = 0; t < time; t++) {
      const previous = state;
      const out = tf.tidy(() => {
        const x = tf.reshape(tf.slice(inputs, [0, t, 0], [batch, 1, features]), [batch, features]) as tf.Tensor2D;
        const step = cell.step(x, previous, { internals: true });
        if (!step.internals) throw new Error(`collectGateStatistics: the ${cell.kind} cell returned no internals`);
        return { state: step.state, internals: step.internals };
      });
      // Internals may share tensors with the state (an LSTM reports its cell state c_t).
      const kept = new Set(out.state);
      tf.dispose(previous.filter((s) => !kept.has(s)));
      state = out.state;
      try {
        accumulators ??= gateNames(out.internals, options.gates).map((g) => new Accumulator(g, resolved));
        for (const acc of accumulators) acc.add(out.internals[acc.gate].dataSync(), cell.hiddenSize, maskRows?.[t]);
      } finally {
        tf.dispose([...new Set(Object.values(out.internals))].filter((s) => !kept.has(s)));
      }
    }
  } finally {
    tf.dispose(state);
  }
  if (!accumulators) throw new Error('collectGateStatistics: the input sequence is empty (time = 0)');
  return Object.fromEntries(accumulators.map((acc) => [acc.gate, acc.result()]));
}
