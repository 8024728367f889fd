/**
 * Draws a long unrolled graph in pieces, so that its first screen appears at once: the time steps
 * in view (and a screen either side) in the calling task, the others in later tasks, a block of
 * steps at a time, nearest the view first. A 200-step graph is about 10,000 SVG elements, and
 * building and laying them all out in one task takes longer than a learner should wait for the
 * first picture. The finished DOM is the same as drawing it at once: every item takes its scene
 * position in its group. Graphs of up to `PROGRESSIVE_FROM` steps are drawn at once.
 */
import type { SvgElement } from '../../kernel/lib/show/svgTree';
import { svgRoot, toSvgDom } from '../shared/svgDom';

/** Scene groups whose items each belong to one time step (they carry `data-seg` and `data-t`). */
const STEPPED_GROUPS = new Set(['column-backgrounds', 'edges', 'edge-labels', 'init-states', 'columns']);
const PROGRESSIVE_FROM = 40;
const STEPS_PER_TASK = 50;

/** Global step index of a (segment, t) pair, or null for items that span steps (drawn at once). */
export type StepIndex = (segment: number, t: number) => number | null;

export interface Drawing {
  readonly svg: SVGSVGElement;
  /** Draws whatever is left, now, unless `step` (a global step index) is drawn already. */
  ensureDrawn(step: number): void;
  /** Stops drawing (a newer drawing replaces this one, or the output is disposed). */
  cancel(): void;
}

interface Slot {
  group: Element;
  /** DOM node per item once drawn, in scene order. */
  drawn: (Node | null)[];
}

interface Pending {
  slot: Slot;
  item: number;
  node: SvgElement;
}

function stepOf(node: SvgElement, index: StepIndex): number | null {
  const t = node.attrs['data-t'];
  if (t === undefined || t === null || t === false) return null;
  if (String(node.attrs.class ?? '').includes('edge-attention')) return null;
  return index(Number(node.attrs['data-seg'] ?? 0), Number(t));
}

/** Steps whose column background overlaps `[left, right]` (scene units), as an inclusive range. */
export function stepsInView(body: SvgElement, index: StepIndex, left: number, right: number): { first: number; last: number } {
  const backgrounds = body.children.find((c): c is SvgElement => typeof c !== 'string' && c.attrs.class === 'column-backgrounds');
  let first = Infinity;
  let last = -Infinity;
  for (const bg of backgrounds?.children ?? []) {
    if (typeof bg === 'string') continue;
    const x = Number(bg.attrs.x);
    const step = stepOf(bg, index);
    if (step === null || x + Number(bg.attrs.width) < left || x > right) continue;
    first = Math.min(first, step);
    last = Math.max(last, step);
  }
  return first <= last ? { first, last } : { first: 0, last: 0 };
}

/**
 * Starts drawing the scene into a new `<svg>`: the steps in `view` now, the rest in later tasks;
 * `onComplete` runs once everything is drawn (at once when the graph is short).
 */
export function drawProgressively(
  scene: { width: number; height: number; body: SvgElement },
  className: string,
  index: StepIndex,
  stepCount: number,
  view: { first: number; last: number },
  onComplete: () => void,
): Drawing {
  const { width, height, body } = scene;
  if (stepCount <= PROGRESSIVE_FROM) {
    onComplete();
    return { svg: svgRoot(width, height, body, className), ensureDrawn() {}, cancel() {} };
  }
  const shell: SvgElement = { ...body, children: body.children.map((c) => (typeof c !== 'string' && STEPPED_GROUPS.has(String(c.attrs.class)) ? { ...c, children: [] } : c)) };
  const svg = svgRoot(width, height, shell, className);
  const bodyElement = svg.firstElementChild!;
  const later = new Map<number, Pending[]>();
  const now: Pending[] = [];
  shell.children.forEach((child, i) => {
    if (typeof child === 'string' || !STEPPED_GROUPS.has(String(child.attrs.class))) return;
    const items = (body.children[i] as SvgElement).children;
    const slot: Slot = { group: bodyElement.children[i], drawn: items.map(() => null) };
    items.forEach((node, item) => {
      if (typeof node === 'string') return;
      const step = stepOf(node, index);
      const pending = { slot, item, node };
      if (step === null || (step >= view.first && step <= view.last)) now.push(pending);
      else {
        // Blocks of steps, numbered by distance from the view, so the nearest are drawn first.
        const distance = step > view.last ? step - view.last : view.first - step;
        const block = Math.floor((distance - 1) / STEPS_PER_TASK);
        const list = later.get(block) ?? [];
        list.push(pending);
        later.set(block, list);
      }
    });
  });
  const blocks = [...later.keys()].sort((a, b) => a - b);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let complete = false;

  const place = (pending: Pending[]) => {
    for (const { slot, item, node } of pending) {
      const dom = toSvgDom(node);
      let next: Node | null = null;
      for (let j = item + 1; j < slot.drawn.length && next === null; j++) next = slot.drawn[j];
      slot.group.insertBefore(dom, next);
      slot.drawn[item] = dom;
    }
  };
  const done = () => {
    complete = true;
    onComplete();
  };
  const step = () => {
    timer = undefined;
    const block = blocks.shift();
    if (block === undefined) return done();
    place(later.get(block)!);
    timer = setTimeout(step, 0);
  };

  place(now);
  // The first screen is painted before any more is drawn.
  let frame = requestAnimationFrame(() => {
    frame = 0;
    timer = setTimeout(step, 0);
  });
  return {
    svg,
    ensureDrawn(step: number) {
      if (complete || (step >= view.first && step <= view.last)) return;
      cancelAnimationFrame(frame);
      clearTimeout(timer);
      for (const block of blocks.splice(0)) place(later.get(block)!);
      done();
    },
    cancel() {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
      blocks.length = 0;
    },
  };
}
