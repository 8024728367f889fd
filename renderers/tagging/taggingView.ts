/**
 * Tokens with predicted and gold tags and the Viterbi trellis (the kernel's scene as SVG DOM),
 * with toggles for all back-pointers and the gold row, hover details on trellis boxes, and
 * keyboard selection of a token (arrow keys) that highlights its column and explains it.
 */
import type { TaggingPayload } from '../../kernel/protocol/payloads';
import { formatValue } from '../../kernel/scenes/format';
import { taggingScene, type TaggingView } from '../../kernel/scenes/tagging/taggingScene';
import { toggle } from '../shared/elements';
import { svgRoot } from '../shared/svgDom';
import { textLine, Tooltip } from '../shared/tooltip';

export class TaggingViewer {
  private readonly abort = new AbortController();
  private readonly view: TaggingView;
  private readonly canvas: HTMLElement;
  private readonly detail: HTMLElement;
  private readonly tooltip: Tooltip;

  constructor(
    private readonly payload: TaggingPayload,
    private readonly root: HTMLElement,
  ) {
    const signal = this.abort.signal;
    this.view = { selected: -1, allPointers: true, showGold: payload.gold !== undefined };
    const title = textLine(payload.title ?? 'Tags', 'title');
    const toolbar = document.createElement('div');
    toolbar.className = 'toolbar';
    if (payload.trellis) toolbar.append(toggle('All back-pointers', true, (on) => this.update(() => (this.view.allPointers = on)), signal));
    if (payload.gold) toolbar.append(toggle('Gold tags', true, (on) => this.update(() => (this.view.showGold = on)), signal));
    this.canvas = document.createElement('div');
    this.canvas.className = 'canvas';
    this.canvas.tabIndex = 0;
    this.canvas.setAttribute('role', 'group');
    this.canvas.setAttribute('aria-label', 'Tagged tokens and Viterbi trellis; left and right arrows select a token');
    this.detail = textLine(`Select a token (click, or arrow keys) to see its tags${payload.trellis ? ' and Viterbi scores' : ''}.`, 'note detail');
    root.append(title, toolbar, this.canvas, this.detail);
    this.tooltip = new Tooltip(root);
    this.canvas.addEventListener('pointerover', (e) => this.hover(e), { signal });
    this.canvas.addEventListener('pointerleave', () => this.tooltip.hide(), { signal });
    this.canvas.addEventListener(
      'click',
      (e) => {
        const t = (e.target as Element).closest('[data-t]')?.getAttribute('data-t');
        if (t !== null && t !== undefined) this.select(Number(t));
      },
      { signal },
    );
    this.canvas.addEventListener(
      'keydown',
      (e) => {
        if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
        e.preventDefault();
        const step = e.key === 'ArrowRight' ? 1 : -1;
        this.select(Math.max(0, Math.min(payload.tokens.length - 1, this.view.selected + step)));
      },
      { signal },
    );
    this.render();
  }

  dispose(): void {
    this.abort.abort();
    this.root.replaceChildren();
  }

  private update(change: () => void): void {
    change();
    this.render();
  }

  private render(): void {
    const scene = taggingScene(this.payload, this.view);
    this.canvas.replaceChildren(svgRoot(scene.width, scene.height, scene.body, 'tagging-svg'));
  }

  private select(t: number): void {
    this.view.selected = t;
    this.root.dataset.selected = String(t);
    this.render();
    const p = this.payload;
    const parts = [`'${p.tokens[t]}': ${p.label ?? 'predicted'} ${p.predicted[t]}`];
    if (p.gold) parts.push(`gold ${p.gold[t]}${p.gold[t] === p.predicted[t] ? ' ✓' : ' ✗'}`);
    if (p.trellis) {
      const k = p.trellis.bestPath[t];
      parts.push(`best path ${p.trellis.tags[k]} with δ = ${formatValue(p.trellis.scores[t][k])}`);
    }
    this.detail.textContent = parts.join(' · ');
  }

  private hover(e: PointerEvent): void {
    const tr = this.payload.trellis;
    const node = (e.target as Element).closest('.trellis-node');
    if (!tr || !node) return this.tooltip.hide();
    const t = Number(node.getAttribute('data-t'));
    const k = Number(node.getAttribute('data-tag'));
    const from = tr.backpointers[t][k];
    this.tooltip.show(
      [
        textLine(`δ_${t + 1}(${tr.tags[k]}) = ${formatValue(tr.scores[t][k], 4)}`, 'tooltip-head'),
        textLine(t === 0 ? 'first step: start score + emission' : `best previous tag: ${tr.tags[from]}`),
        textLine(tr.bestPath[t] === k ? 'on the best path' : 'not on the best path', 'note'),
      ],
      e.clientX,
      e.clientY,
    );
  }
}
