/**
 * `show.eigenvalues`, `show.gradientFlow`, `show.gradientHeatmap` and `show.spectrum` (all three
 * in one output): the pictures of the vanishing/exploding-gradient lesson. Eigenvalues come from
 * the library's analysis module (ml-matrix); gradient norms from `stateJacobians` /
 * `bpttGradientNorms` results or plain arrays.
 */
import { tf } from '../../tf';
import type { RecurrentCell } from '../../core/types';
import { eigenvalues as eigenvaluesOf, type MatrixInput } from '../../analysis/spectrum';
import { PAYLOAD_VERSION, type EigenvalueSet, type GradientFlowSeries, type GradientHeatmap, type SpectrumPayload } from '../../../protocol/payloads';
import { roundValue, roundVector } from '../../../scenes/format';
import { checkedPayload, RichOutput } from '../richOutput';
import { isCell } from '../graph/sources';
import { spectrumSvg } from '../../../scenes/spectrum/spectrumSvg';

/** A square matrix, a cell whose recurrent kernel is square (Elman), or either with a label. */
export type MatrixSource = MatrixInput | RecurrentCell | { label: string; matrix: MatrixInput | RecurrentCell };

/**
 * One curve of norms against lag: plain `{ label, norms, lags? }` (lags default 0, 1, 2, …), or a
 * `stateJacobians(...)` result spread in (`{ label, ...stateJacobians(cell, x) }`, its spectral norms).
 */
export interface FlowSource {
  label: string;
  norms?: ArrayLike<number> | tf.Tensor;
  lags?: ArrayLike<number>;
  spectralNorms?: ArrayLike<number>;
}

/** `[step][unit]` magnitudes, a `[time, hidden]` tensor, or a `bpttGradientNorms(..., { keepGradients: true })` result (first sequence, |∂L/∂h_t|). */
export type HeatmapSource = ReadonlyArray<ArrayLike<number>> | tf.Tensor | { gradients?: number[][][] };

export interface SpectrumOptions {
  title?: string;
  /** y-axis label of the gradient-flow plot (default `‖∂h_T/∂h_t‖`). */
  yLabel?: string;
  /** Label of the heatmap (default `|∂L/∂h_t| per unit`). */
  heatmapLabel?: string;
}

function matrixOf(source: MatrixInput | RecurrentCell, label: string): MatrixInput {
  if (!isCell(source)) return source;
  const kernel = source.weights.recurrentKernel ?? Object.values(source.weights).find((w) => w.shape[0] === w.shape[1]);
  if (!kernel || kernel.shape[0] !== kernel.shape[1]) {
    const shape = kernel ? `[${kernel.shape.join(', ')}]` : 'missing';
    throw new Error(`show.eigenvalues: ${label}: the ${source.kind} cell's recurrent kernel is ${shape}, not square; pass one gate's [hidden, hidden] block as the matrix`);
  }
  return kernel;
}

function eigenSet(source: MatrixSource, index: number): EigenvalueSet {
  const labelled = typeof source === 'object' && source !== null && 'matrix' in source && 'label' in source && !(source instanceof tf.Tensor);
  const label = labelled ? source.label : isCell(source) ? `${source.kind.toUpperCase()} W_hh` : `matrix ${index + 1}`;
  const values = eigenvaluesOf(matrixOf(labelled ? source.matrix : (source as MatrixInput | RecurrentCell), label));
  return {
    label,
    re: values.map((v) => Number(v.re.toPrecision(6))),
    im: values.map((v) => Number(v.im.toPrecision(6))),
    spectralRadius: Number(values[0].modulus.toPrecision(6)),
  };
}

function numbers(x: ArrayLike<number> | tf.Tensor): number[] {
  return x instanceof tf.Tensor ? Array.from(x.dataSync()) : Array.from(x);
}

function flowSeries(source: FlowSource): GradientFlowSeries {
  const raw = source.norms ?? source.spectralNorms;
  if (typeof source?.label !== 'string' || raw === undefined) {
    throw new Error(`show.gradientFlow: each series needs { label, norms } (or a stateJacobians result with spectralNorms); got ${JSON.stringify(Object.keys(source ?? {}))}`);
  }
  const norms = numbers(raw);
  const lags = source.lags ? Array.from(source.lags) : norms.map((_, i) => i);
  if (lags.length !== norms.length) throw new Error(`show.gradientFlow: ${source.label}: ${lags.length} lags but ${norms.length} norms`);
  // Sorted by lag so the curve reads left (recent) to right (distant past).
  const order = lags.map((_, i) => i).sort((a, b) => lags[a] - lags[b]);
  return { label: source.label, lags: order.map((i) => lags[i]), norms: order.map((i) => roundValue(norms[i])) };
}

