/**
 * The words and heat strips around the graph: what a hovered node or edge holds, the readout
 * next to the scrubber, and the panel listing every vector of the selected step.
 */
import type { GraphPayload } from '../../kernel/protocol/payloads';
import { formatValue } from '../../kernel/scenes/format';
import type { DirectionName } from '../../kernel/scenes/graph/geometry';
import { cellTitle, internalSymbol, internalTitle, splitLabel } from '../../kernel/scenes/graph/labels';
import { visibleToken } from '../../kernel/scenes/graph/nodes';
import type { GraphValues, NamedVector, NodeRef } from '../../kernel/scenes/graph/values';
import { heatStripElement, mathName } from '../shared/heatStrip';
import { textLine, tooltipRow } from '../shared/tooltip';

/** Reads a node's identity back from its data attributes. */
export function nodeRefOf(node: Element): NodeRef | null {
  const kind = node.getAttribute('data-node');
  const segment = Number(node.getAttribute('data-seg'));
  const t = Number(node.getAttribute('data-t'));
  const layer = Number(node.getAttribute('data-layer'));
  const direction = node.getAttribute('data-dir') as DirectionName;
  if (kind === 'input' || kind === 'output') return { node: kind, segment, t };
  if (kind === 'cell') return { node: 'cell', segment, layer, direction, t };
  if (kind === 'state') return { node: 'state', segment, layer, direction, state: node.getAttribute('data-state') ?? '', t };
  return null;
}

function vectorRows(payload: GraphPayload, vectors: NamedVector[], t: number): HTMLElement[] {
  return vectors.map((v) => {
    const isState = payload.stateNames.includes(v.name);
    const symbol = isState ? v.name : v.name === 'x' || v.name === 'y' ? v.name : internalSymbol(payload.cell, v.name);
    const name = mathName(symbol, String(t + 1));
    if (!isState && v.name !== 'x' && v.name !== 'y') name.title = internalTitle(v.name);
    return tooltipRow(name, heatStripElement(v.values, v.limit));
  });
}

function place(payload: GraphPayload, ref: { segment: number; layer?: number; direction?: DirectionName }): string {
  const parts: string[] = [];
  const seg = payload.segments[ref.segment];
  if (seg.name) parts.push(seg.name);
  if (ref.layer !== undefined && seg.layers.length > 1) parts.push(`layer ${ref.layer + 1}`);
  if (ref.direction !== undefined && seg.layers[ref.layer ?? 0]?.directions.length > 1) parts.push(ref.direction);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

export function nodeTooltip(payload: GraphPayload, values: GraphValues, ref: NodeRef): Node[] {
  const steps = payload.segments[ref.segment].steps;
  const initial = ref.t < 0 || ref.t >= steps;
  const shownT = initial ? (ref.t < 0 ? -1 : steps) : ref.t;
  const head =
    ref.node === 'cell'
      ? `${cellTitle(payload.cell)} cell at t = ${ref.t + 1}${place(payload, ref)} — click to ${Object.keys(values.direction(ref.segment, ref.layer, ref.direction)?.internals ?? {}).length ? 'show or hide its gates' : 'select this step'}`
      : ref.node === 'state'
        ? `${ref.state}${initial ? ` initial state${ref.t < 0 ? ` ${ref.state}_0` : ''}` : ` at t = ${ref.t + 1}`}${place(payload, ref)}`
        : `${ref.node === 'input' ? 'input x' : 'output y'} at t = ${ref.t + 1}${labelText(payload, ref)}`;
  return [textLine(head, 'tooltip-head'), ...vectorRows(payload, values.vectorsOf(ref), shownT)];
}

function labelText(payload: GraphPayload, ref: { node: 'input' | 'output'; segment: number; t: number }): string {
  const seg = payload.segments[ref.segment];
  const label = ref.node === 'input' ? seg.inputLabels[ref.t] : seg.outputLabels[ref.t];
  return label ? ` = '${visibleToken(label, 24)}'` : '';
}

const EDGE_WORDS: Record<string, string> = {
  input: 'input edge',
  state: 'state out of the cell',
  recurrent: 'recurrent edge',
  output: 'output edge',
  context: 'encoder final state → decoder',
  attention: 'attention',
};

export function edgeTooltip(edge: Element): Node[] {
  const kind = edge.getAttribute('data-kind') ?? '';
  const weight = edge.getAttribute('data-weight');
  const t = Number(edge.getAttribute('data-t'));
  const lines: Node[] = [];
  const head = document.createElement('div');
  head.className = 'tooltip-head';
  if (weight) {
    const { base, sub, sup } = splitLabel(weight);
    head.append(mathName(base, sub, sup), ' · ');
  }
  head.append(`${EDGE_WORDS[kind] ?? kind}${Number.isFinite(t) ? ` into t = ${t + 1}` : ''}`);
  lines.push(head);
  if (weight) lines.push(textLine(`the same matrix ${weight.replace(/\^.*/, '')} is used at every step`, 'note'));
  const grad = edge.getAttribute('data-grad');
  if (grad !== null) lines.push(textLine(`gradient flowing back ‖∂L/∂·‖ = ${grad === 'NaN' ? 'NaN' : formatValue(Number(grad), 3)}`));
  const alpha = edge.getAttribute('data-alpha');
  if (alpha !== null) lines.push(textLine(`α = ${formatValue(Number(alpha), 3)} from source step ${Number(edge.getAttribute('data-source')) + 1}`));
  return lines;
}

export function stepReadout(payload: GraphPayload, segment: number, t: number): (Node | string)[] {
  const seg = payload.segments[segment];
  const parts: (Node | string)[] = [`${seg.name ? `${seg.name} ` : ''}t = ${t + 1} of ${seg.steps}`];
  if (seg.inputLabels[t]) parts.push(' · ', mathName('x', String(t + 1)), ` = '${visibleToken(seg.inputLabels[t], 24)}'`);
  if (seg.outputLabels[t]) parts.push(' · ', mathName('y', String(t + 1)), ` = '${visibleToken(seg.outputLabels[t], 24)}'`);
  return parts;
}

/** Every vector of the selected step: x_t, each layer's internals and states, y_t. */
export function detailsPanel(payload: GraphPayload, values: GraphValues, segment: number, t: number): HTMLElement {
  const panel = document.createElement('div');
  panel.className = 'details-grid';
  const seg = payload.segments[segment];
  const section = (title: string, rows: HTMLElement[]) => {
    const block = document.createElement('div');
    block.className = 'details-section';
    block.append(textLine(title, 'details-title'), ...rows);
    panel.append(block);
  };
  if (seg.inputs[t] !== null) section(`input${labelText(payload, { node: 'input', segment, t })}`, vectorRows(payload, values.vectorsOf({ node: 'input', segment, t }), t));
  seg.layers.forEach((layer, l) =>
    layer.directions.forEach((d) => section(`${cellTitle(payload.cell)}${place(payload, { segment, layer: l, direction: d.direction })}`, vectorRows(payload, values.vectorsOf({ node: 'cell', segment, layer: l, direction: d.direction, t }), t))),
  );
  if (seg.outputs[t] !== null) section(`output${labelText(payload, { node: 'output', segment, t })}`, vectorRows(payload, values.vectorsOf({ node: 'output', segment, t }), t));
  return panel;
}
