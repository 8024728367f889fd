/**
 * The attention heatmap (target tokens down, source tokens across, hover values, optional
 * printed values), or for pooling attention the input tokens coloured by weight with a bar chart.
 * Token axes are numeric with token tick labels, so repeated tokens keep their own rows.
 */
import type { AttentionPayload } from '../../kernel/protocol/payloads';
import { sequentialFill } from '../../kernel/scenes/colors';
import { formatValue } from '../../kernel/scenes/format';
import { visibleToken } from '../../kernel/scenes/graph/nodes';
import { paintCells, repaintOnThemeChange, textColourFor } from '../shared/cellText';
import { toggle } from '../shared/elements';
import { followWidth } from '../shared/plotResize';
import { axisStyle, baseLayout, escapePlotly, Plotly, PLOT_CONFIG, plotDiv, readTheme, watchTheme } from '../shared/plotly';

const RED = [214, 39, 40];
const ALPHA_AT_ZERO = 0.03;
const COLORSCALE: [number, string][] = [
  [0, `rgba(${RED.join(',')},${ALPHA_AT_ZERO})`],
  [1, `rgba(${RED.join(',')},1)`],
];
/** The heatmap's colour at weight `a`: plotly interpolates the colour scale's rgba linearly. */
const heatFill = (a: number) => `rgba(${RED.join(',')},${ALPHA_AT_ZERO + (1 - ALPHA_AT_ZERO) * Math.min(1, Math.max(0, a))})`;

export class AttentionView {
  private readonly abort = new AbortController();
  private readonly plot: HTMLDivElement;
  private readonly unwatch: () => void;
  private showValues: boolean;

  constructor(
    private readonly payload: AttentionPayload,
    private readonly root: HTMLElement,
  ) {
    const title = document.createElement('div');
    title.className = 'title';
    title.textContent = payload.title ?? (payload.mode === 'matrix' ? 'Attention weights α: each row is one target step, over the source tokens' : 'Attention pooling: weight of each input token');
    root.append(title);
    const small = payload.sourceTokens.length * (payload.targetTokens?.length ?? 1) <= 400;
    this.showValues = payload.mode === 'matrix' && small;
    if (payload.mode === 'matrix') {
      const toolbar = document.createElement('div');
      toolbar.className = 'toolbar';
      toolbar.append(toggle('Show values', this.showValues, (on) => this.setValues(on), this.abort.signal));
      root.append(toolbar);
    } else {
      root.append(this.chips());
    }
    this.plot = plotDiv(payload.mode === 'matrix' ? 'attention-plot' : 'pooling-plot', payload.mode === 'matrix' ? 'Attention heatmap' : 'Attention pooling weights');
    root.append(this.plot);
    void Plotly.newPlot(this.plot, this.data(), this.layout(), PLOT_CONFIG);
    const unwatchPlot = watchTheme(() => void Plotly.react(this.plot, this.data(), this.layout(), PLOT_CONFIG));
    const unwatchChips = repaintOnThemeChange(root);
    const unwatchWidth = followWidth(this.plot, (width) => this.layout(width));
    this.unwatch = () => {
      unwatchPlot();
      unwatchChips();
      unwatchWidth();
    };
  }

  dispose(): void {
    this.abort.abort();
    this.unwatch();
    Plotly.purge(this.plot);
    this.root.replaceChildren();
  }

  private setValues(on: boolean): void {
    this.showValues = on;
    void Plotly.restyle(this.plot, { visible: on }, [1]);
    this.root.dataset.values = on ? 'shown' : 'hidden';
  }

  private chips(): HTMLElement {
    const row = document.createElement('div');
    row.className = 'chips';
    const weights = this.payload.weights[0];
    const max = Math.max(1e-9, ...weights);
    this.payload.sourceTokens.forEach((token, i) => {
      const chip = document.createElement('span');
      chip.className = 'chip';
      chip.textContent = token;
      chip.title = `'${token}': α = ${formatValue(weights[i], 4)}`;
      row.append(chip);
    });
    paintCells(row.children as HTMLCollectionOf<HTMLElement>, (_, i) => sequentialFill(weights[i] / max));
    return row;
  }

