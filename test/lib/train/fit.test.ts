import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectBackend } from '../../../kernel/lib/backend';
import { tf } from '../../../kernel/lib/tf';
import { setInterruptSource } from '../../../kernel/lib/core/interrupt';
import { Random } from '../../../kernel/lib/core/random';
import { fit, type ProgressInfo } from '../../../kernel/lib/train/fit';
import { evaluate } from '../../../kernel/lib/train/evaluate';
import { sequenceCrossEntropy } from '../../../kernel/lib/train/losses';
import { PlainElmanLM } from '../../support/plainModels';

const V = 5;

/** Sequences of a cyclic pattern 0,1,2,3,4,0,... starting anywhere, of varied lengths. */
function cyclicData(count: number, seed: number, minLength = 4, maxLength = 12): number[][] {
  const random = new Random(seed);
  return Array.from({ length: count }, () => {
    const length = minLength + random.int(maxLength - minLength + 1);
    const start = random.int(V);
    return Array.from({ length }, (_, i) => (start + i) % V);
  });
}

function weightsOf(model: PlainElmanLM): number[][] {
  return model.trainableVariables().map((v) => Array.from(v.dataSync()));
}

test('fit lowers the loss of a small language model on a learnable pattern', async () => {
  await selectBackend('cpu');
  const model = new PlainElmanLM(V, 8, 1);
  const data = cyclicData(24, 2);
  const before = await evaluate(model, data);
  const history = await fit(model, data, { optimizer: { name: 'adam', learningRate: 0.05 }, batchSize: 8, epochs: 15, seed: 3 });
  const after = await evaluate(model, data);
  assert.equal(history.stopReason, 'completed');
  assert.equal(history.epochsCompleted, 15);
  assert.equal(history.stepsCompleted, 15 * 3);
  assert.ok(after.loss < 0.3 * before.loss, `loss ${before.loss} → ${after.loss}`);
  assert.ok(Math.abs(after.perplexity - Math.exp(after.loss)) < 1e-9);
  model.dispose();
});

for (const backend of ['cpu', 'wasm'] as const) {
  test(`the same seed gives identical losses and weights, another seed a different run (${backend})`, async () => {
    await selectBackend(backend);
    const data = cyclicData(20, 5);
    const run = async (seed: number) => {
      const model = new PlainElmanLM(V, 6, 11);
      const history = await fit(model, data, { batchSize: 4, epochs: 2, bpttSteps: 5, seed, clipNorm: 1 });
      const weights = weightsOf(model);
      model.dispose();
      return { losses: history.losses, weights };
    };
    const a = await run(7);
    const b = await run(7);
    const c = await run(8);
    assert.deepEqual(a.losses, b.losses);
    assert.deepEqual(a.weights, b.weights);
    assert.notDeepEqual(a.losses, c.losses);
  });

  test(`200 training steps with truncated BPTT, clipping and validation leave no tensors behind (${backend})`, async () => {
    await selectBackend(backend);
    const model = new PlainElmanLM(V, 6, 4);
    const start = tf.memory().numTensors;
    const counts: number[] = [];
    const history = await fit(model, cyclicData(16, 6, 6, 14), {
      batchSize: 4, maxSteps: 200, bpttSteps: 4, clipNorm: 0.5, clipValue: 0.1, validationData: cyclicData(4, 9), validateEvery: 50,
      onProgress: ({ step }) => { if (step === 10 || step === 200) counts.push(tf.memory().numTensors); },
    });
    assert.equal(history.stepsCompleted, 200);
    assert.equal(history.stopReason, 'maxSteps');
    assert.equal(history.validation.length, 4);
    assert.equal(counts[0], counts[1], 'tensor count during training must not grow');
    assert.equal(tf.memory().numTensors, start);
    model.dispose();
  });
}

test('an interrupt stops training at a step boundary and the model keeps working', async () => {
  await selectBackend('cpu');
  const model = new PlainElmanLM(V, 6, 12);
  const data = cyclicData(12, 13);
  let steps = 0;
  setInterruptSource(() => steps >= 5);
  const start = tf.memory().numTensors;
  try {
    const history = await fit(model, data, { batchSize: 2, epochs: 100, onProgress: (info) => { steps = info.step; } });
    assert.equal(history.interrupted, true);
    assert.equal(history.stopReason, 'interrupted');
    assert.equal(history.stepsCompleted, 5);
    assert.equal(history.losses.length, 5);
  } finally {
    setInterruptSource(() => false);
  }
  assert.equal(tf.memory().numTensors, start);
  const more = await fit(model, data, { batchSize: 2, maxSteps: 3 });
  assert.equal(more.stepsCompleted, 3);
  assert.ok(more.losses.every(Number.isFinite));
  model.dispose();
});

