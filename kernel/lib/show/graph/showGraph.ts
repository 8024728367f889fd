/**
 * `show.graph(model, input, options)`: runs the model step by step on one input sequence through
 * the `RecurrentCell` contract (with internals), optionally differentiates a loss of the outputs
 * for the BPTT view, and returns the folded/unrolled graph as a displayable rich output.
 * `show.graphFromTrace(trace)` wraps a trace computed elsewhere (plain data).
 */
import { tf } from '../../tf';
import type { RecurrentState } from '../../core/types';
import { oneHot } from '../../layers/embedding';
import { PAYLOAD_LIMITS } from '../../../protocol/payloadLimits';
import { PAYLOAD_VERSION, type GraphDirection, type GraphPattern, type GraphPayload, type GraphSegment, type Value } from '../../../protocol/payloads';
import { roundVector } from '../../../scenes/format';
import { checkedPayload, RichOutput } from '../richOutput';
import { edgeGradientNorms, sumOfLastOutput, type GraphLoss } from './gradients';
import { graphSvg } from '../../../scenes/graph/graphSvg';
import { toSteps, toTokenIds, type SequenceInput } from './inputs';
import { checkLayerSizes, isEncoderDecoder, isLanguageModel, resolveLayers, type GraphSource } from './sources';
import { probeKey, runPlan, type DirectionRun, type Plan, type PlanSegment } from './trace';

export interface GraphOptions {
  /** Default `many-to-many`; `encoder-decoder` follows from an `{ encoder, decoder }` model. */
  pattern?: 'many-to-many' | 'many-to-one' | 'one-to-many';
  /** one-to-many: how many steps to run from the single input (default: 1 + inputs given). */
  steps?: number;
  /** `y_t = O(h_t)`, e.g. a `Dense` layer or a function; without it `y_t = h_t`. */
  output?: ((h: tf.Tensor2D) => tf.Tensor) | { apply(h: tf.Tensor): tf.Tensor };
  /** Label of the output matrix (default `W_hy` when there is an output layer). */
  outputWeight?: string;
  /** `x_t` labels (tokens); for encoder-decoder, the source tokens. */
  inputLabels?: readonly string[];
  /** Encoder-decoder: the decoder's input tokens. */
  decoderInputLabels?: readonly string[];
  /** `y_t` labels, or a function of the full `y_t` vector. */
  outputLabels?: readonly string[] | ((y: number[], t: number) => string);
  /** Token id → text: labels `x_t` of token inputs and `y_t` by its largest entry. */
  vocabulary?: readonly string[];
  /** Initial state of the bottom layer's (forward) cell; zeros when absent. */
  initialState?: RecurrentState;
  /** Colour edges by BPTT gradient: `true` for `L = Σ_j y_T[j]`, or a loss of the emitted outputs. */
  gradients?: boolean | GraphLoss;
  /** Encoder-decoder: attention weights `[decoder step][encoder step]` from the model. */
  attention?: number[][] | tf.Tensor2D;
  /** Units kept per vector (default 16); the rest are not stored in the notebook. */
  maxUnits?: number;
  title?: string;
}

export interface EncoderDecoderInput {
  source: SequenceInput;
  target: SequenceInput;
}

type Labeler = (y: number[], t: number) => string;

export function graph(source: GraphSource, input: SequenceInput | EncoderDecoderInput, options: GraphOptions = {}): RichOutput<'graph'> {
  const maxUnits = options.maxUnits ?? 16;
  if (!Number.isInteger(maxUnits) || maxUnits < 1) throw new Error(`show.graph: maxUnits must be a positive integer; got ${maxUnits}`);
  tf.engine().startScope();
  try {
    const { plan, pattern, inputLabels, outputLabeler } = buildPlan(source, input, options);
    checkDrawable(plan);
    const runs = runPlan(plan, { internals: true });
    const loss = options.gradients === true ? sumOfLastOutput : typeof options.gradients === 'function' ? options.gradients : null;
    const norms = loss ? edgeGradientNorms(plan, runs, loss) : null;
    const firstCell = plan.segments[0].layers[0].directions[0].cell;
    const segments: GraphSegment[] = plan.segments.map((seg, s) => {
      const T = seg.inputs.length;
      const vec = (x: tf.Tensor2D | null) => (x ? roundVector(x.dataSync(), maxUnits) : null);
      const outputs = runs[s].outputs;
      return {
        name: seg.name,
        steps: T,
        inputLabels: Array.from({ length: T }, (_, t) => (seg.inputs[t] ? (inputLabels[s]?.[t] ?? '') : '')),
        inputs: seg.inputs.map(vec),
        layers: seg.layers.map((layer, l) => ({
          merge: layer.merge,
          directions: layer.directions.map((dir, d) => directionPayload(dir.direction, dir.weights, runs[s].layers[l][d], dir.cell.hiddenSize, maxUnits, norms && { norms, s, l, d, T })),
        })),
        outputs: outputs.map(vec),
        outputLabels: outputs.map((y, t) => (y && outputLabeler ? outputLabeler(Array.from(y.dataSync()), t) : '')),
        outputWeight: options.outputWeight ?? (plan.output ? 'W_hy' : ''),
        outputGradients: norms ? outputs.map((y, t) => (y ? roundVector([norms.get(probeKey.output(s, t)) ?? NaN])[0] : null)) : undefined,
        initialState: seg.initial,
      };
    });
    const payload: GraphPayload = {
      version: PAYLOAD_VERSION,
      kind: 'graph',
      title: options.title,
      cell: firstCell.kind,
      stateNames: [...firstCell.stateNames],
      hiddenSize: firstCell.hiddenSize,
      unitsShown: Math.min(maxUnits, firstCell.hiddenSize),
      pattern,
      segments,
      attention: attentionMatrix(options.attention, segments),
      gradientLoss: loss ? (loss === sumOfLastOutput ? `L = Σ_j ${plan.output ? 'y' : 'h'}_T[j]` : 'L = the given loss') : undefined,
    };
    return wrapTrace(payload, 'show.graph');
  } finally {
    tf.engine().endScope();
  }
}

