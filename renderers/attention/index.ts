/**
 * Notebook renderer for `application/vnd.unrolled.attention+json`: seq2seq attention heatmaps
 * and attention-pooling weights.
 */
import type { ActivationFunction } from 'vscode-notebook-renderer';
import { createRenderer } from '../shared/host';
import { AttentionView } from './attentionView';
import css from './attention.css';

export const activate: ActivationFunction = createRenderer('attention', css, (payload, root) => {
  const view = new AttentionView(payload, root);
  return { dispose: () => view.dispose() };
});
