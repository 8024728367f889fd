import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { selectBackend } from '../../kernel/lib/backend';
import type { GraphPayload } from '../../kernel/protocol/payloads';
import { encoderDecoderGraph, longElmanGraph, lstmGraph, payloadOf, stackedBidirectionalGraph } from './support/fixtures';
import { openRenderer, startHarness, type Harness, type InPageRenderer } from './support/rendererPage';
import { toMimeBundle } from '../../kernel/lib/core/mimeBundle';

let h: Harness;
let lstm: GraphPayload;

before(async () => {
  await selectBackend('cpu');
  lstm = payloadOf(lstmGraph());
  h = await startHarness();
});
after(async () => h?.close());

const count = (page: import('playwright-core').Page, selector: string) => page.locator(selector).count();

test('an LSTM over 12 steps unrolls into 12 time columns with 72 edges: x→cell, cell→h, cell→c, h and c recurrences, h→y', async () => {
  const r = await openRenderer(h, 'graph', 'light');
  await r.render(lstm);
  const p = r.page;
  assert.equal(await count(p, '.time-column'), 12);
  assert.equal(await count(p, '.edge-input'), 12);
  assert.equal(await count(p, '.edge-state'), 24);
  assert.equal(await count(p, '.edge-recurrent'), 24);
  assert.equal(await count(p, '.edge-output'), 12);
  assert.equal(await count(p, '.edge'), 72);
  // Parameter sharing: every recurrent h edge carries the same matrix.
  const weights = await p.locator('.edge-recurrent[data-state="h"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-weight')));
  assert.deepEqual(new Set(weights), new Set(['W_hh']));
  // BPTT view is on: every edge that carries a gradient is coloured.
  assert.equal(await count(p, '.edge.grad'), 72 - 24);
  assert.deepEqual(r.problems, []);
});

test('a switch that does not apply to this graph is greyed and says why in its tooltip', async () => {
  const r = await openRenderer(h, 'graph', 'light');
  // The same LSTM graph as drawn without gradients (show.graph without gradients: true).
  const plain = JSON.parse(JSON.stringify(lstm, (key, value) => (key === 'gradients' || key === 'outputGradients' ? undefined : value))) as GraphPayload;
  await r.render(plain);
  const bptt = r.page.locator('vscode-checkbox[aria-label="BPTT gradients"]');
  assert.equal(await bptt.evaluate((b) => (b as HTMLElement & { disabled: boolean }).disabled), true);
  assert.match((await bptt.getAttribute('title')) ?? '', /No gradients in this output: call show\.graph\(\.\.\., \{ gradients: true \}\)/);
  const gates = r.page.locator('vscode-checkbox[aria-label="All gates"]');
  assert.equal(await gates.getAttribute('title'), null, 'available, so no reason');
  assert.deepEqual(r.problems, []);
});

test('the scrubber, the arrow keys and a click on a column select the time step', async () => {
  const r = await openRenderer(h, 'graph', 'light');
  await r.render(lstm);
  const p = r.page;
  await p.locator('.scrubber input[type=range]').fill('5');
  assert.equal(await p.locator('div.unrolled').getAttribute('data-selected'), '0:5');
  assert.equal(await count(p, '.col-bg.selected[data-t="5"]'), 1);
  assert.match((await p.locator('.readout').textContent()) ?? '', /t = 6 of 12 · x6 = '␣'/);
  await p.locator('.canvas').focus();
  await p.keyboard.press('ArrowRight');
  assert.equal(await p.locator('div.unrolled').getAttribute('data-selected'), '0:6');
  await p.locator('.time-column[data-t="2"] .node-input').click();
  assert.equal(await p.locator('div.unrolled').getAttribute('data-selected'), '0:2');
  assert.deepEqual(r.problems, []);
});

