/**
 * Checks for the exercises of lesson 10 (state space models), all on plain arrays:
 *   checkZoh(zohDiscretize)            Ā = e^{Δa}, B̄ = (e^{Δa} − 1)/a · b for a real diagonal system
 *   checkKernel(convolutionKernel)     K_k = Σ_n C_n Ā_n^k B̄_n, k = 0 … L−1
 *   checkCombine(combine)              (a, b) then (a′, b′) = (a′a, a′b + b′), the scan's operator
 * The references are the library's: `discretizeDiagonalReal` for ZOH, and `sequentialScan` (the
 * recurrence run step by step) for the kernel (an impulse response) and the scan operator.
 * Each check returns a line (✓ or "not attempted yet") or throws an `ExerciseError` naming the mistake.
 */
import { tf } from '../tf';
import { Random } from '../core/random';
import { discretizeDiagonalReal } from '../ssm/discretize';
import { sequentialScan } from '../ssm/scan';
import { callLearner, describeShape, ExerciseError, expectFunction, formatValue, isVector, runCheck } from './checking';

export type ZohFn = (a: number[], b: number[], step: number) => { stateMatrix: number[]; inputMatrix: number[] };
export type KernelFn = (stateMatrix: number[], inputMatrix: number[], outputMatrix: number[], length: number) => number[];
/** One step x ↦ a ⊙ x + b of the linear recurrence, or several steps composed into one. */
export interface ScanElement {
  a: number[];
  b: number[];
}
export type CombineFn = (earlier: ScanElement, later: ScanElement) => ScanElement;

const uniform = (random: Random, lo: number, hi: number) => lo + (hi - lo) * random.next();
const vector = (random: Random, n: number, lo: number, hi: number) => Array.from({ length: n }, () => uniform(random, lo, hi));
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const same = (x: number[], y: number[]) => x.length === y.length && x.every((v, i) => v === y[i]);

/** Float64 answers against the library's float32: relative agreement to this is exact for our purpose. */
function close(answer: number[], expected: number[], tolerance = 1e-4): boolean {
  const scale = Math.max(1e-3, ...expected.map(Math.abs));
  return answer.length === expected.length && answer.every((v, i) => Math.abs(v - expected[i]) <= tolerance * scale);
}

function firstMatch(answer: number[], candidates: [string, number[]][]): string | undefined {
  return candidates.find(([, value]) => close(answer, value, 1e-3))?.[0];
}

/** The library's ZOH: discretizeDiagonalReal('zoh', a, b, Δ) as plain numbers. */
function libraryZoh(a: number[], b: number[], step: number): { stateMatrix: number[]; inputMatrix: number[] } {
  return tf.tidy(() => {
    const { stateMatrix, inputMatrix } = discretizeDiagonalReal('zoh', tf.tensor1d(a), tf.tensor1d(b), tf.scalar(step));
    return { stateMatrix: Array.from(stateMatrix.dataSync()), inputMatrix: Array.from(inputMatrix.dataSync()) };
  });
}

