/**
 * Outputs far past the size limits, of the right shape otherwise, in real Chromium: each renderer
 * shows the error box naming what is too large, and draws nothing (before the limits, each of
 * these froze the output view for over 30 s while it drew).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { dashboardWithMetrics, graphWithStateNames, spectrumWithSeries } from '../support/oversizedPayloads';
import { openRenderer, startHarness, type Harness } from './support/rendererPage';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => h?.close());

const cases = [
  { kind: 'graph', payload: () => graphWithStateNames(100_000), message: 'stateNames: this output has 100,000 state names; at most 1,000 are drawn' },
  { kind: 'dashboard', payload: () => dashboardWithMetrics(123_456), message: 'metrics: this output has 123,456 metrics; at most 100 are drawn' },
  { kind: 'spectrum', payload: () => spectrumWithSeries(109_890), message: 'gradientFlow.series: this output has 109,890 series; at most 100 are drawn' },
];

for (const c of cases) {
  test(`an oversized ${c.kind} output shows the error box saying what is too large, and draws nothing`, async () => {
    const r = await openRenderer(h, c.kind, 'light');
    const ms = await r.render(c.payload());
    const box = r.page.locator('#output .unrolled-error');
    assert.equal(await box.locator('.unrolled-error-title').textContent(), `This ${c.kind} output is too large to draw`);
    assert.deepEqual(await box.locator('li').allTextContents(), [c.message]);
    assert.equal(await r.page.locator('#output svg, #output .js-plotly-plot').count(), 0, 'nothing drawn');
    assert.deepEqual(r.problems, []);
    // For the record, not a pass criterion: speed is asserted only by benchmarks.
    console.log(`${c.kind}: error box in ${ms.toFixed(0)} ms`);
    await r.page.close();
  });
}