test('the fold toggle switches to the network with a loop and back', async () => {
  const r = await openRenderer(h, 'graph', 'light');
  await r.render(lstm);
  const p = r.page;
  await p.locator('vscode-checkbox[aria-label="Unrolled"]').click();
  assert.equal(await p.locator('div.unrolled').getAttribute('data-view'), 'folded');
  assert.equal(await count(p, '.time-column'), 0);
  assert.equal(await count(p, '.folded-block'), 1);
  assert.equal(await count(p, '.edge-recurrent'), 2, 'one loop for h, one for c');
  assert.equal(await count(p, '.edge'), 6);
  await p.locator('vscode-checkbox[aria-label="Unrolled"]').click();
  assert.equal(await count(p, '.time-column'), 12);
  assert.deepEqual(r.problems, []);
});

test('clicking an LSTM cell expands it into its gates, and hovering a state shows its vector with values', async () => {
  const r = await openRenderer(h, 'graph', 'light');
  await r.render(lstm);
  const p = r.page;
  await p.locator('.time-column[data-t="3"] .node-cell').click();
  assert.equal(await count(p, '.node-cell.expanded'), 1);
  const gates = await p.locator('.node-cell.expanded .gate').evaluateAll((els) => els.map((e) => e.getAttribute('data-internal')));
  assert.deepEqual(gates, ['inputGate', 'forgetGate', 'outputGate', 'candidate']);
  await p.locator('.time-column[data-t="3"] .node-state[data-state="c"]').hover();
  const tooltip = p.locator('.tooltip');
  assert.equal(await tooltip.isVisible(), true);
  assert.equal(await tooltip.locator('.heat-cell').count(), 8);
  const first = await tooltip.locator('.heat-cell').first().textContent();
  assert.equal(Number(first), Number(lstm.segments[0].layers[0].directions[0].states.c[3][0]!.toPrecision(2)));
  await r.screenshot('graph-lstm-expanded-light');
  assert.deepEqual(r.problems, []);
});

test('a malformed graph payload shows an error box naming the bad field instead of a blank output', async () => {
  const r = await openRenderer(h, 'graph', 'dark');
  const broken = { ...lstm, segments: [{ ...lstm.segments[0], steps: 11 }] };
  await r.render(broken);
  const box = r.page.locator('.unrolled-error');
  assert.equal(await box.isVisible(), true);
  assert.match((await box.textContent()) ?? '', /segments\[0\]\.inputLabels: expected an array of 11 \(one per step\), got an array of 12/);
  await r.render('{"version": 1, "kind": "graph", "cell": ');
  assert.match((await box.textContent()) ?? '', /not valid JSON/);
  await r.screenshot('graph-error-dark');
});

test('disposing the output removes the view and its listeners', async () => {
  const r = await openRenderer(h, 'graph', 'light');
  await r.render(lstm, 'out-a');
  await r.dispose('out-a');
  assert.equal(await count(r.page, '.unrolled-graph .canvas'), 0);
});

test('screenshots of the graph renderer in light and dark themes for every layout', async () => {
  const fixtures: [string, GraphPayload][] = [
    ['lstm', lstm],
    ['stacked-bidirectional', payloadOf(stackedBidirectionalGraph())],
    ['encoder-decoder', payloadOf(encoderDecoderGraph())],
  ];
  for (const theme of ['light', 'dark'] as const) {
    const r = await openRenderer(h, 'graph', theme);
    for (const [name, payload] of fixtures) {
      await r.render(payload);
      if (name === 'encoder-decoder') await r.page.locator('.scrubber input[type=range]').fill('7');
      await r.screenshot(`graph-${name}-${theme}`);
    }
    await r.page.locator('vscode-checkbox[aria-label="Unrolled"]').click();
    await r.screenshot(`graph-encoder-decoder-folded-${theme}`);
    assert.deepEqual(r.problems, []);
  }
});

