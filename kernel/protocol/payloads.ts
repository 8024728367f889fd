/**
 * The JSON payloads of the rich outputs, one type per MIME type
 * `application/vnd.unrolled.<kind>+json`. The kernel's `show.*` builders produce them and the
 * webview renderers draw them; both import this file, so the two sides cannot drift apart.
 *
 * Conventions: vectors are plain number arrays (one batch element, possibly only the first
 * `unitsShown` units of a wide layer); per-step data is indexed `[time][...]` with time starting
 * at 0; a step without a value holds `null`. Every payload carries `version` so a renderer can
 * refuse a payload written by a newer library with a clear message instead of drawing nonsense.
 */

export const PAYLOAD_VERSION = 1;

/**
 * A measured number; `null` where it was not finite (NaN or ±Infinity cannot travel in JSON,
 * and a diverging run produces them). Renderers draw `null` as "not a number", never as 0.
 */
export type Value = number | null;

export type PayloadKind = 'graph' | 'spectrum' | 'text' | 'attention' | 'tagging' | 'dashboard';

export const PAYLOAD_KINDS: readonly PayloadKind[] = ['graph', 'spectrum', 'text', 'attention', 'tagging', 'dashboard'];

/** `application/vnd.unrolled.<kind>+json` */
export function mimeTypeOf(kind: PayloadKind): string {
  return `application/vnd.unrolled.${kind}+json`;
}

interface PayloadBase<K extends PayloadKind> {
  version: number;
  kind: K;
  /** Shown above the picture. */
  title?: string;
}

// ---------------------------------------------------------------------------------------------
// graph: the folded and unrolled computation graph

/** The usage patterns of the curriculum; `encoder-decoder` is many-to-many with different lengths. */
export type GraphPattern = 'many-to-many' | 'many-to-one' | 'one-to-many' | 'encoder-decoder';

/** One direction of one layer, traced step by step. */
export interface GraphDirection {
  direction: 'forward' | 'backward';
  /** Labels of the shared weight matrices on this direction's edges, e.g. `W_xh`, `W_hh`. */
  weights: { input: string; recurrent: string };
  /** State name (`h`, `c`) → `[time][units]`; entry `t` is the state after step `t`. */
  states: Record<string, Value[][]>;
  /** Internal name (`inputGate`, `forgetGate`, `candidate`, ...) → `[time][units]`. */
  internals: Record<string, Value[][]>;
  /** State name → the state before the first step (`[units]`); zeros unless an initial state was given. */
  initialState: Record<string, Value[]>;
  /**
   * BPTT view: L2 norms of the gradient flowing backwards along each edge.
   * `input[t]`: into the input of step t; `recurrent[name][t]`: along the state edge into step t
   * (t = 0: from the initial state).
   */
  gradients?: { input: Value[]; recurrent: Record<string, Value[]> };
}

export interface GraphLayer {
  directions: GraphDirection[];
  /** How a bidirectional layer combines its two directions for the layer above. */
  merge?: 'concat' | 'sum';
}

/** One run over a sequence: the only segment, or the encoder / decoder of an encoder-decoder. */
export interface GraphSegment {
  name: string;
  steps: number;
  /** `x_t` labels (tokens) per step; `''` where the step has no input. */
  inputLabels: string[];
  /** `x_t` per step, `null` where the step has no input (one-to-many after the first step). */
  inputs: (Value[] | null)[];
  /** Bottom layer first. */
  layers: GraphLayer[];
  /** `y_t` per step, `null` where the step has no output (many-to-one before the last step). */
  outputs: (Value[] | null)[];
  outputLabels: string[];
  /** Label of the output matrix, e.g. `W_hy`. */
  outputWeight: string;
  /** L2 norm of `∂L/∂y_t` per step (BPTT view); `null` where there is no output. */
  outputGradients?: Value[];
  /** `zeros`: `h_0 = 0`; `given`: an initial state was passed in; `encoder`: the encoder's final state. */
  initialState: 'zeros' | 'given' | 'encoder';
}

export interface GraphPayload extends PayloadBase<'graph'> {
  /** `rnn`, `gru`, `lstm`, or a custom cell's own name. */
  cell: string;
  stateNames: string[];
  hiddenSize: number;
  /** Vectors hold the first `unitsShown` of `hiddenSize` units. */
  unitsShown: number;
  pattern: GraphPattern;
  /** One segment, or two (encoder, decoder) for `encoder-decoder`. */
  segments: GraphSegment[];
  /** Encoder-decoder only: `[decoder step][encoder step]` attention weights, rows summing to 1. */
  attention?: number[][];
  /** What the gradients are gradients of, e.g. `L = Σ h_T`. */
  gradientLoss?: string;
}

// ---------------------------------------------------------------------------------------------
// spectrum: eigenvalues of the recurrent matrix and gradient flow over time

export interface EigenvalueSet {
  label: string;
  re: number[];
  im: number[];
  /** max |λ| */
  spectralRadius: number;
}

