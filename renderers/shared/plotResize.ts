/**
 * Plots sized by their container: plotly's `responsive` option follows the window only, and an
 * output changes width without the window doing so (the notebook's side bar, a wider editor).
 */
import { Plotly } from './plotly';

/**
 * Redraws `div` at its container's new width (once per frame); `relayout` instead when the
 * layout itself depends on the width. Returns the unsubscribe function.
 */
export function followWidth(div: HTMLElement, relayout?: (width: number) => Partial<Plotly.Layout>): () => void {
  let frame = 0;
  let last = -1;
  const observer = new ResizeObserver(() => {
    const width = div.clientWidth;
    if (width === last || width === 0) return;
    const first = last === -1;
    last = width;
    if (first && !relayout) return;
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(() => {
      if (!div.isConnected) return;
      if (relayout) void Plotly.relayout(div, relayout(width));
      else void Plotly.Plots.resize(div);
    });
  });
  observer.observe(div);
  return () => {
    cancelAnimationFrame(frame);
    observer.disconnect();
  };
}
