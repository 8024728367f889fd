import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectBackend } from '../../../kernel/lib/backend';
import { tf } from '../../../kernel/lib/tf';
import { LanguageModel } from '../../../kernel/lib/models/languageModel';
import { fit } from '../../../kernel/lib/train/fit';
import { evaluate } from '../../../kernel/lib/train/evaluate';
import { splitStream } from '../../../kernel/lib/train/batching';
import { greedyDecode } from '../../../kernel/lib/decode/greedy';
import { beamSearch } from '../../../kernel/lib/decode/beamSearch';
import { sample } from '../../../kernel/lib/decode/sampling';

const text = 'abcabd'.repeat(40);
const vocab = ['a', 'b', 'c', 'd'];
const ids = Array.from(text, (ch) => vocab.indexOf(ch));

for (const backend of ['cpu', 'wasm'] as const) {
  test(`the library's LSTM language model with an embedding trains with truncated BPTT and then decodes the pattern (${backend})`, async () => {
    await selectBackend(backend);
    const model = new LanguageModel({ vocabSize: 4, hiddenSize: 12, embeddingSize: 6, cell: 'lstm', seed: 3 });
    const before = tf.memory().numTensors;
    const streams = splitStream(ids, 4);
    const start = await evaluate(model, streams, { bpttSteps: 12 });
    const history = await fit(model, streams, { optimizer: { name: 'adam', learningRate: 0.05 }, batchSize: 4, bpttSteps: 12, epochs: 12, clipNorm: 5, seed: 1 });
    const end = await evaluate(model, streams, { bpttSteps: 12 });
    assert.equal(tf.memory().numTensors, before);
    assert.ok(end.loss < 0.5 * start.loss, `loss ${start.loss} → ${end.loss}`);
    assert.equal(history.stepsCompleted, 12 * Math.ceil((streams[0].length - 1) / 12));
    // After "ab" the next token is c or d with equal odds; after "abc" or "abd" it is "a", after "a" it is "b".
    const greedy = greedyDecode(model, { prompt: [0, 1, 2], maxLength: 5 });
    assert.deepEqual(greedy.tokens.slice(0, 2), [0, 1]);
    const beam = beamSearch(model, { prompt: [0, 1, 2], maxLength: 5, beamWidth: 1 });
    assert.deepEqual(beam.sequences[0].tokens, greedy.tokens);
    const drawn = sample(model, { prompt: [0], maxLength: 12, seed: 4 });
    assert.equal(drawn.tokens[0], 1, 'after "a" comes "b"');
    assert.equal(tf.memory().numTensors, before);
    model.dispose();
  });
}

test('the library\'s GRU language model trains with scheduled sampling through its step()', async () => {
  await selectBackend('cpu');
  const model = new LanguageModel({ vocabSize: 4, hiddenSize: 10, cell: 'gru', seed: 5 });
  const streams = splitStream(ids, 4);
  const before = tf.memory().numTensors;
  const history = await fit(model, streams, {
    optimizer: { name: 'adam', learningRate: 0.05 }, batchSize: 4, bpttSteps: 10, epochs: 6,
    scheduledSampling: { probability: ({ step }) => Math.min(0.25, step / 100) },
  });
  assert.equal(tf.memory().numTensors, before);
  assert.ok(history.losses.at(-1)! < 0.6 * history.losses[0], `${history.losses[0]} → ${history.losses.at(-1)}`);
  model.dispose();
});
