/**
 * The live training dashboard: a status line, one plotly plot per metric group (loss,
 * perplexity, gradient norm, learning rate), and the latest text samples. A newer payload for
 * the same output (a display-handle update) is drawn in place with `Plotly.react`, keeping the
 * user's zoom (`uirevision`), so updates many times a second stay cheap.
 */
import type { DashboardPayload } from '../../kernel/protocol/payloads';
import { CATEGORY_COLORS } from '../../kernel/scenes/colors';
import { dashboardPanels, statusLine, type DashboardPanel } from '../../kernel/scenes/dashboard/dashboardPanels';
import { axisStyle, baseLayout, escapePlotly, Plotly, PLOT_CONFIG, plotDiv, readTheme, watchTheme } from '../shared/plotly';
import { logAxis } from '../shared/logAxis';
import { textLine } from '../shared/tooltip';

const PLOT_HEIGHT = 260;
const MARGIN_TOP = 34;
const MARGIN_BOTTOM = 40;

export class DashboardView {
  private readonly plots = new Map<string, HTMLDivElement>();
  private readonly status: HTMLElement;
  /** Why the run stopped early (interrupt, non-finite loss), when it did. */
  private readonly note: HTMLElement;
  private readonly samples: HTMLElement;
  private readonly unwatch: () => void;
  private panelIds: string;
  private frame = 0;

  constructor(
    private payload: DashboardPayload,
    private readonly root: HTMLElement,
  ) {
    root.append(textLine(payload.title ?? 'Training', 'title'));
    this.status = textLine('', 'status');
    this.status.setAttribute('role', 'status');
    this.note = textLine('', 'stop-note');
    const grid = document.createElement('div');
    grid.className = 'panels';
    const panels = dashboardPanels(payload);
    this.panelIds = panels.map((p) => p.id).join(',');
    for (const panel of panels) {
      const div = plotDiv(`dashboard-plot panel-${panel.id}`, `${panel.title} against training step`);
      div.dataset.panel = panel.id;
      this.plots.set(panel.id, div);
      grid.append(div);
    }
    this.samples = document.createElement('div');
    this.samples.className = 'samples';
    root.append(this.status, this.note, grid, this.samples);
    this.draw(panels, true);
    this.unwatch = watchTheme(() => this.draw(dashboardPanels(this.payload), false));
  }

  /**
   * Takes a newer payload in place; false when the set of plots changed (then the view is
   * rebuilt). Drawing waits for the next frame, so a burst of updates draws only the latest.
   */
  update(payload: DashboardPayload): boolean {
    const panels = dashboardPanels(payload);
    if (panels.map((p) => p.id).join(',') !== this.panelIds) return false;
    this.payload = payload;
    this.frame ||= requestAnimationFrame(() => {
      this.frame = 0;
      this.draw(dashboardPanels(this.payload), false);
    });
    return true;
  }

  dispose(): void {
    cancelAnimationFrame(this.frame);
    this.unwatch();
    for (const div of this.plots.values()) Plotly.purge(div);
    this.root.replaceChildren();
  }

  private draw(panels: DashboardPanel[], first: boolean): void {
    const p = this.payload;
    const theme = readTheme(this.root);
    this.root.dataset.status = p.status;
    this.root.dataset.updates = String(p.updates);
    this.status.textContent = statusLine(p);
    this.note.textContent = p.note ?? '';
    this.note.hidden = p.note === undefined;
    for (const panel of panels) {
      const div = this.plots.get(panel.id)!;
      const data: Plotly.Data[] = panel.metrics.map((m, k) => ({
        x: p.steps,
        y: m.values,
        type: 'scatter',
        mode: 'lines',
        name: escapePlotly(m.label),
        line: { width: 1.6, color: CATEGORY_COLORS[k % CATEGORY_COLORS.length] },
        connectgaps: true,
        hovertemplate: `step %{x}<br>${escapePlotly(m.label)} %{y:.4g}<extra></extra>`,
      }));
      const layout: Partial<Plotly.Layout> = {
        ...baseLayout(theme),
        title: { text: escapePlotly(panel.title), font: { size: 13 } },
        height: PLOT_HEIGHT,
        margin: { l: 56, r: 12, t: MARGIN_TOP, b: MARGIN_BOTTOM },
        showlegend: panel.metrics.length > 1,
        legend: { orientation: 'h', y: 1.02, x: 1, xanchor: 'right', yanchor: 'bottom', font: { color: theme.foreground } },
        uirevision: panel.id,
        xaxis: { ...axisStyle(theme), title: { text: 'step' } },
        yaxis: { ...axisStyle(theme), ...(panel.log ? logAxis(panel.metrics.flatMap((m) => m.values), PLOT_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM) : { type: 'linear' }) },
      };
      if (first) void Plotly.newPlot(div, data, layout, PLOT_CONFIG);
      else void Plotly.react(div, data, layout, PLOT_CONFIG);
    }
    this.samples.replaceChildren(
      ...(p.samples.length > 0 ? [textLine('Samples', 'section-title')] : []),
      ...p.samples
        .slice()
        .reverse()
        .map((s) => {
          const row = document.createElement('div');
          row.className = 'sample';
          const step = document.createElement('span');
          step.className = 'sample-step';
          step.textContent = `step ${s.step}`;
          const text = document.createElement('span');
          text.className = 'sample-text';
          text.textContent = s.text;
          row.append(step, text);
          return row;
        }),
    );
  }
}