  private data(): Plotly.Data[] {
    const p = this.payload;
    const sourceIdx = p.sourceTokens.map((_, i) => i);
    if (p.mode === 'pooling') {
      return [{ type: 'bar', x: sourceIdx, y: p.weights[0], customdata: p.sourceTokens.map(escapePlotly), marker: { color: `rgb(${RED.join(',')})` }, hovertemplate: "'%{customdata}': α = %{y:.4f}<extra></extra>" }];
    }
    const targets = p.targetTokens ?? [];
    return [
      {
        type: 'heatmap',
        z: p.weights,
        x: sourceIdx,
        y: targets.map((_, t) => t),
        zmin: 0,
        zmax: 1,
        colorscale: COLORSCALE,
        customdata: targets.map((tt) => p.sourceTokens.map((st) => escapePlotly(`target '${visibleToken(tt, 16)}' ← source '${visibleToken(st, 16)}'`))),
        hovertemplate: '%{customdata}<br>α = %{z:.4f}<extra></extra>',
        colorbar: { title: { text: 'α', side: 'right' }, thickness: 12 },
        xgap: 1,
        ygap: 1,
      } as Plotly.Data,
      this.valueLabels(),
    ];
  }

  /**
   * The printed weights, one text point per cell, each in the colour that reads on its cell in
   * this theme (plotly's own heatmap text picks its colour from the translucent fill alone).
   */
  private valueLabels(): Plotly.Data {
    const p = this.payload;
    const text = textColourFor();
    const cells = p.weights.flatMap((row, t) => row.map((a, s) => ({ s, t, a })));
    return {
      type: 'scatter',
      mode: 'text',
      x: cells.map((c) => c.s),
      y: cells.map((c) => c.t),
      text: cells.map((c) => c.a.toFixed(2)),
      textfont: { size: 10, color: cells.map((c) => text(heatFill(c.a))) },
      hoverinfo: 'skip',
      showlegend: false,
      visible: this.showValues,
      cliponaxis: false,
    } as Plotly.Data;
  }

  /** Sized to the output's `width` (read from the page when not given): cells up to 44 px, the pooling bars up to 1,100 px across. */
  private layout(width = this.plot.clientWidth || 900): Partial<Plotly.Layout> {
    const theme = readTheme(this.root);
    const p = this.payload;
    const ticks = (tokens: string[]) => ({ tickmode: 'array' as const, tickvals: tokens.map((_, i) => i), ticktext: tokens.map((t) => escapePlotly(visibleToken(t, 12))), tickfont: { family: theme.mono } });
    if (p.mode === 'pooling') {
      return { ...baseLayout(theme), width: Math.min(width, 1100, 120 + 64 * p.sourceTokens.length), height: 300, xaxis: { ...axisStyle(theme), ...ticks(p.sourceTokens), tickangle: -45 }, yaxis: { ...axisStyle(theme), title: { text: 'α' }, rangemode: 'tozero' } };
    }
    const targets = p.targetTokens ?? [];
    // As large as the output's width allows for the source tokens, and the window's height for the targets.
    const cell = Math.max(14, Math.min(44, (width - 160) / p.sourceTokens.length, (Math.max(480, window.innerHeight) - 150) / Math.max(1, targets.length)));
    return {
      ...baseLayout(theme),
      width: 160 + cell * p.sourceTokens.length,
      height: 150 + cell * targets.length,
      margin: { l: 90, r: 20, t: 90, b: 20 },
      xaxis: { ...axisStyle(theme), ...ticks(p.sourceTokens), side: 'top', tickangle: -45, title: { text: 'source', standoff: 4 }, showgrid: false, zeroline: false },
      yaxis: { ...axisStyle(theme), ...ticks(targets), autorange: 'reversed', title: { text: 'target' }, showgrid: false, zeroline: false },
    };
  }
}