function heatmapValues(source: HeatmapSource, label: string): GradientHeatmap {
  let rows: number[][];
  if (source instanceof tf.Tensor) {
    if (source.rank !== 2) throw new Error(`show.gradientHeatmap: expected a [time, hidden] tensor; got shape [${source.shape.join(', ')}]`);
    rows = source.arraySync() as number[][];
  } else if (Array.isArray(source)) {
    rows = source.map((row) => Array.from(row as ArrayLike<number>));
  } else if (typeof source === 'object' && source !== null && 'gradients' in source && Array.isArray(source.gradients)) {
    rows = source.gradients.map((perBatch) => perBatch[0]);
  } else {
    throw new Error('show.gradientHeatmap: expected [step][unit] numbers, a [time, hidden] tensor, or a bpttGradientNorms result made with { keepGradients: true }');
  }
  if (rows.length === 0 || rows.some((r) => r.length !== rows[0].length || r.length === 0)) throw new Error('show.gradientHeatmap: rows must be non-empty and of equal length');
  return { label, values: rows.map((row) => roundVector(row.map(Math.abs))) };
}

export interface SpectrumParts {
  matrices?: MatrixSource | MatrixSource[];
  gradientFlow?: FlowSource[];
  heatmap?: HeatmapSource;
}

/** Rows of numbers: one matrix (as opposed to a list of matrices). */
function isNumberRows(m: unknown): m is ReadonlyArray<ArrayLike<number>> {
  return Array.isArray(m) && m.length > 0 && (Array.isArray(m[0]) || ArrayBuffer.isView(m[0])) && typeof (m[0] as ArrayLike<unknown>)[0] === 'number';
}

function asList(m: MatrixSource | MatrixSource[]): MatrixSource[] {
  if (isNumberRows(m)) return [m];
  return Array.isArray(m) ? m : [m];
}

/** Eigenvalues, gradient flow and gradient heatmap in one output (any subset). */
export function spectrum(parts: SpectrumParts, options: SpectrumOptions = {}): RichOutput<'spectrum'> {
  const payload: SpectrumPayload = { version: PAYLOAD_VERSION, kind: 'spectrum', title: options.title };
  if (parts.matrices !== undefined) payload.eigenvalues = asList(parts.matrices).map(eigenSet);
  if (parts.gradientFlow !== undefined) payload.gradientFlow = { yLabel: options.yLabel ?? '‖∂h_T/∂h_t‖', series: parts.gradientFlow.map(flowSeries) };
  if (parts.heatmap !== undefined) payload.gradientHeatmap = heatmapValues(parts.heatmap, options.heatmapLabel ?? '|∂L/∂h_t| per unit');
  return spectrumFromData(payload);
}

/** Eigenvalues of one or more recurrent matrices in the complex plane, with the unit circle. */
export function eigenvalues(matrices: MatrixSource | MatrixSource[], options: SpectrumOptions = {}): RichOutput<'spectrum'> {
  return spectrum({ matrices }, options);
}

/** Norms against lag on a log axis, several series overlaid. */
export function gradientFlow(series: FlowSource[], options: SpectrumOptions = {}): RichOutput<'spectrum'> {
  return spectrum({ gradientFlow: series }, options);
}

/** Per-step, per-unit gradient magnitude. */
export function gradientHeatmap(values: HeatmapSource, options: SpectrumOptions = {}): RichOutput<'spectrum'> {
  return spectrum({ heatmap: values }, options);
}

/** Wraps spectrum data computed elsewhere (checked against the payload contract). */
export function spectrumFromData(data: Omit<SpectrumPayload, 'version' | 'kind'>): RichOutput<'spectrum'> {
  return new RichOutput(checkedPayload('spectrum', { ...data, version: PAYLOAD_VERSION, kind: 'spectrum' }, 'show.spectrum', 'the data does not match the spectrum payload'), spectrumSvg, summary);
}

function summary(p: SpectrumPayload): string {
  const parts: string[] = [];
  if (p.eigenvalues) parts.push(`eigenvalues: ${p.eigenvalues.map((s) => `${s.label} ρ = ${s.spectralRadius.toPrecision(4)}`).join(', ')}`);
  if (p.gradientFlow) parts.push(`gradient flow: ${p.gradientFlow.series.map((s) => s.label).join(', ')}`);
  if (p.gradientHeatmap) parts.push(`heatmap ${p.gradientHeatmap.values.length} steps × ${p.gradientHeatmap.values[0].length} units`);
  return parts.join('; ');
}
