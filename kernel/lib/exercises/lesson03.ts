/**
 * Checks for the exercises of lesson 3 (gating: GRU and LSTM):
 *   checkGruStep(gruStep)                 one GRU step with tfjs ops, against GRUCell: values and gradients
 *   checkLstmStep(lstmStep)               one LSTM step with tfjs ops, against LSTMCell: values and gradients
 *   checkConventionSwap(fromOther)        the other course's GRU weights turned into ours (z ↦ 1 − z)
 * Weights are named by what they multiply, in the row convention of the library (a batch of row
 * vectors times a matrix): `Wx·` `[input, hidden]` acts on x_t, `Wh·` `[hidden, hidden]` on the
 * previous state, `b·` `[hidden]`. `gruParams(cell)` / `lstmParams(cell)` read them off a cell.
 */
import { tf } from '../tf';
import { Random } from '../core/random';
import { GRUCell } from '../cells/gru';
import { LSTMCell } from '../cells/lstm';
import { callLearner, ExerciseError, expectFunction, runCheck } from './checking';
import { describeTensor, preview, probe, randomTensor, relativeGap, type TensorProbe } from './tensorChecks';
import { gruStepVariant, gruVariants, lstmVariants } from './lesson03Variants';

export interface GruParams {
  Wxz: tf.Tensor2D; Whz: tf.Tensor2D; bz: tf.Tensor1D;
  Wxr: tf.Tensor2D; Whr: tf.Tensor2D; br: tf.Tensor1D;
  Wxh: tf.Tensor2D; Whh: tf.Tensor2D; bh: tf.Tensor1D;
}
export interface LstmParams {
  Wxi: tf.Tensor2D; Whi: tf.Tensor2D; bi: tf.Tensor1D;
  Wxf: tf.Tensor2D; Whf: tf.Tensor2D; bf: tf.Tensor1D;
  Wxc: tf.Tensor2D; Whc: tf.Tensor2D; bc: tf.Tensor1D;
  Wxo: tf.Tensor2D; Who: tf.Tensor2D; bo: tf.Tensor1D;
}
/** s_t from x `[batch, input]` and s_{t-1} `[batch, hidden]`. */
export type GruStepFn = (x: tf.Tensor2D, sPrev: tf.Tensor2D, p: GruParams) => tf.Tensor2D;
/** (h_t, c_t) from x `[batch, input]`, h_{t-1} and c_{t-1} `[batch, hidden]`. */
export type LstmStepFn = (x: tf.Tensor2D, hPrev: tf.Tensor2D, cPrev: tf.Tensor2D, p: LstmParams) => { h: tf.Tensor2D; c: tf.Tensor2D };

/** Parameter names per gate block, in the library's column order of kernel / recurrentKernel / bias. */
const GRU_BLOCKS = [['Wxz', 'Whz', 'bz'], ['Wxr', 'Whr', 'br'], ['Wxh', 'Whh', 'bh']] as const;
const LSTM_BLOCKS = [['Wxi', 'Whi', 'bi'], ['Wxf', 'Whf', 'bf'], ['Wxc', 'Whc', 'bc'], ['Wxo', 'Who', 'bo']] as const;
const GRU_NAMES = GRU_BLOCKS.flat();
const LSTM_NAMES = LSTM_BLOCKS.flat();

/** Float32 on both sides; the learner may order additions differently. */
const VALUE_TOLERANCE = 1e-5;
const GRADIENT_TOLERANCE = 1e-4;

/** The named blocks of a cell's weights (new tensors; dispose them, or read them inside `tf.tidy`). */
function blocksOf(weights: { kernel: tf.Tensor; recurrentKernel: tf.Tensor; bias: tf.Tensor }, blocks: readonly (readonly string[])[]): Record<string, tf.Tensor> {
  const n = blocks.length;
  const kernels = tf.split(weights.kernel, n, 1);
  const recurrent = tf.split(weights.recurrentKernel, n, 1);
  const biases = tf.split(weights.bias, n, 0);
  return Object.fromEntries(blocks.flatMap(([wx, wh, b], k) => [[wx, kernels[k]], [wh, recurrent[k]], [b, biases[k]]]));
}

/** A GRU cell's weights as named blocks `{ Wxz, Whz, bz, Wxr, Whr, br, Wxh, Whh, bh }`. */
export function gruParams(cell: GRUCell): GruParams {
  if (!(cell instanceof GRUCell)) throw new Error(`gruParams expects a GRUCell (e.g. new GRUCell({ inputSize, hiddenSize })); got ${String(cell)}`);
  return blocksOf(cell.weights, GRU_BLOCKS) as unknown as GruParams;
}

