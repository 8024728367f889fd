import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSession, artifactsDir, type E2ESession } from './session';
import { openWorkbench, openFromExplorer, runCommand, waitForExecutionToFinish, waitForExtension, textInOutputs, runCellWithButton, saveNotebook } from './workbench';
import type { Page } from 'playwright-core';

/** A small canonical notebook with the given code cells. */
function notebook(cells: string[]): string {
  return JSON.stringify(
    {
      cells: cells.map((source, i) => ({ cell_type: 'code', execution_count: null, id: `c${i}`, metadata: {}, outputs: [], source })),
      metadata: { kernelspec: { display_name: 'Unrolled (TypeScript)', language: 'typescript', name: 'unrolled' } },
      nbformat: 4,
      nbformat_minor: 5,
    },
    null,
    1,
  ) + '\n';
}

const training = notebook([
  'import { LanguageModel, fit, tf } from "unrolled";\nconst model = new LanguageModel({ vocabSize: 5, hiddenSize: 16, cell: "lstm", seed: 1 });\nconst data = Array.from({ length: 64 }, (_, i) => Array.from({ length: 20 }, (_, t) => (i + t) % 5));',
  'const history = await fit(model, data, { epochs: 100000, batchSize: 8, progressEvery: 5, onProgress: (p) => console.log(`training step ${p.step}`) });',
  'const logits = model.forward(tf.tensor2d([[0, 1, 2, 3]], [1, 4], "int32")).logits;\n`model usable after interrupt: logits ${logits.shape.join("x")}`',
]);
const malformed = '{\n "cells": [\n  { "cell_type": "code", oops }\n ]\n}\n';

let session: E2ESession;
let page: Page;
before(async () => {
  session = await startSession({ files: { 'training.seqnb': training, 'broken.seqnb': malformed } });
  page = await openWorkbench(session.browser, session.url);
  await waitForExtension(page);
});
after(async () => {
  await session?.close();
});

/** Saves `name` once its text matches `expected`, and returns its cells. */
async function savedCells(name: string, expected: RegExp): Promise<Array<{ execution_count: number | null; outputs: Array<Record<string, unknown>> }>> {
  return JSON.parse(await saveNotebook(page, join(session.workspace, name), (text) => expected.test(text))).cells;
}

test('a malformed .seqnb opens with an error naming the problem and position, and the file is not overwritten', { timeout: 120_000 }, async () => {
  await openFromExplorer(page, 'broken.seqnb', { expectNotebook: false });
  const message = page.locator('text=/line 3, column/').first();
  await message.waitFor({ state: 'visible', timeout: 30_000 });
  await page.screenshot({ path: join(artifactsDir, 'malformed-notebook.png') });
  await runCommand(page, 'View: Close All Editors');
  assert.equal(readFileSync(join(session.workspace, 'broken.seqnb'), 'utf8'), malformed);
});

test('interrupting a training cell stops it, and a later cell still uses the trained model', { timeout: 240_000 }, async () => {
  await openFromExplorer(page, 'training.seqnb');
  await runCommand(page, 'Notebook: Run All');
  await textInOutputs(page, /training step \d+/, 120_000);
  await page.locator('.notebook-toolbar-container .action-item', { hasText: 'Interrupt' }).first().click();
  await waitForExecutionToFinish(page, 30_000);
  await runCellWithButton(page, 'usable after interrupt');
  await waitForExecutionToFinish(page, 60_000);
  await page.screenshot({ path: join(artifactsDir, 'interrupted-training.png') });
  const cells = await savedCells('training.seqnb', /model usable after interrupt/);
  const summary = JSON.stringify(cells[2].outputs);
  assert.match(summary, /model usable after interrupt: logits 1x4x5/, summary);
  assert.match(JSON.stringify(cells[1].outputs), /training step \d+/);
});

test('Restart Kernel from the notebook toolbar clears the variables', { timeout: 120_000 }, async () => {
  await page.locator('.notebook-toolbar-container .action-item', { hasText: 'Restart Kernel' }).first().click();
  await page.locator('.notifications-toasts', { hasText: 'kernel restarted' }).first().waitFor({ state: 'visible', timeout: 30_000 });
  await runCellWithButton(page, 'usable after interrupt');
  await waitForExecutionToFinish(page, 60_000);
  const outputs = JSON.stringify((await savedCells('training.seqnb', /model is not defined/))[2].outputs);
  assert.match(outputs, /model is not defined/, outputs);
});
