import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import katex from 'katex';
import { notebookToHtml, REPORT_CSP } from '../../kernel/cli/htmlReport';
import { bundleToHtml } from '../../kernel/cli/outputHtml';
import { markdownToHtml } from '../../kernel/cli/markdownHtml';
import { parseNotebook } from '../../kernel/notebook/nbformat';
import { hostileHtml, hostileMarkdown } from '../support/hostileMarkup';

function repositoryRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return dir;
}

const fixture = parseNotebook(readFileSync(join(repositoryRoot(), 'test/fixtures/all-outputs.seqnb')));
const page = notebookToHtml(fixture, { fileName: 'all-outputs.seqnb', summary: 'All 3 code cells ran.', notRun: new Set([5]) });

test('the page is one self-contained document that loads nothing, under a policy that allows no script and no fetch', () => {
  assert.match(page, /^<!DOCTYPE html>/);
  assert.equal(REPORT_CSP, "default-src 'none'; img-src data:; style-src 'unsafe-inline'");
  // The policy comes first in <head>, before anything it governs.
  assert.match(page, /<head>\n<meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">\n/);
  assert.doesNotMatch(page, /<script|<link|@import|url\(/i);
  assert.doesNotMatch(page, /(src|href)="(https?:)?\/\//i);
  assert.match(page, /<title>Every output kind<\/title>/);
});

test('markdown is rendered, TeX is typeset as MathML with its source kept, and attachments become data URIs', () => {
  assert.match(page, /<h1>Every output kind<\/h1>/);
  const formula = /<span class="math"><span class="katex">(<math[\s\S]*?<\/math>)<\/span><\/span>/.exec(page)?.[1] ?? '';
  assert.match(formula, /<msub><mi>h<\/mi><mi>t<\/mi><\/msub><mo>=<\/mo><mi>f<\/mi>/);
  assert.match(formula, /<annotation encoding="application\/x-tex">h_t = f\(h_\{t-1\}, x_t\)<\/annotation>/);
  assert.match(page, /<img src="data:image\/png;base64,iVBORw0KGgo[^"]*" alt="dot" \/>/);
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
  const svg = /<div class="svg"><img alt="([^"]*)" src="data:image\/svg\+xml;base64,([^"]*)"><\/div>/.exec(page);
  assert.equal(svg?.[1], '&lt;Plot line, 3 points&gt;', 'the text summary is the picture\'s alt text');
  assert.match(Buffer.from(svg?.[2] ?? '', 'base64').toString('utf8'), /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="20" height="10">/);
  assert.doesNotMatch(page, /<pre class="text">&lt;Plot line, 3 points&gt;/, 'the SVG is preferred over the plain-text fallback');
  assert.match(page, /<img alt="&lt;Image 2x1&gt;" src="data:image\/png;base64,iVBORw0KGgo/);
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
      // The sanitiser keeps every element and attribute of the MathML KaTeX writes for this formula.
      for (const [math, tex] of html.matchAll(/<math[^>]*>[\s\S]*?<annotation encoding="application\/x-tex">([\s\S]*?)<\/annotation><\/semantics><\/math>/g)) {
        const direct = katex.renderToString(unescapeHtml(tex), { output: 'mathml', displayMode: math.includes('display="block"'), throwOnError: true });
        const expected = /<math[\s\S]*<\/math>/.exec(direct)?.[0].replace(/<(m\w+)([^>]*)\/>/g, '<$1$2></$1>').replace(/&#x27;/g, "'");
        if (math !== expected) failures.push(`${name} cell ${i + 1}: the sanitiser changed ${tex}`);
      }
    });
  }
  assert.deepEqual(failures, []);
  assert.ok(typeset > 200, `only ${typeset} formulas found in the lessons`);
});

function unescapeHtml(text: string): string {
  return text.replace(/&(lt|gt|quot|#39|amp);/g, (_m, name: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[name] as string);
}

const LEAK = 'http://leak.invalid';

test('markdown HTML keeps no script, handler, style, frame or remote load, and links only to http(s), mailto and anchors', () => {
  const html = [...hostileHtml(LEAK), ...hostileMarkdown(LEAK)].map((attack) => markdownToHtml(attack)).join('\n');
  assert.doesNotMatch(html, /<(script|iframe|object|embed|link|meta|base|style|form|video|audio|svg|noscript|mglyph)\b/i);
  assert.doesNotMatch(html, /\son\w+=|javascript:|srcdoc|srcset|style=/i);
  assert.doesNotMatch(html, /(src|href|poster|data|action)="(?!https?:|mailto:|#|data:image\/)/i);
  assert.doesNotMatch(html, /src="http/i);
  assert.match(html, /<span class="image-omitted">\[image not included: “remote” \(http:\/\/leak.invalid\/remote-img.png\)\]<\/span>/);
  assert.match(html, /<a>a js link<\/a>/, 'a refused link keeps its text');
  assert.match(html, /<a>a relative link<\/a>/);
});

test('safe links, task lists, details and attachment images survive the sanitiser', () => {
  const html = markdownToHtml('[site](https://example.org/a?b=1) [mail](mailto:a@b.c) [up](#top)\n\n- [x] done\n- [ ] todo\n\n<details><summary>more</summary>text</details>\n\n![dot](attachment:dot.png)', { 'dot.png': { 'image/png': 'iVBORw0KGgo=' } });
  assert.match(html, /<a href="https:\/\/example.org\/a\?b=1">site<\/a> <a href="mailto:a@b.c">mail<\/a> <a href="#top">up<\/a>/);
  assert.match(html, /<input type="checkbox" disabled checked \/> done/);
  assert.match(html, /<details><summary>more<\/summary>text<\/details>/);
  assert.match(html, /<img src="data:image\/png;base64,iVBORw0KGgo=" alt="dot" \/>/);
});

test('HTML, SVG and image outputs cannot break out of their element', () => {
  const html = bundleToHtml({ 'text/html': hostileHtml(LEAK).join('\n') });
  assert.doesNotMatch(html, /<script|\son\w+=|javascript:|src="http/i);
  const png = bundleToHtml({ 'image/png': 'iVBO" onerror="window.__pwned=1', 'text/plain': '"><script>x</script>' });
  assert.equal(png, '<img alt="&quot;&gt;&lt;script&gt;x&lt;/script&gt;" src="data:image/png;base64,iVBO&quot;onerror=&quot;window.__pwned=1">');
  const svg = bundleToHtml({ 'image/svg+xml': '<svg onload="window.__pwned=1"><script>window.__pwned=2</script></svg>' });
  assert.match(svg, /^<div class="svg"><img alt="" src="data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+"><\/div>$/);
});