test('a stacked bidirectional many-to-one model has forward and backward tracks and one output', async () => {
  const r = await openRenderer(h, 'graph', 'light');
  await r.render(payloadOf(stackedBidirectionalGraph()));
  const p = r.page;
  assert.equal(await count(p, '.time-column'), 6);
  assert.equal(await count(p, '.node-output'), 1);
  assert.equal(await count(p, '.node-cell[data-dir="backward"]'), 6);
  // Layer 2 reads both directions of layer 1 at every step.
  assert.equal(await count(p, '.edge-input[data-layer="1"]'), 12);
  assert.equal(await count(p, '.edge-recurrent[data-dir="backward"]'), 6);
});

test('an encoder-decoder draws the context edge and the selected decoder step attention edges', async () => {
  const r = await openRenderer(h, 'graph', 'light');
  await r.render(payloadOf(encoderDecoderGraph()));
  const p = r.page;
  assert.equal(await count(p, '.time-column'), 9);
  assert.equal(await count(p, '.edge-context'), 1);
  await p.locator('.scrubber input[type=range]').fill('6');
  assert.equal(await count(p, '.edge-attention'), 5);
  assert.equal(await p.locator('.edge-attention.attention-max').getAttribute('data-source'), '3');
});

test('200 Elman steps draw the columns in view first and then all 200, scroll to the scrubbed step, and zoom out; the drawing times are reported', async () => {
  const output = longElmanGraph(200);
  const payload = payloadOf(output);
  const r = await openRenderer(h, 'graph', 'dark');
  const drawnAll = () => r.page.waitForFunction(() => document.querySelector<HTMLElement>('div.unrolled')?.dataset.drawn === 'all', undefined, { timeout: 10_000 });
  const coldMs = await r.render(payload, 'cold');
  await drawnAll();
  const started = await r.page.evaluate(() => performance.now());
  const { ms, count: firstScreen } = await r.renderCounting(payload, 'long', '.time-column');
  assert.ok(firstScreen >= 10 && firstScreen < 200, `the first screen drew ${firstScreen} columns`);
  await drawnAll();
  const allMs = (await r.page.evaluate(() => performance.now())) - started;
  assert.equal(await count(r.page, '.time-column'), 200);
  assert.equal(await count(r.page, '.edge-recurrent'), 200);
  assert.deepEqual(await r.page.locator('.time-column').evaluateAll((cols) => cols.map((c) => Number(c.getAttribute('data-t')))), Array.from({ length: 200 }, (_, t) => t));
  // Drawn in pieces, the live graph ends as the static fallback drawn in one go: the same elements in the same order.
  const sequences = await r.page.evaluate((svgText) => {
    const sequence = (root: ParentNode | null) => Array.from(root?.querySelectorAll('g.graph *') ?? []).map((e) => `${e.tagName} ${(e.getAttribute('class') ?? '').replace(' selected', '')} ${e.getAttribute('data-t') ?? ''}`);
    return { live: sequence(document.querySelector('svg.graph-svg')), fallback: sequence(new DOMParser().parseFromString(svgText, 'image/svg+xml')) };
  }, output[toMimeBundle]()['image/svg+xml'] as string);
  assert.ok(sequences.live.length > 9000, `only ${sequences.live.length} elements drawn`);
  assert.deepEqual(sequences.live, sequences.fallback);
  await r.page.locator('.scrubber input[type=range]').fill('150');
  await r.page.waitForFunction(() => (document.querySelector('.canvas') as HTMLElement).scrollLeft > 150 * 140 - 1000, undefined, { timeout: 5000 });
  await r.screenshot('graph-elman-200-dark');
  for (let i = 0; i < 3; i++) await r.page.locator('vscode-button[aria-label="Zoom out"]').click();
  assert.equal(await r.page.locator('div.unrolled').getAttribute('data-zoom'), '0.512');
  await r.screenshot('graph-elman-200-zoomed-out-dark');
  console.log(`graph renderer, 200 Elman steps in Chromium: first screen ${ms.toFixed(0)} ms (${coldMs.toFixed(0)} ms on a fresh page), all 200 columns ${allMs.toFixed(0)} ms (the rest drawn in later tasks)`);
  assert.deepEqual(r.problems, []);
});