/** An LSTM cell's weights as named blocks `{ Wxi, Whi, bi, Wxf, …, Who, bo }`. */
export function lstmParams(cell: LSTMCell): LstmParams {
  if (!(cell instanceof LSTMCell)) throw new Error(`lstmParams expects an LSTMCell (e.g. new LSTMCell({ inputSize, hiddenSize })); got ${String(cell)}`);
  return blocksOf(cell.weights, LSTM_BLOCKS) as unknown as LstmParams;
}

interface Case {
  batch: number;
  input: number;
  hidden: number;
  /** x, the state tensors, then the parameters in `names` order. */
  tensors: tf.Tensor[];
  /** One random direction per output. */
  directions: tf.Tensor[];
  zeroState: boolean;
}

function makeCases(seed: number, names: readonly string[], states: number): Case[] {
  const random = new Random(seed);
  const shapes: [number, number, number][] = [[2, 3, 4], [1, 5, 3], [3, 1, 2], [4, 4, 4]];
  const cases = shapes.map(([batch, input, hidden], k) => {
    const zeroState = k === shapes.length - 1;
    const stateTensors = Array.from({ length: states }, () => (zeroState ? tf.zeros([batch, hidden]) : randomTensor(random, [batch, hidden], 0.9)));
    const params = names.map((name) => randomTensor(random, name.startsWith('Wx') ? [input, hidden] : name.startsWith('Wh') ? [hidden, hidden] : [hidden], name.startsWith('b') ? 0.5 : 0.8));
    return {
      batch, input, hidden, zeroState,
      tensors: [randomTensor(random, [batch, input], 1), ...stateTensors, ...params],
      directions: Array.from({ length: states }, () => randomTensor(random, [batch, hidden], 1)),
    };
  });
  return cases;
}

/** A library cell of `kind` whose weights are assembled from the named blocks (in `names` order). The caller disposes it. */
function libraryCell(kind: 'gru' | 'lstm', input: number, hidden: number, blocks: tf.Tensor[]): GRUCell | LSTMCell {
  const gates = kind === 'gru' ? GRU_BLOCKS.length : LSTM_BLOCKS.length;
  const cell = kind === 'gru' ? new GRUCell({ inputSize: input, hiddenSize: hidden, seed: 1 }) : new LSTMCell({ inputSize: input, hiddenSize: hidden, seed: 1 });
  const slot = (k: number) => Array.from({ length: gates }, (_, g) => blocks[3 * g + k]);
  tf.tidy(() => {
    cell.weights.kernel.assign(tf.concat(slot(0), 1));
    cell.weights.recurrentKernel.assign(tf.concat(slot(1), 1));
    cell.weights.bias.assign(tf.concat(slot(2), 0));
  });
  return cell;
}

/** The library cell's outputs on a case and their gradients, with the weight gradients split back into the named blocks. */
function libraryProbe(kind: 'gru' | 'lstm', c: Case, states: number): TensorProbe {
  const cell = libraryCell(kind, c.input, c.hidden, c.tensors.slice(1 + states));
  try {
    const { kernel, recurrentKernel, bias } = cell.weights;
    const weights = [kernel, recurrentKernel, bias];
    const inputs = [...c.tensors.slice(0, 1 + states), ...weights];
    const result = probe((t) => cell.step(t[0] as tf.Tensor2D, t.slice(1, 1 + states) as tf.Tensor2D[]).state, inputs, c.directions, () => 'the library step failed');
    const gates = kind === 'gru' ? GRU_BLOCKS.length : LSTM_BLOCKS.length;
    const perSlot = tf.tidy(() =>
      weights.map((w, k) => tf.split(tf.tensor(result.gradients[1 + states + k] as number[], w.shape), gates, w.rank - 1).map((g) => Array.from(g.dataSync()))),
    );
    const blockGradients = Array.from({ length: gates }, (_, g) => [perSlot[0][g], perSlot[1][g], perSlot[2][g]]).flat();
    return { outputs: result.outputs, gradients: [...result.gradients.slice(0, 1 + states), ...blockGradients] };
  } finally {
    cell.dispose();
  }
}

