/**
 * Text on coloured cells (tokens, heat-strip cells, chips, heatmap values) in the colour that
 * reads on that cell in the current theme, at WCAG AA contrast (kernel/scenes/contrast.ts):
 * the fills are translucent, so a dark theme turns a mid red dark and a light one pale.
 */
import { readableText } from '../../kernel/scenes/contrast';

/** The theme's background and text colour, as VS Code sets them on the webview. */
function themeColours(): [background: string, foreground: string] {
  const css = getComputedStyle(document.body);
  return [css.getPropertyValue('--vscode-editor-background').trim() || '#ffffff', css.getPropertyValue('--vscode-editor-foreground').trim() || '#333333'];
}

/** A function giving the text colour for a fill, with the theme read once (call it per paint, not per cell). */
export function textColourFor(): (fill: string) => string {
  const [background, foreground] = themeColours();
  return (fill) => readableText(fill, background, foreground);
}

/** Fills each element's background (`fill(el, i)`) and sets its text colour for contrast. */
export function paintCells(elements: ArrayLike<HTMLElement>, fill: (el: HTMLElement, i: number) => string): void {
  const text = textColourFor();
  for (let i = 0; i < elements.length; i++) {
    const el = elements[i];
    const f = fill(el, i);
    el.style.background = f;
    el.style.color = text(f);
    el.dataset.fill = f;
  }
}

/** Recolours the text of every painted cell under `root` when VS Code switches theme; returns the unsubscribe function. */
export function repaintOnThemeChange(root: HTMLElement): () => void {
  const observer = new MutationObserver(() => {
    const text = textColourFor();
    root.querySelectorAll<HTMLElement>('[data-fill]').forEach((el) => (el.style.color = text(el.dataset.fill!)));
  });
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  return () => observer.disconnect();
}
