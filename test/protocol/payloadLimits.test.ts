import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validatePayload } from '../../kernel/protocol/validatePayload';
import { PAYLOAD_LIMITS } from '../../kernel/protocol/payloadLimits';
import { dashboardWithMetrics, graphWithStateNames, spectrumWithSeries } from '../support/oversizedPayloads';

function refusal(kind: Parameters<typeof validatePayload>[0], payload: unknown): string[] {
  const checked = validatePayload(kind, payload);
  assert.equal(checked.ok, false, 'refused');
  assert.ok(!checked.ok && checked.tooLarge, 'as too large, not as misshapen');
  return checked.ok ? [] : checked.errors;
}

test('the limits are those the README documents', () => {
  assert.deepEqual(PAYLOAD_LIMITS, { steps: 10_000, names: 1_000, series: 100, points: 2_000_000, textLength: 10_000 });
});

test('a graph with 1,000,000 state names is refused as too large, naming the count and the limit', () => {
  assert.deepEqual(refusal('graph', graphWithStateNames(1_000_000)), ['stateNames: this output has 1,000,000 state names; at most 1,000 are drawn']);
});

test('a dashboard with 123,456 metrics and a spectrum with 109,890 series are refused the same way', () => {
  assert.deepEqual(refusal('dashboard', dashboardWithMetrics(123_456)), ['metrics: this output has 123,456 metrics; at most 100 are drawn']);
  assert.deepEqual(refusal('spectrum', spectrumWithSeries(109_890)), ['gradientFlow.series: this output has 109,890 series; at most 100 are drawn']);
});

test('a payload exactly at a limit is drawn, one past it is refused', () => {
  assert.equal(validatePayload('graph', graphWithStateNames(1_000)).ok, true);
  assert.equal(validatePayload('spectrum', spectrumWithSeries(100)).ok, true);
  assert.equal(validatePayload('dashboard', dashboardWithMetrics(100)).ok, true);
  assert.deepEqual(refusal('graph', graphWithStateNames(1_001)), ['stateNames: this output has 1,001 state names; at most 1,000 are drawn']);
  assert.deepEqual(refusal('spectrum', spectrumWithSeries(101)), ['gradientFlow.series: this output has 101 series; at most 100 are drawn']);
});

test('steps, tokens and tags count against their limits in every kind', () => {
  const tokens = (n: number) => Array.from({ length: n }, (_, i) => `t${i}`);
  assert.deepEqual(refusal('attention', { version: 1, kind: 'attention', mode: 'pooling', sourceTokens: tokens(10_001), weights: [Array(10_001).fill(0)] }), ['sourceTokens: this output has 10,001 source tokens; at most 10,000 are drawn']);
  assert.deepEqual(refusal('tagging', { version: 1, kind: 'tagging', tokens: ['a'], predicted: ['O'], trellis: { tags: tokens(1_001), scores: [], backpointers: [], bestPath: [] } }), ['trellis.tags: this output has 1,001 tags; at most 1,000 are drawn']);
  assert.deepEqual(refusal('dashboard', { ...dashboardWithMetrics(1), steps: Array.from({ length: 10_001 }, (_, i) => i) }), ['steps: this output has 10,001 steps; at most 10,000 are drawn']);
  const sample = { label: 'T = 1', tokens: Array.from({ length: 10_001 }, () => ({ text: 'a', probability: 0.5, entropy: null, alternatives: [] })) };
  assert.deepEqual(refusal('text', { version: 1, kind: 'text', samples: [sample] }), ['samples[0].tokens: this output has 10,001 tokens; at most 10,000 are drawn']);
  const graph = graphWithStateNames(1);
  graph.segments[0].steps = 10_001;
  assert.deepEqual(refusal('graph', graph), ['segments[0].steps: this output has 10,001 steps; at most 10,000 are drawn']);
});

test('a string longer than 10,000 characters is refused by its path', () => {
  const payload = spectrumWithSeries(5);
  payload.gradientFlow!.series[3].label = 'x'.repeat(10_001);
  assert.deepEqual(refusal('spectrum', payload), ['gradientFlow.series[3].label: this output has a text of 10,001 characters; at most 10,000 characters are drawn']);
  const graph = graphWithStateNames(1);
  graph.segments[0].layers[0].directions[0].internals = { ['g'.repeat(10_001)]: [[1]] };
  assert.match(refusal('graph', graph)[0], /^segments\[0\]\.layers\[0\]\.directions\[0\]\.internals \(a key\): this output has a text of 10,001 characters/);
});

test('more than 2,000,000 values in one payload are refused, and 1,990 × 1,000 weights are drawn', () => {
  const tokens = (n: number) => Array.from({ length: n }, (_, i) => `t${i}`);
  const matrix = (rows: number, cols: number) => ({ version: 1, kind: 'attention', mode: 'matrix', sourceTokens: tokens(cols), targetTokens: tokens(rows), weights: Array.from({ length: rows }, () => Array(cols).fill(1 / cols)) });
  assert.deepEqual(refusal('attention', matrix(2_001, 1_000)), ['payload: this output has more than 2,000,000 values; at most 2,000,000 are drawn']);
  assert.equal(validatePayload('attention', matrix(1_990, 1_000)).ok, true);
});

test('a misshapen payload within the limits is still reported by its shape, not its size', () => {
  const checked = validatePayload('spectrum', { version: 1, kind: 'spectrum', gradientFlow: { yLabel: 'n', series: [{ label: 3, lags: [1], norms: [1] }] } });
  assert.deepEqual(checked, { ok: false, errors: ['gradientFlow.series[0].label: expected a string, got 3'] });
});
