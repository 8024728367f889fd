/**
 * Colours of generated tokens: by surprise (a token the model found unlikely is strong red, a
 * confident one faint) or by entropy (an uncertain step is strong blue), and by one hidden
 * unit's activation (the diverging scale). Translucent over the background, so they read in
 * every theme.
 *
 * Pure: no DOM and no TensorFlow.js imports here.
 */
import type { Value } from '../../protocol/payloads';

export type TokenColouring = 'probability' | 'entropy';

/** Strong when p is small: the token surprised the model. */
export function probabilityFill(p: Value): string {
  if (p === null) return '#9e9e9e';
  const surprise = 1 - Math.min(1, Math.max(0, p));
  return `rgba(214,39,40,${(0.04 + 0.86 * surprise).toFixed(3)})`;
}

/** Strong when the distribution was spread out; `maxEntropy` (e.g. ln V or the sample's maximum) saturates it. */
export function entropyFill(h: Value, maxEntropy: number): string {
  if (h === null) return '#9e9e9e';
  const f = Math.min(1, Math.max(0, h / (maxEntropy > 0 ? maxEntropy : 1)));
  return `rgba(31,119,180,${(0.04 + 0.86 * f).toFixed(3)})`;
}
