/**
 * Token-by-token decoding of a `LanguageModel` of built-in cells without a tensor per step.
 * Generating one character through `model.step` costs a dozen tfjs operations, each with its own
 * bookkeeping, for a few hundred thousand multiply-adds; here a decoding run sets up once (every
 * weight matrix copied and packed into its own WebAssembly instance) and each fed token is then a
 * row gather, one gate product and one elementwise pass per layer, and the output product:
 *
 *   layer ℓ:  Z = x W_ℓ + b_ℓ + h U_ℓ,  then the cell's gates and new state (as `lstmKernel.ts`, ...)
 *   logits  = h_top W_out + b_out
 *
 * It has the surface of the decoders' `Stepper` (`feed`, `row`, `logits`, `vocab`, `dispose`),
 * including beam search's row reordering (`parents`), and gives `model.step`'s numbers to float32
 * rounding. `FusedStepper.for` declines (undefined) for anything else: other step models, custom
 * cells, non-host backends, fused kernels switched off.
 */
import type { RecurrentState, StepModel } from '../core/types';
import { ElmanCell } from '../cells/elman';
import { GRUCell } from '../cells/gru';
import { LSTMCell } from '../cells/lstm';
import { RNN } from '../layers/sequence';
import { LanguageModel } from '../models/languageModel';
import { elmanActivationCodes, type F32, type Numerics } from './numerics';
import { dedicatedNumerics } from './numericsChoice';
import { weightValues } from './weightValues';

type Kind = 'lstm' | 'gru' | 'rnn';

interface LayerWeights {
  kind: Kind;
  activation: (typeof elmanActivationCodes)[keyof typeof elmanActivationCodes];
  input: number;
  hidden: number;
  kernel: F32;
  recurrentKernel: F32;
  bias: F32;
}

/** The arrays of one layer inside the stepper's arena; `state`/`next` hold h (and c) `[capacity, hidden]`. */
interface LayerArrays {
  weights: LayerWeights;
  kernel: F32;
  packedKernel: F32;
  packedRecurrent: F32;
  packedCandidate: F32;
  bias: F32;
  gates: F32;
  aux: F32;
  state: F32[];
  next: F32[];
}

function kindOf(cell: unknown): Kind | undefined {
  const proto = Object.getPrototypeOf(cell);
  if (proto === LSTMCell.prototype) return 'lstm';
  if (proto === GRUCell.prototype) return 'gru';
  if (proto === ElmanCell.prototype) return 'rnn';
  return undefined;
}

const gatesOf = (kind: Kind) => (kind === 'lstm' ? 4 : kind === 'gru' ? 3 : 1);

export class FusedStepper {
  /** Logits of the latest step, `[rows, vocab]`. */
  logits: Float32Array = new Float32Array(0);
  readonly vocab: number;
  private rows = 1;
  private capacity = 0;
  private layers: LayerArrays[] = [];
  private out!: { packedKernel: F32; bias: F32; logits: F32; index: Int32Array; input: F32 };

  private constructor(
    private readonly num: Numerics,
    private readonly layerWeights: LayerWeights[],
    private readonly output: { kernel: F32; bias: F32 | null },
    private readonly embeddings: F32 | null,
    initial: F32[],
  ) {
    this.vocab = output.kernel.length / layerWeights[layerWeights.length - 1].hidden;
    this.setUp(1);
    let k = 0;
    for (const layer of this.layers) for (const s of layer.state) s.set(initial[k++]);
  }

