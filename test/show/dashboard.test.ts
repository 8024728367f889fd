import { test } from 'node:test';
import assert from 'node:assert/strict';
import { show } from '../../kernel/lib/show';
import { toMimeBundle } from '../../kernel/lib/core/mimeBundle';
import { validatePayload } from '../../kernel/protocol/validatePayload';
import type { DashboardPayload } from '../../kernel/protocol/payloads';

const MIME = 'application/vnd.unrolled.dashboard+json';
const recorder = () => {
  const pushes: DashboardPayload[] = [];
  return { pushes, handle: { update: (v: unknown) => pushes.push((v as { [toMimeBundle](): Record<string, unknown> })[toMimeBundle]()[MIME] as DashboardPayload) } };
};

test('a burst of updates inside the push interval pushes once, and finish pushes the final state', () => {
  const { pushes, handle } = recorder();
  const dash = show.dashboard({ minIntervalMs: 60_000 }).attach(handle);
  for (let step = 1; step <= 100; step++) dash.update({ step, loss: 2 / step, gradNorm: 1, learningRate: 0.01 });
  assert.equal(pushes.length, 1);
  assert.deepEqual(pushes[0].steps, [1]);
  dash.finish();
  assert.equal(pushes.length, 2);
  assert.equal(pushes[1].status, 'done');
  assert.equal(pushes[1].updates, 100);
  assert.equal(pushes[1].steps.at(-1), 100);
});

test('with no interval every update is pushed, and perplexity is exp(loss) unless given', () => {
  const { pushes, handle } = recorder();
  const dash = show.dashboard({ minIntervalMs: 0 }).attach(handle);
  dash.update({ step: 1, loss: Math.log(20) });
  dash.update({ step: 2, loss: 1, perplexity: 7 });
  assert.equal(pushes.length, 2);
  const ppl = pushes[1].metrics.find((m) => m.name === 'perplexity')!;
  assert.deepEqual(ppl.values, [20, 7]);
});

test('long runs are thinned to maxPoints evenly spaced steps, keeping the first and the latest', () => {
  const dash = show.dashboard({ maxPoints: 10 });
  for (let step = 1; step <= 37; step++) dash.update({ step, loss: 1 / step });
  const p = dash.payload;
  assert.ok(p.steps.length <= 10, `${p.steps.length} steps kept`);
  assert.equal(p.steps[0], 1);
  assert.equal(p.steps.at(-1), 37);
  const loss = p.metrics.find((m) => m.name === 'loss')!;
  p.steps.forEach((step, i) => assert.equal(loss.values[i], Number((1 / step).toPrecision(4))));
});

test('samples are kept newest last, at most maxSamples, and the bundle validates with an SVG fallback', () => {
  const dash = show.dashboard({ maxSamples: 2 });
  dash.update({ step: 1, loss: 3, sample: 'aaa' });
  dash.update({ step: 2, loss: 2, sample: 'abab' });
  dash.update({ step: 3, loss: 1, sample: 'abcd' });
  const bundle = dash[toMimeBundle]();
  const checked = validatePayload('dashboard', bundle[MIME]);
  assert.ok(checked.ok, JSON.stringify(checked));
  assert.deepEqual((bundle[MIME] as DashboardPayload).samples.map((s) => s.text), ['abab', 'abcd']);
  assert.match(bundle['image/svg+xml'] as string, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.match(bundle['text/plain'] as string, /training running: step 3, loss 1/);
});

test('a malformed report is refused with the expected shape', () => {
  assert.throws(() => show.dashboard().update({ loss: 1 } as never), /dashboard\.update: expected \{ step: number/);
  assert.throws(() => show.dashboard().attach({} as never), /expected a display handle/);
});
