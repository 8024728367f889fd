/**
 * The interactive computation graph: folded/unrolled toggle, BPTT gradient colouring, gate
 * expansion (click a cell, or Enter on the selected step), a time scrubber, zoom (buttons,
 * Ctrl+wheel, +/-), hover tooltips with heat strips, and a details panel for the selected step.
 * The picture itself is the kernel's scene (`kernel/scenes/graph`), turned into SVG DOM.
 */
import type { GraphPayload } from '../../kernel/protocol/payloads';
import { foldedScene } from '../../kernel/scenes/graph/foldedScene';
import { expandKey, stepOrder, SteppedScene, type GraphView } from '../../kernel/scenes/graph/unrolledScene';
import { HEADER_WIDTH } from '../../kernel/scenes/graph/geometry';
import { GraphValues } from '../../kernel/scenes/graph/values';
import { button, scrubber, toggle } from '../shared/elements';
import { Tooltip } from '../shared/tooltip';
import { drawAtOnce, drawProgressively, type Drawing } from './progressiveDrawing';
import { detailsPanel, edgeTooltip, nodeRefOf, nodeTooltip, stepReadout } from './graphDetails';

/**
 * A graph wider than its output opens zoomed to fit when that zoom is at least this (labels of
 * 11 px read at 7 px); a longer graph opens at 1 and scrolls, its selected step in view.
 */
const MIN_OPENING_ZOOM = 0.62;

export class GraphViewer {
  private readonly abort = new AbortController();
  private readonly view: GraphView;
  private readonly values: GraphValues;
  private readonly steps: { segment: number; t: number }[];
  private readonly canvas: HTMLElement;
  private readonly details: HTMLElement;
  private readonly readout: HTMLElement;
  private readonly tooltip: Tooltip;
  private readonly scrub: { element: HTMLElement; set(value: number): void };
  private svg: SVGSVGElement | null = null;
  private drawing: Drawing | null = null;
  private sceneSize = { width: 0, height: 0 };
  private zoom = 1;
  private index = 0;
  private scrollFrame = 0;
  private opened = false;

  constructor(
    private readonly payload: GraphPayload,
    private readonly root: HTMLElement,
  ) {
    const signal = this.abort.signal;
    this.values = new GraphValues(payload);
    this.steps = stepOrder(payload);
    const dirs = payload.segments.flatMap((s) => s.layers.flatMap((l) => l.directions));
    const hasGradients = dirs.some((d) => d.gradients !== undefined);
    const hasGates = dirs.some((d) => Object.keys(d.internals).length > 0);
    this.view = { folded: false, gradients: hasGradients, expanded: new Set(), selected: this.steps[0] };

    const title = document.createElement('div');
    title.className = 'title';
    title.textContent = payload.title ?? `${payload.cell.toUpperCase()} · ${payload.pattern} · hidden ${payload.hiddenSize}${payload.unitsShown < payload.hiddenSize ? ` (first ${payload.unitsShown} units shown)` : ''}`;
    const toolbar = document.createElement('div');
    toolbar.className = 'toolbar';
    toolbar.append(
      toggle('Unrolled', true, (on) => this.setFolded(!on), signal),
      toggle('BPTT gradients', hasGradients, (on) => this.update(() => (this.view.gradients = on)), signal, hasGradients ? undefined : 'No gradients in this output: call show.graph(..., { gradients: true }) to see BPTT'),
      toggle('All gates', false, (on) => this.update(() => (this.view.expanded = on ? 'all' : new Set())), signal, hasGates ? undefined : 'This cell has no gates to show (an Elman cell is one tanh)'),
      button('−', () => this.setZoom(this.zoom / 1.25), signal, { secondary: true, title: 'Zoom out' }),
      button('Fit', () => this.fit(), signal, { secondary: true, title: 'Fit the width' }),
      button('+', () => this.setZoom(this.zoom * 1.25), signal, { secondary: true, title: 'Zoom in' }),
    );
    this.scrub = scrubber('Time step', this.steps.length - 1, 0, (i) => this.select(i), signal);
    this.readout = document.createElement('span');
    this.readout.className = 'readout';
    this.scrub.element.append(this.readout);
    this.canvas = document.createElement('div');
    this.canvas.className = 'canvas';
    this.canvas.tabIndex = 0;
    this.canvas.setAttribute('role', 'group');
    this.canvas.setAttribute('aria-label', 'Computation graph. Left and right arrows move the time step, Enter shows the gates, plus and minus zoom.');
    this.details = document.createElement('div');
    this.details.className = 'details';
    const hint = document.createElement('div');
    hint.className = 'note';
    hint.textContent = hasGates ? 'Hover a node for its values · click a cell to show its gates · Ctrl+wheel zooms' : 'Hover a node for its values · Ctrl+wheel zooms';
    root.append(title, toolbar, this.scrub.element, this.canvas, hint, this.details);
    this.tooltip = new Tooltip(root);
    this.listen(signal);
    this.render();
    this.select(0);
    // The first notification comes after the first layout and before that frame is painted, so
    // the graph is never seen at the wrong zoom.
    const resize = new ResizeObserver(() => this.opening());
    resize.observe(this.canvas);
    signal.addEventListener('abort', () => resize.disconnect());
  }