export function checkZoh(zohDiscretize: ZohFn): string {
  expectFunction(zohDiscretize, 'zohDiscretize');
  return runCheck('zohDiscretize', () => {
    const random = new Random(101);
    const steps = [0.1, 0.01, 0.5, 2];
    for (const step of steps) {
      const a = vector(random, 4, -3, -0.2);
      const b = vector(random, 4, -1.5, 1.5);
      const [givenA, givenB] = [copy(a), copy(b)];
      const answer = callLearner('zohDiscretize', () => zohDiscretize(givenA, givenB, step), () => `zohDiscretize(a, b, ${step}) with 4 modes`);
      if (!same(givenA, a) || !same(givenB, b)) throw new ExerciseError('zohDiscretize changed a or b; build new arrays for the result and leave its arguments as they were');
      if (typeof answer !== 'object' || answer === null || !isVector(answer.stateMatrix, 4) || !isVector(answer.inputMatrix, 4)) {
        const got = typeof answer === 'object' && answer !== null ? `stateMatrix: ${describeShape(answer.stateMatrix)}, inputMatrix: ${describeShape(answer.inputMatrix)}` : describeShape(answer);
        throw new ExerciseError(`zohDiscretize(a, b, ${step}) must return { stateMatrix, inputMatrix }, each an array of 4 numbers (one per mode); got ${got}`);
      }
      const expected = libraryZoh(a, b, step);
      const { stateMatrix: Abar, inputMatrix: Bbar } = answer;
      if (!close(Abar, expected.stateMatrix)) {
        const why = firstMatch(Abar, [
          ['Ā = 1 + Δa is the forward Euler step, a first-order approximation of e^{Δa}; ZOH solves the ODE exactly over the step', a.map((v) => 1 + step * v)],
          ['Ā = e^{a} leaves out the step: over a step of length Δ the state decays by e^{Δa}', a.map((v) => Math.exp(v))],
          ['Ā = e^{−Δa} has the wrong sign: with a < 0 the state must shrink, so Ā = e^{Δa} < 1', a.map((v) => Math.exp(-step * v))],
          ['that is the bilinear (Tustin) Ā = (1 + Δa/2)/(1 − Δa/2); ZOH is Ā = e^{Δa}', a.map((v) => (1 + (step * v) / 2) / (1 - (step * v) / 2))],
        ]);
        throw new ExerciseError(`stateMatrix (Ā) is wrong for Δ = ${step}:\n  a        ${formatValue(a)}\n  expected ${formatValue(expected.stateMatrix)}\n  got      ${formatValue(Abar)}\n  ${why ? `It looks like ${why}.` : 'ZOH gives Ā = exp(Δ a), entry by entry.'}`);
      }
      if (!close(Bbar, expected.inputMatrix)) {
        const growth = a.map((v) => Math.expm1(step * v));
        const why = firstMatch(Bbar, [
          ['B̄ = Δb is the first-order approximation (Mamba uses it); the exact ZOH input gain is (e^{Δa} − 1)/a · b', b.map((v) => step * v)],
          ['you divided by Δa instead of a: (ΔA)⁻¹(e^{ΔA} − I) ΔB keeps one Δ, so B̄ = (e^{Δa} − 1)/a · b', growth.map((g, i) => (g / (step * a[i])) * b[i])],
          ['b is missing: B̄ = (e^{Δa} − 1)/a · b', growth.map((g, i) => g / a[i])],
          ['the sign is flipped: (e^{Δa} − 1)/a is positive when a < 0, so B̄ has the sign of b', growth.map((g, i) => (-g / a[i]) * b[i])],
          ['that is the bilinear B̄ = Δb/(1 − Δa/2); ZOH is (e^{Δa} − 1)/a · b', b.map((v, i) => (step * v) / (1 - (step * a[i]) / 2))],
          ['you multiplied by a instead of dividing: B̄ = (e^{Δa} − 1)/a · b', growth.map((g, i) => g * a[i] * b[i])],
        ]);
        throw new ExerciseError(`inputMatrix (B̄) is wrong for Δ = ${step} (Ā is right):\n  a        ${formatValue(a)}\n  b        ${formatValue(b)}\n  expected ${formatValue(expected.inputMatrix)}\n  got      ${formatValue(Bbar)}\n  ${why ? `It looks like ${why}.` : 'ZOH gives B̄ = (e^{Δa} − 1)/a · b, entry by entry.'}`);
      }
    }
    return `✓ zohDiscretize matches the library's discretizeDiagonalReal('zoh', …) for 4 modes at Δ = ${steps.join(', ')}.`;
  });
}

/** The impulse response y_k = Σ_n C_n x_k,n of x_k = Ā ⊙ x_{k−1} + B̄ u_k with u = (1, 0, 0, …), by the library's scan. */
function impulseResponse(Abar: number[], Bbar: number[], C: number[], length: number): number[] {
  return tf.tidy(() => {
    const N = Abar.length;
    const a = tf.tile(tf.tensor3d([[Abar]]), [1, length, 1]);
    // drive B̄ u_k: B̄ at k = 0, zero afterwards
    const drive = tf.concat([tf.tensor3d([[Bbar]]), tf.zeros([1, length - 1, N])], 1);
    const states = sequentialScan(a, drive);
    return Array.from(tf.sum(tf.mul(states, tf.tensor1d(C)), 2).dataSync());
  });
}

