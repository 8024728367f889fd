import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { selectBackend } from '../../kernel/lib/backend';
import { toMimeBundle } from '../../kernel/lib/core/mimeBundle';
import type { Payload } from '../../kernel/protocol/payloads';
import { attentionOutput, dashboardRun, encoderDecoderGraph, lstmGraph, poolingOutput, spectrumOutput, stackedBidirectionalGraph, taggingOutput, textOutput } from './support/fixtures';
import { openRenderer, repoRoot, startHarness, type Harness } from './support/rendererPage';

let h: Harness;
let page: Page;

interface Fixture {
  name: string;
  kind: Payload['kind'];
  bundle: Record<string, unknown>;
  /** Selectors whose counts must agree between the static SVG and the live renderer. */
  same: string[];
}
const fixtures: Fixture[] = [];

before(async () => {
  await selectBackend('cpu');
  const bundleOf = (x: { [toMimeBundle](): Record<string, unknown> }) => x[toMimeBundle]();
  const dashboard = await dashboardRun(12);
  fixtures.push(
    { name: 'graph-lstm', kind: 'graph', bundle: bundleOf(lstmGraph()), same: ['.time-column', '.edge-input', '.edge-state', '.edge-recurrent', '.edge-output', '.node-cell', '.node-state', '.edge.grad'] },
    { name: 'graph-stacked-bidirectional', kind: 'graph', bundle: bundleOf(stackedBidirectionalGraph()), same: ['.time-column', '.edge', '.node-cell[data-dir="backward"]', '.node-output'] },
    { name: 'graph-encoder-decoder', kind: 'graph', bundle: bundleOf(encoderDecoderGraph()), same: ['.time-column', '.edge-context', '.edge-recurrent', '.node-output'] },
    { name: 'spectrum', kind: 'spectrum', bundle: bundleOf(spectrumOutput()), same: [] },
    { name: 'text', kind: 'text', bundle: bundleOf(textOutput()), same: ['.beam-node', '.beam-node.chosen', '.beam-edge.chosen'] },
    { name: 'attention', kind: 'attention', bundle: bundleOf(attentionOutput()), same: [] },
    { name: 'attention-pooling', kind: 'attention', bundle: bundleOf(poolingOutput()), same: [] },
    { name: 'tagging', kind: 'tagging', bundle: bundleOf(taggingOutput()), same: ['.token', '.span-predicted', '.trellis-node', '.trellis-node.best', '.pointer', '.pointer.best'] },
    { name: 'dashboard', kind: 'dashboard', bundle: dashboard.bundle, same: [] },
  );
  h = await startHarness();
  page = await h.browser.newPage();
});
after(async () => h?.close());

/** Parses an SVG string with Chromium's XML parser; returns the parser error, if any, and counts of selectors. */
async function parse(svg: string, selectors: string[]): Promise<{ error: string | null; root: string; counts: number[] }> {
  return page.evaluate(
    ({ svg, selectors }) => {
      const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
      const error = doc.querySelector('parsererror');
      return { error: error ? (error.textContent ?? 'parser error') : null, root: doc.documentElement.tagName, counts: selectors.map((s) => doc.querySelectorAll(s).length) };
    },
    { svg, selectors },
  );
}

test('every static fallback is well-formed standalone SVG', async () => {
  for (const f of fixtures) {
    const svg = f.bundle['image/svg+xml'];
    assert.equal(typeof svg, 'string', `${f.name} has an image/svg+xml fallback`);
    const parsed = await parse(svg as string, []);
    assert.equal(parsed.error, null, `${f.name}: ${parsed.error}`);
    assert.equal(parsed.root, 'svg');
  }
});

test('the graph, text and tagging fallbacks have the same structure as the live renderer', async () => {
  for (const f of fixtures.filter((x) => x.same.length > 0)) {
    const payload = f.bundle[`application/vnd.unrolled.${f.kind}+json`];
    const r = await openRenderer(h, f.kind, 'light');
    await r.render(payload);
    const live = await Promise.all(f.same.map((s) => r.page.locator(`#output ${s}`).count()));
    const fallback = (await parse(f.bundle['image/svg+xml'] as string, f.same)).counts;
    assert.deepEqual(fallback, live, `${f.name}: ${f.same.join(', ')}`);
    assert.ok(live[0] > 0, `${f.name}: ${f.same[0]} present`);
    await r.page.close();
  }
});

test('the plot fallbacks draw what the plots show: eigenvalue markers, lag curves, heatmap cells, metric panels', async () => {
  const by = (name: string) => fixtures.find((f) => f.name === name)!;
  const spectrum = by('spectrum').bundle['application/vnd.unrolled.spectrum+json'] as Extract<Payload, { kind: 'spectrum' }>;
  const s = await parse(by('spectrum').bundle['image/svg+xml'] as string, ['.eigenvalues .marker', '.gradient-flow .series', '.heatmap .heat-cell', '.radius-circle', '.unit-circle']);
  const eigenCount = spectrum.eigenvalues!.reduce((n, set) => n + set.re.length, 0);
  const cells = spectrum.gradientHeatmap!.values.length * spectrum.gradientHeatmap!.values[0].length;
  assert.deepEqual(s.counts, [eigenCount, spectrum.gradientFlow!.series.length, cells, spectrum.eigenvalues!.length, 1]);
  const attention = by('attention').bundle['application/vnd.unrolled.attention+json'] as Extract<Payload, { kind: 'attention' }>;
  const a = await parse(by('attention').bundle['image/svg+xml'] as string, ['.heat-cell', '.col-token', '.row-token']);
  assert.deepEqual(a.counts, [attention.weights.length * attention.sourceTokens.length, attention.sourceTokens.length, attention.targetTokens!.length]);
  const pooling = await parse(by('attention-pooling').bundle['image/svg+xml'] as string, ['.chip']);
  assert.deepEqual(pooling.counts, [7]);
  const text = by('text').bundle['application/vnd.unrolled.text+json'] as Extract<Payload, { kind: 'text' }>;
  const t = await parse(by('text').bundle['image/svg+xml'] as string, ['.token']);
  const tokens = text.samples!.reduce((n, x) => n + x.tokens.length, 0) + text.hiddenUnits!.tokens.length;
  assert.deepEqual(t.counts, [tokens]);
  const d = await parse(by('dashboard').bundle['image/svg+xml'] as string, ['.dashboard-panel']);
  assert.deepEqual(d.counts, [4]);
});

test('pictures of every static fallback, as a browser without the extension shows them', async () => {
  const dir = join(repoRoot(), 'test-artifacts/renderers');
  mkdirSync(dir, { recursive: true });
  const viewer = await h.browser.newPage({ viewport: { width: 1000, height: 800 } });
  for (const f of fixtures) {
    await viewer.setContent(`<!doctype html><body style="margin:0;background:#fff">${f.bundle['image/svg+xml']}</body>`);
    await viewer.locator('svg').first().screenshot({ path: join(dir, `fallback-${f.name}.png`) });
  }
});
