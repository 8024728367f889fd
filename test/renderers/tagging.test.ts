import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TaggingPayload } from '../../kernel/protocol/payloads';
import { payloadOf, softmaxTaggingOutput, TAG_NAMES, taggingOutput } from './support/fixtures';
import { openRenderer, startHarness, type Harness } from './support/rendererPage';

let h: Harness;
let crf: TaggingPayload;
let softmax: TaggingPayload;

before(async () => {
  crf = payloadOf(taggingOutput());
  softmax = payloadOf(softmaxTaggingOutput());
  h = await startHarness();
});
after(async () => h?.close());

test('constrained Viterbi finds the gold tags where the per-token argmax emits I-PER after B-LOC', () => {
  assert.deepEqual(crf.predicted, ['B-PER', 'I-PER', 'O', 'B-LOC', 'I-LOC']);
  assert.deepEqual(softmax.predicted, ['B-LOC', 'I-PER', 'O', 'B-LOC', 'I-LOC']);
});

test('the tags row underlines one span per entity, and the trellis has a box per step and tag with the best path marked', async () => {
  const r = await openRenderer(h, 'tagging', 'light');
  await r.render(crf);
  const p = r.page;
  assert.equal(await p.locator('.token').count(), 5);
  assert.deepEqual(await p.locator('.span-predicted').evaluateAll((els) => els.map((e) => e.getAttribute('data-label'))), ['PER', 'LOC']);
  assert.equal(await p.locator('.trellis-node').count(), 5 * TAG_NAMES.length);
  assert.equal(await p.locator('.trellis-node.best').count(), 5);
  assert.equal(await p.locator('.pointer.best').count(), 4);
  assert.equal(await p.locator('.pointer').count(), 4 * TAG_NAMES.length);
  // Forbidden starts (I-X at step 1) have no finite score.
  assert.equal(await p.locator('.trellis-node[data-t="0"][data-tag="2"] .trellis-score').textContent(), '−∞');
  assert.deepEqual(r.problems, []);
});

test('the back-pointer toggle keeps only the best path, and the arrow keys select tokens', async () => {
  const r = await openRenderer(h, 'tagging', 'dark');
  await r.render(crf);
  const p = r.page;
  await p.locator('vscode-checkbox[aria-label="All back-pointers"]').click();
  assert.equal(await p.locator('.pointer').count(), 4);
  await p.locator('.canvas').focus();
  await p.keyboard.press('ArrowRight');
  await p.keyboard.press('ArrowRight');
  assert.equal(await p.locator('div.unrolled').getAttribute('data-selected'), '1');
  assert.match((await p.locator('.detail').textContent()) ?? '', /'Roosevelt': predicted I-PER · gold I-PER ✓ · best path I-PER/);
});

test('the softmax tagger output flags the invalid I-PER and the mismatch with the gold tag', async () => {
  const r = await openRenderer(h, 'tagging', 'light');
  await r.render(softmax);
  const p = r.page;
  assert.equal(await p.locator('.tag-predicted.invalid').count(), 1);
  assert.equal(await p.locator('.tag-predicted.invalid').getAttribute('data-t'), '1');
  assert.equal(await p.locator('.tag-predicted.mismatch').count(), 1);
  assert.equal(await p.locator('.trellis').count(), 0);
  await r.screenshot('tagging-softmax-light');
});

test('a trellis with a back-pointer outside the tag set shows an error box', async () => {
  const r = await openRenderer(h, 'tagging', 'dark');
  const bad = { ...crf, trellis: { ...crf.trellis!, backpointers: crf.trellis!.backpointers.map((row, t) => (t === 2 ? row.map(() => 9) : row)) } };
  await r.render(bad);
  assert.match((await r.page.locator('.unrolled-error').textContent()) ?? '', /trellis\.backpointers\[2\]\[0\]: expected an integer in \[0, 4\], got 9/);
});

test('screenshots of the tagging renderer in light and dark themes', async () => {
  for (const theme of ['light', 'dark'] as const) {
    const r = await openRenderer(h, 'tagging', theme);
    await r.render(crf);
    await r.page.locator('.token[data-t="3"]').click();
    await r.screenshot(`tagging-${theme}`);
    assert.deepEqual(r.problems, []);
  }
});