export function checkKernel(convolutionKernel: KernelFn): string {
  expectFunction(convolutionKernel, 'convolutionKernel');
  return runCheck('convolutionKernel', () => {
    const random = new Random(202);
    const cases = [
      { modes: 3, length: 8 },
      { modes: 4, length: 12 },
      { modes: 2, length: 1 },
      { modes: 5, length: 20 },
    ];
    for (const { modes, length } of cases) {
      // Ā in (−0.95, 0.98): decaying modes, some of them alternating in sign.
      const Abar = vector(random, modes, -0.95, 0.98);
      const Bbar = vector(random, modes, -1, 1);
      const C = vector(random, modes, -1, 1);
      const given = copy([Abar, Bbar, C]);
      const answer = callLearner('convolutionKernel', () => convolutionKernel(given[0], given[1], given[2], length), () => `convolutionKernel(Ā, B̄, C, ${length}) with ${modes} modes`);
      if (!same(given[0], Abar) || !same(given[1], Bbar) || !same(given[2], C)) throw new ExerciseError('convolutionKernel changed its arguments; leave Ā, B̄ and C as they were');
      if (!isVector(answer, length)) throw new ExerciseError(`convolutionKernel(Ā, B̄, C, ${length}) must return ${length} numbers, K_0 … K_${length - 1} (each a sum over the ${modes} modes); got ${describeShape(answer)}`);
      const expected = impulseResponse(Abar, Bbar, C, length);
      if (close(answer, expected)) continue;
      const kernelWith = (term: (n: number, k: number) => number) => Array.from({ length }, (_, k) => Abar.reduce((sum, _a, n) => sum + term(n, k), 0));
      const why = firstMatch(answer, [
        ['your powers start at Ā¹: K_0 = C B̄ (the input reaches the output in the same step, before any decay), K_k = C Ā^k B̄', kernelWith((n, k) => C[n] * Abar[n] ** (k + 1) * Bbar[n])],
        ['the kernel is reversed: K_0 (the weight of the current input) comes first', kernelWith((n, k) => C[n] * Abar[n] ** (length - 1 - k) * Bbar[n])],
        ['B̄ is missing: K_k = Σ_n C_n Ā_n^k B̄_n', kernelWith((n, k) => C[n] * Abar[n] ** k)],
        ['C is missing: K_k = Σ_n C_n Ā_n^k B̄_n', kernelWith((n, k) => Abar[n] ** k * Bbar[n])],
        ['you multiplied by Ā·k instead of raising Ā to the power k', kernelWith((n, k) => C[n] * Abar[n] * k * Bbar[n])],
      ]);
      throw new ExerciseError(
        `convolutionKernel disagrees with the impulse response of the recurrence (${modes} modes, length ${length}):\n  expected ${formatValue(expected)}\n  got      ${formatValue(answer)}\n  ${why ? `It looks like ${why}.` : 'K_k is the output k steps after a unit impulse: Σ_n C_n Ā_n^k B̄_n.'}`,
      );
    }
    return `✓ convolutionKernel equals the impulse response of x_k = Ā x_{k−1} + B̄ u_k, y_k = C x_k (library sequentialScan) for ${cases.length} systems.`;
  });
}

/** Whether `value` is { a, b } with two vectors of `n` numbers. */
function isElement(value: unknown, n: number): value is ScanElement {
  return typeof value === 'object' && value !== null && isVector((value as ScanElement).a, n) && isVector((value as ScanElement).b, n);
}

function describeElement(value: unknown): string {
  if (typeof value !== 'object' || value === null) return describeShape(value);
  const element = value as Partial<ScanElement>;
  return `{ a: ${describeShape(element.a)}, b: ${describeShape(element.b)} }`;
}

