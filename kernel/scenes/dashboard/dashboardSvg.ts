/**
 * Static fallback of the training dashboard: the status line, the metric plots two by two, and
 * the latest text samples.
 *
 * Pure: no DOM and no TensorFlow.js imports here.
 */
import type { DashboardPayload } from '../../protocol/payloads';
import { categoryColor } from '../colors';
import { legend, Panel, PLOT_CSS, rangeOf } from '../plot/panel';
import { el, svgDocument, type SvgChild } from '../svgTree';
import { dashboardPanels, statusLine } from './dashboardPanels';

const PLOT_W = 360;
const PLOT_H = 170;
const CELL_W = 450;
const CELL_H = 250;

export function dashboardSvg(p: DashboardPayload): string {
  const parts: SvgChild[] = [el('text', { class: 'title', x: 10, y: 16 }, p.title ?? 'Training'), el('text', { class: 'note', x: 10, y: 32 }, statusLine(p))];
  if (p.note) parts.push(el('text', { class: 'note stop-note', x: 10, y: 46 }, p.note));
  const panels = dashboardPanels(p);
  panels.forEach((panel, i) => {
    const x = 70 + (i % 2) * CELL_W;
    const y = 66 + Math.floor(i / 2) * CELL_H;
    const all = panel.metrics.flatMap((m) => m.values);
    const xr = rangeOf(p.steps, false, 0);
    const yr = rangeOf(all, panel.log);
    const plot = new Panel({ x, y, width: PLOT_W, height: PLOT_H }, { ...xr, log: false, label: 'step' }, { ...yr, log: panel.log, label: '' }, panel.title);
    parts.push(
      el(
        'g',
        { class: 'dashboard-panel', 'data-panel': panel.id },
        plot.axes(),
        panel.metrics.map((m, k) => plot.line(p.steps, m.values, categoryColor(k))),
        panel.metrics.length > 1 ? legend(panel.metrics.map((m, k) => ({ label: m.label, color: categoryColor(k) })), x + PLOT_W - 130, y + 14) : null,
      ),
    );
  });
  let y = 66 + Math.ceil(panels.length / 2) * CELL_H;
  if (p.samples.length > 0) {
    parts.push(el('text', { class: 'title', x: 10, y }, 'Samples'));
    for (const s of p.samples.slice(-6)) {
      y += 16;
      parts.push(el('text', { class: 'mono sample', x: 10, y }, `step ${s.step}: ${s.text.replace(/\n/g, '⏎').slice(0, 110)}`));
    }
    y += 10;
  }
  return svgDocument(70 + 2 * CELL_W - 40, Math.max(y, 60), `${PLOT_CSS}.sample{font-size:11px;fill:#222222}`, parts);
}
