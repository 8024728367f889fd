/**
 * `show`: one-line pictures for notebook cells. Every function returns a displayable rich output
 * (`application/vnd.unrolled.<kind>+json` for the renderer, an SVG fallback, a text summary).
 *
 *   show.graph(model, input, options)   the folded / unrolled computation graph (BPTT view with `gradients`)
 */
import { graph, graphFromTrace } from './graph/showGraph';

export const show = {
  graph,
  graphFromTrace,
};

export type { GraphOptions, EncoderDecoderInput } from './graph/showGraph';
export type { GraphSource } from './graph/sources';
export type { GraphLoss } from './graph/gradients';
export { RichOutput } from './richOutput';
