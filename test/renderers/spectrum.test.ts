import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { selectBackend } from '../../kernel/lib/backend';
import type { SpectrumPayload } from '../../kernel/protocol/payloads';
import { payloadOf, spectrumOutput } from './support/fixtures';
import { openRenderer, startHarness, type Harness } from './support/rendererPage';

let h: Harness;
let payload: SpectrumPayload;

before(async () => {
  await selectBackend('cpu');
  payload = payloadOf(spectrumOutput());
  h = await startHarness();
});
after(async () => h?.close());

type PlotDiv = HTMLElement & { data: { type?: string; mode?: string; name?: string }[]; layout: { yaxis: { type?: string } } };

test('the eigenvalue plot has the unit circle, one radius circle and one marker trace per matrix; the lag plot one line per model; the heatmap one heatmap trace', async () => {
  const r = await openRenderer(h, 'spectrum', 'light');
  await r.render(payload);
  const p = r.page;
  const traces = (sel: string) => p.locator(sel).evaluate((d) => (d as PlotDiv).data.map((t) => `${t.type}:${t.mode ?? ''}:${t.name ?? ''}`));
  const eigen = await traces('.eigen-plot');
  assert.equal(eigen.length, 7);
  // Drawn last, so the ρ = 1 set's own circle cannot hide it.
  assert.equal(eigen.at(-1), 'scatter:lines:unit circle |λ| = 1');
  // One precision across the legend: 0.80 next to 1.00, not 0.800 next to 1.00.
  assert.deepEqual(eigen.filter((t) => t.startsWith('scatter:markers:')).map((t) => /ρ = ([\d.]+)/.exec(t)?.[1]), ['0.80', '1.00', '1.25']);
  assert.equal(eigen.filter((t) => t.startsWith('scatter:markers:')).length, 3);
  assert.equal((await traces('.flow-plot')).length, 3);
  assert.deepEqual(await traces('.heatmap-plot'), ['heatmap::']);
  // Drawn by plotly into SVG: three marker groups in the complex plane.
  assert.equal(await p.locator('.eigen-plot .scatterlayer .trace').count(), 7);
  assert.equal(await p.locator('.heatmap-plot .hm image').count(), 1);
  assert.deepEqual(r.problems, []);
});

test('the spectral radii are those of the scaled orthogonal matrices (0.8, 1, 1.25)', () => {
  assert.deepEqual(
    payload.eigenvalues!.map((s) => Number(s.spectralRadius.toFixed(4))),
    [0.8, 1, 1.25],
  );
});

test('the log-scale toggle switches the lag plot between log and linear axes', async () => {
  const r = await openRenderer(h, 'spectrum', 'light');
  await r.render(payload);
  const axis = () => r.page.locator('.flow-plot').evaluate((d) => (d as PlotDiv).layout.yaxis.type);
  assert.equal(await axis(), 'log');
  await r.page.locator('vscode-checkbox[aria-label="Log scale"]').click();
  assert.equal(await axis(), 'linear');
  await r.page.locator('vscode-checkbox[aria-label="Log scale"]').click();
  assert.equal(await axis(), 'log');
});

test('a spectrum payload with nothing to plot shows an error box', async () => {
  const r = await openRenderer(h, 'spectrum', 'dark');
  await r.render({ version: 1, kind: 'spectrum', eigenvalues: [{ label: 'W', re: [1, 2], im: [0], spectralRadius: 2 }] });
  assert.match((await r.page.locator('.unrolled-error').textContent()) ?? '', /eigenvalues\[0\]\.im: expected an array of 2 \(as many as re\), got an array of 1/);
  await r.render({ version: 1, kind: 'spectrum' });
  assert.match((await r.page.locator('.unrolled-error').textContent()) ?? '', /at least one of eigenvalues, gradientFlow, gradientHeatmap/);
});

test('disposing frees the plotly plots', async () => {
  const r = await openRenderer(h, 'spectrum', 'light');
  await r.render(payload, 'spec-1');
  assert.equal(await r.page.locator('.js-plotly-plot').count(), 3);
  await r.dispose('spec-1');
  assert.equal(await r.page.locator('.js-plotly-plot').count(), 0);
});

test('screenshots of the spectrum renderer in light and dark themes', async () => {
  for (const theme of ['light', 'dark'] as const) {
    const r = await openRenderer(h, 'spectrum', theme);
    await r.render(payload);
    await r.screenshot(`spectrum-${theme}`);
    assert.deepEqual(r.problems, []);
  }
});
