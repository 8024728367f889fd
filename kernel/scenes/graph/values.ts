/**
 * Lookups into a graph payload shared by the drawing and the renderer's tooltips: the vector a
 * node stands for at a step, and the colour limits (the largest magnitude per kind of vector, so
 * one strip can be compared with another of the same kind).
 *
 * Pure: no DOM and no TensorFlow.js imports here (renderers bundle this file).
 */
import type { GraphDirection, GraphPayload, Value } from '../../protocol/payloads';
import { maxAbs } from '../format';
import type { DirectionName } from './geometry';

/** What a node is: enough to find its vector in the payload. */
export type NodeRef =
  | { node: 'input' | 'output'; segment: number; t: number }
  | { node: 'state'; segment: number; layer: number; direction: DirectionName; state: string; t: number }
  | { node: 'cell'; segment: number; layer: number; direction: DirectionName; t: number };

export interface NamedVector {
  name: string;
  values: Value[] | null;
  limit: number;
}

export class GraphValues {
  private readonly limits = new Map<string, number>();

  constructor(readonly payload: GraphPayload) {
    const dirs = payload.segments.flatMap((s) => s.layers.flatMap((l) => l.directions));
    for (const name of payload.stateNames) {
      this.limits.set(`state:${name}`, Math.max(1, maxAbs(dirs.flatMap((d) => d.states[name] ?? []))));
    }
    const internals = new Set(dirs.flatMap((d) => Object.keys(d.internals)));
    for (const name of internals) this.limits.set(`internal:${name}`, Math.max(1, maxAbs(dirs.flatMap((d) => d.internals[name] ?? []))));
    this.limits.set('input', maxAbs(payload.segments.flatMap((s) => s.inputs)) || 1);
    this.limits.set('output', maxAbs(payload.segments.flatMap((s) => s.outputs)) || 1);
  }

  limit(key: 'input' | 'output' | `state:${string}` | `internal:${string}`): number {
    return this.limits.get(key) ?? 1;
  }

  direction(segment: number, layer: number, direction: DirectionName): GraphDirection | undefined {
    return this.payload.segments[segment]?.layers[layer]?.directions.find((d) => d.direction === direction);
  }

  /** State vector after step t; t outside [0, steps) is the initial state. */
  state(segment: number, layer: number, direction: DirectionName, name: string, t: number): Value[] | null {
    const d = this.direction(segment, layer, direction);
    if (!d) return null;
    const steps = this.payload.segments[segment].steps;
    if (t < 0 || t >= steps) return d.initialState[name] ?? null;
    return d.states[name]?.[t] ?? null;
  }

  internal(segment: number, layer: number, direction: DirectionName, name: string, t: number): Value[] | null {
    return this.direction(segment, layer, direction)?.internals[name]?.[t] ?? null;
  }

  /** The vectors to show for a node: one for x, y and states; the internals and states for a cell. */
  vectorsOf(ref: NodeRef): NamedVector[] {
    const seg = this.payload.segments[ref.segment];
    switch (ref.node) {
      case 'input':
        return [{ name: 'x', values: seg.inputs[ref.t] ?? null, limit: this.limit('input') }];
      case 'output':
        return [{ name: 'y', values: seg.outputs[ref.t] ?? null, limit: this.limit('output') }];
      case 'state':
        return [{ name: ref.state, values: this.state(ref.segment, ref.layer, ref.direction, ref.state, ref.t), limit: this.limit(`state:${ref.state}`) }];
      case 'cell': {
        const d = this.direction(ref.segment, ref.layer, ref.direction);
        if (!d) return [];
        const internals = Object.keys(d.internals).map((name) => ({ name, values: d.internals[name][ref.t] ?? null, limit: this.limit(`internal:${name}`) }));
        const states = this.payload.stateNames.map((name) => ({ name, values: d.states[name]?.[ref.t] ?? null, limit: this.limit(`state:${name}`) }));
        return [...internals, ...states];
      }
    }
  }
}