test('a long graph changed or scrubbed while it is still being drawn ends whole: toggling cancels the old drawing, jumping to the end draws the rest at once', async () => {
  const payload = payloadOf(longElmanGraph(120));
  const r = await openRenderer(h, 'graph', 'light');
  await r.render(lstm, 'first');
  const renderThen = (id: string, action: 'toggle-gradients' | 'end') =>
    r.page.evaluate(
      async ({ text, id, action }) => {
        const { __api: api, __outputItem: outputItem } = window as unknown as InPageRenderer;
        const output = document.getElementById('output') as HTMLElement;
        await api.renderOutputItem(outputItem(id, text), output, new AbortController().signal);
        const drawnBefore = output.querySelectorAll('.time-column').length;
        if (action === 'toggle-gradients') {
          const box = output.querySelector('vscode-checkbox[aria-label="BPTT gradients"]') as HTMLElement & { checked: boolean };
          box.checked = false;
          box.dispatchEvent(new Event('change'));
        } else {
          output.querySelector('.canvas')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true }));
        }
        return { drawnBefore, drawnAfter: output.querySelectorAll('.time-column').length, state: (output.querySelector('div.unrolled') as HTMLElement).dataset.drawn };
      },
      { text: JSON.stringify(payload), id, action },
    );
  const toggled = await renderThen('toggled', 'toggle-gradients');
  assert.ok(toggled.drawnBefore < 120 && toggled.state === 'partial', JSON.stringify(toggled));
  await r.page.waitForFunction(() => document.querySelector<HTMLElement>('div.unrolled')?.dataset.drawn === 'all', undefined, { timeout: 10_000 });
  assert.equal(await count(r.page, '.time-column'), 120);
  assert.equal(await count(r.page, '.edge-recurrent'), 120);
  assert.equal(await count(r.page, '.edge.grad'), 0);
  const jumped = await renderThen('jumped', 'end');
  assert.deepEqual(jumped, { drawnBefore: jumped.drawnBefore, drawnAfter: 120, state: 'all' });
  assert.ok(jumped.drawnBefore < 120);
  assert.equal(await r.page.locator('div.unrolled').getAttribute('data-selected'), '0:119');
  assert.deepEqual(r.problems, []);
});

test('the harness page forbids eval (like a locked-down webview), so every renderer test above ran without it', async () => {
  const r = await openRenderer(h, 'graph', 'light');
  // Module code, like a renderer's, is subject to the page's policy (code evaluated by the test driver is not).
  const outcome = await r.page.evaluate(async (url) => ((await import(url)) as { evalOutcome(): string }).evalOutcome(), `${h.baseUrl}/harness/cspProbe.js`);
  assert.equal(outcome, 'EvalError');
});

test('screenshot of the graph renderer in the high-contrast theme', async () => {
  const r = await openRenderer(h, 'graph', 'high-contrast');
  await r.render(lstm);
  await r.page.locator('.time-column[data-t="1"] .node-cell').click();
  await r.screenshot('graph-lstm-high-contrast');
  assert.deepEqual(r.problems, []);
});

test('a one-to-many model draws one input and an output at every step', async () => {
  const { ElmanCell } = await import('../../kernel/lib/cells/elman');
  const { show } = await import('../../kernel/lib/show');
  const cell = new ElmanCell({ inputSize: 2, hiddenSize: 4, seed: 3 });
  const payload = payloadOf(show.graph(cell, [1, 0], { pattern: 'one-to-many', steps: 6 }));
  cell.dispose();
  const r = await openRenderer(h, 'graph', 'light');
  await r.render(payload);
  assert.equal(await count(r.page, '.time-column'), 6);
  assert.equal(await count(r.page, '.node-input'), 1);
  assert.equal(await count(r.page, '.node-output'), 6);
  assert.equal(await count(r.page, '.edge-input'), 1);
  await r.screenshot('graph-one-to-many-light');
});
