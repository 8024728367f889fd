/**
 * The cells' TypeScript features in real VS Code (code-server) with the packaged extension:
 * completion of a variable declared two cells earlier, hover docs of a library class, a squiggle
 * in the cell with the wrong argument, and the lessons without errors in the Problems count.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { serializeNotebook, type Cell } from '../../kernel/notebook/nbformat';
import { startSession, artifactsDir, repoRoot, type E2ESession } from './session';
import { openWorkbench, openFromExplorer, pollUntil, runCommand, scrollCellIntoView } from './workbench';

const code = (source: string): Cell => ({ cell_type: 'code', metadata: {}, source, execution_count: null, outputs: [] });
const markdown = (source: string): Cell => ({ cell_type: 'markdown', metadata: {}, source });

const demo = new TextDecoder().decode(serializeNotebook({
  nbformat: 4,
  nbformat_minor: 4,
  metadata: {},
  cells: [
    code('import { LSTM } from "unrolled";\nconst probe = new LSTM({ inputSize: 2, hiddenSize: 3, seed: 1 });'),
    markdown('The layer is probed two cells below.'),
    code('const width = 4;'),
    code('probe'),
    code('const wrong = probe.apply("not a tensor");'),
  ],
}));

let session: E2ESession;
let page: Page;
before(async () => {
  session = await startSession({ files: { 'types-demo.seqnb': demo } });
  page = await openWorkbench(session.browser, session.url);
});
after(async () => {
  await session?.close();
});

const cellRow = (text: string) => page.locator('.notebook-editor .code-cell-row', { hasText: text }).filter({ visible: true }).first();

/** The error count of the status bar's Problems item: its text is the error count, then the warning count. */
async function errorCount(): Promise<number> {
  const item = page.locator('[id="status.problems"]').first();
  const text = (await item.innerText().catch(() => '')) || ((await item.getAttribute('aria-label').catch(() => null)) ?? '');
  const numbers = text.match(/\d+/g);
  return numbers ? Number(numbers[0]) : /no problems/i.test(text) ? 0 : -1;
}

test('every lesson shows no errors in Problems once its cells are checked', { timeout: 900_000 }, async () => {
  const lessons = readdirSync(join(repoRoot, 'lessons')).filter((name) => name.endsWith('.seqnb')).sort();
  assert.equal(lessons.length, 11, lessons.join(', '));
  for (const lesson of lessons) {
    await openFromExplorer(page, lesson);
    // The extension logs one line per finished check of a notebook: the sign that Problems shows
    // the result, not the nothing of a check that has not run yet.
    const checked = new RegExp(`checked ${lesson.replace(/\./g, '\\.')}: (\\d+) code cells, (\\d+) errors`);
    const line = await pollUntil(page, () => checked.exec(session.extensionLog()), (match) => match !== null, 240_000);
    assert.ok(line, `the extension never logged a finished check of ${lesson}`);
    assert.ok(Number(line[1]) > 0, `${lesson}: ${line[0]}`);
    assert.equal(Number(line[2]), 0, `${lesson}: ${line[0]}`);
    assert.equal(await pollUntil(page, errorCount, (n) => n === 0, 10_000), 0, `${lesson}: the Problems count is not 0`);
    if (lesson === lessons[3]) await page.screenshot({ path: join(artifactsDir, 'cell-types-lessons.png') });
    await runCommand(page, 'View: Close All Editors');
  }
});

test('completion, hover and squiggles answer across cells as in one program', { timeout: 480_000 }, async () => {
  await openFromExplorer(page, 'types-demo.seqnb');

  // A wrong argument type: a squiggle in that cell, and only there.
  const wrongCell = cellRow('not a tensor');
  await scrollCellIntoView(page, wrongCell);
  // The first check builds the program and loads ~800 declaration files: seconds, more on a loaded machine.
  await wrongCell.locator('.squiggly-error').first().waitFor({ state: 'attached', timeout: 240_000 });
  assert.equal(await cellRow('const width').locator('.squiggly-error').count(), 0);
  const counted = await pollUntil(page, errorCount, (n) => n >= 1, 30_000);
  assert.ok(counted >= 1, `the error is counted in Problems (status bar reads ${counted})`);
  await page.screenshot({ path: join(artifactsDir, 'cell-types-squiggle.png') });

  // Completion after a variable declared two cells earlier lists the library's members.
  const probeCell = page.locator('.notebook-editor .code-cell-row').filter({ has: page.locator('.view-line', { hasText: /^\s*probe\s*$/ }) }).first();
  await scrollCellIntoView(page, probeCell);
  await probeCell.locator('.view-line').first().click();
  await page.keyboard.press('End');
  await page.keyboard.type('.');
  const suggestions = page.locator('.suggest-widget .monaco-list-row');
  await suggestions.first().waitFor({ state: 'visible', timeout: 60_000 });
  const labels = await pollUntil(page, () => suggestions.allInnerTexts(), (texts) => texts.some((t) => /\bapply\b/.test(t)), 30_000);
  assert.ok(labels.some((t) => /\bapply\b/.test(t)), labels.join(' | '));
  assert.ok(labels.some((t) => /\bcell\b/.test(t)), labels.join(' | '));
  await page.screenshot({ path: join(artifactsDir, 'cell-types-completion.png') });
  await page.keyboard.press('Escape');

  // Hover on the library class shows its documentation.
  const firstCell = cellRow('new LSTM');
  await scrollCellIntoView(page, firstCell);
  const word = firstCell.locator('.view-line span', { hasText: /^LSTM$/ }).last();
  await word.hover();
  const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: 'memory cell' });
  await hover.first().waitFor({ state: 'visible', timeout: 60_000 });
  await page.screenshot({ path: join(artifactsDir, 'cell-types-hover.png') });
});
