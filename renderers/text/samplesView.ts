/**
 * Generated samples side by side, each token coloured by the probability the model gave it (or
 * by the entropy of its distribution, switchable). Hovering a token, or moving through tokens
 * with the arrow keys after focusing a sample, shows its probability, entropy and the top-k
 * alternatives.
 */
import type { TextSample, TextToken } from '../../kernel/protocol/payloads';
import { formatValue } from '../../kernel/scenes/format';
import { entropyFill, probabilityFill, type TokenColouring } from '../../kernel/scenes/text/tokenColors';
import { paintCells } from '../shared/cellText';
import { dropdown } from '../shared/elements';
import { textLine, type Tooltip } from '../shared/tooltip';

export class SamplesView {
  private colouring: TokenColouring = 'probability';
  private readonly columns: HTMLElement[] = [];
  private readonly maxEntropy: number;

  constructor(
    private readonly samples: TextSample[],
    parent: HTMLElement,
    private readonly tooltip: Tooltip,
    signal: AbortSignal,
  ) {
    this.maxEntropy = Math.max(1e-6, ...samples.flatMap((s) => s.tokens.map((t) => t.entropy ?? 0)));
    const hasEntropy = samples.some((s) => s.tokens.some((t) => t.entropy !== null));
    const toolbar = document.createElement('div');
    toolbar.className = 'toolbar';
    const choices = [{ value: 'probability', label: 'probability (red = surprising)' }, ...(hasEntropy ? [{ value: 'entropy', label: 'entropy (blue = uncertain)' }] : [])];
    toolbar.append(dropdown('Colour by', choices, this.colouring, (v) => this.setColouring(v as TokenColouring), signal));
    const grid = document.createElement('div');
    grid.className = 'samples';
    for (const [i, sample] of samples.entries()) grid.append(this.column(sample, i, signal));
    parent.append(toolbar, grid);
    this.paint();
  }

  private column(sample: TextSample, index: number, signal: AbortSignal): HTMLElement {
    const col = document.createElement('div');
    col.className = 'sample';
    col.dataset.sample = String(index);
    const label = document.createElement('div');
    label.className = 'sample-label';
    label.textContent = sample.label;
    const body = document.createElement('div');
    body.className = 'sample-text';
    body.tabIndex = 0;
    body.setAttribute('aria-label', `${sample.label}: generated text; arrow keys move through the tokens`);
    if (sample.prompt) {
      const prompt = document.createElement('span');
      prompt.className = 'prompt';
      prompt.textContent = sample.prompt;
      body.append(prompt);
    }
    sample.tokens.forEach((token, t) => {
      const span = document.createElement('span');
      span.className = 'tok';
      span.dataset.index = String(t);
      span.textContent = token.text.replace(/\n/g, '⏎\n');
      body.append(span);
    });
    let active = -1;
    const activate = (t: number) => {
      body.querySelector('.tok.active')?.classList.remove('active');
      active = Math.max(0, Math.min(sample.tokens.length - 1, t));
      const span = body.querySelector(`.tok[data-index="${active}"]`);
      if (!span) return;
      span.classList.add('active');
      this.tooltip.showAt(tokenTooltip(sample.tokens[active]), span);
    };
    body.addEventListener(
      'pointerover',
      (e) => {
        const span = (e.target as Element).closest('.tok') as HTMLElement | null;
        if (span) this.tooltip.show(tokenTooltip(sample.tokens[Number(span.dataset.index)]), e.clientX, e.clientY);
      },
      { signal },
    );
    body.addEventListener('pointerleave', () => this.tooltip.hide(), { signal });
    body.addEventListener(
      'keydown',
      (e) => {
        if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
          e.preventDefault();
          activate(active + (e.key === 'ArrowRight' ? 1 : -1));
        } else if (e.key === 'Escape') this.tooltip.hide();
      },
      { signal },
    );
    body.addEventListener('blur', () => this.tooltip.hide(), { signal });
    col.append(label, body);
    this.columns.push(col);
    return col;
  }

  private setColouring(colouring: TokenColouring): void {
    this.colouring = colouring;
    this.paint();
  }

  private paint(): void {
    this.columns.forEach((col, i) => {
      col.dataset.colouring = this.colouring;
      paintCells(col.querySelectorAll<HTMLElement>('.tok'), (span) => {
        const token = this.samples[i].tokens[Number(span.dataset.index)];
        return this.colouring === 'probability' ? probabilityFill(token.probability) : entropyFill(token.entropy, this.maxEntropy);
      });
    });
  }
}

function tokenTooltip(token: TextToken): Node[] {
  const head = textLine(`'${token.text.replace(/\n/g, '⏎')}'  p = ${formatValue(token.probability)}${token.entropy !== null ? ` · entropy ${formatValue(token.entropy)} nats` : ''}`, 'tooltip-head');
  if (token.alternatives.length === 0) return [head, textLine('(the distribution was not recorded)', 'note')];
  const table = document.createElement('div');
  table.className = 'alternatives';
  for (const alt of token.alternatives) {
    const row = document.createElement('div');
    row.className = `alt${alt.text === token.text ? ' picked' : ''}`;
    const name = document.createElement('span');
    name.className = 'alt-text';
    name.textContent = `'${alt.text.replace(/\n/g, '⏎')}'`;
    const bar = document.createElement('span');
    bar.className = 'alt-bar';
    bar.style.width = `${Math.round(100 * (alt.probability ?? 0))}px`;
    const value = document.createElement('span');
    value.textContent = formatValue(alt.probability);
    row.append(name, bar, value);
    table.append(row);
  }
  return [head, table];
}
