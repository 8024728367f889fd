/**
 * The HTML report of a hostile notebook, opened in real Chromium (Debian's, driven by
 * playwright-core) from a loopback server that also answers every address the notebook tries
 * to load. Hostile strings sit in a markdown cell, in `display.markdown` and `display.html`
 * outputs, in SVG and PNG outputs, in stream and error text, and in every label of the `show.*`
 * builders. The page is opened twice: as written, where the sanitiser must have removed
 * everything so the CSP never has to block anything; and with its CSP removed, where the
 * sanitiser alone must keep every script and handler from running and every fetch from leaving.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { selectBackend } from '../../kernel/lib/backend';
import { show } from '../../kernel/lib/show';
import { ElmanCell } from '../../kernel/lib/cells/elman';
import { treeFromArray } from '../../kernel/lib/trees/tree';
import { toMimeBundle, type Displayable } from '../../kernel/lib/core/mimeBundle';
import { notebookToHtml, REPORT_CSP } from '../../kernel/cli/htmlReport';
import type { Cell, Notebook, Output } from '../../kernel/notebook/nbformat';
import { HOSTILE_LABEL, hostileHtml, hostileMarkdown } from '../support/hostileMarkup';

let server: Server;
let browser: Browser;
let base: string;
const pages = new Map<string, string>();
/** Paths other than the report itself that anything asked the server for. */
const served: string[] = [];

before(async () => {
  await selectBackend('wasm');
  server = createServer((req, res) => {
    const page = pages.get(req.url ?? '');
    if (page !== undefined) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
      return;
    }
    if (req.url !== '/favicon.ico') served.push(req.url ?? '');
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
});

after(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
});

const display = (value: Displayable): Output => ({ output_type: 'display_data', data: value[toMimeBundle](), metadata: {} });

/** Every `show.*` builder, with the hostile label wherever the learner can pass a string. */
function showOutputs(): Output[] {
  const L = HOSTILE_LABEL;
  const cell = new ElmanCell({ inputSize: 2, hiddenSize: 3, seed: 1 });
  const x = [[1, 0], [0, 1], [1, 1]];
  const outputs = [
    show.graph(cell, x, { inputLabels: [L, L, L], outputLabels: [L, L, L], title: L, gradients: true }),
    show.spectrum({ matrices: [{ label: L, matrix: [[0.5, 0.1], [0, 0.9]] }], gradientFlow: [{ label: L, lags: [1, 2], norms: [1, 0.5] }], heatmap: [[1, 2], [3, 4]] }, { title: L, yLabel: L, heatmapLabel: L }),
    show.text([{ label: L, tokens: [L, 'b'], probabilities: [0.5, 0.5], prompt: L }], { title: L }),
    show.hiddenUnits({ tokens: [L, 'b'], activations: [[0.1], [0.2]], source: L }),
    show.attention([[0.5, 0.5]], [L, 'b'], [L], { title: L }),
    show.attentionPooling([0.5, 0.5], [L, 'b'], { title: L }),
    show.tags([L, 'b'], [L, 'O'], { gold: [L, 'O'], title: L, label: L }),
    show.tree(treeFromArray([L, ['b', L]]), { title: L }),
    show.images([[[0, 1], [1, 0]]], { title: L, captions: [L], rowLabels: [L] }),
  ].map(display);
  cell.dispose();
  const dash = show.dashboard({ title: L, minIntervalMs: 0 });
  dash.update({ step: 1, loss: 1, sample: L });
  dash.finish();
  return [...outputs, display(dash)];
}

