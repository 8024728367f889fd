import { test } from 'node:test';
import assert from 'node:assert/strict';
import { logTicks, logTicksFor } from '../../kernel/scenes/plot/ticks';

test('a log axis from 0.28 to 0.95 on a tall axis labels every tenth: 0.3 0.4 … 0.9', () => {
  assert.deepEqual(logTicks(0.28, 0.95, 300).labels, ['0.3', '0.4', '0.5', '0.6', '0.7', '0.8', '0.9']);
});

test('a shorter axis thins the ticks to 1-2-3-5 and 1-2-5 per decade, never to bare leading digits', () => {
  assert.deepEqual(logTicks(0.25, 2.2, 186).labels, ['0.3', '0.5', '1', '2']);
  assert.deepEqual(logTicks(0.004, 0.7, 186).labels, ['0.005', '0.01', '0.02', '0.03', '0.05', '0.1', '0.2', '0.3', '0.5']);
  assert.deepEqual(logTicks(0.004, 0.7, 100).labels, ['0.005', '0.01', '0.02', '0.05', '0.1', '0.2', '0.5']);
});

test('ticks are at least 12 px apart on the axis', () => {
  for (const [min, max, px] of [[0.3, 0.9, 60], [1e-6, 1e3, 150], [0.01, 100, 340], [2, 3, 40]] as const) {
    const { values } = logTicks(min, max, px);
    const perDecade = px / Math.log10(max / min);
    for (let i = 1; i < values.length; i++) assert.ok(Math.log10(values[i] / values[i - 1]) * perDecade >= 12 - 1e-9, `${values[i - 1]} and ${values[i]} on ${min}…${max} over ${px} px`);
    assert.ok(values.length >= 2, `${min}…${max}: ${values.join(' ')}`);
  }
});

test('a range outside 10⁻³…10⁴ is labelled in powers of ten throughout; a range inside one step gets round linear values', () => {
  assert.deepEqual(logTicks(1e-6, 1, 150).labels, ['10⁻⁶', '10⁻⁵', '10⁻⁴', '10⁻³', '10⁻²', '10⁻¹', '1']);
  assert.deepEqual(logTicks(1e-6, 1, 50).labels, ['10⁻⁶', '10⁻⁴', '10⁻²', '1']);
  assert.deepEqual(logTicks(0.31, 0.39, 200).labels, ['0.325', '0.35', '0.375']);
});

test('ticks for a series ignore zeros, negatives and NaN; a constant series gets ticks around its value', () => {
  assert.equal(logTicksFor([0, -1, null], 200), null);
  const constant = logTicksFor([0.05, 0.05], 186)!;
  assert.ok(constant.values.includes(0.05) && constant.values[0] < 0.05 && constant.values.at(-1)! > 0.05, constant.labels.join(' '));
});
