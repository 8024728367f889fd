/**
 * Notebook renderer for `application/vnd.unrolled.tagging+json`: tags with B-I-O spans and the
 * Viterbi trellis.
 */
import type { ActivationFunction } from 'vscode-notebook-renderer';
import { createRenderer } from '../shared/host';
import { TaggingViewer } from './taggingView';
import css from './tagging.css';

export const activate: ActivationFunction = createRenderer('tagging', css, (payload, root) => {
  const viewer = new TaggingViewer(payload, root);
  return { dispose: () => viewer.dispose() };
});
