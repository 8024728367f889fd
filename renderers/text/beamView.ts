/**
 * The beam-search tree (the kernel's scene, as SVG DOM) with hover details per hypothesis and
 * the chosen sequence written out underneath.
 */
import type { BeamTree } from '../../kernel/protocol/payloads';
import { formatValue } from '../../kernel/scenes/format';
import { beamScene } from '../../kernel/scenes/text/beamScene';
import { svgRoot } from '../shared/svgDom';
import { textLine, type Tooltip } from '../shared/tooltip';

export function beamView(tree: BeamTree, parent: HTMLElement, tooltip: Tooltip, signal: AbortSignal): void {
  const byId = new Map(tree.nodes.map((n) => [n.id, n]));
  const title = textLine(`Beam search, width ${tree.beamWidth}: every kept hypothesis with its score; the chosen one is highlighted`, 'section-title');
  const scene = beamScene(tree);
  const canvas = document.createElement('div');
  canvas.className = 'beam-canvas';
  const svg = svgRoot(scene.width, scene.height, scene.body, 'beam-svg');
  // Scaled down to the output's width (the viewBox keeps its proportions), but not below 62% of
  // its size, where its 12 px tokens would be too small to read: a longer tree scrolls.
  svg.style.width = '100%';
  svg.style.height = 'auto';
  svg.style.maxWidth = `${Math.ceil(scene.width)}px`;
  svg.style.minWidth = `${Math.ceil(scene.width * 0.62)}px`;
  canvas.append(svg);
  const chosen = tree.chosen.map((id) => byId.get(id)?.token ?? '');
  const best = byId.get(tree.chosen[tree.chosen.length - 1]);
  const result = textLine(`chosen: ${chosen.slice(1).join('')}  (score ${formatValue(best?.score ?? null)}, log p = ${formatValue(best?.logProb ?? null)})`, 'beam-result');
  canvas.addEventListener(
    'pointerover',
    (e) => {
      const g = (e.target as Element).closest('.beam-node');
      const node = g ? byId.get(Number(g.getAttribute('data-node'))) : undefined;
      if (!node) return tooltip.hide();
      const path: string[] = [];
      for (let n: typeof node | undefined = node; n && n.parent !== null; n = byId.get(n.parent)) path.unshift(n.token);
      tooltip.show(
        [
          textLine(`'${node.token}' at step ${node.step}${node.finished ? ' (finished)' : ''}`, 'tooltip-head'),
          textLine(`hypothesis: ${path.join('') || '(start)'}`),
          textLine(`log p = ${formatValue(node.logProb)} · score = ${formatValue(node.score)}`),
        ],
        e.clientX,
        e.clientY,
      );
    },
    { signal },
  );
  canvas.addEventListener('pointerleave', () => tooltip.hide(), { signal });
  parent.append(title, canvas, result);
}
