/**
 * Eigenvalues in the complex plane (unit circle, each set's spectral radius), gradient norm
 * against lag (log axis, series overlaid, toggle to linear), and the per-step, per-unit gradient
 * heatmap on a log colour scale. Plots follow the VS Code theme and are re-themed when it changes.
 */
import type { SpectrumPayload, Value } from '../../kernel/protocol/payloads';
import { CATEGORY_COLORS, gradientStops } from '../../kernel/scenes/colors';
import { powerOfTen } from '../../kernel/scenes/format';
import { toggle } from '../shared/elements';
import { logAxis, logAxisUpdate } from '../shared/logAxis';
import { followWidth } from '../shared/plotResize';
import { axisStyle, baseLayout, escapePlotly, Plotly, PLOT_CONFIG, plotDiv, plotlyLabel, readTheme, watchTheme, type PlotTheme } from '../shared/plotly';

/** The gradient-flow plot's y axis: its height less baseLayout's top and bottom margins. */
const FLOW_AXIS_PX = 420 - 36 - 44;

type Figure = { div: HTMLDivElement; data: () => Plotly.Data[]; layout: (theme: PlotTheme) => Partial<Plotly.Layout> };

export class SpectrumView {
  private readonly abort = new AbortController();
  private readonly figures: Figure[] = [];
  private readonly unwatch: () => void;
  private logFlow = true;

  constructor(
    private readonly payload: SpectrumPayload,
    private readonly root: HTMLElement,
  ) {
    const signal = this.abort.signal;
    const title = document.createElement('div');
    title.className = 'title';
    title.textContent = payload.title ?? 'Eigenvalues and gradient flow';
    root.append(title);
    if (payload.gradientFlow) {
      const toolbar = document.createElement('div');
      toolbar.className = 'toolbar';
      toolbar.append(toggle('Log scale', true, (on) => this.setLogFlow(on), signal));
      root.append(toolbar);
    }
    const row = document.createElement('div');
    row.className = 'plots';
    root.append(row);
    if (payload.eigenvalues) this.figures.push(this.eigenFigure(row));
    if (payload.gradientFlow) this.figures.push(this.flowFigure(row));
    if (payload.gradientHeatmap) this.figures.push(this.heatmapFigure(root));
    const theme = readTheme(root);
    for (const f of this.figures) void Plotly.newPlot(f.div, f.data(), f.layout(theme), PLOT_CONFIG);
    const unwatchTheme = watchTheme(() => this.retheme());
    const unwatchWidths = this.figures.map((f) => followWidth(f.div));
    this.unwatch = () => {
      unwatchTheme();
      unwatchWidths.forEach((stop) => stop());
    };
  }

  dispose(): void {
    this.abort.abort();
    this.unwatch();
    for (const f of this.figures) Plotly.purge(f.div);
    this.root.replaceChildren();
  }

  private retheme(): void {
    const theme = readTheme(this.root);
    for (const f of this.figures) void Plotly.relayout(f.div, f.layout(theme));
  }

  private setLogFlow(on: boolean): void {
    this.logFlow = on;
    const flow = this.figures.find((f) => f.div.classList.contains('flow-plot'));
    if (flow) void Plotly.relayout(flow.div, logAxisUpdate('yaxis', on ? this.flowNorms() : null, FLOW_AXIS_PX));
    this.root.dataset.flowScale = on ? 'log' : 'linear';
  }

  private flowNorms(): Value[] {
    return (this.payload.gradientFlow?.series ?? []).flatMap((s) => s.norms);
  }