test('truncated BPTT updates once per chunk from the carried state, without gradient across the boundary', async () => {
  await selectBackend('cpu');
  const sequence = [0, 1, 2, 3, 4, 0, 1, 2, 3];
  const trained = new PlainElmanLM(V, 4, 21);
  const history = await fit(trained, [sequence], { optimizer: { name: 'sgd', learningRate: 0.5 }, batchSize: 1, bpttSteps: 4, epochs: 1 });
  assert.equal(history.stepsCompleted, 2);
  // The same two updates by hand: chunk 1 from h_0 = 0, chunk 2 from chunk 1's final state as a constant.
  const manual = new PlainElmanLM(V, 4, 21);
  const inputs = tf.tensor2d([sequence.slice(0, 8)], [1, 8], 'int32');
  const targets = tf.tensor2d([sequence.slice(1)], [1, 8], 'int32');
  let carried: tf.Tensor2D | undefined;
  for (const [start, end] of [[0, 4], [4, 8]]) {
    const x = tf.slice(inputs, [0, start], [1, end - start]);
    const y = tf.slice(targets, [0, start], [1, end - start]) as tf.Tensor2D;
    const initial = carried;
    const { grads, value } = tf.variableGrads(() => {
      const out = manual.forward(x, { initialState: initial ? [initial] : undefined });
      carried = tf.keep(out.finalState[0]);
      return sequenceCrossEntropy(out.logits, y);
    }, manual.trainableVariables());
    assert.ok(Math.abs(value.dataSync()[0] - history.losses[start / 4]) < 1e-6);
    for (const v of manual.trainableVariables()) v.assign(tf.sub(v, tf.mul(0.5, grads[v.name])));
    tf.dispose([x, y, value, grads, initial ?? []]);
  }
  const a = weightsOf(trained).flat();
  const b = weightsOf(manual).flat();
  a.forEach((w, i) => assert.ok(Math.abs(w - b[i]) < 1e-5, `weight ${i}: ${w} vs ${b[i]}`));
  tf.dispose([inputs, targets, carried ?? []]);
  trained.dispose();
  manual.dispose();
});

test('early stopping halts after `patience` validations without improvement and restores the best weights', async () => {
  await selectBackend('cpu');
  const model = new PlainElmanLM(V, 6, 31);
  // Training teaches "next = current + 1"; validation rewards "next = current − 1", so it soon gets worse.
  const train = cyclicData(16, 32);
  const validation = [[4, 3, 2, 1, 0, 4, 3, 2], [2, 1, 0, 4, 3]];
  const history = await fit(model, train, {
    optimizer: { name: 'adam', learningRate: 0.05 }, batchSize: 4, epochs: 50, validationData: validation, validateEvery: 2,
    earlyStopping: { patience: 3, restoreBestWeights: true },
  });
  assert.equal(history.stopReason, 'earlyStopping');
  assert.ok(history.epochsCompleted < 50);
  const losses = history.validation.map((v) => v.loss);
  const best = Math.min(...losses);
  assert.equal(history.bestValidationLoss, best);
  assert.equal(losses.length - 1 - losses.indexOf(best), 3, 'stops on the third validation after the best');
  assert.equal(history.restoredBestWeights, true);
  const now = await evaluate(model, validation);
  assert.ok(Math.abs(now.loss - best) < 1e-5, `restored weights score ${now.loss}, best was ${best}`);
  model.dispose();
});

test('scheduled sampling with probability 0 is teacher forcing, and with probability 1 trains on the model\'s own tokens', async () => {
  await selectBackend('cpu');
  const data = cyclicData(8, 41);
  const run = async (probability?: number) => {
    const model = new PlainElmanLM(V, 6, 42);
    const history = await fit(model, data, { batchSize: 4, epochs: 2, bpttSteps: 5, scheduledSampling: probability === undefined ? undefined : { probability } });
    const trainingCalls = model.trainingCalls;
    model.dispose();
    return { losses: history.losses, trainingCalls };
  };
  const teacher = await run();
  const zero = await run(0);
  const one = await run(1);
  assert.ok(teacher.trainingCalls > 0);
  assert.equal(zero.trainingCalls, 0, 'scheduled sampling unrolls with step(), not forward()');
  teacher.losses.forEach((l, i) => assert.ok(Math.abs(l - zero.losses[i]) < 1e-5, `step ${i}: ${l} vs ${zero.losses[i]}`));
  assert.ok(teacher.losses.some((l, i) => Math.abs(l - one.losses[i]) > 1e-3));
});

