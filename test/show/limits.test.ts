import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectBackend } from '../../kernel/lib/backend';
import { tf } from '../../kernel/lib/tf';
import { show } from '../../kernel/lib/show';
import { ElmanCell } from '../../kernel/lib/cells/elman';
import { validatePayload } from '../../kernel/protocol/validatePayload';
import { payloadOf } from '../renderers/support/fixtures';

const tokens = (n: number) => Array.from({ length: n }, (_, i) => `t${i}`);

test('show.spectrum, show.attention and show.text refuse outputs past the limits, saying which part and by how much', () => {
  assert.throws(
    () => show.gradientFlow(Array.from({ length: 101 }, (_, i) => ({ label: `s${i}`, lags: [1, 2], norms: [1, 0.5] }))),
    (e: Error) => e instanceof RangeError && /^show\.spectrum: this output is too large to draw; pass fewer or shorter parts .*\n {2}gradientFlow\.series: this output has 101 series; at most 100 are drawn$/.test(e.message),
  );
  assert.throws(() => show.attentionPooling(Array(10_001).fill(1 / 10_001), tokens(10_001)), /show\.attention: this output is too large to draw[\s\S]*sourceTokens: this output has 10,001 source tokens; at most 10,000 are drawn/);
  assert.throws(() => show.text([{ label: 'long', tokens: ['x'.repeat(10_001)], probabilities: [1] }]), /show\.text: this output is too large to draw[\s\S]*samples\[0\]\.tokens\[0\]\.text: this output has a text of 10,001 characters/);
});

test('show.gradientFlow with 100 series, at the limit, is drawn', () => {
  const p = payloadOf(show.gradientFlow(Array.from({ length: 100 }, (_, i) => ({ label: `s${i}`, lags: [1, 2], norms: [1, 0.5] }))));
  assert.equal(p.gradientFlow!.series.length, 100);
});

for (const backend of ['wasm', 'cpu'] as const) {
  test(`show.graph refuses a sequence longer than a graph draws before running the model (${backend})`, async () => {
    await selectBackend(backend);
    const cell = new ElmanCell({ inputSize: 1, hiddenSize: 2, seed: 1 });
    const before = tf.memory().numTensors;
    assert.throws(() => show.graph(cell, Array.from({ length: 10_001 }, () => [1])), (e: Error) => e instanceof RangeError && e.message === 'show.graph: the input has 10,001 steps; a graph draws at most 10,000: show a slice of the sequence');
    assert.equal(tf.memory().numTensors, before, 'no tensor left behind');
    assert.equal(payloadOf(show.graph(cell, [[1], [0]])).segments[0].steps, 2);
    assert.throws(() => show.graph(cell, [[1]], { inputLabels: ['x'.repeat(10_001)] }), /^RangeError: show\.graph: this output is too large to draw[\s\S]*segments\[0\]\.inputLabels\[0\]: this output has a text of 10,001 characters/);
    cell.dispose();
  });
}

test('show.dashboard refuses to keep more steps or samples than it draws, and cuts an overlong sample saying how much', () => {
  assert.throws(() => show.dashboard({ maxPoints: 20_000 }), /show\.dashboard: maxPoints must be an integer in \[2, 10000\] \(the most steps a dashboard draws\); got 20000/);
  assert.throws(() => show.dashboard({ maxSamples: 1_000 }), /show\.dashboard: maxSamples must be an integer in \[0, 100\]/);
  const dash = show.dashboard({ minIntervalMs: 0 });
  dash.update({ step: 1, loss: 1, sample: 'ab'.repeat(10_000) });
  const text = dash.payload.samples[0].text;
  const [, kept, cut] = /^((?:ab)+a?) … \(([\d,]+) more characters not shown\)$/.exec(text) ?? [];
  assert.ok(kept, text.slice(-60));
  assert.ok(text.length <= 10_000, `${text.length} characters`);
  assert.equal(kept.length + Number(cut.replace(/,/g, '')), 20_000, 'the note counts exactly what was cut');
  assert.equal(validatePayload('dashboard', dash.payload).ok, true);
  dash.finish();
});
