import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { selectBackend } from '../../kernel/lib/backend';
import type { DashboardPayload } from '../../kernel/protocol/payloads';
import { dashboardRun } from './support/fixtures';
import { openRenderer, startHarness, type Harness } from './support/rendererPage';

let h: Harness;
let pushes: DashboardPayload[];
let final: DashboardPayload;

before(async () => {
  await selectBackend('cpu');
  ({ pushes, final } = await dashboardRun(40));
  h = await startHarness();
});
after(async () => h?.close());

type PlotDiv = HTMLElement & { data: { name: string; x: number[] }[] };

test('a real 40-step fit pushed every progress report, and the loss went down', () => {
  assert.equal(final.status, 'done');
  assert.equal(final.steps.at(-1), 40);
  assert.ok(pushes.length >= 40, `${pushes.length} pushes`);
  const loss = final.metrics.find((m) => m.name === 'loss')!.values;
  assert.ok(loss.at(-1)! < loss[0]! * 0.5, `loss ${loss[0]} → ${loss.at(-1)}`);
  assert.ok(final.samples.length >= 3);
});

test('the dashboard draws one plot per metric group with the expected traces', async () => {
  const r = await openRenderer(h, 'dashboard', 'light');
  await r.render(final);
  const p = r.page;
  assert.deepEqual(await p.locator('.dashboard-plot').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.panel)), ['loss', 'perplexity', 'gradNorm', 'learningRate']);
  const names = await p.locator('.panel-loss').evaluate((d) => (d as PlotDiv).data.map((t) => t.name));
  assert.deepEqual(names, ['loss (train)']);
  assert.equal(await p.locator('.panel-perplexity .scatterlayer .trace').count(), 1);
  assert.equal(await p.locator('.sample').count(), final.samples.length);
  assert.match((await p.locator('.status').textContent()) ?? '', /^done · step 40 · /);
  assert.deepEqual(r.problems, []);
});

test('display-handle updates redraw the same plots in place, step by step', async () => {
  const r = await openRenderer(h, 'dashboard', 'dark');
  await r.render(pushes[0], 'dash');
  const p = r.page;
  await p.locator('.panel-loss').evaluate((d) => ((d as HTMLElement & { marker?: string }).dataset.marker = 'first'));
  const renderMs: number[] = [];
  for (const payload of pushes.slice(1)) renderMs.push(await r.render(payload, 'dash'));
  assert.equal(await p.locator('.panel-loss').getAttribute('data-marker'), 'first', 'the plot element survived every update');
  const xs = await p.locator('.panel-loss').evaluate((d) => (d as PlotDiv).data[0].x);
  assert.deepEqual(xs, pushes.at(-1)!.steps);
  assert.equal(await p.locator('div.unrolled').getAttribute('data-status'), 'done');
  renderMs.sort((a, b) => a - b);
  console.log(`dashboard in-place update: median ${renderMs[renderMs.length >> 1].toFixed(1)} ms per update to the next frame (${renderMs.length} updates)`);
  await r.screenshot('dashboard-dark');
  assert.deepEqual(r.problems, []);
});

test('log axes (gradient norms of 0.3 to 1.6, a constant learning rate) label each tick with the value at its height, not its leading digit', async () => {
  const r = await openRenderer(h, 'dashboard', 'light');
  const n = final.steps.length;
  const norms = final.steps.map((_, i) => Number((0.3 + (1.3 * i) / (n - 1)).toFixed(4)));
  await r.render({ ...final, metrics: final.metrics.map((m) => (m.name === 'gradNorm' ? { ...m, values: norms } : m)) });
  for (const panel of ['gradNorm', 'learningRate', 'perplexity']) {
    const ticks = await r.page.locator(`.panel-${panel}`).evaluate((div) => {
      const axis = (div as unknown as { _fullLayout: { yaxis: { _offset: number; l2p(v: number): number } } })._fullLayout.yaxis;
      const top = div.getBoundingClientRect().top;
      // Where the axis puts the value a label names (NaN when it names none).
      const heightOf = (label: string) => (Number(label) > 0 ? axis._offset + axis.l2p(Math.log10(Number(label))) : NaN);
      return Array.from(div.querySelectorAll('.ytick text')).map((t) => {
        const box = t.getBoundingClientRect();
        const label = t.textContent ?? '';
        return { label, y: box.top + box.height / 2 - top, expectedY: heightOf(label) };
      });
    });
    assert.ok(ticks.length >= 2, `${panel}: ticks ${JSON.stringify(ticks)}`);
    for (const t of ticks) assert.ok(Math.abs(t.y - t.expectedY) <= 3, `${panel}: tick "${t.label}" drawn at y = ${t.y.toFixed(1)}, where the axis has ${t.label} at ${t.expectedY.toFixed(1)}`);
  }
  await r.screenshot('dashboard-log-axis-light');
  assert.deepEqual(r.problems, []);
});

test('a payload whose metric values do not match the steps shows an error box', async () => {
  const r = await openRenderer(h, 'dashboard', 'light');
  const bad = { ...final, metrics: [{ ...final.metrics[0], values: final.metrics[0].values.slice(2) }] };
  await r.render(bad);
  assert.match((await r.page.locator('.unrolled-error').textContent()) ?? '', /metrics\[0\]\.values: expected an array of \d+ \(one per step\)/);
});

test('an interrupted run shows "interrupted at step N" and the loop\'s message, in the renderer and in its static SVG', async () => {
  const run = await dashboardRun(400, 23);
  const pushed = run.pushes.at(-1)!;
  assert.equal(pushed.status, 'interrupted', 'the interrupted fit marked its dashboard without finish()');
  assert.equal(run.message, `Interrupted at step 23 of 400: the model keeps the weights it has (loss ${Number(pushed.metrics[0].values.at(-1)!.toPrecision(3))}); run the next cells to use it`);
  for (const theme of ['light', 'dark'] as const) {
    const r = await openRenderer(h, 'dashboard', theme);
    await r.render(run.pushes[10], 'dash');
    assert.equal(await r.page.locator('.stop-note').isVisible(), false, 'no note while running');
    await r.render(pushed, 'dash');
    const p = r.page;
    assert.equal(await p.locator('div.unrolled').getAttribute('data-status'), 'interrupted');
    assert.match((await p.locator('.status').textContent()) ?? '', /^interrupted at step 23 · /);
    assert.equal(await p.locator('.stop-note').textContent(), run.message);
    assert.ok(await p.locator('.stop-note').isVisible());
    await r.screenshot(`dashboard-interrupted-${theme}`);
    assert.deepEqual(r.problems, []);
  }
  const svg = String(run.bundle['image/svg+xml']);
  assert.match(svg, /interrupted at step 23 · /);
  assert.ok(svg.includes(`>${run.message}<`), 'the static SVG carries the message');
});

test('screenshot of the dashboard renderer in the light theme while running', async () => {
  const r = await openRenderer(h, 'dashboard', 'light');
  await r.render(pushes[Math.floor(pushes.length / 2)]);
  assert.equal(await r.page.locator('div.unrolled').getAttribute('data-status'), 'running');
  await r.screenshot('dashboard-light');
});
