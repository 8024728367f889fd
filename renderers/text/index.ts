/**
 * Notebook renderer for `application/vnd.unrolled.text+json`: generated text coloured by
 * probability or entropy, the beam-search tree, and the hidden-unit view.
 */
import type { ActivationFunction } from 'vscode-notebook-renderer';
import { repaintOnThemeChange } from '../shared/cellText';
import { createRenderer } from '../shared/host';
import { Tooltip } from '../shared/tooltip';
import { beamView } from './beamView';
import { HiddenUnitsPanel } from './hiddenUnitsView';
import { SamplesView } from './samplesView';
import css from './text.css';

export const activate: ActivationFunction = createRenderer('text', css, (payload, root) => {
  const abort = new AbortController();
  const title = document.createElement('div');
  title.className = 'title';
  title.textContent = payload.title ?? 'Generated text';
  root.append(title);
  const tooltip = new Tooltip(root);
  const section = (name: string) => {
    const div = document.createElement('section');
    div.className = name;
    root.append(div);
    return div;
  };
  if (payload.samples) new SamplesView(payload.samples, section('samples-section'), tooltip, abort.signal);
  if (payload.beam) beamView(payload.beam, section('beam-section'), tooltip, abort.signal);
  if (payload.hiddenUnits) new HiddenUnitsPanel(payload.hiddenUnits, section('hidden-section'), tooltip, abort.signal);
  root.append(tooltip.element);
  const unwatch = repaintOnThemeChange(root);
  return {
    dispose: () => {
      abort.abort();
      unwatch();
      root.replaceChildren();
    },
  };
});
