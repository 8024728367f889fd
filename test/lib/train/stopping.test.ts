import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../kernel/lib/tf';
import { setInterruptSource } from '../../../kernel/lib/core/interrupt';
import { Random } from '../../../kernel/lib/core/random';
import type { RecurrentState } from '../../../kernel/lib/core/types';
import { fit, type FitOptions } from '../../../kernel/lib/train/fit';
import { trainOnBatches } from '../../../kernel/lib/train/trainLoop';
import { sample } from '../../../kernel/lib/decode/sampling';
import { beamSearch } from '../../../kernel/lib/decode/beamSearch';
import { Seq2Seq } from '../../../kernel/lib/models/seq2seq';
import { trainSeq2seq } from '../../../kernel/lib/models/seq2seqTraining';
import { dashboard } from '../../../kernel/lib/show/dashboard/trainingDashboard';
import type { DashboardPayload } from '../../../kernel/protocol/payloads';
import { PlainElmanLM } from '../../support/plainModels';
import { onEachBackend } from '../../support/backends';

const V = 5;

function cyclicData(count: number, seed: number): number[][] {
  const random = new Random(seed);
  return Array.from({ length: count }, () => Array.from({ length: 8 }, (_, i) => (random.int(V) + i) % V));
}

function weightsOf(variables: tf.Variable[]): number[][] {
  return variables.map((v) => Array.from(v.dataSync()));
}

/** Runs `fn` with console.log and console.warn captured; returns what each printed, line by line. */
async function captureConsole<T>(fn: () => T | Promise<T>): Promise<{ value: T; log: string[]; warn: string[] }> {
  const log: string[] = [];
  const warn: string[] = [];
  const original = { log: console.log, warn: console.warn };
  console.log = (...args: unknown[]) => void log.push(args.join(' '));
  console.warn = (...args: unknown[]) => void warn.push(args.join(' '));
  try {
    return { value: await fn(), log, warn };
  } finally {
    Object.assign(console, original);
  }
}

/** An interrupt that arrives once `ready()` says so (the loops poll the source between steps). */
function interruptWhen(ready: () => boolean): void {
  setInterruptSource(ready);
}

afterEach(() => setInterruptSource(() => false));

/** PlainElmanLM whose `poisonedCall`-th training forward returns logits times `factor` (NaN or ∞ downstream). */
class PoisonedLM extends PlainElmanLM {
  constructor(seed: number, private readonly poisonedCall: number, private readonly factor: number) {
    super(V, 6, seed);
  }
  override forward(inputs: tf.Tensor, options: { initialState?: RecurrentState; mask?: tf.Tensor2D; training?: boolean } = {}) {
    const out = super.forward(inputs, options);
    if (!options.training || this.trainingCalls !== this.poisonedCall) return out;
    const logits = tf.tidy(() => tf.mul(out.logits, this.factor) as tf.Tensor3D);
    out.logits.dispose();
    return { ...out, logits };
  }
}

