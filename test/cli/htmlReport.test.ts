import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { notebookToHtml } from '../../kernel/cli/htmlReport';
import { bundleToHtml } from '../../kernel/cli/outputHtml';
import { markdownToHtml } from '../../kernel/cli/markdownHtml';
import { parseNotebook } from '../../kernel/notebook/nbformat';

function repositoryRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return dir;
}

const fixture = parseNotebook(readFileSync(join(repositoryRoot(), 'test/fixtures/all-outputs.seqnb')));
const page = notebookToHtml(fixture, { fileName: 'all-outputs.seqnb', summary: 'All 3 code cells ran.', notRun: new Set([5]) });

test('the page is one self-contained document that loads nothing', () => {
  assert.match(page, /^<!DOCTYPE html>/);
  assert.doesNotMatch(page, /<script|<link|@import|url\(/i);
  assert.doesNotMatch(page, /(src|href)="(https?:)?\/\//i);
  assert.match(page, /<title>Every output kind<\/title>/);
});

test('markdown is rendered, TeX is typeset as MathML with its source kept, and attachments become data URIs', () => {
  assert.match(page, /<h1>Every output kind<\/h1>/);
  const formula = /<span class="math"><span class="katex">(<math[\s\S]*?<\/math>)<\/span><\/span>/.exec(page)?.[1] ?? '';
  assert.match(formula, /<msub><mi>h<\/mi><mi>t<\/mi><\/msub><mo>=<\/mo><mi>f<\/mi>/);
  assert.match(formula, /<annotation encoding="application\/x-tex">h_t = f\(h_\{t-1\}, x_t\)<\/annotation>/);
  assert.match(page, /<img src="data:image\/png;base64,iVBORw0KGgo[^"]*" alt="dot">/);
});

test('display math becomes a block formula, and a formula KaTeX cannot read is shown as its source, marked', () => {
  assert.match(markdownToHtml('$$c_t = f_t \\odot c_{t-1}$$'), /<span class="math display"><span class="katex"><math[^>]* display="block">[\s\S]*<mo>⊙<\/mo>/);
  const broken = markdownToHtml('the gate $\\sigma(x^{2$ is');
  assert.match(broken, /<code class="math-error" title="[^"]*KaTeX parse error[^"]*">\$\\sigma\(x\^\{2\$<\/code>/);
  assert.doesNotMatch(broken, /<math/);
});

test('outputs appear through their static fallbacks', () => {
  assert.match(page, /<pre class="stream stdout">step 1\nstep 2\n<\/pre>/);
  assert.match(page, /<pre class="stream stderr">warning: slow backend\n<\/pre>/);
  assert.match(page, /<div class="html"><b>50%<\/b>\n<progress value="5" max="10"><\/progress><\/div>/);
  assert.match(page, /<div class="svg"><svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="20" height="10">/);
  assert.doesNotMatch(page, /&lt;Plot line, 3 points&gt;/, 'the SVG is preferred over the plain-text fallback');
  assert.match(page, /<img alt="" src="data:image\/png;base64,iVBORw0KGgo/);
  assert.match(page, /<div class="markdown"><p><strong>bold<\/strong><\/p>/);
  assert.match(page, /<pre class="error">ReferenceError: wrods is not defined\n {4}at cell 4:2:13\ncoloured<\/pre>/);
  assert.match(page, /<div class="prompt">\[2\]<\/div>/);
});

test('code cells that were not run are marked, and sources are escaped', () => {
  assert.match(page, /<section class="cell code not-run" id="cell-6">/);
  assert.match(page, /console.log\(&quot;step 1&quot;\);/);
});

test('a bundle without any static view says so instead of showing nothing', () => {
  assert.equal(bundleToHtml({ 'application/vnd.unrolled.plot+json': { x: [1] } }), '<p class="no-fallback">(an output of type application/vnd.unrolled.plot+json without a static view)</p>');
  assert.equal(bundleToHtml({ 'application/json': { a: [1, 2] }, 'text/plain': '{ a: [ 1, 2 ] }' }), '<pre class="text">{ a: [ 1, 2 ] }</pre>');
  assert.equal(bundleToHtml({ 'application/json': { a: [1, 2] } }), '<pre class="text json">{\n  &quot;a&quot;: [\n    1,\n    2\n  ]\n}</pre>');
});

test('every formula in the lessons typesets without a KaTeX error', () => {
  const lessons = join(repositoryRoot(), 'lessons');
  const failures: string[] = [];
  let typeset = 0;
  for (const name of readdirSync(lessons).filter((f) => f.endsWith('.seqnb'))) {
    parseNotebook(readFileSync(join(lessons, name))).cells.forEach((cell, i) => {
      if (cell.cell_type !== 'markdown') return;
      const html = markdownToHtml(cell.source);
      typeset += html.split('<math').length - 1;
      for (const [, title, tex] of html.matchAll(/<code class="math-error" title="([^"]*)">([^<]*)<\/code>/g)) failures.push(`${name} cell ${i + 1}: ${tex} (${title})`);
    });
  }
  assert.deepEqual(failures, []);
  assert.ok(typeset > 200, `only ${typeset} formulas found in the lessons`);
});