/** Refuses, before anything runs, a graph no renderer would draw (the limits of `PAYLOAD_LIMITS`). */
function checkDrawable(plan: Plan): void {
  for (const seg of plan.segments) {
    const what = seg.name ? `the ${seg.name} input` : 'the input';
    if (seg.inputs.length > PAYLOAD_LIMITS.steps) throw new RangeError(`show.graph: ${what} has ${seg.inputs.length.toLocaleString('en-US')} steps; a graph draws at most ${PAYLOAD_LIMITS.steps.toLocaleString('en-US')}: show a slice of the sequence`);
    if (seg.layers.length > PAYLOAD_LIMITS.series) throw new RangeError(`show.graph: the model has ${seg.layers.length} layers; a graph draws at most ${PAYLOAD_LIMITS.series}`);
  }
}

/** Wraps a graph trace computed elsewhere; it must match `GraphPayload` (checked). */
export function graphFromTrace(trace: Omit<GraphPayload, 'version' | 'kind'> & Partial<Pick<GraphPayload, 'version' | 'kind'>>): RichOutput<'graph'> {
  return wrapTrace(trace, 'show.graphFromTrace');
}

/** `name`: the function the learner called, for the error. */
function wrapTrace(trace: Omit<GraphPayload, 'version' | 'kind'> & Partial<Pick<GraphPayload, 'version' | 'kind'>>, name: string): RichOutput<'graph'> {
  return new RichOutput(checkedPayload('graph', { ...trace, version: trace.version ?? PAYLOAD_VERSION, kind: 'graph' }, name, 'the trace does not match the graph payload'), graphSvg, summary);
}

function summary(p: GraphPayload): string {
  const seg = p.segments.map((s) => `${s.name ? `${s.name} ` : ''}${s.steps} steps`).join(', ');
  const layers = p.segments[0].layers.length;
  const bi = p.segments[0].layers.some((l) => l.directions.length > 1) ? ', bidirectional' : '';
  return `${p.cell.toUpperCase()} graph (${p.pattern}, ${layers} layer${layers > 1 ? 's' : ''}${bi}, hidden ${p.hiddenSize}): ${seg}${p.gradientLoss ? `; gradients of ${p.gradientLoss}` : ''}`;
}

interface GradientSlot {
  norms: Map<string, number>;
  s: number;
  l: number;
  d: number;
  T: number;
}

/** Internals already drawn as a state node (the LSTM reports c_t as `cell` too). */
const DUPLICATES_OF_STATE: Record<string, string> = { cell: 'c' };

function directionPayload(direction: 'forward' | 'backward', weights: GraphDirection['weights'], run: DirectionRun, hidden: number, maxUnits: number, grad: GradientSlot | null): GraphDirection {
  const rows = (list: tf.Tensor2D[]) => (tf.concat(list, 0).arraySync() as number[][]).map((row) => roundVector(row, maxUnits));
  const names = Object.keys(run.states);
  const internals: Record<string, Value[][]> = {};
  for (const [name, list] of Object.entries(run.internals)) {
    // Only per-unit internals `[1, hidden]` are drawn (not e.g. the stacked preactivations `[1, 4·hidden]`).
    if (list[0]?.shape[1] !== hidden || names.includes(DUPLICATES_OF_STATE[name])) continue;
    internals[name] = rows(list);
  }
  const out: GraphDirection = {
    direction,
    weights,
    states: Object.fromEntries(names.map((n) => [n, rows(run.states[n])])),
    internals,
    initialState: Object.fromEntries(names.map((n, k) => [n, roundVector(run.initial[k].dataSync(), maxUnits)])),
  };
  if (grad) {
    const at = (key: string) => roundVector([grad.norms.get(key) ?? NaN])[0];
    out.gradients = {
      input: Array.from({ length: grad.T }, (_, t) => at(probeKey.input(grad.s, grad.l, grad.d, t))),
      recurrent: Object.fromEntries(names.map((n) => [n, Array.from({ length: grad.T }, (_, t) => at(probeKey.recurrent(grad.s, grad.l, grad.d, n, t)))])),
    };
  }
  return out;
}

