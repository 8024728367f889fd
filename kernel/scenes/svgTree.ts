/**
 * A neutral element tree for pictures. The kernel serialises it to an SVG string (the static
 * fallback stored in the notebook); the webview renderers turn the same tree into DOM nodes and
 * add interaction. Drawing code builds trees, never strings, so the fallback and the live view
 * have the same structure by construction.
 *
 * Pure: no DOM and no TensorFlow.js imports here (renderers bundle this file).
 */

export type AttrValue = string | number | undefined | null | false;

export interface SvgElement {
  tag: string;
  attrs: Record<string, AttrValue>;
  children: SvgNode[];
}

/** Text content is a plain string child. */
export type SvgNode = SvgElement | string;

/** Children may contain `null`/`false` (skipped) and nested arrays (flattened), for conditional drawing. */
export type SvgChild = SvgNode | null | false | undefined | SvgChild[];

export function el(tag: string, attrs: Record<string, AttrValue> = {}, ...children: SvgChild[]): SvgElement {
  return { tag, attrs, children: flatten(children) };
}

function flatten(children: SvgChild[], acc: SvgNode[] = []): SvgNode[] {
  for (const child of children) {
    if (Array.isArray(child)) flatten(child, acc);
    else if (child !== null && child !== false && child !== undefined) acc.push(child);
  }
  return acc;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch]);
}

/** Attribute values: numbers are rounded to 2 decimals to keep fallbacks small. */
export function attrText(value: string | number): string {
  return typeof value === 'number' ? String(Math.round(value * 100) / 100) : value;
}

export function toXml(node: SvgNode): string {
  if (typeof node === 'string') return escapeXml(node);
  let out = `<${node.tag}`;
  for (const [name, value] of Object.entries(node.attrs)) {
    if (value === undefined || value === null || value === false) continue;
    out += ` ${name}="${escapeXml(attrText(value))}"`;
  }
  if (node.children.length === 0) return `${out}/>`;
  return `${out}>${node.children.map(toXml).join('')}</${node.tag}>`;
}

/**
 * A standalone SVG document: fixed size, an opaque background (readable in dark viewers such as
 * GitHub's dark mode) and an embedded stylesheet for the class names the drawing uses.
 */
export function svgDocument(width: number, height: number, css: string, body: SvgChild[], background = '#ffffff'): string {
  const root = el(
    'svg',
    { xmlns: 'http://www.w3.org/2000/svg', width: Math.ceil(width), height: Math.ceil(height), viewBox: `0 0 ${Math.ceil(width)} ${Math.ceil(height)}`, 'font-family': 'sans-serif' },
    el('style', {}, css),
    el('rect', { class: 'background', x: 0, y: 0, width: Math.ceil(width), height: Math.ceil(height), fill: background }),
    body,
  );
  return toXml(root);
}