  /** Once the output has a width: zoom a graph wider than it to fit, if that stays readable. */
  private opening(): void {
    if (this.opened || this.canvas.clientWidth === 0) return;
    this.opened = true;
    const fit = this.fitZoom();
    if (fit < 1 && fit >= MIN_OPENING_ZOOM) this.setZoom(fit);
  }

  private fitZoom(): number {
    return Math.min(1, (this.canvas.clientWidth - 4) / this.sceneSize.width);
  }

  dispose(): void {
    this.abort.abort();
    this.drawing?.cancel();
    cancelAnimationFrame(this.scrollFrame);
    this.root.replaceChildren();
  }

  private listen(signal: AbortSignal): void {
    const c = this.canvas;
    c.addEventListener('pointermove', (e) => this.hover(e), { signal });
    c.addEventListener('pointerleave', () => this.tooltip.hide(), { signal });
    c.addEventListener('click', (e) => this.click(e), { signal });
    c.addEventListener('keydown', (e) => this.key(e), { signal });
    c.addEventListener(
      'wheel',
      (e) => {
        if (!e.ctrlKey) return;
        e.preventDefault();
        this.setZoom(this.zoom * (e.deltaY < 0 ? 1.1 : 1 / 1.1));
      },
      { signal, passive: false },
    );
  }

  private hover(e: PointerEvent): void {
    const target = e.target as Element;
    const node = target.closest('.node');
    if (node) {
      const ref = nodeRefOf(node);
      if (ref) return this.tooltip.show(nodeTooltip(this.payload, this.values, ref), e.clientX, e.clientY);
    }
    const edge = target.closest('.edge');
    if (edge) return this.tooltip.show(edgeTooltip(edge), e.clientX, e.clientY);
    this.tooltip.hide();
  }

  private click(e: MouseEvent): void {
    const target = e.target as Element;
    const holder = target.closest('[data-t]');
    if (!holder) return;
    const segment = Number(holder.getAttribute('data-seg') ?? 0);
    const t = Number(holder.getAttribute('data-t'));
    const index = this.steps.findIndex((s) => s.segment === segment && s.t === t);
    if (target.closest('.node-cell')) this.toggleExpanded(segment, t);
    if (index >= 0) this.select(index);
  }

  private key(e: KeyboardEvent): void {
    const moves: Record<string, number> = { ArrowLeft: this.index - 1, ArrowRight: this.index + 1, Home: 0, End: this.steps.length - 1 };
    if (e.key in moves) {
      e.preventDefault();
      this.select(Math.max(0, Math.min(this.steps.length - 1, moves[e.key])));
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      this.toggleExpanded(this.view.selected.segment, this.view.selected.t);
    } else if (e.key === '+' || e.key === '=') this.setZoom(this.zoom * 1.25);
    else if (e.key === '-') this.setZoom(this.zoom / 1.25);
  }

  private toggleExpanded(segment: number, t: number): void {
    const key = expandKey(segment, t);
    const current = this.view.expanded === 'all' ? new Set(this.steps.map((s) => expandKey(s.segment, s.t))) : new Set(this.view.expanded);
    if (current.has(key)) current.delete(key);
    else current.add(key);
    this.update(() => (this.view.expanded = current));
  }

  private setFolded(folded: boolean): void {
    this.update(() => (this.view.folded = folded));
  }

  private update(change: () => void): void {
    change();
    this.render();
    this.showSelection();
  }

