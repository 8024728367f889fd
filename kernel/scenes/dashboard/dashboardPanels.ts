/**
 * Which metrics share a plot on the training dashboard, for the static fallback and the renderer
 * alike: loss (train and validation), perplexity (log axis), gradient norm (log), learning rate,
 * and one plot per metric the dashboard does not know.
 *
 * Pure: no DOM and no TensorFlow.js imports here (renderers bundle this file).
 */
import type { DashboardMetric, DashboardPayload } from '../../protocol/payloads';

export interface DashboardPanel {
  id: string;
  title: string;
  log: boolean;
  metrics: DashboardMetric[];
}

const GROUPS: { id: string; title: string; log: boolean; names: string[] }[] = [
  { id: 'loss', title: 'Loss', log: false, names: ['loss', 'validationLoss'] },
  { id: 'perplexity', title: 'Perplexity', log: true, names: ['perplexity', 'validationPerplexity'] },
  { id: 'gradNorm', title: 'Gradient norm', log: true, names: ['gradNorm'] },
  { id: 'learningRate', title: 'Learning rate', log: true, names: ['learningRate'] },
];

export function dashboardPanels(p: DashboardPayload): DashboardPanel[] {
  const known = new Set(GROUPS.flatMap((g) => g.names));
  const panels: DashboardPanel[] = GROUPS.map((g) => ({ id: g.id, title: g.title, log: g.log, metrics: p.metrics.filter((m) => g.names.includes(m.name)) })).filter((g) => g.metrics.length > 0);
  for (const m of p.metrics) if (!known.has(m.name)) panels.push({ id: m.name, title: m.label, log: m.log, metrics: [m] });
  return panels;
}

/** `12.3 s`, `4 min 05 s`. */
export function formatDuration(ms: number): string {
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  return `${Math.floor(s / 60)} min ${String(Math.round(s % 60)).padStart(2, '0')} s`;
}

/** The line above the plots: status, step, elapsed time, latest loss and perplexity. */
export function statusLine(p: DashboardPayload): string {
  const latest = (name: string) => {
    const m = p.metrics.find((x) => x.name === name);
    const v = m?.values.filter((x) => x !== null).at(-1);
    return v === undefined || v === null ? null : v;
  };
  const step = `step ${p.steps.at(-1) ?? 0}`;
  const parts = [p.status === 'interrupted' ? `interrupted at ${step}` : `${p.status} · ${step}`, formatDuration(p.elapsedMs)];
  const loss = latest('loss');
  const ppl = latest('perplexity');
  if (loss !== null) parts.push(`loss ${loss.toPrecision(4)}`);
  if (ppl !== null) parts.push(`perplexity ${ppl.toPrecision(4)}`);
  return parts.join(' · ');
}