interface StepCheck {
  kind: 'gru' | 'lstm';
  name: string;
  names: readonly string[];
  stateNames: string[];
  call: (inputs: tf.Tensor[], params: Record<string, tf.Tensor>) => unknown[];
  variants: (inputs: tf.Tensor[], params: Record<string, tf.Tensor>) => [string, tf.Tensor[]][];
}

function checkStep(spec: StepCheck): string {
  const states = spec.stateNames.length;
  const inputNames = ['x', ...spec.stateNames.map((s) => `${s}Prev`), ...spec.names.map((n) => `p.${n}`)];
  const cases = makeCases(spec.kind === 'gru' ? 303 : 304, spec.names, states);
  try {
    for (const c of cases) {
      const shape = `batch ${c.batch}, input ${c.input}, hidden ${c.hidden}${c.zeroState ? ', zero initial state' : ''}`;
      const params = (inputs: tf.Tensor[]) => Object.fromEntries(spec.names.map((n, i) => [n, inputs[1 + states + i]]));
      const describe = (k: number, got: unknown) => `${spec.name} returned the wrong kind of ${spec.stateNames[k]}_t: ${describeTensor(got, [c.batch, c.hidden])} (${shape})`;
      const learner = probe((inputs) => callLearner(spec.name, () => spec.call(inputs, params(inputs)), () => `${spec.name}(…) with ${shape}`), c.tensors, c.directions, describe);
      const expected = libraryProbe(spec.kind, c, states);
      const valueGap = Math.max(...expected.outputs.map((e, k) => relativeGap(learner.outputs[k], e)));
      if (valueGap > VALUE_TOLERANCE) {
        const guess = tf.tidy(() => spec.variants(c.tensors, params(c.tensors)).find(([, outs]) => outs.every((o, k) => relativeGap(o.dataSync(), learner.outputs[k]) < VALUE_TOLERANCE))?.[0]);
        const k = expected.outputs.findIndex((e, i) => relativeGap(learner.outputs[i], e) > VALUE_TOLERANCE);
        throw new ExerciseError(
          `${spec.name} disagrees with the library's ${spec.kind.toUpperCase()}Cell on ${spec.stateNames[k]}_t (${shape}):\n  expected ${preview(expected.outputs[k])}\n  got      ${preview(learner.outputs[k])}` +
            (guess ? `\n  It looks like ${guess}.` : '\n  Compare your lines one by one with the equations above the exercise.'),
        );
      }
      expected.gradients.forEach((want, i) => {
        const got = learner.gradients[i];
        if (want === null) return;
        if (got === null) {
          throw new ExerciseError(`no gradient reaches ${inputNames[i]} through ${spec.name}, although the values are right (${shape}). Backpropagation needs s_t computed from the given tensors with tf operations: no dataSync()/arraySync(), no tensors rebuilt from numbers.`);
        }
        const gap = relativeGap(got, want);
        if (gap > GRADIENT_TOLERANCE) {
          throw new ExerciseError(`${spec.name} gives the right values but the wrong gradient with respect to ${inputNames[i]} (${shape}):\n  expected ${preview(want)}\n  got      ${preview(got)}\n  Something in the step is not differentiated as written: compute every term with tf operations on the given tensors.`);
        }
      });
    }
  } finally {
    cases.forEach((c) => tf.dispose([...c.tensors, ...c.directions]));
  }
  return `✓ ${spec.name} matches the library's ${spec.kind.toUpperCase()}Cell on ${cases.length} random cases: values (to ${VALUE_TOLERANCE}) and the gradients with respect to x, ${spec.stateNames.map((s) => `${s}_{t-1}`).join(', ')} and all ${spec.names.length} weights (to ${GRADIENT_TOLERANCE}).`;
}

export function checkGruStep(gruStep: GruStepFn): string {
  expectFunction(gruStep, 'gruStep');
  return runCheck('gruStep', () =>
    checkStep({
      kind: 'gru',
      name: 'gruStep',
      names: GRU_NAMES,
      stateNames: ['s'],
      call: ([x, s], p) => [gruStep(x as tf.Tensor2D, s as tf.Tensor2D, p as unknown as GruParams)],
      variants: ([x, s], p) => gruVariants(x as tf.Tensor2D, s as tf.Tensor2D, p as unknown as GruParams).map(([why, out]) => [why, [out]]),
    }),
  );
}

