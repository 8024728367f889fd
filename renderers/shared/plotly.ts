/**
 * plotly.js for the plot renderers, themed from VS Code's `--vscode-*` variables: transparent
 * backgrounds, the editor's font and foreground, grid lines from the foreground, and a re-theme
 * when VS Code switches theme (the body class changes). Only SVG trace types are used (scatter,
 * heatmap, bar): plotly's WebGL traces compile shaders with `new Function`, which a webview
 * without `unsafe-eval` refuses.
 */
import Plotly from 'plotly.js-dist-min';
import { CATEGORY_COLORS } from '../../kernel/scenes/colors';

export { Plotly };

export interface PlotTheme {
  foreground: string;
  muted: string;
  grid: string;
  font: string;
  mono: string;
  hoverBackground: string;
  hoverBorder: string;
}

export function readTheme(element: Element): PlotTheme {
  const css = getComputedStyle(element);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    foreground: v('--vscode-editor-foreground', '#333333'),
    muted: v('--vscode-descriptionForeground', '#717171'),
    grid: v('--vscode-charts-lines', 'rgba(128, 128, 128, 0.35)'),
    font: v('--vscode-font-family', 'sans-serif'),
    mono: v('--vscode-editor-font-family', 'monospace'),
    hoverBackground: v('--vscode-editorHoverWidget-background', '#f3f3f3'),
    hoverBorder: v('--vscode-editorHoverWidget-border', '#c8c8c8'),
  };
}

/** Axis styling shared by every plot. */
export function axisStyle(theme: PlotTheme): Partial<Plotly.LayoutAxis> {
  return { gridcolor: theme.grid, zerolinecolor: theme.grid, linecolor: theme.muted, tickcolor: theme.muted, color: theme.foreground, automargin: true };
}

export function baseLayout(theme: PlotTheme): Partial<Plotly.Layout> {
  return {
    paper_bgcolor: 'rgba(0,0,0,0)',
    plot_bgcolor: 'rgba(0,0,0,0)',
    font: { family: theme.font, color: theme.foreground, size: 12 },
    colorway: CATEGORY_COLORS,
    margin: { l: 56, r: 16, t: 36, b: 44 },
    hoverlabel: { bgcolor: theme.hoverBackground, bordercolor: theme.hoverBorder, font: { color: theme.foreground, family: theme.font } },
    legend: { orientation: 'h', y: -0.22, font: { color: theme.foreground } },
    xaxis: axisStyle(theme),
    yaxis: axisStyle(theme),
  };
}

export const PLOT_CONFIG: Partial<Plotly.Config> = {
  displaylogo: false,
  responsive: true,
  modeBarButtonsToRemove: ['select2d', 'lasso2d', 'autoScale2d'],
};

/** Calls `onChange` when VS Code switches theme; returns the unsubscribe function. */
export function watchTheme(onChange: () => void): () => void {
  const observer = new MutationObserver(onChange);
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  return () => observer.disconnect();
}

/** A plot container with an accessible name. */
export function plotDiv(className: string, label: string): HTMLDivElement {
  const div = document.createElement('div');
  div.className = `plot ${className}`;
  div.setAttribute('role', 'img');
  div.setAttribute('aria-label', label);
  return div;
}

/** Plain text for plotly's label markup (which interprets `<b>`, `<br>`, … and entities). */
export function escapePlotly(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** `‖∂h_T/∂h_t‖` → plotly's markup with subscripts (`h<sub>T</sub>`); text is escaped first. */
export function plotlyLabel(text: string): string {
  return escapePlotly(text).replace(/_\{([^}]*)\}|_([A-Za-z0-9]+)/g, (_m, braced: string | undefined, plain: string | undefined) => `<sub>${braced ?? plain}</sub>`);
}
