import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { KernelMessage } from '../../kernel/protocol/messages';
import type { DashboardPayload } from '../../kernel/protocol/payloads';
import { onEachBackend, runCell, startKernel, type Kernel } from './harness';

/** A training cell like lesson 4's: a live dashboard, a step limit far away, a marker printed after step 2. */
const trainingCell = `
import { fit, LanguageModel, Random, show } from "unrolled";
const random = new Random(1);
const rows = Array.from({ length: 32 }, () => Array.from({ length: 48 }, () => random.int(20)));
const model = new LanguageModel({ vocabSize: 20, hiddenSize: 96, cell: "gru", seed: 4 });
const seen: number[] = [];
const dash = show.dashboard({ title: "probe", minIntervalMs: 0 });
dash.attach(display(dash));
const history = await fit(model, rows, {
  batchSize: 16, maxSteps: 400, optimizer: { name: "adam", learningRate: 0.01 },
  onProgress: (p) => {
    seen.push(p.loss);
    dash.update(p);
    if (p.step === 2) console.log("training");
  },
});
dash.finish();
console.log("after fit");
`;

onEachBackend((backend) => {
  describe('a training cell', () => {
    let kernel: Kernel;
    before(async () => {
      kernel = await startKernel(backend, { interruptGraceMs: 5000 });
    });
    after(async () => kernel?.client.dispose());

    test('interrupting a training cell prints where it stopped and what the model kept, and marks its dashboard interrupted', async () => {
      let interrupted = false;
      const run = await runCell(kernel.client, trainingCell, (message: KernelMessage) => {
        if (!interrupted && message.type === 'stream' && message.text.includes('training')) {
          interrupted = true;
          void kernel.client.interrupt();
        }
      });
      assert.equal(run.outcome.status, 'interrupted');
      assert.equal(run.outcome.stateLost, undefined);
      const match = /Interrupted at step (\d+) of 400: the model keeps the weights it has \(loss ([\d.]+)\); run the next cells to use it\n/.exec(run.stdout);
      assert.ok(match, `stdout: ${JSON.stringify(run.stdout)}`);
      assert.doesNotMatch(run.stdout, /after fit/);
      const step = Number(match[1]);
      // The kept model: the steps the cell saw are the steps the message names, and its loss is the last one.
      const seen = JSON.parse((await runCell(kernel.client, 'JSON.stringify(seen)')).result!) as number[];
      assert.equal(seen.length, step);
      assert.equal(Number(match[2]), Number(seen.at(-1)!.toPrecision(3)));
      const last = run.messages.filter((m) => m.type === 'updateDisplay').at(-1);
      assert.ok(last?.type === 'updateDisplay');
      const payload = last.data['application/vnd.unrolled.dashboard+json'] as DashboardPayload;
      assert.equal(payload.status, 'interrupted');
      assert.equal(payload.note, match[0].trimEnd());
      assert.equal(payload.steps.at(-1), step);
      assert.match(String(last.data['image/svg+xml']), /interrupted at step \d+/);
      // The model is usable in the next cell.
      assert.equal((await runCell(kernel.client, 'model.trainableVariables().length > 0')).result, 'true');
    });
  });
});
