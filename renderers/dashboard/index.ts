/**
 * Notebook renderer for `application/vnd.unrolled.dashboard+json`: the live training dashboard,
 * updated in place through the display handle.
 */
import type { ActivationFunction } from 'vscode-notebook-renderer';
import { createRenderer } from '../shared/host';
import { DashboardView } from './dashboardView';
import css from './dashboard.css';

export const activate: ActivationFunction = createRenderer('dashboard', css, (payload, root) => {
  const view = new DashboardView(payload, root);
  return { dispose: () => view.dispose(), update: (next) => view.update(next) };
});
