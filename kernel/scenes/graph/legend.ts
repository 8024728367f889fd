/**
 * The colour bar of the BPTT view: gradient magnitude on a log scale, with the loss it belongs to.
 *
 * Pure: no DOM and no TensorFlow.js imports here (renderers bundle this file).
 */
import { gradientStops, type LogScale } from '../colors';
import { powerOfTen } from '../format';
import { el, type SvgElement } from '../svgTree';

/** Height the legend adds below the graph. */
export const LEGEND_HEIGHT = 34;

export function gradientLegend(scale: LogScale, x: number, y: number, loss: string | undefined): SvgElement {
  const stops = gradientStops(24);
  const barX = x + 150;
  const barW = 160;
  return el(
    'g',
    { class: 'gradient-legend' },
    el('text', { class: 'legend-text', x, y: y + 11 }, 'gradient ‖∂L/∂·‖ (log)'),
    el('text', { class: 'legend-text', x: barX - 4, y: y + 11, 'text-anchor': 'end' }, powerOfTen(scale.minExponent)),
    stops.map((fill, i) => el('rect', { x: barX + (i * barW) / stops.length, y: y + 2, width: barW / stops.length + 0.5, height: 12, fill })),
    el('text', { class: 'legend-text', x: barX + barW + 4, y: y + 11 }, powerOfTen(scale.maxExponent)),
    loss ? el('text', { class: 'legend-text', x: barX + barW + 40, y: y + 11 }, loss) : null,
  );
}
