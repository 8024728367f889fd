/**
 * A display handle updated from a later cell, or by a timer after its cell finished, changes the
 * output in the cell that created it, in VS Code as in the headless runner.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSession, artifactsDir, repoRoot, type E2ESession } from './session';
import { openWorkbench, openFromExplorer, runCommand, waitForExecutionToFinish, waitForExtension, textInOutputs, saveNotebook, everyCodeCellRan, outputFrames, pollUntil } from './workbench';
import type { Page } from 'playwright-core';

const sources = [
  'const greeting = "hello";',
  'const handle = display("FIRST-VALUE");',
  'console.log(`${greeting} from cell 3`);',
  'handle.update("UPDATED-FROM-CELL-4");',
];
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
const timer = notebook(['const clock = display("TICK-0");', 'const timer = setTimeout(() => clock.update("TICK-FROM-TIMER"), 1500);']);

interface SavedCell {
  source: string;
  execution_count: number | null;
  outputs: Array<Record<string, unknown>>;
}

/** Outputs with the display id (which names the kernel's process id) made comparable. */
function comparable(cells: SavedCell[]): unknown[] {
  return cells.map((cell) => JSON.parse(JSON.stringify(cell.outputs).replace(/"displayId":"\d+-(\d+)"/g, '"displayId":"#$1"')));
}

let session: E2ESession;
let page: Page;
before(async () => {
  session = await startSession({ files: { 'display-update.seqnb': notebook(sources), 'display-timer.seqnb': timer } });
  page = await openWorkbench(session.browser, session.url);
  await waitForExtension(page);
});
after(async () => {
  await session?.close();
});

/** Text of every output webview frame, joined. */
async function outputText(): Promise<string> {
  const texts = await Promise.all(outputFrames(page).map((frame) => frame.locator('body').innerText({ timeout: 2_000 }).catch(() => '')));
  return texts.join('\n');
}

test('a display created in cell 2 and updated from cell 4 shows the update in cell 2, and the runner saves the same outputs', { timeout: 240_000 }, async () => {
  await openFromExplorer(page, 'display-update.seqnb');
  await runCommand(page, 'Notebook: Run All');
  await waitForExecutionToFinish(page, 120_000);
  await textInOutputs(page, /UPDATED-FROM-CELL-4/, 30_000);
  const shown = await pollUntil(page, outputText, (text) => !text.includes('FIRST-VALUE'), 10_000);
  await page.screenshot({ path: join(artifactsDir, 'display-updated-from-later-cell.png') });
  assert.doesNotMatch(shown, /FIRST-VALUE/, 'the first value is still shown');
  const file = join(session.workspace, 'display-update.seqnb');
  const saved = JSON.parse(await saveNotebook(page, file, (text) => text.includes('UPDATED-FROM-CELL-4') && everyCodeCellRan(text))) as { cells: SavedCell[] };
  const [, second, , fourth] = saved.cells;
  assert.match(JSON.stringify(second.outputs), /UPDATED-FROM-CELL-4/, JSON.stringify(second.outputs));
  assert.equal(second.execution_count, 2, 'the update kept cell 2 its execution count');
  assert.deepEqual(fourth.outputs, []);

  const input = join(session.workspace, 'runner-input.seqnb');
  const executed = join(session.workspace, 'runner-output.seqnb');
  writeFileSync(input, notebook(sources));
  execFileSync(process.execPath, [join(repoRoot, 'bin', 'unrolled.js'), 'run', input, '--out', executed, '--backend', 'wasm'], { cwd: session.workspace, stdio: 'pipe' });
  const fromRunner = JSON.parse(readFileSync(executed, 'utf8')) as { cells: SavedCell[] };
  assert.deepEqual(comparable(saved.cells), comparable(fromRunner.cells));
});

test('a display updated by a timer after its cell finished shows the update in the cell that created it', { timeout: 120_000 }, async () => {
  await runCommand(page, 'View: Close All Editors');
  await openFromExplorer(page, 'display-timer.seqnb');
  await runCommand(page, 'Notebook: Run All');
  await waitForExecutionToFinish(page, 120_000);
  await textInOutputs(page, /TICK-FROM-TIMER/, 30_000);
  await page.screenshot({ path: join(artifactsDir, 'display-updated-by-timer.png') });
  const file = join(session.workspace, 'display-timer.seqnb');
  const saved = JSON.parse(await saveNotebook(page, file, (text) => text.includes('TICK-FROM-TIMER') && everyCodeCellRan(text))) as { cells: SavedCell[] };
  assert.match(JSON.stringify(saved.cells[0].outputs), /TICK-FROM-TIMER/, JSON.stringify(saved.cells.map((c) => c.outputs)));
  assert.equal(saved.cells[0].execution_count, 1);
  assert.deepEqual(saved.cells[1].outputs, []);
});
