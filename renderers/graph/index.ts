/**
 * Notebook renderer for `application/vnd.unrolled.graph+json`: the folded and unrolled
 * computation graph of a recurrent model.
 */
import type { ActivationFunction } from 'vscode-notebook-renderer';
import { createRenderer } from '../shared/host';
import { GraphViewer } from './graphViewer';
import css from './graph.css';

export const activate: ActivationFunction = createRenderer('graph', css, (payload, root) => {
  const viewer = new GraphViewer(payload, root);
  return { dispose: () => viewer.dispose() };
});
