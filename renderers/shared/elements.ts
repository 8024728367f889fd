/**
 * The `@vscode-elements/elements` components the renderers use, registered once, and small
 * factories that create them with an accessible label and a typed change callback. Controls are
 * keyboard reachable by construction (the components are focusable and handle Enter/Space).
 */
import './quietRegistry';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';

/** A labelled toggle switch (vscode-checkbox in toggle mode). */
/** A switch; with `unavailable`, disabled and saying why in its tooltip (a greyed control with no reason puzzles). */
export function toggle(label: string, checked: boolean, onChange: (checked: boolean) => void, signal: AbortSignal, unavailable?: string): HTMLElement {
  const box = document.createElement('vscode-checkbox') as HTMLElement & { checked: boolean; disabled: boolean; label: string; toggle: boolean };
  box.toggle = true;
  box.label = label;
  box.checked = checked;
  box.disabled = unavailable !== undefined;
  box.setAttribute('aria-label', label);
  if (unavailable !== undefined) {
    box.title = unavailable;
    box.setAttribute('aria-description', unavailable);
  }
  box.addEventListener('change', () => onChange(box.checked), { signal });
  return box;
}

export function button(label: string, onClick: () => void, signal: AbortSignal, options: { secondary?: boolean; title?: string } = {}): HTMLElement {
  const b = document.createElement('vscode-button');
  b.textContent = label;
  if (options.secondary) b.setAttribute('secondary', '');
  b.setAttribute('aria-label', options.title ?? label);
  if (options.title) b.title = options.title;
  b.addEventListener('click', onClick, { signal });
  return b;
}

export interface Choice {
  value: string;
  label: string;
}

/** A labelled dropdown (vscode-single-select). */
export function dropdown(label: string, choices: Choice[], value: string, onChange: (value: string) => void, signal: AbortSignal): HTMLElement {
  const wrap = document.createElement('label');
  wrap.className = 'control-label';
  const text = document.createElement('span');
  text.textContent = label;
  const select = document.createElement('vscode-single-select') as HTMLElement & { value: string };
  select.setAttribute('aria-label', label);
  for (const choice of choices) {
    const option = document.createElement('vscode-option') as HTMLElement & { value: string; selected: boolean };
    option.value = choice.value;
    option.textContent = choice.label;
    if (choice.value === value) option.selected = true;
    select.append(option);
  }
  select.addEventListener('change', () => onChange(select.value), { signal });
  wrap.append(text, select);
  return wrap;
}

/**
 * A time scrubber: previous / next buttons around a native range input (vscode-elements has no
 * slider; the range input is styled with the theme's variables and moves with the arrow keys).
 */
export function scrubber(label: string, max: number, value: number, onInput: (value: number) => void, signal: AbortSignal): { element: HTMLElement; set(value: number): void } {
  const row = document.createElement('div');
  row.className = 'scrubber';
  const range = document.createElement('input');
  range.type = 'range';
  range.min = '0';
  range.max = String(max);
  range.step = '1';
  range.value = String(value);
  range.setAttribute('aria-label', label);
  const emit = (v: number) => {
    const clamped = Math.max(0, Math.min(max, v));
    range.value = String(clamped);
    onInput(clamped);
  };
  range.addEventListener('input', () => emit(Number(range.value)), { signal });
  const prev = button('◀', () => emit(Number(range.value) - 1), signal, { secondary: true, title: 'Previous step' });
  const next = button('▶', () => emit(Number(range.value) + 1), signal, { secondary: true, title: 'Next step' });
  row.append(prev, range, next);
  return { element: row, set: (v) => (range.value = String(v)) };
}
