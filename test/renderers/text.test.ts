import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { selectBackend } from '../../kernel/lib/backend';
import type { TextPayload } from '../../kernel/protocol/payloads';
import { payloadOf, textOutput } from './support/fixtures';
import { contrast, seen } from './support/contrast';
import { openRenderer, startHarness, type Harness } from './support/rendererPage';

let h: Harness;
let payload: TextPayload;

before(async () => {
  await selectBackend('cpu');
  payload = payloadOf(textOutput());
  h = await startHarness();
});
after(async () => h?.close());

test('three samples sit side by side with one coloured span per generated token and the prompt uncoloured', async () => {
  const r = await openRenderer(h, 'text', 'light');
  await r.render(payload);
  const p = r.page;
  assert.equal(await p.locator('.sample').count(), 3);
  assert.deepEqual(await p.locator('.sample-label').allTextContents(), ['T = 0.5', 'T = 1', 'T = 1.5']);
  for (let i = 0; i < 3; i++) assert.equal(await p.locator(`.sample[data-sample="${i}"] .tok`).count(), payload.samples![i].tokens.length);
  assert.equal(await p.locator('.sample[data-sample="0"] .prompt').textContent(), 'He said ');
  // Each token's red alpha encodes its surprise, 0.04 + 0.86·(1 − p) (tokenColors.ts); Chromium keeps alpha in 1/255 steps.
  const alphas = await p.locator('.sample[data-sample="2"] .tok').evaluateAll((els) => els.map((e) => Number(/rgba\([^)]*,\s*([\d.]+)\)/.exec((e as HTMLElement).style.background)?.[1])));
  payload.samples![2].tokens.forEach((token, t) => assert.ok(Math.abs(alphas[t] - (0.04 + 0.86 * (1 - token.probability!))) <= 1 / 255 + 1e-3, `token ${t}: alpha ${alphas[t]} for p = ${token.probability}`));
  assert.deepEqual(r.problems, []);
});

test('hovering a token shows its probability and the top-5 alternatives; arrow keys walk the tokens', async () => {
  const r = await openRenderer(h, 'text', 'light');
  await r.render(payload);
  const p = r.page;
  await p.locator('.sample[data-sample="1"] .tok').nth(2).hover();
  const tip = p.locator('.tooltip');
  assert.equal(await tip.isVisible(), true);
  assert.equal(await tip.locator('.alt').count(), 5);
  const token = payload.samples![1].tokens[2];
  assert.match((await tip.locator('.tooltip-head').textContent()) ?? '', new RegExp(`p = ${String(Number(token.probability!.toPrecision(3))).replace('.', '\\.')}`));
  await p.locator('.sample[data-sample="0"] .sample-text').focus();
  await p.keyboard.press('ArrowRight');
  await p.keyboard.press('ArrowRight');
  assert.equal(await p.locator('.sample[data-sample="0"] .tok.active').getAttribute('data-index'), '1');
  await r.screenshot('text-hover-light');
});

test('a token tooltip near the bottom or right edge of a one-sample output stays whole inside the output', async () => {
  // Lesson 4's opening sentence: one sample across the output, each token with its top-5 alternatives.
  const r = await openRenderer(h, 'text', 'light', { width: 1216, height: 900 });
  await r.page.evaluate(() => ((document.getElementById('output') as HTMLElement).style.width = '1176px'));
  await r.render({ ...payload, samples: [payload.samples![1]], beam: undefined, hiddenUnits: undefined });
  const p = r.page;
  const tokens = p.locator('.sample .tok');
  for (const index of [(await tokens.count()) - 1, 0]) {
    await tokens.nth(index).hover();
    const tip = (await p.locator('.tooltip').boundingBox())!;
    const root = (await p.locator('.unrolled-text').boundingBox())!;
    assert.equal(await p.locator('.tooltip .alt').count(), 5);
    assert.ok(tip.y >= root.y && tip.y + tip.height <= root.y + root.height + 0.5, `token ${index}: tooltip rows ${tip.y}–${tip.y + tip.height}, output ${root.y}–${root.y + root.height}`);
    assert.ok(tip.x >= root.x && tip.x + tip.width <= root.x + root.width + 0.5, `token ${index}: tooltip columns ${tip.x}–${tip.x + tip.width}, output ${root.x}–${root.x + root.width}`);
  }
  assert.deepEqual(r.problems, []);
});

