/**
 * One nbformat output → static HTML. Rich outputs use their static fallback, in this order:
 * SVG, PNG/JPEG/GIF as data URIs, HTML sanitised, markdown rendered (and sanitised), then text
 * (LaTeX, plain text, JSON pretty-printed when there is no plain text). Interactive payloads
 * (`application/vnd.unrolled.*+json`) are shown only through those fallbacks, so the page
 * loads nothing from anywhere.
 *
 * An SVG is shown as an `<img>` of a data URI, not inline: a browser runs no script and loads no
 * resource inside an SVG image, so a hostile SVG in a saved notebook stays a picture, and no
 * allow-list of SVG elements is needed. Its text summary becomes the image's `alt`.
 */
import type { MimeBundle } from '../protocol/messages';
import type { Output } from '../notebook/nbformat';
import { escapeHtml, markdownToHtml } from './markdownHtml';
import { sanitizeHtml } from './sanitizeHtml';

/** Terminal colour codes, which some tracebacks carry and HTML cannot show. */
export function stripAnsi(text: string): string {
  return text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
}

const pre = (className: string, text: string) => `<pre class="${className}">${escapeHtml(stripAnsi(text))}</pre>`;

/** `alt`: the bundle's plain-text summary, for pictures. */
type Fallback = (value: string, mime: string, alt: string) => string;

const fallbacks: [test: (mime: string) => boolean, render: Fallback][] = [
  [(mime) => mime === 'image/svg+xml', (value, mime, alt) => `<div class="svg"><img alt="${escapeHtml(alt)}" src="data:${mime};base64,${Buffer.from(value, 'utf8').toString('base64')}"></div>`],
  [(mime) => mime === 'image/png' || mime === 'image/jpeg' || mime === 'image/gif', (value, mime, alt) => `<img alt="${escapeHtml(alt)}" src="data:${mime};base64,${escapeHtml(value.replace(/\s+/g, ''))}">`],
  [(mime) => mime === 'text/html', (value) => `<div class="html">${sanitizeHtml(value)}</div>`],
  [(mime) => mime === 'text/markdown', (value) => `<div class="markdown">${markdownToHtml(value)}</div>`],
  [(mime) => mime === 'text/latex', (value) => pre('text latex', value)],
  [(mime) => mime === 'text/plain', (value) => pre('text', value)],
  [(mime) => mime === 'application/json', (value) => pre('text json', value)],
];

function asText(mime: string, value: unknown): string {
  if (typeof value === 'string') return value;
  return mime === 'application/json' ? JSON.stringify(value, null, 2) : JSON.stringify(value);
}

/** The best static view of a MIME bundle, or a note saying that it has none. */
export function bundleToHtml(data: MimeBundle): string {
  for (const [test, render] of fallbacks) {
    const mime = Object.keys(data).find(test);
    const plain = data['text/plain'];
    if (mime !== undefined) return render(asText(mime, data[mime]), mime, typeof plain === 'string' ? plain : '');
  }
  const types = Object.keys(data).join(', ') || 'nothing';
  return `<p class="no-fallback">(an output of type ${escapeHtml(types)} without a static view)</p>`;
}

export function outputToHtml(output: Output): string {
  switch (output.output_type) {
    case 'stream':
      return pre(`stream ${output.name === 'stderr' ? 'stderr' : 'stdout'}`, output.text);
    case 'error': {
      const header = `${output.ename}: ${output.evalue}`;
      const lines = output.traceback[0]?.startsWith(header) ? output.traceback : [header, ...output.traceback];
      return pre('error', lines.join('\n'));
    }
    case 'display_data':
    case 'execute_result':
      return bundleToHtml(output.data);
  }
}