  /**
   * A stepper for `model` with one sequence starting from `initialState` (flat list of `[1, hidden]`
   * tensors, not disposed; zeros when omitted), or undefined when the model is not a language
   * model of built-in cells on a backend the fused kernels serve.
   */
  static for(model: StepModel, initialState?: RecurrentState): FusedStepper | undefined {
    if (!(model instanceof LanguageModel)) return undefined;
    const layers = model.rnn.layers;
    if (!layers.every((l) => l instanceof RNN && kindOf(l.cell) !== undefined)) return undefined;
    if (model.output.activation !== 'linear') return undefined;
    const num = dedicatedNumerics();
    if (!num) return undefined;
    const weights = (layers as readonly RNN[]).map((layer): LayerWeights => {
      const cell = layer.cell;
      const kind = kindOf(cell) as Kind;
      return {
        kind,
        activation: elmanActivationCodes[cell instanceof ElmanCell ? cell.activation : 'tanh'],
        input: cell.inputSize,
        hidden: cell.hiddenSize,
        kernel: weightValues(cell.weights.kernel),
        recurrentKernel: weightValues(cell.weights.recurrentKernel),
        bias: weightValues(cell.weights.bias),
      };
    });
    const sizes = weights.flatMap((w) => (w.kind === 'lstm' ? [w.hidden, w.hidden] : [w.hidden]));
    if (initialState && (initialState.length !== sizes.length || initialState.some((s, k) => s.size !== sizes[k]))) return undefined;
    const initial = sizes.map((size, k) => (initialState ? (initialState[k].dataSync() as F32) : new Float32Array(size)));
    const output = { kernel: weightValues(model.output.weights.kernel), bias: model.output.weights.bias ? weightValues(model.output.weights.bias) : null };
    const embeddings = model.embedding ? weightValues(model.embedding.embeddings) : null;
    return new FusedStepper(num, weights, output, embeddings, initial);
  }

  /** Lays out every array for `capacity` rows and packs the weights (once per capacity). */
  private setUp(capacity: number): void {
    const { num } = this;
    const f32: Record<string, number> = {};
    const top = this.layerWeights[this.layerWeights.length - 1].hidden;
    this.layerWeights.forEach((w, l) => {
      const G = gatesOf(w.kind) * w.hidden;
      const H = w.hidden;
      const oneHotInput = l === 0 && this.embeddings === null;
      Object.assign(f32, {
        [`kernel${l}`]: oneHotInput ? w.input * G : 0,
        [`packedKernel${l}`]: oneHotInput ? 0 : num.linalg.panelSize(w.input, G),
        [`packedRecurrent${l}`]: num.linalg.panelSize(H, w.kind === 'gru' ? 2 * H : G),
        [`packedCandidate${l}`]: w.kind === 'gru' ? num.linalg.panelSize(H, H) : 0,
        [`scratch${l}`]: Math.max(w.input, H) * G,
        [`bias${l}`]: G,
        [`gates${l}`]: capacity * G,
        [`aux${l}`]: capacity * H,
      });
      for (let s = 0; s < (w.kind === 'lstm' ? 2 : 1); s++) Object.assign(f32, { [`state${l}_${s}`]: capacity * H, [`next${l}_${s}`]: capacity * H });
    });
    Object.assign(f32, { outScratch: top * this.vocab, outPacked: num.linalg.panelSize(top, this.vocab), outBias: this.vocab, logits: capacity * this.vocab, input: capacity * this.layerWeights[0].input });
    const previous = this.layers.map((layer) => layer.state.map((s) => s.slice(0, this.rows * layer.weights.hidden)));
    const ws = num.allocate(f32, { index: capacity });
    const a = ws.f32;
    this.layers = this.layerWeights.map((w, l) => {
      const H = w.hidden;
      const G = gatesOf(w.kind) * H;
      const scratch = a[`scratch${l}`];
      if (a[`kernel${l}`].length > 0) a[`kernel${l}`].set(w.kernel);
      else {
        scratch.set(w.kernel);
        num.linalg.packPanels(w.input, G, scratch, G, a[`packedKernel${l}`]);
      }
      scratch.set(w.recurrentKernel);
      num.linalg.packPanels(H, w.kind === 'gru' ? 2 * H : G, scratch, G, a[`packedRecurrent${l}`]);
      if (w.kind === 'gru') num.linalg.packPanels(H, H, scratch.subarray(2 * H), G, a[`packedCandidate${l}`]);
      a[`bias${l}`].set(w.bias);
      const states = w.kind === 'lstm' ? [0, 1] : [0];
      return {
        weights: w,
        kernel: a[`kernel${l}`],
        packedKernel: a[`packedKernel${l}`],
        packedRecurrent: a[`packedRecurrent${l}`],
        packedCandidate: a[`packedCandidate${l}`],
        bias: a[`bias${l}`],
        gates: a[`gates${l}`],
        aux: a[`aux${l}`],
        state: states.map((s) => a[`state${l}_${s}`]),
        next: states.map((s) => a[`next${l}_${s}`]),
      };
    });
    a.outScratch.set(this.output.kernel);
    num.linalg.packPanels(top, this.vocab, a.outScratch, this.vocab, a.outPacked);
    if (this.output.bias) a.outBias.set(this.output.bias);
    else a.outBias.fill(0);
    this.out = { packedKernel: a.outPacked, bias: a.outBias, logits: a.logits, index: ws.i32.index, input: a.input };
    this.layers.forEach((layer, l) => layer.state.forEach((s, k) => previous[l]?.[k] && s.set(previous[l][k])));
    this.capacity = capacity;
  }

