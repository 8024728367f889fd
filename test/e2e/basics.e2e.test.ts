import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startSession, artifactsDir, type E2ESession } from './session';
import { openWorkbench, openFromExplorer, runCommand, saveNotebook, everyCodeCellRan, waitForExecutionToFinish } from './workbench';

let session: E2ESession;
before(async () => {
  session = await startSession();
});
after(async () => {
  await session?.close();
});

test('the first lesson opens from the explorer, runs all cells in the Unrolled kernel and saves its outputs', { timeout: 240_000 }, async () => {
  const page = await openWorkbench(session.browser, session.url);
  await openFromExplorer(page, '00-notebook-basics.seqnb');
  await runCommand(page, 'Notebook: Run All');
  await waitForExecutionToFinish(page, 180_000);
  await page.screenshot({ path: join(artifactsDir, 'basics-after-run.png') });
  const saved = JSON.parse(await saveNotebook(page, join(session.workspace, '00-notebook-basics.seqnb'), everyCodeCellRan));
  const code = saved.cells.filter((c: { cell_type: string }) => c.cell_type === 'code');
  assert.ok(code.every((c: { execution_count: number | null }) => typeof c.execution_count === 'number'), JSON.stringify(code.map((c: { execution_count: unknown }) => c.execution_count)));
});
