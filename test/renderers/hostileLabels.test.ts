/**
 * Labels are text, never markup: every renderer that draws with plotly (spectrum, dashboard,
 * attention) gets a payload whose every label is a string of plotly label markup (`<a href>`,
 * `<b>`, an entity) and HTML, in real Chromium. Plotly turns such markup into live SVG links
 * and styled text unless it is escaped, so the drawn text must be the label itself and the
 * plots must hold no link.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Payload } from '../../kernel/protocol/payloads';
import { HOSTILE_LABEL as L } from '../support/hostileMarkup';
import { openRenderer, startHarness, type Harness, type RendererPage } from './support/rendererPage';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => h?.close());

const payloads: Payload[] = [
  {
    version: 1,
    kind: 'spectrum',
    title: L,
    eigenvalues: [{ label: L, re: [0.5, -0.2], im: [0, 0.1], spectralRadius: 0.5 }],
    gradientFlow: { yLabel: L, series: [{ label: L, lags: [1, 2, 3], norms: [1, 0.5, 0.25] }, { label: `${L} 2`, lags: [1, 2, 3], norms: [1, 0.8, 0.6] }] },
    gradientHeatmap: { label: L, values: [[1, 2], [3, 4]] },
  },
  {
    version: 1,
    kind: 'dashboard',
    title: L,
    status: 'done',
    steps: [1, 2],
    metrics: [
      { name: 'loss', label: L, log: false, values: [1, 0.5] },
      { name: 'validationLoss', label: `${L} 2`, log: false, values: [1.1, 0.6] },
      { name: L, label: L, log: false, values: [3, 4] },
    ],
    samples: [{ step: 1, text: L }],
    updates: 2,
    elapsedMs: 10,
  },
  { version: 1, kind: 'attention', title: L, mode: 'matrix', sourceTokens: [L, 'b'], targetTokens: [L], weights: [[0.5, 0.5]] },
  { version: 1, kind: 'attention', title: L, mode: 'pooling', sourceTokens: [L, 'b'], weights: [[0.5, 0.5]] },
];

async function drawnText(r: RendererPage) {
  return r.page.evaluate(() => ({
    links: document.querySelectorAll('.js-plotly-plot svg a').length,
    bold: document.querySelectorAll('.js-plotly-plot svg tspan[style*="bold"]').length,
    legend: Array.from(document.querySelectorAll('.js-plotly-plot .legendtext'), (t) => t.textContent),
    pwned: (window as unknown as { __pwned?: unknown }).__pwned,
  }));
}

for (const payload of payloads) {
  const what = payload.kind === 'attention' ? `attention (${payload.mode})` : payload.kind;
  test(`the ${what} renderer draws hostile labels as their own text, with no link or markup in its plots`, async () => {
    const r = await openRenderer(h, payload.kind, 'light');
    await r.render(payload);
    await r.page.waitForSelector('.js-plotly-plot .main-svg');
    const drawn = await drawnText(r);
    assert.equal(drawn.links, 0, 'no <a> in the plot');
    assert.equal(drawn.bold, 0, 'no <b> turned into bold text');
    assert.equal(drawn.pwned, undefined);
    const labelled = drawn.legend.filter((text) => !text?.startsWith('unit circle'));
    for (const text of labelled) assert.ok(text?.startsWith(L), `legend entry ${text} is the label as written`);
    if (payload.kind !== 'attention') assert.ok(labelled.length >= 2, `legend entries: ${drawn.legend.join(', ')}`);
    assert.deepEqual(r.problems, []);
    await r.page.close();
  });
}