  /**
   * Rebuilds the SVG from the scene, keeping the scroll position. Long graphs are drawn in pieces
   * (`progressiveDrawing.ts`): what is in view first, and `data-drawn` turns from `partial` to
   * `all` when the rest is there.
   */
  private render(): void {
    const first = this.svg === null;
    // The first drawing reads no layout (nothing is laid out yet, and asking would lay out the
    // whole output early): it starts scrolled to 0 and the window bounds what can be in view.
    const { scrollLeft, scrollTop } = first ? { scrollLeft: 0, scrollTop: 0 } : this.canvas;
    const width = (first ? 0 : this.canvas.clientWidth) || window.innerWidth;
    this.drawing?.cancel();
    this.root.dataset.drawn = 'partial';
    const done = () => (this.root.dataset.drawn = 'all');
    if (this.view.folded) {
      const scene = foldedScene(this.payload, this.view);
      this.sceneSize = { width: scene.width, height: scene.height };
      this.drawing = drawAtOnce(scene, 'graph-svg', done);
    } else {
      const scene = new SteppedScene(this.payload, this.view, this.values);
      this.sceneSize = { width: scene.width, height: scene.height };
      const inView = scene.stepsIn((scrollLeft - width / 2) / this.zoom, (scrollLeft + 1.5 * width) / this.zoom);
      this.drawing = drawProgressively(scene, 'graph-svg', inView, done);
    }
    this.svg = this.drawing.svg;
    this.applyZoom();
    this.canvas.replaceChildren(this.svg);
    // Restoring the scroll position forces a layout; the first drawing starts at 0 anyway.
    if (!first) {
      this.canvas.scrollLeft = scrollLeft;
      this.canvas.scrollTop = scrollTop;
    }
    this.root.dataset.view = this.view.folded ? 'folded' : 'unrolled';
  }

  private applyZoom(): void {
    if (!this.svg) return;
    this.svg.setAttribute('width', String(Math.ceil(this.sceneSize.width * this.zoom)));
    this.svg.setAttribute('height', String(Math.ceil(this.sceneSize.height * this.zoom)));
  }

  private setZoom(zoom: number): void {
    this.zoom = Math.max(0.05, Math.min(4, zoom));
    this.applyZoom();
    this.root.dataset.zoom = this.zoom.toFixed(3);
    this.scrollToSelection();
  }

  private fit(): void {
    this.setZoom(this.fitZoom());
  }

  select(index: number): void {
    this.index = index;
    this.view.selected = this.steps[index];
    this.scrub.set(index);
    // Folded nodes show the selected step's values and attention edges follow the selected decoder step.
    if (this.view.folded || this.payload.attention) this.render();
    this.showSelection();
  }

  private showSelection(): void {
    const { segment, t } = this.view.selected;
    this.drawing?.ensureDrawn(this.index);
    this.svg?.querySelectorAll('.col-bg.selected').forEach((r) => r.classList.remove('selected'));
    this.svg?.querySelector(`.col-bg[data-seg="${segment}"][data-t="${t}"]`)?.classList.add('selected');
    this.root.dataset.selected = `${segment}:${t}`;
    this.readout.replaceChildren(...stepReadout(this.payload, segment, t));
    this.details.replaceChildren(detailsPanel(this.payload, this.values, segment, t));
    this.scrollToSelection();
  }

  /** Scrolls in the next frame, when the layout that frame needs anyway has been computed. */
  private scrollToSelection(): void {
    if (this.scrollFrame) return;
    this.scrollFrame = requestAnimationFrame(() => {
      this.scrollFrame = 0;
      if (!this.abort.signal.aborted) this.scrollNow();
    });
  }

  private scrollNow(): void {
    if (this.view.folded || !this.svg) return;
    const bg = this.svg.querySelector(`.col-bg[data-seg="${this.view.selected.segment}"][data-t="${this.view.selected.t}"]`);
    const x = Number(bg?.getAttribute('x') ?? HEADER_WIDTH) * this.zoom;
    const w = Number(bg?.getAttribute('width') ?? 0) * this.zoom;
    const { scrollLeft, clientWidth } = this.canvas;
    if (x < scrollLeft || x + w > scrollLeft + clientWidth) this.canvas.scrollLeft = Math.max(0, x - clientWidth / 2 + w / 2);
  }
}
