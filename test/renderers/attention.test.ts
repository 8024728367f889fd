import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { selectBackend } from '../../kernel/lib/backend';
import type { AttentionPayload } from '../../kernel/protocol/payloads';
import { attentionOutput, payloadOf, poolingOutput } from './support/fixtures';
import { contrast, seen } from './support/contrast';
import { openRenderer, startHarness, type Harness } from './support/rendererPage';

let h: Harness;
let matrix: AttentionPayload;
let pooling: AttentionPayload;

before(async () => {
  await selectBackend('cpu');
  matrix = payloadOf(attentionOutput());
  pooling = payloadOf(poolingOutput());
  h = await startHarness();
});
after(async () => h?.close());

type PlotDiv = HTMLElement & { data: { type: string; z?: number[][]; visible?: boolean }[]; layout: { xaxis: { ticktext: string[] }; yaxis: { ticktext: string[] } } };

test('the attention matrix is one plotly heatmap with the source tokens across and the target tokens down', async () => {
  const r = await openRenderer(h, 'attention', 'light');
  await r.render(matrix);
  const info = await r.page.locator('.attention-plot').evaluate((d) => {
    const p = d as PlotDiv;
    return { types: p.data.map((t) => t.type), z: p.data[0].z, x: p.layout.xaxis.ticktext, y: p.layout.yaxis.ticktext };
  });
  assert.deepEqual(info.types, ['heatmap', 'scatter']);
  assert.deepEqual(info.x, ['&lt;s&gt;', '25', 'Dec', '2019', '&lt;/s&gt;']);
  assert.deepEqual(info.y, ['2019', '-', '12', '-', '25']);
  assert.deepEqual(info.z, matrix.weights);
  // Each target digit attends most to its own source token.
  assert.deepEqual(
    matrix.weights.map((row) => row.indexOf(Math.max(...row))),
    [3, 2, 2, 2, 1],
  );
  assert.equal(await r.page.locator('.attention-plot .hm image').count(), 1);
  assert.deepEqual(r.problems, []);
});

test('the values toggle prints and hides the weights in the cells', async () => {
  const r = await openRenderer(h, 'attention', 'light');
  await r.render(matrix);
  const printed = () => r.page.locator('.attention-plot .textpoint').count();
  assert.equal(await printed(), matrix.weights.flat().length);
  await r.page.locator('vscode-checkbox[aria-label="Show values"]').click();
  assert.equal(await printed(), 0);
});

test('every printed weight, 0 to 1, reads on its cell at 4.5:1 or more in the light, dark and high-contrast themes', async () => {
  // One row per weight 0, 0.05, …, 1 (and its complement), covering the 0.4–0.75 band that was dark on dark red.
  const steps = Array.from({ length: 21 }, (_, i) => i / 20);
  const ramp = { ...matrix, sourceTokens: ['a', 'b'], targetTokens: steps.map((_, i) => `t${i}`), weights: steps.map((a) => [a, Number((1 - a).toFixed(2))]) };
  for (const theme of ['light', 'dark', 'high-contrast'] as const) {
    const r = await openRenderer(h, 'attention', theme);
    await r.render(ramp);
    const background = seen(await r.page.evaluate(() => getComputedStyle(document.body).backgroundColor));
    const labels = await r.page.locator('.attention-plot .textpoint text').evaluateAll((els) => els.map((e) => ({ text: e.textContent ?? '', fill: getComputedStyle(e).fill })));
    assert.equal(labels.length, 42);
    for (const { text, fill } of labels) {
      // The cell as drawn: the colour scale's red at alpha 0.03 + 0.97·α over the page.
      const a = Number(text);
      const cell = seen(`rgba(214, 39, 40, ${0.03 + 0.97 * a})`, background);
      const ratio = contrast(seen(fill, cell), cell);
      assert.ok(ratio >= 4.5, `${theme}: '${text}' in ${fill} on its cell: ${ratio.toFixed(2)}:1`);
    }
    await r.screenshot(`attention-contrast-${theme}`);
    assert.deepEqual(r.problems, []);
  }
});

test('pooling attention shows one chip per input token and a bar per token', async () => {
  const r = await openRenderer(h, 'attention', 'light');
  await r.render(pooling);
  assert.deepEqual(await r.page.locator('.chip').allTextContents(), ['the', 'film', 'was', 'not', 'good', 'at', 'all']);
  const bars = await r.page.locator('.pooling-plot').evaluate((d) => (d as PlotDiv).data.map((t) => t.type));
  assert.deepEqual(bars, ['bar']);
  assert.equal(await r.page.locator('.pooling-plot .bars .point').count(), 7);
  await r.screenshot('attention-pooling-light');
});

test('weights that do not match the tokens show an error box', async () => {
  const r = await openRenderer(h, 'attention', 'dark');
  await r.render({ ...matrix, weights: matrix.weights.slice(1) });
  assert.match((await r.page.locator('.unrolled-error').textContent()) ?? '', /weights: expected an array of 5 \(one row per target token\), got an array of 4/);
});

test('screenshots of the attention renderer in light and dark themes', async () => {
  for (const theme of ['light', 'dark'] as const) {
    const r = await openRenderer(h, 'attention', theme);
    await r.render(matrix);
    await r.screenshot(`attention-${theme}`);
    await r.render(pooling, 'pool');
    await r.screenshot(`attention-pooling-${theme}`);
    assert.deepEqual(r.problems, []);
  }
});
