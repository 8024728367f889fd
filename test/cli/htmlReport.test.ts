import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { notebookToHtml } from '../../kernel/cli/htmlReport';
import { bundleToHtml } from '../../kernel/cli/outputHtml';
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

test('markdown is rendered, TeX is kept as text, and attachments become data URIs', () => {
  assert.match(page, /<h1>Every output kind<\/h1>/);
  assert.match(page, /<span class="math">\$h_t = f\(h_\{t-1\}, x_t\)\$<\/span>/);
  assert.match(page, /<img src="data:image\/png;base64,iVBORw0KGgo[^"]*" alt="dot">/);
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
