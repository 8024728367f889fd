/**
 * Static fallback of the spectrum output: eigenvalues in the complex plane with the unit circle
 * and each set's spectral radius, norms against lag on a log axis, and the gradient heatmap on a
 * log colour scale.
 *
 * Pure: no DOM and no TensorFlow.js imports here.
 */
import type { SpectrumPayload } from '../../protocol/payloads';
import { categoryColor, gradientColor, logScale } from '../colors';
import { powerOfTen } from '../format';
import { heatmapGrid } from '../plot/heatmap';
import { legend, Panel, PLOT_CSS, rangeOf } from '../plot/panel';
import { el, svgDocument, type SvgChild } from '../svgTree';

const PANEL_TOP = 44;
const PANEL_HEIGHT = 250;

export function spectrumSvg(p: SpectrumPayload): string {
  const parts: SvgChild[] = [el('text', { class: 'title', x: 10, y: 16 }, p.title ?? 'Eigenvalues and gradient flow')];
  let x = 60;
  if (p.eigenvalues) {
    const reach = Math.max(1.15, ...p.eigenvalues.map((s) => s.spectralRadius * 1.1));
    const panel = new Panel({ x, y: PANEL_TOP, width: PANEL_HEIGHT, height: PANEL_HEIGHT }, { min: -reach, max: reach, log: false, label: 'Re λ' }, { min: -reach, max: reach, log: false, label: 'Im λ' }, 'Eigenvalues of the recurrent matrix');
    parts.push(
      el(
        'g',
        { class: 'eigenvalues' },
        panel.axes(),
        panel.circle(1, 'unit-circle'),
        p.eigenvalues.map((s, i) => [panel.circle(s.spectralRadius, 'radius-circle', categoryColor(i)), panel.markers(s.re, s.im, categoryColor(i))]),
        legend(
          p.eigenvalues.map((s, i) => ({ label: `${s.label} (ρ = ${s.spectralRadius.toPrecision(3)})`, color: categoryColor(i) })),
          x,
          PANEL_TOP + PANEL_HEIGHT + 46,
        ),
      ),
    );
    x += PANEL_HEIGHT + 90;
  }
  if (p.gradientFlow) {
    const flow = p.gradientFlow;
    const lags = flow.series.flatMap((s) => s.lags);
    const xr = rangeOf(lags, false, 0);
    const yr = rangeOf(
      flow.series.flatMap((s) => s.norms),
      true,
    );
    const panel = new Panel({ x, y: PANEL_TOP, width: 360, height: PANEL_HEIGHT }, { ...xr, log: false, label: 'lag T − t' }, { ...yr, log: true, label: flow.yLabel }, 'Gradient norm against lag');
    parts.push(
      el(
        'g',
        { class: 'gradient-flow' },
        panel.axes(),
        flow.series.map((s, i) => panel.line(s.lags, s.norms, categoryColor(i))),
        legend(
          flow.series.map((s, i) => ({ label: s.label, color: categoryColor(i) })),
          x,
          PANEL_TOP + PANEL_HEIGHT + 46,
        ),
      ),
    );
    x += 360 + 30;
  }
  const legendLines = Math.max(p.eigenvalues?.length ?? 0, p.gradientFlow?.series.length ?? 0);
  let height = p.eigenvalues || p.gradientFlow ? PANEL_TOP + PANEL_HEIGHT + 46 + legendLines * 14 : 30;
  let width = Math.max(x, 300);
  if (p.gradientHeatmap) {
    const values = p.gradientHeatmap.values;
    const steps = values.length;
    const units = values[0].length;
    const cellW = Math.max(2, Math.min(18, 760 / steps));
    const cellH = Math.max(2, Math.min(14, 220 / units));
    const top = height + 24;
    const scale = logScale(values.flat());
    // Rows are units, columns are steps: time runs left to right as in the graph.
    const grid = units > 0 ? Array.from({ length: units }, (_, u) => values.map((row) => row[u])) : [];
    parts.push(
      el('text', { class: 'plot-title', x: 60, y: top - 8 }, `${p.gradientHeatmap.label} (log colour${scale ? `, ${powerOfTen(scale.minExponent)} … ${powerOfTen(scale.maxExponent)}` : ''})`),
      heatmapGrid({ x: 60, y: top, cellWidth: cellW, cellHeight: cellH, values: grid, fill: (v) => (scale ? gradientColor(scale.fraction(v)) : '#cccccc') }),
      el('text', { class: 'axis-label', x: 60 + (steps * cellW) / 2, y: top + units * cellH + 16, 'text-anchor': 'middle' }, 'step t'),
      el('text', { class: 'axis-label', x: 50, y: top + (units * cellH) / 2, 'text-anchor': 'end' }, 'unit'),
    );
    height = top + units * cellH + 26;
    width = Math.max(width, 60 + steps * cellW + 20);
  }
  return svgDocument(width, height, PLOT_CSS + '.heat-cell text{font-size:9px}', parts);
}
