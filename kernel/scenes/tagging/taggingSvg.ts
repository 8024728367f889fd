/**
 * Static fallback of the tagging output: the tagging scene with every back-pointer drawn.
 *
 * Pure: no DOM and no TensorFlow.js imports here.
 */
import type { TaggingPayload } from '../../protocol/payloads';
import { el, svgDocument } from '../svgTree';
import { TAGGING_LIGHT_CSS, taggingScene } from './taggingScene';

export function taggingSvg(p: TaggingPayload): string {
  const scene = taggingScene(p, { selected: -1, allPointers: true, showGold: true });
  return svgDocument(scene.width, scene.height + 24, TAGGING_LIGHT_CSS, [el('text', { class: 'title', x: 6, y: 16 }, p.title ?? 'Tags'), el('g', { transform: 'translate(0 24)' }, scene.body)]);
}
