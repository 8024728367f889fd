/**
 * Every lesson, as a learner meets it: opened from the explorer in real VS Code, Run All in the
 * Unrolled kernel (wasm backend), then scrolled through. Asserts that every code cell ran without
 * an error output, and that every rich output the kernel produced was drawn by its renderer inside
 * the output webview (no error box). Screenshots go to test-artifacts/e2e/.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startSession, artifactsDir, repoRoot, type E2ESession } from './session';
import { countInOutputs, screenshotInOutputs, openWorkbench, openFromExplorer, runCommand, saveNotebook, everyCodeCellRan, waitForExecutionToFinish, waitForExtension } from './workbench';

interface SavedCell {
  cell_type: string;
  execution_count?: number | null;
  outputs?: Array<{ output_type: string; data?: Record<string, unknown>; ename?: string; evalue?: string }>;
}

const lessons = readdirSync(join(repoRoot, 'lessons')).filter((f) => f.endsWith('.seqnb')).sort();
const richKinds = ['graph', 'spectrum', 'text', 'attention', 'tagging', 'dashboard'] as const;

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
 * Walks the cell focus from the first cell to the last, as a reader paging through the lesson:
 * VS Code renders an output only when its cell comes into view. Saves a page screenshot every
 * four cells, and the first on-screen output of each renderer kind in `kinds`.
 */
async function pageThrough(page: Page, cellCount: number, shots: string, kinds: readonly string[]): Promise<void> {
  const pending = new Set(kinds);
  await runCommand(page, 'Notebook: Focus First Cell');
  await page.keyboard.press('Escape');
  for (let i = 0; i < cellCount; i++) {
    await page.keyboard.press('ArrowDown');
    await page.waitForTimeout(300);
    if (i % 4 === 3) await page.screenshot({ path: `${shots}-${String(i).padStart(3, '0')}.png` });
    for (const kind of pending) {
      if (await screenshotInOutputs(page, `.unrolled-${kind}`, `${shots}-renderer-${kind}.png`)) pending.delete(kind);
    }
  }
  await page.waitForTimeout(1000);
}

for (const lesson of lessons) {
  test(`${lesson} runs top to bottom in VS Code with every rich output drawn by its renderer`, { timeout: 480_000 }, async () => {
    await runCommand(page, 'View: Close All Editors');
    await openFromExplorer(page, lesson);
    await runCommand(page, 'Notebook: Run All');
    await waitForExecutionToFinish(page, 420_000);
    const cells = JSON.parse(await saveNotebook(page, join(session.workspace, lesson), everyCodeCellRan)).cells as SavedCell[];
    const code = cells.filter((c) => c.cell_type === 'code');
    const errors = code.flatMap((c, i) => (c.outputs ?? []).filter((o) => o.output_type === 'error').map((o) => `code cell ${i + 1}: ${o.ename}: ${o.evalue}`));
    assert.deepEqual(errors, [], `cells failed in ${lesson}`);
    const unexecuted = code.map((c, i) => (c.execution_count == null ? i + 1 : 0)).filter(Boolean);
    assert.deepEqual(unexecuted, [], `code cells that did not run in ${lesson}`);

    const savedKinds = richKinds.filter((kind) => code.some((c) => (c.outputs ?? []).some((o) => o.data && `application/vnd.unrolled.${kind}+json` in o.data)));
    await pageThrough(page, cells.length, join(artifactsDir, lesson.replace('.seqnb', '')), savedKinds);
    assert.equal(await countInOutputs(page, '.unrolled-error'), 0, 'a renderer showed an error box');
    for (const kind of richKinds) {
      const expected = code.flatMap((c) => c.outputs ?? []).filter((o) => o.data && `application/vnd.unrolled.${kind}+json` in o.data).length;
      if (expected === 0) continue;
      const drawn = await countInOutputs(page, `.unrolled-${kind}`);
      assert.ok(drawn >= expected, `${lesson}: ${expected} ${kind} output(s) saved but ${drawn} drawn by the renderer`);
      if (kind === 'graph') assert.ok((await countInOutputs(page, '.unrolled-graph .time-column')) > 0, 'the graph renderer drew no time columns');
      if (kind === 'spectrum' || kind === 'dashboard' || kind === 'attention') assert.ok((await countInOutputs(page, `.unrolled-${kind} .js-plotly-plot`)) > 0, `no plotly plot in the ${kind} renderer`);
    }
  });
}
