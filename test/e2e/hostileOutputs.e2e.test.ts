/**
 * A notebook someone sent you, opened in real VS Code (code-server) without running anything: its
 * saved outputs are drawn at once, so hostile labels must come out as text and oversized outputs
 * as an error box, not a frozen view. (The oversized outputs here are 5 to 50 times over their limits, not the
 * hundred-thousands of test/renderers/oversized.test.ts: VS Code asks before opening a notebook of over 10 MB.)
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mimeTypeOf, type Payload } from '../../kernel/protocol/payloads';
import { HOSTILE_LABEL as L } from '../support/hostileMarkup';
import { dashboardWithMetrics, graphWithStateNames, spectrumWithSeries } from '../support/oversizedPayloads';
import { startSession, artifactsDir, type E2ESession } from './session';
import { countInOutputsReaching, openFromExplorer, openWorkbench, outputFrames, pollUntil } from './workbench';

const hostileSpectrum: Payload = { version: 1, kind: 'spectrum', title: L, gradientFlow: { yLabel: L, series: [{ label: L, lags: [1, 2, 3], norms: [1, 0.5, 0.25] }, { label: `${L} 2`, lags: [1, 2, 3], norms: [1, 0.7, 0.5] }] } };

function notebook(): string {
  const output = (payload: Payload) => ({ output_type: 'display_data', data: { [mimeTypeOf(payload.kind)]: payload, 'text/plain': payload.kind }, metadata: {} });
  const cells = [
    { cell_type: 'markdown', id: 'm', metadata: {}, source: ['# Outputs from someone else'] },
    { cell_type: 'code', id: 'a', metadata: {}, execution_count: 1, source: ['// hostile labels'], outputs: [output(hostileSpectrum)] },
    { cell_type: 'code', id: 'b', metadata: {}, execution_count: 2, source: ['// oversized outputs'], outputs: [output(graphWithStateNames(5_000)), output(dashboardWithMetrics(5_000)), output(spectrumWithSeries(5_000))] },
  ];
  return JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells });
}

let session: E2ESession;
before(async () => {
  session = await startSession({ files: { 'hostile-outputs.seqnb': notebook() } });
});
after(async () => {
  await session?.close();
});

test('saved outputs with hostile labels are drawn as text, and oversized ones as error boxes', { timeout: 240_000 }, async () => {
  const page = await openWorkbench(session.browser, session.url);
  await openFromExplorer(page, 'hostile-outputs.seqnb');
  assert.equal(await countInOutputsReaching(page, '.unrolled-error', 3, 60_000), 3, 'three error boxes');
  assert.ok((await countInOutputsReaching(page, '.js-plotly-plot .legendtext', 2, 60_000)) >= 2, 'the hostile spectrum is drawn');
  const read = async () => {
    const seen = { titles: [] as string[], legend: [] as string[], links: 0 };
    for (const frame of outputFrames(page)) {
      const found = await frame
        .evaluate(() => ({
          titles: Array.from(document.querySelectorAll('.unrolled-error-title'), (e) => e.textContent ?? ''),
          legend: Array.from(document.querySelectorAll('.js-plotly-plot .legendtext'), (e) => e.textContent ?? ''),
          links: document.querySelectorAll('.js-plotly-plot svg a').length,
        }))
        .catch(() => ({ titles: [], legend: [], links: 0 }));
      seen.titles.push(...found.titles);
      seen.legend.push(...found.legend);
      seen.links += found.links;
    }
    return seen;
  };
  const seen = await pollUntil(page, read, (s) => s.titles.length === 3 && s.legend.length >= 2, 30_000);
  await page.screenshot({ path: join(artifactsDir, 'hostile-outputs.png') });
  assert.deepEqual(seen.titles.sort(), ['This dashboard output is too large to draw', 'This graph output is too large to draw', 'This spectrum output is too large to draw']);
  assert.deepEqual(seen.legend, [L, `${L} 2`]);
  assert.equal(seen.links, 0);
});
