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
import { countInOutputs, countInOutputsReaching, screenshotInOutputs, openWorkbench, openFromExplorer, runCommand, saveNotebook, everyCodeCellRan, waitForExecutionToFinish, waitForExtension } from './workbench';
import { PAYLOAD_KINDS, type PayloadKind } from '../../kernel/protocol/payloads';

interface SavedCell {
  cell_type: string;
  execution_count?: number | null;
  outputs?: Array<{ output_type: string; data?: Record<string, unknown>; ename?: string; evalue?: string }>;
}

const lessons = readdirSync(join(repoRoot, 'lessons')).filter((f) => f.endsWith('.seqnb')).sort();

const payloadsOf = (code: SavedCell[], kind: string) =>
  code.flatMap((c) => c.outputs ?? []).flatMap((o) => (o.data && `application/vnd.unrolled.${kind}+json` in o.data ? [o.data[`application/vnd.unrolled.${kind}+json`]] : []));

/** Every graph is drawn unrolled, one time column per step of each of its segments. */
const timeColumns = (code: SavedCell[]) => payloadsOf(code, 'graph').reduce<number>((sum, p) => sum + (p as { segments: { steps: number }[] }).segments.reduce((n, s) => n + s.steps, 0), 0);

/** What each renderer must have drawn inside its output, beyond its root element. */
const drawnParts: Partial<Record<PayloadKind, { selector: string; what: string; expected: (code: SavedCell[]) => number }>> = {
  spectrum: { selector: '.unrolled-spectrum .js-plotly-plot :is(.scatterlayer .trace, .hm image)', what: 'plotly traces or heatmap cells', expected: () => 1 },
  dashboard: { selector: '.unrolled-dashboard .js-plotly-plot .scatterlayer .trace', what: 'plotly curves', expected: () => 1 },
  attention: { selector: '.unrolled-attention .js-plotly-plot :is(.hm image, .bars .point)', what: 'attention heatmap cells or pooling bars', expected: () => 1 },
  text: { selector: '.unrolled-text :is(.tok[style*="background"], .beam-svg)', what: 'coloured tokens or beam trees', expected: () => 1 },
  tagging: { selector: '.unrolled-tagging svg.tagging-svg', what: 'tagged token pictures', expected: (code) => payloadsOf(code, 'tagging').length },
};

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

    // The prose promises the model's top guesses on hover: every sampled or scored token records them.
    const bare = payloadsOf(code, 'text').flatMap((p) => ((p as { samples?: { label: string; tokens: { alternatives: unknown[] }[] }[] }).samples ?? []).filter((s) => s.tokens.some((t) => t.alternatives.length === 0)).map((s) => s.label));
    assert.deepEqual(bare, [], `${lesson}: text samples without the distributions their hover shows`);

    const savedKinds = PAYLOAD_KINDS.filter((kind) => payloadsOf(code, kind).length > 0);
    await pageThrough(page, cells.length, join(artifactsDir, lesson.replace('.seqnb', '')), savedKinds);
    assert.equal(await countInOutputs(page, '.unrolled-error'), 0, 'a renderer showed an error box');
    for (const kind of PAYLOAD_KINDS) {
      const expected = payloadsOf(code, kind).length;
      if (expected === 0) continue;
      const drawn = await countInOutputsReaching(page, `.unrolled-${kind}`, expected);
      assert.ok(drawn >= expected, `${lesson}: ${expected} ${kind} output(s) saved but ${drawn} drawn by the renderer`);
      const parts = drawnParts[kind];
      if (parts) {
        const wanted = parts.expected(code);
        const found = await countInOutputsReaching(page, parts.selector, wanted);
        assert.ok(found >= wanted, `${lesson}: ${parts.what}: ${found} drawn, expected ${wanted}`);
      }
    }
    const steps = timeColumns(code);
    const columns = await countInOutputsReaching(page, '.unrolled-graph .time-column', steps);
    assert.equal(columns, steps, `${lesson}: time columns drawn across its graphs`);
  });
}
