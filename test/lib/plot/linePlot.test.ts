import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type Browser, type Page } from 'playwright-core';
import { toMimeBundle } from '../../../kernel/lib/core/mimeBundle';
import { linePlot, linePlotSvg } from '../../../kernel/lib/plot/linePlot';

let browser: Browser;
let page: Page;

before(async () => {
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  page = await browser.newPage();
});
after(async () => browser?.close());

/** Parses the SVG with Chromium's XML parser; the parser error (if any), and per selector the count and the first element's attributes. */
async function parse(svg: string, selectors: string[]) {
  return page.evaluate(
    ({ svg, selectors }) => {
      const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
      const error = doc.querySelector('parsererror');
      return {
        error: error ? (error.textContent ?? 'parser error') : null,
        root: doc.documentElement.tagName,
        found: selectors.map((s) => {
          const all = Array.from(doc.querySelectorAll(s));
          return { count: all.length, d: all[0]?.getAttribute('d') ?? null, x1: all[0]?.getAttribute('x1') ?? null, texts: all.map((e) => e.textContent ?? '') };
        }),
      };
    },
    { svg, selectors },
  );
}

test('a line plot is a well-formed SVG with one line and one legend entry per series, and dashed marks', async () => {
  const plot = linePlot(
    [
      { label: 'K, channel 0', x: [0, 1, 2, 3], y: [1, 0.5, -0.25, 0] },
      { label: 'K, channel 1 <trained>', x: [0, 1, 2, 3], y: [0, 0.2, 0.9, 0.1] },
    ],
    { title: 'kernels & more', xLabel: 'lag', yLabel: 'K', marks: [2] },
  );
  const bundle = plot[toMimeBundle]();
  assert.deepEqual(Object.keys(bundle), ['image/svg+xml', 'text/plain']);
  assert.equal(bundle['text/plain'], "line plot 'kernels & more': K, channel 0 (4 points), K, channel 1 <trained> (4 points)");
  const parsed = await parse(bundle['image/svg+xml'] as string, ['path.series', '.legend-text', 'line.mark', '.plot-title', 'circle.marker']);
  assert.equal(parsed.error, null);
  assert.equal(parsed.root, 'svg');
  const [series, legendTexts, marks, title, markers] = parsed.found;
  assert.equal(series.count, 2);
  assert.deepEqual(legendTexts.texts, ['K, channel 0', 'K, channel 1 <trained>']);
  assert.equal(marks.count, 1);
  assert.deepEqual(title.texts, ['kernels & more']);
  // 4 points per series, at most 12, so every point gets a dot
  assert.equal(markers.count, 8);
});

test('points land where the axes say: first and last x at the frame edges, y by the same linear map', async () => {
  // x from 0 to 10 with no padding: the frame runs from x = 64 to 760 − 24 − 190 = 546 px.
  const svg = linePlotSvg([{ label: 'line', x: [0, 5, 10], y: [0, 1, 2] }], { yRange: [0, 2], marks: [5] });
  const [series, mark] = (await parse(svg, ['path.series', 'line.mark'])).found;
  // y range [0, 2] over the frame from y = 34 to 320 − 44 = 276 px: y = 0 at 276, y = 1 at 155, y = 2 at 34.
  assert.equal(series.d, 'M64.0 276.0L305.0 155.0L546.0 34.0');
  assert.equal(mark.x1, '305');
});

test('log axes label their ticks with full values and break the line at values they cannot show', async () => {
  const svg = linePlotSvg([{ label: 'ms', x: [32, 64, 128], y: [5, Number.NaN, 500] }], { logX: true, logY: true });
  const [series, ticks] = (await parse(svg, ['path.series', '.tick'])).found;
  // two separate pieces, each a single point: the NaN in the middle lifts the pen
  assert.equal(series.d?.match(/M/g)?.length, 2);
  assert.ok(ticks.texts.includes('100') && ticks.texts.includes('1000'), `ticks: ${ticks.texts.join(' ')}`);
});

test('bad input is refused with what was expected and what arrived', () => {
  assert.throws(() => linePlot([]), /non-empty array of series \{ label, x, y \}; got an empty array/);
  assert.throws(() => linePlot([{ label: 'a', x: [1, 2], y: [1] }]), /series 'a' needs as many y values as x values \(at least one\); got 2 x and 1 y/);
  assert.throws(() => linePlot([{ x: [1], y: [1] } as never]), /series 0 must be \{ label: string, x: number\[\], y: number\[\] \}; got keys \["x","y"\]/);
  assert.throws(() => linePlot([{ label: 'T', x: [0, 1], y: [1, 2] }], { logX: true }), /series 'T' has x values ≤ 0, which a log x axis cannot show/);
  assert.throws(() => linePlot([{ label: 'a', x: [1], y: [1] }], { width: 200 }), /leaves no room for the plot/);
});
