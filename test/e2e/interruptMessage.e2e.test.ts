/**
 * Lesson 4's training cell interrupted in real VS Code, as a learner does it: the cell's output
 * says where training stopped and what the model kept. Screenshot: test-artifacts/e2e/.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startSession, artifactsDir, type E2ESession } from './session';
import { notebookListBox, openFromExplorer, openWorkbench, outputFrames, runCommand, saveNotebook, textInOutputs, waitForExecutionToFinish, waitForExtension } from './workbench';

const lesson = '04-char-language-model.seqnb';
const stopped = /Interrupted at step (\d+) of 400: the model keeps the weights it has \(loss \d+(\.\d+)?\); run the next cells to use it/;

let session: E2ESession;
let page: Page;
before(async () => {
  // A training step of lesson 4 takes about 40 ms on an idle machine but seconds on a loaded one;
  // a long grace keeps the kernel from being restarted before the step in flight ends.
  session = await startSession({ settings: { 'unrolled.interruptGraceMs': 30_000 } });
  page = await openWorkbench(session.browser, session.url);
  await waitForExtension(page);
});
after(async () => {
  await session?.close();
});

/** Scrolls the notebook with the wheel until the first output text matching `pattern` is inside the cell list. */
async function scrollOutputIntoView(pattern: RegExp): Promise<void> {
  for (let attempt = 0; attempt < 40; attempt++) {
    const area = await notebookListBox(page);
    if (!area) throw new Error('no notebook cell list is on screen');
    for (const frame of outputFrames(page)) {
      const found = frame.getByText(pattern).first();
      const box = (await found.count().catch(() => 0)) ? await found.boundingBox().catch(() => null) : null;
      if (box && box.y >= area.y + 40 && box.y + box.height <= area.y + area.height - 40) return;
      if (box) {
        await page.mouse.move(area.x + area.width / 2, area.y + area.height / 2);
        await page.mouse.wheel(0, box.y - (area.y + area.height - 120));
        await page.waitForTimeout(400);
      }
    }
    await page.waitForTimeout(250);
  }
}

test("interrupting lesson 4's training cell says in its output where training stopped and what the model kept", { timeout: 600_000 }, async () => {
  await openFromExplorer(page, lesson);
  await runCommand(page, 'Notebook: Run All');
  // VS Code draws an output only while its cell is in view: focus moves down to the cell after the
  // training cell (index 8), as a reader pages, which brings the training cell's output into view.
  await runCommand(page, 'Notebook: Focus First Cell');
  await page.keyboard.press('Escape');
  for (let i = 0; i < 9; i++) {
    await page.keyboard.press('ArrowDown');
    await page.waitForTimeout(300);
  }
  try {
    await textInOutputs(page, /step [1-9]\d* \/ 400/, 420_000);
  } catch (error) {
    await page.screenshot({ path: join(artifactsDir, 'interrupted-lesson04-no-board.png') });
    throw error;
  }
  await page.locator('.notebook-toolbar-container .action-item', { hasText: 'Interrupt' }).first().click();
  await waitForExecutionToFinish(page, 60_000);
  const shown = await textInOutputs(page, stopped, 30_000).catch(() => '');
  await scrollOutputIntoView(shown ? stopped : /step \d+ \/ 400/);
  await page.screenshot({ path: join(artifactsDir, 'interrupted-lesson04-training.png') });
  assert.match(shown, stopped, 'the cell output names the step and the kept model');
  const saved = JSON.parse(await saveNotebook(page, join(session.workspace, lesson), (text) => stopped.test(text))) as { cells: { source: string | string[]; outputs?: unknown[] }[] };
  const training = saved.cells.find((c) => [c.source].flat().join('').includes('const trainSteps = 400'))!;
  assert.match(JSON.stringify(training.outputs), stopped);
});
