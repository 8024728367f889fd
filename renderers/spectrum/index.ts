/**
 * Notebook renderer for `application/vnd.unrolled.spectrum+json`: eigenvalues of the recurrent
 * matrix, gradient norm against lag, and the gradient heatmap.
 */
import type { ActivationFunction } from 'vscode-notebook-renderer';
import { createRenderer } from '../shared/host';
import { SpectrumView } from './spectrumView';
import css from './spectrum.css';

export const activate: ActivationFunction = createRenderer('spectrum', css, (payload, root) => {
  const view = new SpectrumView(payload, root);
  return { dispose: () => view.dispose() };
});
