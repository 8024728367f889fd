import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { selectBackend } from '../../kernel/lib/backend';
import { ElmanCell } from '../../kernel/lib/cells/elman';
import { show } from '../../kernel/lib/show';
import type { GraphPayload, TextPayload } from '../../kernel/protocol/payloads';
import { encoderDecoderGraph, longElmanGraph, payloadOf, textOutput } from './support/fixtures';
import { openRenderer, startHarness, type Harness, type RendererPage } from './support/rendererPage';

/** VS Code's notebook output width at 1600 px wide with the default layout (the walkthrough's 1,176 px). */
const OUTPUT_WIDTH = 1176;

let h: Harness;
let words: GraphPayload;
let encoderDecoder: GraphPayload;
let long: GraphPayload;
let text: TextPayload;

before(async () => {
  await selectBackend('cpu');
  // Lesson 1's many-to-one sentence: ten words, some longer than the 50 px input box.
  const sentence = 'the movie was great and plot was dull and francisco'.split(' ');
  const vocab = [...new Set(sentence)];
  const cell = new ElmanCell({ inputSize: vocab.length, hiddenSize: 6, seed: 3 });
  words = payloadOf(show.graph(cell, sentence.map((w) => vocab.map((v) => (v === w ? 1 : 0))), { pattern: 'many-to-one', inputLabels: sentence }));
  cell.dispose();
  encoderDecoder = payloadOf(encoderDecoderGraph());
  long = payloadOf(longElmanGraph(60));
  text = payloadOf(textOutput());
  h = await startHarness();
});
after(async () => h?.close());

async function openAt(kind: string, theme: 'light' | 'dark' = 'light'): Promise<RendererPage> {
  const r = await openRenderer(h, kind, theme, { width: OUTPUT_WIDTH + 40, height: 900 });
  await r.page.evaluate((w) => ((document.getElementById('output') as HTMLElement).style.width = `${w}px`), OUTPUT_WIDTH);
  return r;
}

type Rect = { x: number; y: number; width: number; height: number };
const inside = (a: Rect, b: Rect) => a.x >= b.x - 0.5 && a.y >= b.y - 0.5 && a.x + a.width <= b.x + b.width + 0.5 && a.y + a.height <= b.y + b.height + 0.5;
const overlap = (a: Rect, b: Rect) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

test('a ten-step graph wider than its output opens zoomed to fit the output, every column in view', async () => {
  const r = await openAt('graph');
  await r.render(words);
  const p = r.page;
  const { svg, canvas } = await p.locator('.canvas').evaluate((c) => ({ svg: (c.querySelector('svg') as SVGSVGElement).getBoundingClientRect().width, canvas: c.clientWidth }));
  assert.ok(svg <= canvas, `graph ${svg} px wide in a ${canvas} px canvas`);
  assert.ok(Number(await p.locator('.unrolled-graph').getAttribute('data-zoom')) < 1);
  assert.equal(await p.locator('.canvas').evaluate((c) => c.scrollWidth <= c.clientWidth), true, 'nothing to scroll to');
  await r.screenshot('graph-fit-words-light');
  assert.deepEqual(r.problems, []);
});

test('no input label is cut short: each word is written whole inside its box, at the opening zoom and after Fit', async () => {
  const r = await openAt('graph');
  await r.render(words);
  const p = r.page;
  const check = async (when: string) => {
    const labels = await p.locator('.node-input').evaluateAll((gs) => gs.map((g) => ({ text: g.querySelector('.io-label')?.textContent ?? '', label: g.querySelector('.io-label')!.getBoundingClientRect().toJSON(), box: g.querySelector('.io-box')!.getBoundingClientRect().toJSON() })));
    assert.deepEqual(labels.map((l) => l.text), words.segments[0].inputLabels, when);
    for (const l of labels) assert.ok(inside(l.label, l.box), `${when}: '${l.text}' ${JSON.stringify(l.label)} outside its box ${JSON.stringify(l.box)}`);
  };
  await check('opening');
  await p.locator('vscode-button[title="Fit the width"]').click();
  await check('after Fit');
});

test('in the encoder–decoder graph no weight label overlaps a cell or a state box', async () => {
  const r = await openAt('graph');
  await r.render(encoderDecoder);
  const p = r.page;
  const boxes = await p.locator('.node-cell .cell-box, .node-state > :first-child').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as Rect));
  const labels = await p.locator('.edge-label').evaluateAll((els) => els.map((e) => ({ text: e.textContent ?? '', box: e.getBoundingClientRect().toJSON() as Rect })));
  assert.ok(labels.some((l) => l.text === 'Whh(enc)'), labels.map((l) => l.text).join(' '));
  for (const l of labels) for (const b of boxes) assert.ok(!overlap(l.box, b), `'${l.text}' at ${JSON.stringify(l.box)} overlaps a box at ${JSON.stringify(b)}`);
  await r.screenshot('graph-fit-encoder-decoder-light');
});

test('a 60-step graph, too long to fit readably, opens at zoom 1 and scrolls', async () => {
  const r = await openAt('graph');
  await r.render(long);
  const p = r.page;
  await p.waitForTimeout(100);
  assert.equal(await p.locator('.unrolled-graph').getAttribute('data-zoom'), null);
  assert.equal(await p.locator('.canvas').evaluate((c) => c.scrollWidth > c.clientWidth), true);
});

test('a beam tree wider than its output is drawn to the output width, not cut at its edge', async () => {
  const r = await openAt('text');
  // Lesson 4's tree: 13 steps of width 3.
  const nodes = [...text.beam!.nodes];
  let id = Math.max(...nodes.map((n) => n.id)) + 1;
  let parent = text.beam!.chosen.at(-1)!;
  const chosen = [...text.beam!.chosen];
  for (let step = Math.max(...nodes.map((n) => n.step)) + 1; step <= 13; step++, id++) {
    nodes.push({ ...nodes[1], id, parent, step, finished: false });
    chosen.push(id);
    parent = id;
  }
  await r.render({ ...text, samples: undefined, hiddenUnits: undefined, beam: { ...text.beam!, nodes, chosen } });
  const p = r.page;
  const { svg, canvas, scroll } = await p.locator('.beam-canvas').evaluate((c) => ({ svg: (c.querySelector('svg') as SVGSVGElement).getBoundingClientRect().width, canvas: c.clientWidth, scroll: c.scrollWidth }));
  assert.ok(svg <= canvas && scroll <= canvas, `tree ${svg} px (scroll ${scroll}) in ${canvas} px`);
  await r.screenshot('beam-fit-light');
  assert.deepEqual(r.problems, []);
});