export function checkLstmStep(lstmStep: LstmStepFn): string {
  expectFunction(lstmStep, 'lstmStep');
  return runCheck('lstmStep', () =>
    checkStep({
      kind: 'lstm',
      name: 'lstmStep',
      names: LSTM_NAMES,
      stateNames: ['h', 'c'],
      call: ([x, h, c], p) => {
        const out = lstmStep(x as tf.Tensor2D, h as tf.Tensor2D, c as tf.Tensor2D, p as unknown as LstmParams);
        if (out === null || typeof out !== 'object' || !('h' in out) || !('c' in out)) {
          throw new ExerciseError(`lstmStep must return an object { h, c } with h_t and c_t; got ${(out as unknown) instanceof tf.Tensor ? 'a single tensor' : String(out)}`);
        }
        return [out.h, out.c];
      },
      variants: ([x, h, c], p) => lstmVariants(x as tf.Tensor2D, h as tf.Tensor2D, c as tf.Tensor2D, p as unknown as LstmParams).map(([why, out]) => [why, [out.h, out.c]]),
    }),
  );
}

export function checkConventionSwap(fromOtherConvention: (q: GruParams) => GruParams): string {
  expectFunction(fromOtherConvention, 'fromOtherConvention');
  return runCheck('fromOtherConvention', () =>
    tf.tidy(() => {
      const random = new Random(305);
      const [batch, input, hidden] = [3, 2, 4];
      const q = Object.fromEntries(GRU_NAMES.map((n) => [n, randomTensor(random, n.startsWith('Wx') ? [input, hidden] : n.startsWith('Wh') ? [hidden, hidden] : [hidden], 0.8)])) as unknown as GruParams;
      const before = GRU_NAMES.map((n) => Array.from(q[n].dataSync()));
      const p = callLearner('fromOtherConvention', () => fromOtherConvention(q), () => 'fromOtherConvention(q) with input 2, hidden 4');
      if (GRU_NAMES.some((n, i) => relativeGap(q[n].dataSync(), before[i]) !== 0)) {
        throw new ExerciseError('fromOtherConvention changed the weights it was given; return new tensors and leave q as it was');
      }
      if (p === null || typeof p !== 'object') throw new ExerciseError(`fromOtherConvention must return an object with the nine weights { Wxz, Whz, bz, … }; got ${String(p)}`);
      for (const n of GRU_NAMES) {
        const want = q[n].shape;
        if (!(p[n] instanceof tf.Tensor)) throw new ExerciseError(`the returned object has no tensor ${n}; keep all nine names (${GRU_NAMES.join(', ')})`);
        if (p[n].shape.join() !== want.join()) throw new ExerciseError(`returned ${n} has shape [${p[n].shape.join(', ')}]; it should keep the shape [${want.join(', ')}]`);
      }
      const x = randomTensor(random, [batch, input], 1) as tf.Tensor2D;
      const h = randomTensor(random, [batch, hidden], 0.9) as tf.Tensor2D;
      // the other courses' GRU: h_t = u_t ⊙ h~_t + (1 − u_t) ⊙ h_{t−1}, u_t's weights in the z slots
      const theirs = gruStepVariant(x, h, q, { otherConvention: true });
      const cell = libraryCell('gru', input, hidden, GRU_NAMES.map((n) => p[n]));
      let ours: tf.Tensor2D;
      try {
        ours = cell.step(x, [h]).output;
      } finally {
        cell.dispose();
      }
      if (relativeGap(ours.dataSync(), theirs.dataSync()) > VALUE_TOLERANCE) {
        const changed = GRU_NAMES.filter((n) => relativeGap(p[n].dataSync(), q[n].dataSync()) > 0);
        const hint = changed.length === 0
          ? 'the weights came back unchanged, so z_t = u_t and the state is weighted the wrong way round; with σ(−a) = 1 − σ(a), find the weights that make the update gate compute −a'
          : changed.some((n) => !['Wxz', 'Whz', 'bz'].includes(n))
            ? `you changed ${changed.join(', ')}; only the update gate (Wxz, Whz, bz) differs between the conventions`
            : `you changed ${changed.join(', ')}; all three of the update gate's weights (Wxz, Whz, bz) must be negated, and nothing else`;
        throw new ExerciseError(`a GRUCell with your weights does not reproduce the other convention's step:\n  expected ${preview(theirs.dataSync())}\n  got      ${preview(ours.dataSync())}\n  It looks like ${hint}.`);
      }
      return '✓ with your weights our GRU (z_t keeps the old state) computes exactly the step of the other convention (u_t takes the candidate): the same model, z ↦ 1 − z.';
    }),
  );
}
