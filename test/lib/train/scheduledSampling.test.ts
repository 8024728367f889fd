import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectBackend } from '../../../kernel/lib/backend';
import { tf } from '../../../kernel/lib/tf';
import { Random } from '../../../kernel/lib/core/random';
import { chunkArrays, chunkTensors, prepareData } from '../../../kernel/lib/train/batching';
import { inverseSigmoidSchedule, linearSchedule, samplingProbability, unrollWithSampling } from '../../../kernel/lib/train/scheduledSampling';
import { PlainElmanLM } from '../../support/plainModels';

test('the inverse-sigmoid schedule starts near teacher forcing and tends to 1; the linear one ramps and holds', () => {
  const inverse = inverseSigmoidSchedule(10);
  // Bengio et al. 2015: teacher probability ε_i = k / (k + exp(i / k)); we return 1 − ε_i.
  assert.ok(Math.abs(inverse({ step: 0 }) - (1 - 10 / 11)) < 1e-12);
  assert.ok(Math.abs(inverse({ step: 50 }) - (1 - 10 / (10 + Math.exp(5)))) < 1e-12);
  assert.ok(inverse({ step: 200 }) > 0.999);
  const linear = linearSchedule(0, 0.5, 100);
  assert.equal(linear({ step: 0 }), 0);
  assert.equal(linear({ step: 50 }), 0.25);
  assert.equal(linear({ step: 500 }), 0.5);
  assert.equal(samplingProbability(linear, { step: 50, epoch: 1 }), 0.25);
  assert.throws(() => samplingProbability(() => -0.1, { step: 3, epoch: 1 }), /must lie in \[0, 1\]; the schedule gave -0.1 at step 3/);
  assert.throws(() => inverseSigmoidSchedule(0.5), /k must be ≥ 1/);
});

for (const backend of ['cpu', 'wasm'] as const) {
  test(`with probability 0 the step-by-step unroll equals the masked forward pass, padded rows keeping their state (${backend})`, async () => {
    await selectBackend(backend);
    const model = new PlainElmanLM(5, 6, 3);
    const data = prepareData([[0, 1, 2, 3, 4, 0], [2, 3, 4]], 'test');
    const chunk = chunkArrays(data, [0, 1], 0, 5);
    const before = tf.memory().numTensors;
    const [viaStep, viaForward] = tf.tidy(() => {
      const tensors = chunkTensors(data, chunk);
      const a = unrollWithSampling(model, chunk, undefined, 0, new Random(1), 'sample');
      const b = model.forward(tensors.inputs, { mask: tensors.mask });
      return [
        { logits: a.logits.arraySync() as number[][][], state: a.finalState[0].arraySync() as number[][] },
        { logits: b.logits.arraySync() as number[][][], state: b.finalState[0].arraySync() as number[][] },
      ];
    });
    assert.equal(tf.memory().numTensors, before);
    // Logits at padded steps are never scored; compare the real ones.
    for (let b = 0; b < 2; b++) {
      for (let t = 0; t < 5; t++) {
        if (chunk.mask[b * 5 + t] === 0) continue;
        viaStep.logits[b][t].forEach((v, k) => assert.ok(Math.abs(v - viaForward.logits[b][t][k]) < 1e-6, `b=${b} t=${t}`));
      }
    }
    viaStep.state.flat().forEach((v, i) => assert.ok(Math.abs(v - viaForward.state.flat()[i]) < 1e-6));
    model.dispose();
  });
}
