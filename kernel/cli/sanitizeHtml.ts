/**
 * The report's one gate for HTML that came from a notebook (markdown cells, `display.markdown`
 * and `display.html` outputs): an allow-list of elements, attributes and link targets, applied by
 * sanitize-html. A notebook is a file someone sent you, so nothing in it may run, fire a handler,
 * follow a `javascript:` link or fetch anything when the report is opened.
 *
 * - Elements: ordinary text, table and list markup, `details`, GFM task-list checkboxes,
 *   `progress`, and the MathML elements KaTeX writes. No raw-text elements (`style`, `script`,
 *   `textarea`, `title`, …): those are where a parser that is not the browser's could disagree
 *   with the browser about where markup starts, so they are dropped with their contents.
 * - Attributes: none that run code (`on*`) or load things (`srcset`, `style`, `background`, …).
 * - Links keep their target only for `http:`, `https:`, `mailto:` and `#anchor`; other links
 *   keep their text. Images keep only `data:image/…` sources (cell attachments are inlined as
 *   such); any other image becomes a note naming it, so opening the report fetches nothing.
 */
import sanitize, { type IOptions } from 'sanitize-html';

/** MathML as KaTeX writes it (`output: 'mathml'`); `mglyph` and `annotation-xml` are left out on purpose (known mutation-XSS carriers). */
const MATHML_TAGS = ['math', 'semantics', 'annotation', 'mrow', 'mi', 'mn', 'mo', 'ms', 'mtext', 'mspace', 'msub', 'msup', 'msubsup', 'munder', 'mover', 'munderover', 'mfrac', 'msqrt', 'mroot', 'mstyle', 'mpadded', 'mphantom', 'menclose', 'mtable', 'mtr', 'mtd', 'mlabeledtr'];

const MATHML_ATTRIBUTES = [
  'xmlns', 'display', 'encoding', 'mathvariant', 'mathsize', 'mathcolor', 'mathbackground', 'displaystyle', 'scriptlevel',
  'fence', 'separator', 'stretchy', 'symmetric', 'largeop', 'movablelimits', 'accent', 'accentunder', 'lspace', 'rspace',
  'minsize', 'maxsize', 'width', 'height', 'depth', 'voffset', 'linethickness', 'notation', 'columnalign', 'columnspacing',
  'columnlines', 'rowspacing', 'rowlines', 'rowalign', 'linebreak', 'valign', 'frame', 'framespacing', 'equalrows', 'equalcolumns',
];

const ALLOWED_LINK = /^(https?:|mailto:|#)/i;
const DATA_IMAGE = /^data:image\/(png|jpeg|gif|webp|svg\+xml);base64,[A-Za-z0-9+/=]*$/;

const options: IOptions = {
  allowedTags: [...sanitize.defaults.allowedTags, 'img', 'details', 'summary', 'del', 'ins', 'input', 'progress', 'meter', ...MATHML_TAGS],
  allowedAttributes: {
    '*': ['class', 'lang', 'dir'],
    a: ['href', 'title'],
    img: ['src', 'alt', 'title', 'width', 'height'],
    code: ['title'],
    abbr: ['title'],
    input: ['type', 'checked', 'disabled'],
    ol: ['start'],
    th: ['align', 'colspan', 'rowspan'],
    td: ['align', 'colspan', 'rowspan'],
    progress: ['value', 'max'],
    meter: ['value', 'min', 'max', 'low', 'high', 'optimum'],
    details: ['open'],
    ...Object.fromEntries(MATHML_TAGS.map((tag) => [tag, MATHML_ATTRIBUTES])),
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['data'] },
  allowProtocolRelative: false,
  // Comments and raw-text elements go with their contents, never as escaped text.
  disallowedTagsMode: 'discard',
  transformTags: {
    a: (tagName, attribs) => {
      const { href, ...rest } = attribs;
      return { tagName, attribs: href !== undefined && ALLOWED_LINK.test(href.trim()) ? { ...rest, href } : rest };
    },
    img: (tagName, attribs) => {
      if (DATA_IMAGE.test(attribs.src ?? '')) return { tagName, attribs };
      const what = attribs.alt ? `“${attribs.alt}” (${attribs.src ?? 'no source'})` : (attribs.src ?? 'no source');
      return { tagName: 'span', attribs: { class: 'image-omitted' }, text: `[image not included: ${what}]` };
    },
    // Only a task-list checkbox, and never one that can be ticked.
    input: (tagName, attribs) => (attribs.type === 'checkbox' ? { tagName, attribs: { type: 'checkbox', disabled: '', ...(attribs.checked !== undefined ? { checked: '' } : {}) } } : { tagName: 'span', attribs: {} }),
  },
};

/** `html` with everything outside the allow-list above removed. */
export function sanitizeHtml(html: string): string {
  return sanitize(html, options);
}
