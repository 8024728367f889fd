import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { selectBackend } from '../../kernel/lib/backend';
import type { AttentionPayload, SpectrumPayload } from '../../kernel/protocol/payloads';
import { attentionOutput, payloadOf, spectrumOutput } from './support/fixtures';
import { openRenderer, startHarness, type Harness, type RendererPage } from './support/rendererPage';

let h: Harness;
let spectrum: SpectrumPayload;
let attention: AttentionPayload;

before(async () => {
  await selectBackend('cpu');
  spectrum = payloadOf(spectrumOutput());
  attention = payloadOf(attentionOutput());
  h = await startHarness();
});
after(async () => h?.close());

async function openAt(kind: string, width: number): Promise<RendererPage> {
  const r = await openRenderer(h, kind, 'light', { width: 1400, height: 1000 });
  await r.page.evaluate((w) => ((document.getElementById('output') as HTMLElement).style.width = `${w}px`), width);
  return r;
}

const setWidth = (r: RendererPage, width: number) => r.page.evaluate((w) => ((document.getElementById('output') as HTMLElement).style.width = `${w}px`), width);
/** Widths of the drawn plotly figures (their main SVG) matching `selector`. */
const figureWidths = (r: RendererPage, selector: string) => r.page.locator(`${selector} .main-svg:first-child`).evaluateAll((els) => els.map((e) => e.getBoundingClientRect().width));

test('eigenvalue, gradient-flow and heatmap plots fill a 1,176 px output and follow it when it narrows', async () => {
  const r = await openAt('spectrum', 1176);
  await r.render(spectrum);
  await r.page.waitForTimeout(300);
  const inner = await r.page.locator('.unrolled-spectrum').evaluate((e) => e.clientWidth);
  const [eigen, flow] = [await figureWidths(r, '.eigen-plot'), await figureWidths(r, '.flow-plot')].map((w) => w[0]);
  const [heat] = await figureWidths(r, '.heatmap-plot');
  assert.ok(eigen + flow >= 0.9 * inner, `eigenvalues ${eigen} + flow ${flow} px in ${inner} px`);
  assert.ok(heat >= 0.9 * inner, `heatmap ${heat} px in ${inner} px`);
  await r.screenshot('spectrum-1176-light');
  await setWidth(r, 640);
  await r.page.waitForTimeout(400);
  const narrow = await r.page.locator('.unrolled-spectrum').evaluate((e) => e.clientWidth);
  for (const selector of ['.eigen-plot', '.flow-plot', '.heatmap-plot']) {
    const [w] = await figureWidths(r, selector);
    assert.ok(w <= narrow + 0.5 && w >= 0.8 * narrow, `${selector}: ${w} px in a ${narrow} px output`);
  }
  await r.screenshot('spectrum-640-light');
  assert.deepEqual(r.problems, []);
});

test('the attention heatmap grows its cells with the output width, up to 44 px, and shrinks with it', async () => {
  const r = await openAt('attention', 1176);
  await r.render(attention);
  await r.page.waitForTimeout(300);
  const cellWidth = () => r.page.locator('.attention-plot').evaluate((d) => {
    const x = (d as unknown as { _fullLayout: { xaxis: { _length: number } } })._fullLayout.xaxis;
    return x._length;
  });
  const wide = (await cellWidth()) / attention.sourceTokens.length;
  assert.ok(wide > 36 && wide <= 44 + 0.5, `cells ${wide} px wide at 1,176 px`);
  await setWidth(r, 360);
  await r.page.waitForTimeout(400);
  const narrow = (await cellWidth()) / attention.sourceTokens.length;
  const [figure] = await figureWidths(r, '.attention-plot');
  const inner = await r.page.locator('.unrolled-attention').evaluate((e) => e.clientWidth);
  assert.ok(narrow < wide && figure <= inner + 0.5, `cells ${narrow} px, figure ${figure} px in ${inner} px`);
  assert.deepEqual(r.problems, []);
});
