/**
 * The static fallback of the graph: the unrolled view as a standalone SVG (the last step
 * selected, gradients coloured when the payload has them), for the HTML report, GitHub and
 * editors without the extension.
 *
 * Pure: no DOM and no TensorFlow.js imports here.
 */
import type { GraphPayload } from '../../protocol/payloads';
import { el, svgDocument } from '../svgTree';
import { unrolledScene, type GraphView } from './unrolledScene';

export const GRAPH_LIGHT_CSS = `
.edge{fill:none;stroke:#7a7a7a;stroke-width:1.2px}
.edge-recurrent{stroke:#3b3b3b}
.edge-context{stroke:#3b3b3b;stroke-dasharray:4 3}
.edge-attention{stroke:#c0392b}
.edge.grad-none{stroke-opacity:.25}
.cell-box{fill:#ffffff;stroke:#333333;stroke-width:1.5px}
.cell-label{font-size:11px;font-weight:600;fill:#222222}
.cell-label.small{font-size:9px}
.io-box{fill:#f3f3f3;stroke:#8a8a8a}
.io-label{font-family:monospace;font-size:11px;fill:#222222}
.strip-frame{fill:#ffffff;stroke:#8a8a8a;stroke-width:.6px}
.state-label,.gate-label{font-size:8px;fill:#444444}
.edge-label{font-size:9px;fill:#555555;paint-order:stroke;stroke:#ffffff;stroke-width:3px}
.time-label,.legend-text{font-size:10px;fill:#555555}
.row-label{font-size:12px;font-style:italic;fill:#333333}
.segment-title,.title{font-size:12px;font-weight:600;fill:#222222}
.col-bg{fill:none}
.col-bg.selected{fill:rgba(0,122,204,.08)}
`;

const TITLE_HEIGHT = 22;

export function graphSvg(payload: GraphPayload): string {
  const last = payload.segments.length - 1;
  const view: GraphView = {
    folded: false,
    gradients: payload.segments.some((s) => s.layers.some((l) => l.directions.some((d) => d.gradients !== undefined))),
    expanded: new Set(),
    selected: { segment: last, t: payload.segments[last].steps - 1 },
  };
  const scene = unrolledScene(payload, view);
  const title = payload.title ?? `${payload.cell.toUpperCase()} unrolled over ${payload.segments.map((s) => s.steps).join(' + ')} steps`;
  return svgDocument(scene.width, scene.height + TITLE_HEIGHT, GRAPH_LIGHT_CSS, [
    el('text', { class: 'title', x: 8, y: 16 }, title),
    el('g', { transform: `translate(0 ${TITLE_HEIGHT})` }, scene.body),
  ]);
}
