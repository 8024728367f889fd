/**
 * One floating tooltip per view, positioned next to the pointer (or the focused element) and kept
 * whole inside the view's root: VS Code clips an output at its own edges, so a tooltip below the
 * last line flips above the pointer, one at the right edge shifts left, and a view too short for
 * the tooltip either way grows (once; it keeps that height, so later hovers do not make it jump).
 */
export class Tooltip {
  readonly element: HTMLElement;

  constructor(private readonly root: HTMLElement) {
    this.element = document.createElement('div');
    this.element.className = 'tooltip';
    this.element.hidden = true;
    this.element.setAttribute('role', 'tooltip');
    root.appendChild(this.element);
  }

  /**
   * Shows `content` below and right of the viewport point (clientX, clientY), or above
   * `clientTop` (default the same point) when there is no room below.
   */
  show(content: Node[], clientX: number, clientY: number, clientTop = clientY): void {
    this.element.replaceChildren(...content);
    this.element.hidden = false;
    const box = this.root.getBoundingClientRect();
    const width = this.element.offsetWidth;
    const height = this.element.offsetHeight;
    const gap = 8;
    const left = Math.max(0, Math.min(clientX - box.left + 14, this.root.clientWidth - width - 4));
    const below = clientY - box.top + 16;
    const above = clientTop - box.top - gap - height;
    let top: number;
    if (below + height <= this.root.clientHeight) top = below;
    else if (above >= 0) top = above;
    else {
      this.root.style.minHeight = `${Math.ceil(below + height + gap)}px`;
      top = below;
    }
    this.element.style.left = `${left}px`;
    this.element.style.top = `${top}px`;
  }

  /** Shows `content` below an element, or above it when there is no room below. */
  showAt(content: Node[], target: Element): void {
    const r = target.getBoundingClientRect();
    this.show(content, r.left, r.bottom - 8, r.top);
  }

  hide(): void {
    this.element.hidden = true;
  }
}

/** A row of the tooltip: a name and a value element. */
export function tooltipRow(name: Node, value: Node): HTMLElement {
  const row = document.createElement('div');
  row.className = 'row';
  row.append(name, value);
  return row;
}

export function textLine(text: string, className = ''): HTMLElement {
  const div = document.createElement('div');
  if (className) div.className = className;
  div.textContent = text;
  return div;
}