function attentionMatrix(attention: GraphOptions['attention'], segments: GraphSegment[]): number[][] | undefined {
  if (attention === undefined) return undefined;
  if (segments.length !== 2) throw new Error('show.graph: attention weights need an { encoder, decoder } model');
  const m = attention instanceof tf.Tensor ? (attention.arraySync() as number[][]) : attention;
  const [enc, dec] = segments;
  if (!Array.isArray(m) || m.length !== dec.steps || m.some((row) => !Array.isArray(row) || row.length !== enc.steps)) {
    throw new Error(`show.graph: attention must be [decoder steps ${dec.steps}][encoder steps ${enc.steps}]; got ${Array.isArray(m) ? `${m.length} rows` : typeof m}`);
  }
  return m.map((row) => row.map((v) => Number(v.toPrecision(4))));
}

const applyOutput = (output: GraphOptions['output']): ((h: tf.Tensor2D) => tf.Tensor2D) | undefined => {
  if (output === undefined) return undefined;
  return (h) => (typeof output === 'function' ? output(h) : output.apply(h)) as tf.Tensor2D;
};

function labelerOf(options: GraphOptions): Labeler | undefined {
  const { outputLabels, vocabulary } = options;
  if (typeof outputLabels === 'function') return outputLabels;
  if (Array.isArray(outputLabels)) return (_y, t) => outputLabels[t] ?? '';
  if (vocabulary) return (y) => vocabulary[y.indexOf(Math.max(...y))] ?? '';
  return undefined;
}

function buildPlan(source: GraphSource, input: SequenceInput | EncoderDecoderInput, options: GraphOptions) {
  const outputLabeler = labelerOf(options);
  if (isEncoderDecoder(source)) {
    if (typeof input !== 'object' || input === null || !('source' in input) || !('target' in input)) {
      throw new Error('show.graph: an { encoder, decoder } model needs input { source, target }');
    }
    const encLayers = resolveLayers(source.encoder, 'enc');
    const decLayers = resolveLayers(source.decoder, 'dec');
    const encIn = encLayers[0].directions[0].cell.inputSize;
    const decIn = decLayers[0].directions[0].cell.inputSize;
    checkLayerSizes(encLayers, encIn, 'encoder');
    checkLayerSizes(decLayers, decIn, 'decoder');
    const src = toSteps(input.source, encIn, 'source');
    const tgt = toSteps(input.target, decIn, 'target');
    const plan: Plan = {
      output: applyOutput(options.output),
      segments: [
        { name: 'encoder', layers: encLayers, inputs: src, emits: src.map(() => false), initial: 'zeros' },
        { name: 'decoder', layers: decLayers, inputs: tgt, emits: tgt.map(() => true), initial: 'encoder' },
      ],
    };
    return { plan, pattern: 'encoder-decoder' as GraphPattern, inputLabels: [options.inputLabels, options.decoderInputLabels], outputLabeler };
  }
  let layers;
  let steps: tf.Tensor2D[];
  let output = applyOutput(options.output);
  let labels = options.inputLabels;
  if (isLanguageModel(source)) {
    layers = resolveLayers(source.rnn);
    const ids = toTokenIds(input as SequenceInput, 'input');
    const idTensor = tf.tensor1d(ids, 'int32');
    const encoded = (source.embedding ? source.embedding.apply(idTensor) : oneHot(idTensor, source.vocabSize)) as tf.Tensor2D;
    steps = tf.split(encoded, ids.length, 0);
    output ??= (h) => source.output.apply(h) as tf.Tensor2D;
    labels ??= options.vocabulary ? ids.map((id) => options.vocabulary?.[id] ?? String(id)) : ids.map(String);
  } else {
    layers = resolveLayers(source as Parameters<typeof resolveLayers>[0]);
    steps = toSteps(input as SequenceInput, layers[0].directions[0].cell.inputSize, 'input');
  }
  checkLayerSizes(layers, layers[0].directions[0].cell.inputSize, 'model');
  const pattern = options.pattern ?? 'many-to-many';
  let inputs: (tf.Tensor2D | null)[] = steps;
  if (pattern === 'one-to-many') {
    const total = options.steps ?? steps.length;
    if (!Number.isInteger(total) || total < steps.length) throw new Error(`show.graph: one-to-many steps must be an integer ≥ ${steps.length}; got ${total}`);
    inputs = Array.from({ length: total }, (_, t) => steps[t] ?? null);
  }
  const T = inputs.length;
  const emits = inputs.map((_, t) => pattern !== 'many-to-one' || t === T - 1);
  const segment: PlanSegment = { name: '', layers, inputs, emits, initial: 'zeros' };
  if (options.initialState) {
    segment.initial = 'given';
    segment.initialStates = [[options.initialState]];
  }
  return { plan: { segments: [segment], output } as Plan, pattern: pattern as GraphPattern, inputLabels: [labels], outputLabeler };
}
