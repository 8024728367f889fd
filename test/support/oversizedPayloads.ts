/**
 * Payloads of the right shape but far past the size limits, as a hostile or runaway cell could
 * write them: each would be drawn (and freeze the output view) if only its shape were checked.
 */
import type { DashboardPayload, GraphPayload, SpectrumPayload } from '../../kernel/protocol/payloads';

/** A one-step graph with `count` state names, each with its one-unit state. */
export function graphWithStateNames(count: number): GraphPayload {
  const stateNames = Array.from({ length: count }, (_, i) => `s${i}`);
  return {
    version: 1,
    kind: 'graph',
    cell: 'custom',
    stateNames,
    hiddenSize: 1,
    unitsShown: 1,
    pattern: 'many-to-many',
    segments: [
      {
        name: '',
        steps: 1,
        inputLabels: ['x'],
        inputs: [[1]],
        outputs: [[1]],
        outputLabels: ['y'],
        outputWeight: 'W_hy',
        initialState: 'zeros',
        layers: [
          {
            directions: [
              {
                direction: 'forward',
                weights: { input: 'W_xh', recurrent: 'W_hh' },
                states: Object.fromEntries(stateNames.map((n) => [n, [[0.5]]])),
                internals: {},
                initialState: Object.fromEntries(stateNames.map((n) => [n, [0]])),
              },
            ],
          },
        ],
      },
    ],
  };
}

/** A dashboard of two steps with `count` metrics of its own (each would get its own plot). */
export function dashboardWithMetrics(count: number): DashboardPayload {
  return {
    version: 1,
    kind: 'dashboard',
    status: 'done',
    steps: [1, 2],
    metrics: Array.from({ length: count }, (_, i) => ({ name: `m${i}`, label: `metric ${i}`, log: false, values: [1, 0.5] })),
    samples: [],
    updates: 2,
    elapsedMs: 5,
  };
}

/** A gradient-flow plot with `count` series (each its own plotly trace). */
export function spectrumWithSeries(count: number): SpectrumPayload {
  return { version: 1, kind: 'spectrum', gradientFlow: { yLabel: 'norm', series: Array.from({ length: count }, (_, i) => ({ label: `s${i}`, lags: [1, 2], norms: [1, 0.5] })) } };
}