export interface GradientFlowSeries {
  label: string;
  /** Lags `T - t`, ascending. */
  lags: number[];
  /** Norm per lag, e.g. `‖∂h_T/∂h_t‖`. */
  norms: Value[];
}

export interface GradientHeatmap {
  label: string;
  /** `[step][unit]` gradient magnitudes, e.g. `|∂L/∂h_t|` per unit. */
  values: Value[][];
}

export interface SpectrumPayload extends PayloadBase<'spectrum'> {
  eigenvalues?: EigenvalueSet[];
  gradientFlow?: { yLabel: string; series: GradientFlowSeries[] };
  gradientHeatmap?: GradientHeatmap;
}

// ---------------------------------------------------------------------------------------------
// text: generated text, the beam tree, the hidden-unit view

export interface TokenAlternative {
  text: string;
  probability: Value;
}

export interface TextToken {
  text: string;
  /** Probability the model gave this token when it was generated (or read). */
  probability: Value;
  /** Entropy in nats of the distribution it was drawn from; `null` when the distribution was not recorded. */
  entropy: Value;
  /** Top-k of that distribution, most probable first (empty when it was not recorded). */
  alternatives: TokenAlternative[];
}

export interface TextSample {
  /** e.g. `T = 0.5` */
  label: string;
  temperature?: number;
  /** Conditioning text shown before the sample, uncoloured. */
  prompt?: string;
  tokens: TextToken[];
}

export interface BeamNode {
  id: number;
  /** `null` for the root (the empty hypothesis or the prompt). */
  parent: number | null;
  token: string;
  /** Depth: 0 for the root. */
  step: number;
  /** Cumulative log-probability of the hypothesis ending here. */
  logProb: Value;
  /** The score beam search ranked by (length-normalised when it was). */
  score: Value;
  /** The hypothesis ended with an end token. */
  finished: boolean;
}

export interface BeamTree {
  beamWidth: number;
  nodes: BeamNode[];
  /** Node ids from the root to the chosen hypothesis. */
  chosen: number[];
}

export interface HiddenUnitView {
  tokens: string[];
  /** `[time][unit]` activations (e.g. `h_t` or `c_t`), usually in [-1, 1]. */
  activations: Value[][];
  /** Which state the activations are, e.g. `c (LSTM cell state)`. */
  source: string;
  /** Unit shown first. */
  selectedUnit: number;
}

export interface TextPayload extends PayloadBase<'text'> {
  samples?: TextSample[];
  beam?: BeamTree;
  hiddenUnits?: HiddenUnitView;
}

// ---------------------------------------------------------------------------------------------
// attention

export interface AttentionPayload extends PayloadBase<'attention'> {
  /** `matrix`: seq2seq alignment `[target][source]`; `pooling`: one weight per input token. */
  mode: 'matrix' | 'pooling';
  sourceTokens: string[];
  /** `matrix` only. */
  targetTokens?: string[];
  /** `matrix`: `[target][source]`; `pooling`: `[1][source]`. */
  weights: number[][];
}

// ---------------------------------------------------------------------------------------------
// tagging: tags and the Viterbi trellis

export interface ViterbiTrellis {
  tags: string[];
  /** `[time][tag]`: best score of any path ending in that tag at that step (δ_t); `null` where no allowed path ends there (−∞). */
  scores: Value[][];
  /** `[time][tag]`: the previous tag on that best path; `-1` at t = 0. */
  backpointers: number[][];
  /** Tag index per step of the best path. */
  bestPath: number[];
}

export interface TaggingPayload extends PayloadBase<'tagging'> {
  tokens: string[];
  predicted: string[];
  /** Name of the `predicted` row (default 'predicted'; 'gold' when the tags shown are the reference). */
  label?: string;
  gold?: string[];
  trellis?: ViterbiTrellis;
}

// ---------------------------------------------------------------------------------------------
// dashboard: training curves, live

export interface DashboardMetric {
  /** `loss`, `perplexity`, `gradNorm`, `learningRate`, `validationLoss`, or a custom name. */
  name: string;
  label: string;
  /** Aligned with `steps`; `null` where the metric was not reported at that step. */
  values: Value[];
  /** Plot on a log axis. */
  log: boolean;
}

export interface DashboardSample {
  step: number;
  text: string;
}

export interface DashboardPayload extends PayloadBase<'dashboard'> {
  status: 'running' | 'done' | 'interrupted';
  /** Steps kept (long runs are thinned evenly; the latest step is always kept). */
  steps: number[];
  metrics: DashboardMetric[];
  samples: DashboardSample[];
  /** Number of `update` calls so far. */
  updates: number;
  elapsedMs: number;
  /** Why the training loop stopped early (interrupted, or a non-finite loss), in its own words. */
  note?: string;
}

export type Payload = GraphPayload | SpectrumPayload | TextPayload | AttentionPayload | TaggingPayload | DashboardPayload;

export type PayloadOf<K extends PayloadKind> = Extract<Payload, { kind: K }>;
