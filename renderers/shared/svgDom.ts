/**
 * Turns the kernel's element trees (`kernel/scenes/svgTree.ts`) into live SVG DOM with
 * `createElementNS`, so the renderer draws exactly what the static fallback draws.
 */
import type { SvgNode } from '../../kernel/scenes/svgTree';

const SVG_NS = 'http://www.w3.org/2000/svg';

export function toSvgDom(node: SvgNode): Node {
  if (typeof node === 'string') return document.createTextNode(node);
  const element = document.createElementNS(SVG_NS, node.tag);
  for (const [name, value] of Object.entries(node.attrs)) {
    if (value === undefined || value === null || value === false) continue;
    element.setAttribute(name, String(value));
  }
  for (const child of node.children) element.appendChild(toSvgDom(child));
  return element;
}

/** An `<svg>` root of the given size holding the tree. */
export function svgRoot(width: number, height: number, body: SvgNode, className: string): SVGSVGElement {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', `0 0 ${Math.ceil(width)} ${Math.ceil(height)}`);
  svg.setAttribute('width', String(Math.ceil(width)));
  svg.setAttribute('height', String(Math.ceil(height)));
  svg.setAttribute('class', className);
  svg.appendChild(toSvgDom(body));
  return svg;
}
