/**
 * Markdown cells → HTML for the static report, with `marked` (GitHub-flavoured). Two additions:
 * TeX math (`$...$`, `$$...$$`) is typeset by KaTeX as MathML, which browsers draw without any
 * stylesheet or font file (the TeX source rides along as its annotation, and a formula KaTeX
 * cannot parse is shown as its source, marked); images that point at a cell attachment
 * (`attachment:name.png`) become data URIs. So the page needs no other file. The result goes
 * through `sanitizeHtml`: a markdown cell's raw HTML is the notebook author's, not ours.
 */
import katex from 'katex';
import { Marked, type Token, type TokenizerAndRendererExtension, type Tokens } from 'marked';
import type { Attachments } from '../notebook/nbformat';
import { sanitizeHtml } from './sanitizeHtml';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

const math: TokenizerAndRendererExtension = {
  name: 'math',
  level: 'inline',
  start: (src) => {
    const index = src.indexOf('$');
    return index === -1 ? undefined : index;
  },
  tokenizer: (src) => {
    const match = /^\$\$([\s\S]+?)\$\$|^\$(?!\s)([^$\n]+?)(?<!\s)\$/.exec(src);
    if (!match) return undefined;
    return { type: 'math', raw: match[0], text: match[1] ?? match[2], display: match[1] !== undefined };
  },
  renderer: (token) => `<span class="${token.display ? 'math display' : 'math'}">${typeset(String(token.text), Boolean(token.display))}</span>`,
};

function typeset(tex: string, display: boolean): string {
  try {
    return katex.renderToString(tex, { displayMode: display, output: 'mathml', throwOnError: true });
  } catch (error) {
    const delimiter = display ? '$$' : '$';
    return `<code class="math-error" title="${escapeHtml(String((error as Error).message))}">${escapeHtml(delimiter + tex + delimiter)}</code>`;
  }
}

/** A data URI for the first image in an attachment's bundle, if it has one. */
function attachmentUri(attachments: Attachments | undefined, name: string): string | undefined {
  const bundle = attachments?.[name];
  if (!bundle) return undefined;
  for (const [mime, value] of Object.entries(bundle)) {
    if (typeof value !== 'string') continue;
    if (mime === 'image/svg+xml') return `data:${mime};base64,${Buffer.from(value, 'utf8').toString('base64')}`;
    if (mime.startsWith('image/')) return `data:${mime};base64,${value.replace(/\s+/g, '')}`;
  }
  return undefined;
}

export function markdownToHtml(source: string, attachments?: Attachments): string {
  const marked = new Marked({
    gfm: true,
    async: false,
    extensions: [math],
    walkTokens: (token: Token) => {
      if (token.type !== 'image') return;
      const image = token as Tokens.Image;
      if (!image.href.startsWith('attachment:')) return;
      const uri = attachmentUri(attachments, decodeURIComponent(image.href.slice('attachment:'.length)));
      if (uri) image.href = uri;
    },
  });
  return sanitizeHtml(marked.parse(source, { async: false }));
}
