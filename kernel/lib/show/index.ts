/**
 * `show`: one-line pictures for notebook cells. Every function returns a displayable rich output
 * (`application/vnd.unrolled.<kind>+json` for the renderer, an SVG fallback, a text summary).
 *
 *   show.graph(model, input, options)        the folded / unrolled computation graph (BPTT view with `gradients`)
 *   show.eigenvalues(matrices)              eigenvalues in the complex plane with the unit circle
 *   show.gradientFlow(series)               gradient norm against lag, log axis, series overlaid
 *   show.gradientHeatmap(values)            per-step, per-unit gradient magnitude
 *   show.spectrum({ matrices, gradientFlow, heatmap })   any of the three in one output
 *   show.text(samples)                      generated text coloured by probability / entropy, top-k on hover
 *   show.beamTree(beamSearchResult)         the beam tree with scores and the chosen path
 *   show.hiddenUnits({ tokens, activations })   text coloured by one unit's activation
 *   show.generation({ samples, beam, hiddenUnits })   any of the three in one output
 *   show.attention(weights, source, target) the seq2seq attention heatmap
 *   show.attentionPooling(weights, tokens)  attention-pooling weights over the input
 *   show.tags(tokens, predicted, { gold, trellis })   tags, B-I-O spans and the Viterbi trellis
 *   show.dashboard(options)                 a live training dashboard (`attach(display(dash))`, `update`, `finish`)
 *   show.tree(tree, options)                a binary tree as a recursive network reads it (static SVG)
 *   show.images(images, options)            grey-level images in a grid, with captions (static SVG)
 */
import { graph, graphFromTrace } from './graph/showGraph';
import { eigenvalues, gradientFlow, gradientHeatmap, spectrum, spectrumFromData } from './spectrum/showSpectrum';
import { beamTree, generation, hiddenUnits, text, textFromData } from './text/showText';
import { attention, attentionFromData, attentionPooling } from './attention/showAttention';
import { tags, tagsFromData } from './tagging/showTagging';
import { dashboard } from './dashboard/trainingDashboard';
import { tree } from './pictures/treePicture';
import { images } from './pictures/imageGrid';

export const show = {
  graph,
  graphFromTrace,
  eigenvalues,
  gradientFlow,
  gradientHeatmap,
  spectrum,
  spectrumFromData,
  text,
  beamTree,
  hiddenUnits,
  generation,
  textFromData,
  attention,
  attentionPooling,
  attentionFromData,
  tags,
  tagsFromData,
  dashboard,
  tree,
  images,
};

export type { GraphOptions, EncoderDecoderInput } from './graph/showGraph';
export type { GraphSource } from './graph/sources';
export type { GraphLoss } from './graph/gradients';
export type { AttentionOptions } from './attention/showAttention';
export type { TrainingDashboard, DashboardOptions, DashboardUpdate, UpdatableOutput } from './dashboard/trainingDashboard';
export type { TagsOptions, TrellisSource, DecodingSource } from './tagging/showTagging';
export type { SampleSource, BeamSource, HiddenUnitSource, TextOptions, Vocabulary } from './text/showText';
export type { MatrixSource, FlowSource, HeatmapSource, SpectrumParts, SpectrumOptions } from './spectrum/showSpectrum';
export { RichOutput } from './richOutput';
export { StaticPicture } from './pictures/staticPicture';
export type { TreePictureOptions } from './pictures/treePicture';
export type { ImageGridOptions, Rgb } from './pictures/imageGrid';
