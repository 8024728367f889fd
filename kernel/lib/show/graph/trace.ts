/**
 * Runs cells step by step through the `RecurrentCell` contract, the way the unrolled picture
 * draws them: every layer, every direction, every step, collecting `h_t` (and `c_t`), the
 * cell's named internals, the merged layer outputs and `y_t`. The same run, with zero "probe"
 * tensors added on every edge, gives the BPTT view: the gradient of the loss with respect to a
 * probe is exactly the gradient that flows back along that edge.
 */
import { tf } from '../../tf';
import type { RecurrentCell, RecurrentState } from '../../core/types';

export interface PlanDirection {
  cell: RecurrentCell;
  direction: 'forward' | 'backward';
  weights: { input: string; recurrent: string };
}

export interface PlanLayer {
  directions: PlanDirection[];
  merge: 'concat' | 'sum';
}

export interface PlanSegment {
  name: string;
  layers: PlanLayer[];
  /** `[1, features]` per step; `null` where the step has no input (a zero vector is fed). */
  inputs: (tf.Tensor2D | null)[];
  /** Steps that emit `y_t`. */
  emits: boolean[];
  /** `given`: `initialStates[layer][direction]`; `encoder`: the previous segment's final forward states. */
  initial: 'zeros' | 'given' | 'encoder';
  initialStates?: RecurrentState[][];
}

export interface Plan {
  segments: PlanSegment[];
  /** `y_t = O(h_t)`; identity when absent. */
  output?: (h: tf.Tensor2D) => tf.Tensor2D;
}

export interface DirectionRun {
  initial: RecurrentState;
  /** state name → per step `[1, hidden]` */
  states: Record<string, tf.Tensor2D[]>;
  internals: Record<string, tf.Tensor2D[]>;
}

export interface SegmentRun {
  /** `[layer][direction]` */
  layers: DirectionRun[][];
  /** `y_t` per step, `null` where the step does not emit. */
  outputs: (tf.Tensor2D | null)[];
}

/** Zero tensors added on edges; keys from `probeKey`. */
export type Probes = Map<string, tf.Tensor2D>;

export const probeKey = {
  input: (s: number, l: number, d: number, t: number) => `in:${s}:${l}:${d}:${t}`,
  recurrent: (s: number, l: number, d: number, state: string, t: number) => `rec:${s}:${l}:${d}:${state}:${t}`,
  output: (s: number, t: number) => `out:${s}:${t}`,
};

const addProbe = (x: tf.Tensor2D, probes: Probes | undefined, key: string): tf.Tensor2D => {
  const p = probes?.get(key);
  return p ? tf.add(x, p) : x;
};

/**
 * Runs the plan. With `probes`, every probe is added on its edge (and must be a zero tensor of
 * that edge's shape); with `internals`, cells report their gates.
 */
export function runPlan(plan: Plan, options: { internals: boolean; probes?: Probes }): SegmentRun[] {
  const runs: SegmentRun[] = [];
  plan.segments.forEach((seg, s) => {
    let below: tf.Tensor2D[] = seg.inputs.map((x) => x ?? tf.zeros([1, seg.layers[0].directions[0].cell.inputSize]));
    const layerRuns: DirectionRun[][] = [];
    seg.layers.forEach((layer, l) => {
      const dirRuns = layer.directions.map((dir, d) => {
        const initial = initialState(seg, s, l, d, dir, runs);
        return runDirection(dir, below, initial, options.internals, (t, x) => addProbe(x, options.probes, probeKey.input(s, l, d, t)), (t, name, h) => addProbe(h, options.probes, probeKey.recurrent(s, l, d, name, t)));
      });
      layerRuns.push(dirRuns);
      const first = layer.directions[0].cell.stateNames[0];
      below = below.map((_, t) => {
        const hs = dirRuns.map((r) => r.states[first][t]);
        if (hs.length === 1) return hs[0];
        return layer.merge === 'sum' ? (tf.addN(hs) as tf.Tensor2D) : tf.concat(hs, 1);
      });
    });
    const outputs = below.map((h, t) => {
      if (!seg.emits[t]) return null;
      const y = plan.output ? plan.output(h) : h;
      return addProbe(y, options.probes, probeKey.output(s, t));
    });
    runs.push({ layers: layerRuns, outputs });
  });
  return runs;
}

function initialState(seg: PlanSegment, s: number, l: number, d: number, dir: PlanDirection, previous: SegmentRun[]): RecurrentState {
  if (seg.initial === 'given' && seg.initialStates?.[l]?.[d]) return seg.initialStates[l][d];
  if (seg.initial === 'encoder' && dir.direction === 'forward') {
    const encoder = previous[s - 1]?.layers[l]?.[0];
    if (encoder) {
      const last = (name: string) => encoder.states[name][encoder.states[name].length - 1];
      return dir.cell.stateNames.map(last);
    }
  }
  return dir.cell.zeroState(1);
}

function runDirection(
  dir: PlanDirection,
  inputs: tf.Tensor2D[],
  initial: RecurrentState,
  internals: boolean,
  probeInput: (t: number, x: tf.Tensor2D) => tf.Tensor2D,
  probeState: (t: number, name: string, h: tf.Tensor2D) => tf.Tensor2D,
): DirectionRun {
  const T = inputs.length;
  const names = dir.cell.stateNames;
  const run: DirectionRun = { initial, states: Object.fromEntries(names.map((n) => [n, new Array<tf.Tensor2D>(T)])), internals: {} };
  let state = initial;
  for (let i = 0; i < T; i++) {
    const t = dir.direction === 'forward' ? i : T - 1 - i;
    const x = probeInput(t, inputs[t]);
    const stateIn = state.map((h, k) => probeState(t, names[k], h));
    const result = dir.cell.step(x, stateIn, { internals });
    result.state.forEach((h, k) => (run.states[names[k]][t] = h));
    for (const [name, value] of Object.entries(result.internals ?? {})) {
      (run.internals[name] ??= new Array<tf.Tensor2D>(T))[t] = value;
    }
    state = result.state;
  }
  return run;
}

/** The shape of every probe a plan takes, in a fixed order. */
export function probeShapes(plan: Plan, runs: SegmentRun[]): { key: string; shape: [number, number] }[] {
  const out: { key: string; shape: [number, number] }[] = [];
  plan.segments.forEach((seg, s) => {
    seg.layers.forEach((layer, l) =>
      layer.directions.forEach((dir, d) => {
        for (let t = 0; t < seg.inputs.length; t++) {
          out.push({ key: probeKey.input(s, l, d, t), shape: [1, dir.cell.inputSize] });
          dir.cell.stateNames.forEach((name, k) => out.push({ key: probeKey.recurrent(s, l, d, name, t), shape: runs[s].layers[l][d].initial[k].shape as [number, number] }));
        }
      }),
    );
    runs[s].outputs.forEach((y, t) => y && out.push({ key: probeKey.output(s, t), shape: y.shape as [number, number] }));
  });
  return out;
}