  /** Feeds one token per row; row i continues row `parents[i]` (default: row i). */
  feed(tokens: number[], parents?: number[]): void {
    const n = tokens.length;
    for (const token of tokens) {
      if (!Number.isInteger(token) || token < 0 || token >= this.vocab) throw new Error(`decoding: token ids must lie in [0, ${this.vocab}); got ${token}`);
    }
    if (parents && (parents.length !== n || parents.some((p) => !Number.isInteger(p) || p < 0 || p >= this.rows))) {
      throw new Error(`decoding: parents must hold ${n} row indices in [0, ${this.rows}); got [${parents.join(', ')}]`);
    }
    if (n > this.capacity) this.setUp(Math.max(n, 2 * this.capacity));
    if (parents) this.reorder(parents);
    this.rows = n;
    const { num, out } = this;
    let x: F32 = out.input;
    this.layers.forEach((layer, l) => {
      const { kind, hidden: H, input: I, activation } = layer.weights;
      const G = gatesOf(kind) * H;
      if (l === 0 && this.embeddings === null) {
        // one-hot x: x W is row `token` of W
        out.index.set(tokens);
        num.linalg.gatherRows(n, out.index, layer.kernel, G, layer.bias, layer.gates, G);
      } else {
        if (l === 0 && this.embeddings) tokens.forEach((token, r) => out.input.set(this.embeddings!.subarray(token * I, (token + 1) * I), r * I));
        num.linalg.fillRows(n, G, layer.bias, layer.gates, G);
        num.linalg.gemm(n, G, I, x, I, layer.packedKernel, layer.gates, G, true);
      }
      const [h, c] = layer.state;
      const [hNext, cNext] = layer.next;
      if (kind === 'lstm') {
        num.linalg.gemm(n, G, H, h, H, layer.packedRecurrent, layer.gates, G, true);
        num.lstm.forward(n, H, layer.gates, c, h, cNext, hNext, layer.aux, null);
      } else if (kind === 'gru') {
        num.linalg.gemm(n, 2 * H, H, h, H, layer.packedRecurrent, layer.gates, G, true);
        num.gru.gates(n, H, layer.gates, h, layer.aux);
        num.linalg.gemm(n, H, H, layer.aux, H, layer.packedCandidate, layer.gates.subarray(2 * H), G, true);
        num.gru.state(n, H, layer.gates, h, hNext, null);
      } else {
        num.linalg.gemm(n, H, H, h, H, layer.packedRecurrent, layer.gates, H, true);
        num.elman.forward(n, H, activation, layer.gates, h, hNext, null);
      }
      [layer.state, layer.next] = [layer.next, layer.state];
      x = layer.state[0];
    });
    const top = this.layers[this.layers.length - 1].weights.hidden;
    // logits = h_top W_out + b_out
    num.linalg.fillRows(n, this.vocab, out.bias, out.logits, this.vocab);
    num.linalg.gemm(n, this.vocab, top, x, top, out.packedKernel, out.logits, this.vocab, true);
    this.logits = out.logits.slice(0, n * this.vocab);
  }

  /** Row `i` of the latest logits. */
  row(i: number): Float32Array {
    return this.logits.subarray(i * this.vocab, (i + 1) * this.vocab);
  }

  private reorder(parents: number[]): void {
    for (const layer of this.layers) {
      const H = layer.weights.hidden;
      layer.state.forEach((s, k) => parents.forEach((p, i) => layer.next[k].set(s.subarray(p * H, (p + 1) * H), i * H)));
      [layer.state, layer.next] = [layer.next, layer.state];
    }
  }

  /** Nothing to free but the arrays themselves, which go with the stepper. */
  dispose(): void {
    this.layers = [];
  }
}
