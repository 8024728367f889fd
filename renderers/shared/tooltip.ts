/**
 * One floating tooltip per view, positioned next to the pointer (or the focused element) inside
 * the view's root and kept within its width.
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

  /** Shows `content` near the viewport point (clientX, clientY). */
  show(content: Node[], clientX: number, clientY: number): void {
    this.element.replaceChildren(...content);
    this.element.hidden = false;
    const box = this.root.getBoundingClientRect();
    const width = this.element.offsetWidth;
    const left = Math.max(0, Math.min(clientX - box.left + 14, this.root.clientWidth - width - 4));
    this.element.style.left = `${left}px`;
    this.element.style.top = `${clientY - box.top + 16}px`;
  }

  /** Shows `content` below an element. */
  showAt(content: Node[], target: Element): void {
    const r = target.getBoundingClientRect();
    this.show(content, r.left, r.bottom - 8);
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