test('every coloured token (samples by probability and entropy, hidden units) reads at 4.5:1 or more in the light, dark and high-contrast themes', async () => {
  for (const theme of ['light', 'dark', 'high-contrast'] as const) {
    const r = await openRenderer(h, 'text', theme, { width: 1000, height: 1400 });
    await r.render(payload);
    const p = r.page;
    const ratios = () =>
      p.locator('.sample .tok, .hidden-units .tok').evaluateAll((els) =>
        els.map((e) => {
          const box = getComputedStyle(e.closest('.sample-text')!);
          return { text: e.textContent ?? '', fill: getComputedStyle(e).backgroundColor, color: getComputedStyle(e).color, under: box.backgroundColor };
        }),
      );
    const check = async (what: string) => {
      const tokens = await ratios();
      assert.ok(tokens.length > 100, `${tokens.length} tokens`);
      for (const t of tokens) {
        const cell = seen(t.fill, seen(t.under));
        const ratio = contrast(seen(t.color, cell), cell);
        assert.ok(ratio >= 4.5, `${theme}, ${what}: '${t.text}' in ${t.color} on ${t.fill}: ${ratio.toFixed(2)}:1`);
      }
    };
    await check('by probability');
    await p.locator('vscode-single-select[aria-label="Colour by"]').evaluate((el) => {
      const s = el as HTMLElement & { value: string };
      s.value = 'entropy';
      s.dispatchEvent(new Event('change'));
    });
    await check('by entropy');
    await r.screenshot(`text-contrast-${theme}`);
  }
});

test('switching the colouring to entropy recolours every token', async () => {
  const r = await openRenderer(h, 'text', 'dark');
  await r.render(payload);
  const p = r.page;
  const first = () => p.locator('.sample[data-sample="0"] .tok').first().evaluate((e) => (e as HTMLElement).style.background);
  const before = await first();
  await p.locator('vscode-single-select[aria-label="Colour by"]').evaluate((el) => {
    const s = el as HTMLElement & { value: string };
    s.value = 'entropy';
    s.dispatchEvent(new Event('change'));
  });
  assert.equal(await p.locator('.sample[data-sample="0"]').getAttribute('data-colouring'), 'entropy');
  assert.notEqual(await first(), before);
  assert.match(await first(), /rgba\(31, 119, 180/);
});

test('the beam tree draws every kept hypothesis and highlights the chosen path from the prompt to the best end', async () => {
  const r = await openRenderer(h, 'text', 'light');
  await r.render(payload);
  const p = r.page;
  assert.equal(await p.locator('.beam-node').count(), payload.beam!.nodes.length);
  assert.equal(await p.locator('.beam-node.chosen').count(), payload.beam!.chosen.length);
  assert.equal(await p.locator('.beam-edge.chosen').count(), payload.beam!.chosen.length - 1);
  assert.equal(payload.beam!.beamWidth, 3);
});

test('the hidden-unit view recolours the text for the unit picked with the next button', async () => {
  const r = await openRenderer(h, 'text', 'light');
  await r.render(payload);
  const p = r.page;
  const start = payload.hiddenUnits!.selectedUnit;
  assert.equal(await p.locator('.hidden-units').getAttribute('data-unit'), String(start));
  await p.locator('vscode-button[aria-label="Next unit"]').click();
  assert.equal(await p.locator('.hidden-units').getAttribute('data-unit'), String((start + 1) % 8));
  assert.equal(await p.locator('.hidden-units .tok').count(), payload.hiddenUnits!.tokens.length);
});

test('a text payload whose beam points at a missing parent shows an error box', async () => {
  const r = await openRenderer(h, 'text', 'dark');
  const broken = { ...payload, beam: { ...payload.beam!, nodes: [...payload.beam!.nodes, { ...payload.beam!.nodes[1], id: 999, parent: 555 }] } };
  await r.render(broken);
  assert.match((await r.page.locator('.unrolled-error').textContent()) ?? '', /beam\.nodes\[\d+\]\.parent: expected the id of another node, got 555/);
  await r.screenshot('text-error-dark');
});

test('screenshots of the text renderer in light and dark themes', async () => {
  for (const theme of ['light', 'dark'] as const) {
    const r = await openRenderer(h, 'text', theme, { width: 1000, height: 1100 });
    await r.render(payload);
    await r.screenshot(`text-${theme}`);
    assert.deepEqual(r.problems, []);
  }
});
