/**
 * Draws a long unrolled graph in pieces, so that its first screen appears at once: the frame and
 * the time steps in view in the calling task, the other steps in later tasks, a block at a time,
 * nearest the view first. A 200-step graph is about 10,000 SVG elements; building them all (and
 * laying them out) before the first picture takes longer than a learner should wait. Steps are
 * built only when they are drawn (`SteppedScene.stepItems`), and every item takes its scene
 * position in its group, so the finished DOM is the static fallback's. Graphs of up to
 * `PROGRESSIVE_FROM` steps are drawn at once.
 */
import { STEPPED_GROUPS, type Scene, type SteppedScene } from '../../kernel/scenes/graph/unrolledScene';
import { svgRoot, toSvgDom } from '../shared/svgDom';

const PROGRESSIVE_FROM = 40;
const STEPS_PER_TASK = 50;

export interface Drawing {
  readonly svg: SVGSVGElement;
  /** Draws whatever is left, now, unless global step `step` is drawn already. */
  ensureDrawn(step: number): void;
  /** Stops drawing (a newer drawing replaces this one, or the output is disposed). */
  cancel(): void;
}

/** A scene without steps to defer (the folded view), drawn whole. */
export function drawAtOnce(scene: Scene, className: string, onComplete: () => void): Drawing {
  onComplete();
  return { svg: svgRoot(scene.width, scene.height, scene.body, className), ensureDrawn() {}, cancel() {} };
}

/**
 * Starts drawing `scene` into a new `<svg>`: the steps in `view` (global step indices) now, the
 * rest in later tasks; `onComplete` runs once every step is drawn.
 */
export function drawProgressively(scene: SteppedScene, className: string, view: { first: number; last: number }, onComplete: () => void): Drawing {
  const stepCount = scene.steps.length;
  const svg = svgRoot(scene.width, scene.height, scene.frame(), className);
  const body = svg.firstElementChild!;
  const groups = STEPPED_GROUPS.map((name) => {
    const element = body.querySelector(`:scope > g.${name}`)!;
    // Spanning items (attention arcs) were drawn with the frame and stay after every step's items.
    return { element, spanning: element.firstChild };
  });
  /** Per step, once drawn: its DOM nodes for each stepped group. */
  const drawn: (Node[][] | null)[] = new Array(stepCount).fill(null);
  let left = stepCount;

  const place = (step: number) => {
    if (drawn[step]) return;
    const items = scene.stepItems(step);
    const nodes = STEPPED_GROUPS.map((name) => items[name].map(toSvgDom));
    groups.forEach(({ element, spanning }, g) => {
      let anchor: Node | null = spanning;
      for (let next = step + 1; next < stepCount; next++) {
        const first = drawn[next]?.[g][0];
        if (first) {
          anchor = first;
          break;
        }
      }
      for (const node of nodes[g]) element.insertBefore(node, anchor);
    });
    drawn[step] = nodes;
    left--;
  };
  const placeAll = () => {
    for (let step = 0; step < stepCount; step++) place(step);
  };

  if (stepCount <= PROGRESSIVE_FROM) {
    placeAll();
    onComplete();
    return { svg, ensureDrawn() {}, cancel() {} };
  }
  for (let step = view.first; step <= view.last; step++) place(step);
  // Later blocks by distance from the view, so the nearest steps are drawn first.
  let distance = 1;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const finish = () => {
    timer = undefined;
    onComplete();
  };
  const nextBlock = () => {
    timer = undefined;
    for (const end = distance + STEPS_PER_TASK; distance < end; distance++) {
      if (view.last + distance < stepCount) place(view.last + distance);
      if (view.first - distance >= 0) place(view.first - distance);
    }
    if (left === 0) return finish();
    timer = setTimeout(nextBlock, 0);
  };
  // The rest waits until the first screen has been painted: the next frame has begun. (On two
  // cores, drawing more right after the first frame's paint competes with its rasterisation.)
  let frame = requestAnimationFrame(() => {
    frame = requestAnimationFrame(() => {
      frame = 0;
      timer = setTimeout(nextBlock, 0);
    });
  });
  return {
    svg,
    ensureDrawn(step: number) {
      if (left === 0 || drawn[step]) return;
      cancelAnimationFrame(frame);
      clearTimeout(timer);
      placeAll();
      finish();
    },
    cancel() {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    },
  };
}