export function checkCombine(combine: CombineFn): string {
  expectFunction(combine, 'combine');
  return runCheck('combine', () => {
    const random = new Random(303);
    const n = 3;
    const element = (): ScanElement => ({ a: vector(random, n, -1, 1), b: vector(random, n, -1, 1) });
    const call = (earlier: ScanElement, later: ScanElement): ScanElement => {
      const given = copy([earlier, later]);
      const result = callLearner('combine', () => combine(given[0], given[1]), () => `combine(earlier, later) with vectors of ${n} numbers`);
      if (!same(given[0].a, earlier.a) || !same(given[0].b, earlier.b) || !same(given[1].a, later.a) || !same(given[1].b, later.b)) {
        throw new ExerciseError('combine changed one of its arguments; return a new { a, b } and leave the inputs as they were');
      }
      if (!isElement(result, n)) throw new ExerciseError(`combine must return { a, b }, each an array of ${n} numbers (one per state entry); got ${describeElement(result)}`);
      return result;
    };

    // 1. Composition: applying the result once must equal applying `earlier`, then `later`.
    for (let trial = 0; trial < 4; trial++) {
      const [earlier, later] = [element(), element()];
      const x = vector(random, n, -2, 2);
      const result = call(earlier, later);
      const expected = { a: later.a.map((v, i) => v * earlier.a[i]), b: later.a.map((v, i) => v * earlier.b[i] + later.b[i]) };
      if (close(result.a, expected.a) && close(result.b, expected.b)) continue;
      const twoSteps = x.map((v, i) => later.a[i] * (earlier.a[i] * v + earlier.b[i]) + later.b[i]);
      const oneStep = x.map((v, i) => result.a[i] * v + result.b[i]);
      const swapped = close(result.a, expected.a) && close(result.b, earlier.a.map((v, i) => v * later.b[i] + earlier.b[i]));
      const why =
        swapped ? 'you applied `later` first: the earlier step acts on x first, so its offset b is then scaled by the later a (b = a′b + b′)'
        : close(result.b, earlier.b.map((v, i) => v + later.b[i])) ? 'b = b + b′ forgets that the later step multiplies everything before it by a′ (b = a′b + b′)'
        : close(result.a, earlier.a.map((v, i) => v + later.a[i])) ? 'a = a + a′: applying two scalings one after the other multiplies them (a = a′a)'
        : 'combine(earlier, later) must be the single step x ↦ a′(a x + b) + b′ = (a′a) x + (a′b + b′)';
      throw new ExerciseError(
        `combine(earlier, later) is not the two steps composed:\n  earlier then later on x = ${formatValue(x)} gives ${formatValue(twoSteps)}\n  your combined step gives                 ${formatValue(oneStep)}\n  It looks like ${why}.`,
      );
    }

    // 2. A prefix scan built on it (Hillis–Steele) reproduces the library's step-by-step recurrence.
    const time = 7;
    const steps = Array.from({ length: time }, element);
    let prefixes = steps.map((s) => copy(s));
    for (let offset = 1; offset < time; offset *= 2) {
      prefixes = prefixes.map((p, t) => (t >= offset ? call(prefixes[t - offset], p) : p));
    }
    const expected = tf.tidy(() => {
      const a = tf.tensor3d([steps.map((s) => s.a)]);
      const b = tf.tensor3d([steps.map((s) => s.b)]);
      return sequentialScan(a, b).arraySync() as number[][][];
    })[0];
    // From x_{−1} = 0 the state after step t is the b of the prefix 0 … t.
    const states = prefixes.map((p) => p.b);
    const worst = states.findIndex((s, t) => !close(s, expected[t]));
    if (worst >= 0) {
      throw new ExerciseError(`a prefix scan built on your combine disagrees with sequentialScan at step ${worst}:\n  expected ${formatValue(expected[worst])}\n  got      ${formatValue(states[worst])}\n  combine must be associative and compose the steps in time order.`);
    }
    return `✓ combine composes two steps, and a parallel prefix scan built on it reproduces sequentialScan over ${time} steps in ${Math.ceil(Math.log2(time))} rounds.`;
  });
}