onEachBackend((backend) => {
  test(`fit stops at the first step whose loss is NaN, skips it, and says which step and what to try (${backend})`, async () => {
    const data = cyclicData(24, 2);
    const options: FitOptions = { batchSize: 8, maxSteps: 12, seed: 3, optimizer: { name: 'adam', learningRate: 0.01 } };
    const model = new PoisonedLM(4, 3, NaN);
    const tensors = tf.memory().numTensors;
    const { value: history, warn } = await captureConsole(() => fit(model, data, options));
    assert.equal(tf.memory().numTensors, tensors, 'tensors leaked');
    assert.equal(history.stopReason, 'nonFinite');
    assert.equal(history.interrupted, false);
    assert.equal(history.stepsCompleted, 2);
    assert.equal(history.losses.length, 2);
    assert.ok(history.losses.every(Number.isFinite));
    assert.match(history.message ?? '', /^Training stopped at step 3: the loss was NaN, so its update was skipped and the model keeps the weights of step 2\. Training diverged; try a lower learning rate \(now 0\.01, try 0\.001\) or gradient clipping \(clipNorm: 1\)$/);
    assert.deepEqual(warn, [history.message]);
    // The kept weights are exactly those of the same run stopped after two steps.
    const reference = new PlainElmanLM(V, 6, 4);
    await fit(reference, data, { ...options, maxSteps: 2 });
    assert.deepEqual(weightsOf(model.trainableVariables()), weightsOf(reference.trainableVariables()));
    model.dispose();
    reference.dispose();
  });

  test(`fit with Adam at learning rate 1e38 stops with nonFinite long before maxSteps, weights still finite (${backend})`, async () => {
    const model = new PlainElmanLM(V, 6, 9);
    const { value: history, warn } = await captureConsole(() =>
      fit(model, cyclicData(24, 5), { batchSize: 8, maxSteps: 50, seed: 1, optimizer: { name: 'adam', learningRate: 1e38 } }),
    );
    assert.equal(history.stopReason, 'nonFinite');
    assert.ok(history.stepsCompleted < 50, `${history.stepsCompleted} steps`);
    assert.ok(history.losses.every(Number.isFinite) && history.gradNorms.every(Number.isFinite));
    assert.ok(weightsOf(model.trainableVariables()).flat().every(Number.isFinite), 'the skipped update did not reach the weights');
    assert.equal(warn.length, 1);
    assert.match(warn[0], new RegExp(`^Training stopped at step ${history.stepsCompleted + 1}: the (loss|gradient norm) was .*lower learning rate \\(now 1e\\+38, try 1e\\+37\\)`));
    model.dispose();
  });

  test(`trainOnBatches stops at the first infinite gradient norm although the loss is finite (${backend})`, async () => {
    const w = tf.variable(tf.scalar(1));
    let calls = 0;
    // Step 3's loss √(w − w) = 0 is finite, but its gradient 1/(2√0) · 0 = ∞ · 0 is not.
    const batchLoss = () => tf.tidy(() => (++calls === 3 ? tf.sqrt(tf.sub(w, w)) : tf.square(tf.sub(w, 3))) as tf.Scalar);
    const { value: history, warn } = await captureConsole(() =>
      trainOnBatches(16, batchLoss, [w], { batchSize: 4, maxSteps: 10, optimizer: { name: 'sgd', learningRate: 0.1 }, clipNorm: 5 }),
    );
    assert.equal(history.stopReason, 'nonFinite');
    assert.equal(history.stepsCompleted, 2);
    // Two SGD steps on (w − 3)²: w ← w − 0.1 · 2(w − 3), from 1: 1.4, then 1.72.
    assert.ok(Math.abs(w.dataSync()[0] - 1.72) < 1e-6, `w = ${w.dataSync()[0]}`);
    assert.match(history.message ?? '', /^Training stopped at step 3: the gradient norm was (NaN|Infinity) \(loss 0\), so its update was skipped and the model keeps the weights of step 2\. Training diverged; try a lower learning rate \(now 0\.1, try 0\.01\) or a smaller clipNorm \(now 5\)$/);
    assert.deepEqual(warn, [history.message]);
    w.dispose();
  });

  test(`an interrupted fit says the step, the step limit and the last loss, and keeps the weights of that step (${backend})`, async () => {
    const data = cyclicData(24, 2);
    const options: FitOptions = { batchSize: 8, maxSteps: 40, seed: 3, optimizer: { name: 'adam', learningRate: 0.01 } };
    const model = new PlainElmanLM(V, 6, 4);
    const dash = dashboard({ title: 'probe', minIntervalMs: 0 });
    const pushed: DashboardPayload[] = [];
    dash.attach({ update: (value) => pushed.push((value as typeof dash).payload) });
    let progress = 0;
    interruptWhen(() => progress >= 7);
    const { value: history, log } = await captureConsole(() =>
      fit(model, data, { ...options, onProgress: (p) => { progress = p.step; dash.update(p); } }),
    );
    assert.equal(history.stopReason, 'interrupted');
    assert.equal(history.stepsCompleted, 7);
    const loss = Number(history.losses[6].toPrecision(3));
    const expected = `Interrupted at step 7 of 40: the model keeps the weights it has (loss ${loss}); run the next cells to use it`;
    assert.equal(history.message, expected);
    assert.deepEqual(log, [expected]);
    // The dashboard fed by this fit marked itself interrupted, without the cell calling finish().
    const last = pushed.at(-1)!;
    assert.equal(last.status, 'interrupted');
    assert.equal(last.note, expected);
    assert.equal(last.steps.at(-1), 7);
    setInterruptSource(() => false);
    const reference = new PlainElmanLM(V, 6, 4);
    await fit(reference, data, { ...options, maxSteps: 7 });
    assert.deepEqual(weightsOf(model.trainableVariables()), weightsOf(reference.trainableVariables()));
    model.dispose();
    reference.dispose();
  });

  test(`an interrupted trainSeq2seq says where it stopped, once, though the interrupt also stopped a beam search in its callback (${backend})`, async () => {
    const random = new Random(1);
    const pairs = Array.from({ length: 64 }, () => {
      const source = Array.from({ length: 3 + random.int(3) }, () => 3 + random.int(5));
      return { source, target: [...source].reverse() };
    });
    const model = new Seq2Seq({ sourceVocabSize: 8, targetVocabSize: 8, hiddenSize: 6, cell: 'gru', attention: 'additive', seed: 2 });
    let steps = 0;
    let beamInterrupted = false;
    interruptWhen(() => steps >= 3);
    const tensors = tf.memory().numTensors;
    const { value: history, log } = await captureConsole(() =>
      trainSeq2seq(model, pairs, {
        batchSize: 8, maxSteps: 20, seed: 3,
        onProgress: (p) => {
          steps = p.step;
          if (p.step === 3) beamInterrupted = model.translate(pairs[0].source, { maxLength: 6, beamWidth: 2 }).interrupted;
        },
      }),
    );
    assert.equal(tf.memory().numTensors, tensors, 'tensors leaked');
    assert.equal(beamInterrupted, true, 'the beam search in the callback saw the interrupt too');
    assert.equal(history.stopReason, 'interrupted');
    assert.equal(history.stepsCompleted, 3);
    const expected = `Interrupted at step 3 of 20: the model keeps the weights it has (loss ${Number(history.losses[2].toPrecision(3))}); run the next cells to use it`;
    assert.equal(history.message, expected);
    assert.deepEqual(log, [expected], 'one message, from the outermost loop');
    model.dispose();
  });

  test(`trainSeq2seq with Adam at learning rate 1e38 stops with nonFinite and keeps finite weights (${backend})`, async () => {
    const pairs = Array.from({ length: 32 }, (_, i) => ({ source: [3 + (i % 5), 4, 5], target: [5, 4, 3 + (i % 5)] }));
    const model = new Seq2Seq({ sourceVocabSize: 8, targetVocabSize: 8, hiddenSize: 6, cell: 'lstm', attention: 'dot', seed: 5 });
    const { value: history, warn } = await captureConsole(() => trainSeq2seq(model, pairs, { batchSize: 8, maxSteps: 40, optimizer: { name: 'adam', learningRate: 1e38 } }));
    assert.equal(history.stopReason, 'nonFinite');
    assert.ok(history.stepsCompleted < 40);
    assert.ok(weightsOf(model.trainableVariables()).flat().every(Number.isFinite));
    assert.deepEqual(warn, [history.message]);
    assert.match(history.message ?? '', new RegExp(`^Training stopped at step ${history.stepsCompleted + 1}: `));
    model.dispose();
  });

  test(`an interrupted trainOnBatches with epochs and no step limit says the epoch (${backend})`, async () => {
    const w = tf.variable(tf.scalar(0));
    let calls = 0;
    interruptWhen(() => calls >= 5);
    const { value: history, log } = await captureConsole(() =>
      trainOnBatches(8, () => (calls++, tf.tidy(() => tf.square(tf.sub(w, 1)) as tf.Scalar)), [w], { batchSize: 4, epochs: 4 }),
    );
    assert.equal(history.stepsCompleted, 5);
    assert.deepEqual(log, [`Interrupted at step 5 (epoch 3 of 4): the model keeps the weights it has (loss ${Number(history.losses[4].toPrecision(3))}); run the next cells to use it`]);
    w.dispose();
  });

  test(`an interrupted sample and beam search say how far they got and return it (${backend})`, async () => {
    const model = new PlainElmanLM(V, 6, 71);
    const prompt = [0, 1];
    const full = sample(model, { prompt, maxLength: 30, seed: 5 });
    let checks = 0;
    interruptWhen(() => ++checks > prompt.length + 6);
    const { value: cut, log } = await captureConsole(() => sample(model, { prompt, maxLength: 30, seed: 5 }));
    assert.equal(cut.interrupted, true);
    assert.equal(cut.tokens.length, 7);
    assert.deepEqual(cut.tokens, full.tokens.slice(0, 7));
    assert.deepEqual(log, ['Interrupted at token 7 of 30: sample returns the 7 tokens generated so far (interrupted: true)']);
    checks = 0;
    const beam = await captureConsole(() => beamSearch(model, { prompt, maxLength: 30, beamWidth: 3 }));
    assert.equal(beam.value.interrupted, true);
    assert.deepEqual(beam.log, [`Interrupted at step 7 of 30: beamSearch returns the ${beam.value.sequences.length} best hypotheses found so far (interrupted: true)`]);
    assert.ok(beam.value.sequences.every((s) => s.tokens.length === 7));
    model.dispose();
  });
});