test('the progress callback is awaited and reports step, loss, gradient norm, rate, time and throughput', async () => {
  await selectBackend('cpu');
  const model = new PlainElmanLM(V, 4, 51);
  const seen: ProgressInfo[] = [];
  let pending = 0;
  const history = await fit(model, cyclicData(6, 52), {
    optimizer: { name: 'momentum', learningRate: 0.02 }, batchSize: 3, epochs: 2, validationData: cyclicData(2, 53),
    onProgress: async (info) => {
      assert.equal(pending, 0, 'a callback started before the previous one finished');
      pending++;
      await new Promise((resolve) => setTimeout(resolve, 2));
      seen.push(info);
      pending--;
    },
  });
  const perStep = seen.filter((s) => s.validationLoss === undefined);
  assert.deepEqual(perStep.map((s) => s.step), [1, 2, 3, 4]);
  assert.deepEqual(perStep.map((s) => s.loss), history.losses);
  assert.deepEqual(perStep.map((s) => s.gradNorm), history.gradNorms);
  assert.ok(perStep.every((s) => s.learningRate === 0.02 && s.elapsedMs > 0 && s.charsPerSecond > 0));
  const validations = seen.filter((s) => s.validationLoss !== undefined);
  assert.deepEqual(validations.map((s) => [s.step, s.epoch]), [[2, 1], [4, 2]]);
  model.dispose();
});

test('tagging pairs with feature inputs train, and a zero time limit stops before the first step', async () => {
  await selectBackend('cpu');
  const model = new PlainElmanLM(2, 6, 61, 3);
  const random = new Random(62);
  const inputs = Array.from({ length: 12 }, () => Array.from({ length: 5 }, () => [random.next(), random.next(), random.next()]));
  // Tag 1 when the first feature exceeds the second.
  const targets = inputs.map((seq) => seq.map(([a, b]) => (a > b ? 1 : 0)));
  const history = await fit(model, { inputs, targets }, { optimizer: { name: 'adam', learningRate: 0.05 }, batchSize: 4, epochs: 20 });
  assert.ok(history.losses[history.losses.length - 1] < 0.5 * history.losses[0]);
  const none = await fit(model, { inputs, targets }, { timeLimitMs: 0 });
  assert.equal(none.stepsCompleted, 0);
  assert.equal(none.stopReason, 'timeLimit');
  model.dispose();
});

test('a tfjs optimiser handed in is used, reported and left for the caller to keep using', async () => {
  await selectBackend('cpu');
  const model = new PlainElmanLM(V, 4, 81);
  const optimizer = tf.train.momentum(0.03, 0.5);
  const rates: number[] = [];
  await fit(model, cyclicData(4, 82), { optimizer, batchSize: 2, maxSteps: 2, onProgress: (info) => { rates.push(info.learningRate); } });
  assert.deepEqual(rates, [0.03, 0.03]);
  const again = await fit(model, cyclicData(4, 82), { optimizer, batchSize: 2, maxSteps: 2 });
  assert.equal(again.stepsCompleted, 2, 'the optimiser (and its momentum) survives fit');
  optimizer.dispose();
  model.dispose();
});

test('fit refuses models, data and options it cannot use, saying why', async () => {
  await selectBackend('cpu');
  const model = new PlainElmanLM(V, 4, 71);
  const data = cyclicData(4, 72);
  await assert.rejects(fit({} as never, data), /the model must be a SequenceModel/);
  await assert.rejects(fit(model, data, { batchSize: 0 }), /batchSize must be a positive integer; got 0/);
  await assert.rejects(fit(model, data, { earlyStopping: { patience: 2 } }), /earlyStopping needs validationData/);
  const forwardOnly = { forward: model.forward.bind(model), trainableVariables: () => model.trainableVariables() };
  await assert.rejects(fit(forwardOnly, data, { scheduledSampling: { probability: 0.5 } }), /scheduledSampling needs a model with step/);
  await assert.rejects(fit(model, { inputs: [[1, 2]], targets: [[0, 1]] }, { scheduledSampling: { probability: 0.5 } }), /scheduledSampling needs language-model data/);
  await assert.rejects(fit(model, data, { scheduledSampling: { probability: 2 } }), /probability must lie in \[0, 1\]; the schedule gave 2/);
  model.dispose();
});
