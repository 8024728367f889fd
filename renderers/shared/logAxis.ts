/**
 * A plotly log axis with ticks labelled by their full values (0.3, 0.5, 1, 2, …): plotly's own
 * log ticks label a short range's minor ticks by their leading digit only ("3 4 … 9" under a
 * "1"), which reads a norm of 0.4 as 4.
 */
import type { Value } from '../../kernel/protocol/payloads';
import { logTicksFor } from '../../kernel/scenes/plot/ticks';
import type { Plotly } from './plotly';

/** The axis attributes for a log axis `lengthPx` long over `values` (the positive, finite ones). */
export function logAxis(values: Iterable<Value>, lengthPx: number): Partial<Plotly.LayoutAxis> {
  const ticks = logTicksFor(values, lengthPx);
  return ticks ? { type: 'log', tickmode: 'array', tickvals: ticks.values, ticktext: ticks.labels } : { type: 'log' };
}

/** The same as flat `Plotly.relayout` keys for `axis` ('yaxis'), or a linear axis with plotly's ticks. */
export function logAxisUpdate(axis: string, values: Iterable<Value> | null, lengthPx: number): Record<string, unknown> {
  if (values === null) return { [`${axis}.type`]: 'linear', [`${axis}.tickmode`]: 'auto', [`${axis}.tickvals`]: null, [`${axis}.ticktext`]: null };
  return Object.fromEntries(Object.entries(logAxis(values, lengthPx)).map(([k, v]) => [`${axis}.${k}`, v]));
}
