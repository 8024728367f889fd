/**
 * Text coloured by one hidden unit's activation (blue below zero, red above), the unit chosen
 * from a dropdown or stepped with buttons: the "which cell tracks quotes" picture.
 */
import type { HiddenUnitView } from '../../kernel/protocol/payloads';
import { divergingFill } from '../../kernel/scenes/colors';
import { formatValue, maxAbs } from '../../kernel/scenes/format';
import { paintCells } from '../shared/cellText';
import { button, dropdown } from '../shared/elements';
import { textLine, type Tooltip } from '../shared/tooltip';

export class HiddenUnitsPanel {
  private unit: number;
  private readonly body: HTMLElement;
  private readonly caption: HTMLElement;
  private readonly units: number;

  constructor(
    private readonly view: HiddenUnitView,
    parent: HTMLElement,
    private readonly tooltip: Tooltip,
    signal: AbortSignal,
  ) {
    this.unit = view.selectedUnit;
    this.units = view.activations[0].length;
    const toolbar = document.createElement('div');
    toolbar.className = 'toolbar';
    const choices = Array.from({ length: this.units }, (_, u) => ({ value: String(u), label: `unit ${u}` }));
    const select = dropdown(`${view.source}: unit`, choices, String(this.unit), (v) => this.show(Number(v)), signal);
    toolbar.append(
      select,
      button('◀', () => this.show((this.unit + this.units - 1) % this.units), signal, { secondary: true, title: 'Previous unit' }),
      button('▶', () => this.show((this.unit + 1) % this.units), signal, { secondary: true, title: 'Next unit' }),
    );
    this.caption = textLine('', 'note');
    this.body = document.createElement('div');
    this.body.className = 'sample-text hidden-units';
    view.tokens.forEach((token, t) => {
      const span = document.createElement('span');
      span.className = 'tok';
      span.dataset.index = String(t);
      span.textContent = token.replace(/\n/g, '⏎\n');
      this.body.append(span);
    });
    this.body.addEventListener(
      'pointerover',
      (e) => {
        const span = (e.target as Element).closest('.tok') as HTMLElement | null;
        if (!span) return;
        const t = Number(span.dataset.index);
        this.tooltip.show([textLine(`'${view.tokens[t].replace(/\n/g, '⏎')}' · ${view.source}[${this.unit}] = ${formatValue(view.activations[t][this.unit])}`)], e.clientX, e.clientY);
      },
      { signal },
    );
    this.body.addEventListener('pointerleave', () => this.tooltip.hide(), { signal });
    parent.append(textLine('Hidden-unit view: each character coloured by one unit (blue < 0 < red)', 'section-title'), toolbar, this.caption, this.body);
    this.show(this.unit, select);
  }

  private show(unit: number, select?: HTMLElement): void {
    this.unit = unit;
    const values = this.view.activations.map((row) => row[unit]);
    const limit = Math.max(1e-6, maxAbs(values));
    this.body.dataset.unit = String(unit);
    this.caption.textContent = `unit ${unit}: largest |activation| ${formatValue(limit)}`;
    paintCells(this.body.querySelectorAll<HTMLElement>('.tok'), (span) => divergingFill(values[Number(span.dataset.index)], limit));
    const picker = (select ?? this.body.parentElement)?.querySelector('vscode-single-select') as (HTMLElement & { value: string }) | null;
    if (picker && picker.value !== String(unit)) picker.value = String(unit);
  }
}