function hostileNotebook(leak: string): Notebook {
  const attacks = [...hostileHtml(leak), ...hostileMarkdown(leak)].join('\n\n');
  const cells: Cell[] = [
    { cell_type: 'markdown', metadata: {}, source: `# ${HOSTILE_LABEL}\n\n${attacks}` },
    {
      cell_type: 'code',
      metadata: {},
      source: attacks,
      execution_count: 1,
      outputs: [
        { output_type: 'display_data', data: { 'text/markdown': attacks }, metadata: {} },
        { output_type: 'display_data', data: { 'text/html': hostileHtml(leak).join('\n') }, metadata: {} },
        { output_type: 'display_data', data: { 'image/svg+xml': `<svg xmlns="http://www.w3.org/2000/svg" onload="window.__pwned='svg-output'"><script>window.__pwned='svg-script'</script><image href="${leak}/svg-output.png"/></svg>`, 'text/plain': HOSTILE_LABEL }, metadata: {} },
        { output_type: 'display_data', data: { 'image/png': `iVBO" onerror="window.__pwned='png'`, 'text/plain': `"><script>window.__pwned='alt'</script>` }, metadata: {} },
        { output_type: 'stream', name: 'stdout', text: attacks },
        { output_type: 'error', ename: HOSTILE_LABEL, evalue: attacks, traceback: [HOSTILE_LABEL] },
        { output_type: 'execute_result', execution_count: 1, data: { 'text/plain': attacks }, metadata: {} },
        ...showOutputs(),
      ],
    },
  ];
  return { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: cells.map((c, i) => ({ ...c, id: `c${i}` })) };
}

interface Visit {
  page: Page;
  pwned: unknown;
  violations: string[];
  requests: string[];
}

async function visit(path: string): Promise<Visit> {
  const page = await browser.newPage();
  const requests: string[] = [];
  page.on('request', (req) => {
    if (req.url() !== `${base}${path}` && !req.url().startsWith('data:')) requests.push(req.url());
  });
  await page.addInitScript(() => {
    (window as unknown as { __violations: string[] }).__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { __violations: string[] }).__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto(`${base}${path}`);
  // Links the sanitiser kept without a target, or with a safe one: clicking must run nothing.
  for (const link of await page.locator('a:not([href^="http"]):not([href^="mailto:"])').all()) await link.click();
  await page.locator('input, details summary').evaluateAll((els) => els.forEach((el) => (el as HTMLElement).focus()));
  await page.waitForTimeout(300);
  const pwned = await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned);
  const violations = await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
  return { page, pwned, violations, requests };
}

test('the report of a hostile notebook runs no script, fires no handler and fetches nothing, and its CSP never has to block anything', async () => {
  const leak = `${base}/leak`;
  const page = notebookToHtml(hostileNotebook(leak), { fileName: 'hostile.seqnb', summary: HOSTILE_LABEL, notRun: new Set() });
  pages.set('/report', page);
  pages.set('/report-without-csp', page.replace(`<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">\n`, ''));
  assert.notEqual(pages.get('/report'), pages.get('/report-without-csp'), 'the CSP meta was found and removed');
  served.length = 0;

  const withCsp = await visit('/report');
  assert.equal(withCsp.pwned, undefined);
  assert.deepEqual(withCsp.violations, [], 'the sanitiser left nothing for the CSP to block');
  assert.deepEqual(withCsp.requests, []);
  // The page still shows the content: text as text, markdown HTML reduced to its harmless part, every picture.
  assert.equal(await withCsp.page.locator('.summary').textContent(), HOSTILE_LABEL);
  assert.equal(await withCsp.page.locator('h1').textContent(), 'x[image not included: x]bold&');
  assert.equal(await withCsp.page.title(), HOSTILE_LABEL, 'the title is the heading\'s source as text');
  assert.equal(await withCsp.page.locator('.svg img').count(), 11);
  const drawn = await withCsp.page.locator('.svg img').evaluateAll((imgs) => imgs.map((img) => (img as HTMLImageElement).naturalWidth > 0));
  assert.deepEqual(drawn, Array(11).fill(true), 'every SVG picture decoded');

  const withoutCsp = await visit('/report-without-csp');
  assert.equal(withoutCsp.pwned, undefined);
  assert.deepEqual(withoutCsp.requests, []);
  assert.deepEqual(served, [], 'nothing reached the server but the report');
});

test('the report page enforces its CSP: a script added to it is refused and reported', async () => {
  pages.set('/csp-probe', notebookToHtml({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [] }, { fileName: 'empty.seqnb', summary: '', notRun: new Set() }).replace('</main>', `</main><script>window.__pwned='inline'</script><img src="${base}/leak/probe.png">`));
  const probe = await visit('/csp-probe');
  assert.equal(probe.pwned, undefined);
  assert.ok(probe.violations.some((v) => v.startsWith('script-src')), `violations: ${probe.violations.join(', ')}`);
  assert.ok(probe.violations.some((v) => v.startsWith('img-src')), `violations: ${probe.violations.join(', ')}`);
});
