import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startSession, artifactsDir, repoRoot, type E2ESession } from './session';
import { notifications, openWorkbench, pollUntil, runCommand, textInOutputs, waitForExtension } from './workbench';

let session: E2ESession;
let page: Page;
before(async () => {
  session = await startSession();
  page = await openWorkbench(session.browser, session.url);
  await waitForExtension(page);
});
after(async () => {
  await session?.close();
});

/**
 * Picks `folder` in VS Code's own folder dialog by typing its path, as a person would. The dialog
 * fills in and lists its starting folder a moment after it opens, and what was typed before that
 * is replaced, so typing waits for that listing; the button is pressed once the dialog lists the
 * typed folder (`entry` is a name in it), and the dialog must then close.
 */
async function chooseFolder(page: Page, folder: string, entry: string, button: string): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  const input = widget.locator('input');
  await input.waitFor({ state: 'visible' });
  await widget.locator('.quick-input-list .monaco-list-row').first().waitFor({ state: 'visible', timeout: 30_000 });
  for (let attempt = 1; ; attempt++) {
    await input.fill(folder + '/');
    await widget.locator('.quick-input-list .monaco-list-row', { hasText: entry }).first().waitFor({ state: 'visible', timeout: 30_000 });
    if ((await input.inputValue()) === folder + '/') {
      await widget.locator('.monaco-button', { hasText: button }).first().click();
      if (await widget.waitFor({ state: 'hidden', timeout: 15_000 }).then(() => true, () => false)) return;
    }
    if (attempt === 3) {
      await page.screenshot({ path: join(artifactsDir, 'folder-dialog-stuck.png') });
      throw new Error(`the folder dialog did not accept ${folder}/ (it shows '${await input.inputValue()}')`);
    }
  }
}

/** Waits for a notification whose text passes `accept`; the error lists the ones that were shown. */
async function expectNotification(page: Page, accept: (text: string) => boolean, timeoutMs: number): Promise<void> {
  const seen = await pollUntil(page, () => notifications(page), (texts) => texts.some(accept), timeoutMs);
  if (seen.some(accept)) return;
  await page.screenshot({ path: join(artifactsDir, 'notification-missing.png') });
  throw new Error(`no matching notification within ${timeoutMs} ms; shown: ${JSON.stringify(seen)}`);
}

test('Unrolled: Open Lessons copies the lessons into the chosen folder, keeps an edited lesson, and opens the first one', { timeout: 180_000 }, async () => {
  const target = mkdtempSync(join(tmpdir(), 'unrolled-open-lessons-'));
  const edited = join(target, 'unrolled-lessons', '00-notebook-basics.seqnb');
  mkdirSync(join(target, 'unrolled-lessons'), { recursive: true });
  const learnersCopy = readFileSync(join(repoRoot, 'lessons', '00-notebook-basics.seqnb'), 'utf8').replace('How a lesson notebook works', 'How a lesson notebook works (my notes)');
  writeFileSync(edited, learnersCopy);
  await runCommand(page, 'Unrolled: Open Lessons');
  await chooseFolder(page, target, 'unrolled-lessons', 'Copy lessons here');
  const copiedTo = join(target, 'unrolled-lessons');
  await expectNotification(page, (text) => text.includes(copiedTo), 60_000);
  await page.locator('.notebook-editor .code-cell-row >> visible=true').first().waitFor({ state: 'visible', timeout: 60_000 });
  try {
    await textInOutputs(page, /my notes/, 60_000);
  } finally {
    await page.screenshot({ path: join(artifactsDir, 'open-lessons.png') });
  }
  assert.equal(readFileSync(edited, 'utf8'), learnersCopy);
  assert.ok(existsSync(join(target, 'unrolled-lessons', 'data', 'README.md')));
});

test('the getting-started walkthrough lists the steps to open and run the lessons', { timeout: 120_000 }, async () => {
  await runCommand(page, 'Welcome: Open Walkthrough...');
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Learn sequence models with Unrolled' }).first();
  await row.waitFor({ state: 'visible', timeout: 30_000 });
  await row.click();
  await page.locator('.gettingStartedContainer', { hasText: 'Open the lessons' }).first().waitFor({ state: 'visible', timeout: 30_000 });
  await page.screenshot({ path: join(artifactsDir, 'walkthrough.png') });
});