  private eigenFigure(parent: HTMLElement): Figure {
    const sets = this.payload.eigenvalues ?? [];
    const div = plotDiv('eigen-plot', 'Eigenvalues of the recurrent matrix in the complex plane with the unit circle');
    parent.append(div);
    const circle = (r: number) => {
      const a = Array.from({ length: 129 }, (_, i) => (2 * Math.PI * i) / 128);
      return { x: a.map((t) => r * Math.cos(t)), y: a.map((t) => r * Math.sin(t)) };
    };
    const reach = Math.max(1.15, ...sets.map((s) => s.spectralRadius * 1.1));
    return {
      div,
      // The unit circle is drawn last, on top, solid: a set with ρ = 1 puts its own circle exactly on it.
      data: () => [
        ...sets.flatMap((s, i): Plotly.Data[] => [
          { ...circle(s.spectralRadius), type: 'scatter', mode: 'lines', name: `ρ = ${s.spectralRadius.toFixed(2)}`, hoverinfo: 'skip', showlegend: false, line: { dash: 'dot', width: 1, color: CATEGORY_COLORS[i % CATEGORY_COLORS.length] } },
          {
            x: s.re,
            y: s.im,
            type: 'scatter',
            mode: 'markers',
            name: `${escapePlotly(s.label)} (ρ = ${s.spectralRadius.toFixed(2)})`,
            marker: { size: 7, color: CATEGORY_COLORS[i % CATEGORY_COLORS.length] },
            customdata: s.re.map((re, k) => Math.hypot(re, s.im[k])),
            hovertemplate: 'λ = %{x:.3f} %{y:+.3f}i<br>|λ| = %{customdata:.3f}<extra>%{fullData.name}</extra>',
          },
        ]),
        { ...circle(1), type: 'scatter', mode: 'lines', name: 'unit circle |λ| = 1', hoverinfo: 'skip', line: { width: 1.5, color: 'rgba(128,128,128,0.9)' } },
      ],
      layout: (theme) => {
        const base = baseLayout(theme);
        return {
          ...base,
          title: { text: plotlyLabel('Eigenvalues of W_hh'), font: { size: 13 } },
          height: 420,
          xaxis: { ...axisStyle(theme), title: { text: 'Re λ' }, range: [-reach, reach], zeroline: true },
          yaxis: { ...axisStyle(theme), title: { text: 'Im λ' }, range: [-reach, reach], scaleanchor: 'x', scaleratio: 1, zeroline: true },
        };
      },
    };
  }

  private flowFigure(parent: HTMLElement): Figure {
    const flow = this.payload.gradientFlow!;
    const div = plotDiv('flow-plot', `${flow.yLabel} against the lag, on a log axis`);
    parent.append(div);
    return {
      div,
      data: () =>
        flow.series.map((s) => ({
          x: s.lags,
          y: s.norms,
          type: 'scatter',
          mode: 'lines+markers',
          name: escapePlotly(s.label),
          marker: { size: 4 },
          hovertemplate: 'lag %{x}<br>%{y:.3e}<extra>%{fullData.name}</extra>',
        })),
      layout: (theme) => ({
        ...baseLayout(theme),
        title: { text: 'Gradient norm against lag', font: { size: 13 } },
        height: 420,
        xaxis: { ...axisStyle(theme), title: { text: 'lag T − t' } },
        yaxis: { ...axisStyle(theme), title: { text: plotlyLabel(flow.yLabel) }, ...(this.logFlow ? logAxis(this.flowNorms(), FLOW_AXIS_PX) : { type: 'linear' }) },
      }),
    };
  }

  private heatmapFigure(parent: HTMLElement): Figure {
    const map = this.payload.gradientHeatmap!;
    const div = plotDiv('heatmap-plot', `${map.label}: a heatmap of steps by units on a log colour scale`);
    parent.append(div);
    const steps = map.values.length;
    const units = map.values[0].length;
    // z is log10 of the magnitude (units as rows, steps as columns); hover shows the raw value.
    const z = Array.from({ length: units }, (_, u) => map.values.map((row) => (row[u] !== null && row[u]! > 0 ? Math.log10(row[u]!) : null)));
    const raw = Array.from({ length: units }, (_, u) => map.values.map((row) => row[u]));
    const finite = z.flat().filter((v): v is number => v !== null);
    const lo = finite.length ? Math.floor(Math.min(...finite)) : -3;
    const hi = finite.length ? Math.max(lo + 1, Math.ceil(Math.max(...finite))) : 0;
    const ticks = Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
    const stops = gradientStops(7);
    return {
      div,
      data: () => [
        {
          type: 'heatmap',
          z,
          x: Array.from({ length: steps }, (_, t) => t + 1),
          y: Array.from({ length: units }, (_, u) => u),
          customdata: raw,
          zmin: lo,
          zmax: hi,
          colorscale: stops.map((c, i) => [i / (stops.length - 1), c]),
          colorbar: { tickvals: ticks, ticktext: ticks.map(powerOfTen), title: { text: '|g|', side: 'right' }, thickness: 12 },
          hovertemplate: 'step %{x}, unit %{y}<br>%{customdata:.3e}<extra></extra>',
        } as Plotly.Data,
      ],
      layout: (theme) => ({
        ...baseLayout(theme),
        title: { text: plotlyLabel(`${map.label} (log colour)`), font: { size: 13 } },
        height: Math.min(420, 160 + units * 8),
        xaxis: { ...axisStyle(theme), title: { text: 'step t' } },
        yaxis: { ...axisStyle(theme), title: { text: 'unit' } },
      }),
    };
  }
}
